"""Colours that read well on the system palette, light or dark, and the dark palette itself.

Colour never carries meaning alone: every coloured text also says its meaning in words.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from clinic_audit.enums import Outcome, Result, Severity

# name: (on a light background, on a dark background)
TONES: dict[str, tuple[str, str]] = {
    "critical": ("#b3001b", "#ff7b7b"),
    "major": ("#a34a00", "#ffaa5c"),
    "minor": ("#6b5a00", "#e3cf6a"),
    "good": ("#1d6f2f", "#7bd88f"),
    "muted": ("#5f6368", "#a8adb3"),
    "accent": ("#1a56b0", "#8ab4f8"),
}

# Filled backgrounds that carry white text in both palettes (checked answer buttons).
FILLS: dict[Result, str] = {
    Result.PASS: "#2e7d32",
    Result.FAIL: "#c62828",
    Result.NOT_APPLICABLE: "#546e7a",
    Result.NOT_OBSERVED: "#8a6d00",
}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone(name: str) -> QColor:
    light, dark = TONES[name]
    return QColor(dark if is_dark() else light)


def tint(widget: QWidget, name: str, css: str = "") -> None:
    """Colour a widget's text with a tone, again whenever the theme changes (``retint``)."""
    widget.setProperty("tone", name)
    widget.setProperty("tone_css", css)
    widget.setStyleSheet(f"color: {tone(name).name()}; {css}".strip())


def retint(root: QWidget) -> None:
    """After a theme change: the tones again, and every other style sheet set afresh (a
    widget with a style sheet keeps the colours it was polished with until then)."""
    for widget in [root, *root.findChildren(QWidget)]:
        name = widget.property("tone")
        if isinstance(name, str) and name in TONES:
            tint(widget, name, str(widget.property("tone_css") or ""))
        elif css := widget.styleSheet():
            widget.setStyleSheet("")
            widget.setStyleSheet(css)


THEMES = {"system": "Same as the system", "light": "Light", "dark": "Dark"}
NATIVE_STYLE = "native_style"  # the application property keeping the platform's own style


def apply_theme(app: QApplication, choice: str, fusion: bool = False) -> None:
    """Light, dark, or what the system's colour scheme says; applied at once (every widget
    gets Qt's palette-change event; ``retint`` redoes the tones set in style sheets)."""
    native = app.property(NATIVE_STYLE)
    if native is None:
        native = app.style().name()
        app.setProperty(NATIVE_STYLE, native)
    system_dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    dark = choice == "dark" or (choice == "system" and system_dark)
    # the dark palette is drawn right by Fusion on every platform
    style = "fusion" if dark or choice == "light" or fusion else str(native)
    if app.style().name().lower() != style.lower():
        app.setStyle(style)
    if dark:
        app.setPalette(dark_palette())
    elif choice == "light":
        app.setPalette(app.style().standardPalette())
    else:
        app.setPalette(QPalette())  # no role set: the platform's own palette again


def severity_tone(severity: Severity) -> QColor:
    return tone(severity.value)


def outcome_tone(outcome: Outcome) -> QColor:
    return tone(
        {
            Outcome.COMPLIANT: "good",
            Outcome.COMPLIANT_WITH_ACTIONS: "major",
            Outcome.NON_COMPLIANT: "critical",
            Outcome.INCOMPLETE: "muted",
        }[outcome]
    )


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2d30",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#1f2023",
        QPalette.ColorRole.AlternateBase: "#303236",
        QPalette.ColorRole.ToolTipBase: "#3c3f44",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#3a3d42",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Light: "#4a4d52",
        QPalette.ColorRole.Midlight: "#404348",
        QPalette.ColorRole.Mid: "#303236",
        QPalette.ColorRole.Dark: "#1b1c1f",
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.Highlight: "#3d6fb6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.LinkVisited: "#c58af9",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(disabled, role, QColor("#80868b"))
    palette.setColor(disabled, QPalette.ColorRole.Button, QColor("#323438"))
    return palette
