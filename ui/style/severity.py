"""How a severity looks on screen: a word, a colour (the app theme's tones), an icon."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap

from clinic_audit.checklist.model import Severity
from clinic_audit.ui.style import theme

SEVERITY_WORDS = {
    Severity.CRITICAL: "Critical",
    Severity.MAJOR: "Major",
    Severity.MINOR: "Minor",
}

_ICON_MARKS = {Severity.CRITICAL: "!", Severity.MAJOR: "!", Severity.MINOR: "i"}


def palette_is_dark(palette: QPalette | None = None) -> bool:
    return theme.is_dark(palette)


def severity_colour(severity: Severity, palette: QPalette | None = None) -> QColor:
    light, dark = theme.TONES[severity.value]
    return QColor(dark if theme.is_dark(palette) else light)


def good_colour(palette: QPalette | None = None) -> QColor:
    light, dark = theme.TONES["good"]
    return QColor(dark if theme.is_dark(palette) else light)


def severity_css(severity: Severity, palette: QPalette | None = None) -> str:
    return severity_colour(severity, palette).name()


def worst(severities) -> Severity | None:
    ranked = sorted(severities, key=lambda s: s.rank)
    return ranked[0] if ranked else None


def severity_icon(severity: Severity, dark: bool | None = None) -> QIcon:
    return QIcon(_icon_pixmap(severity, palette_is_dark() if dark is None else dark))


@cache
def _icon_pixmap(severity: Severity, dark: bool) -> QPixmap:
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(theme.TONES[severity.value][1 if dark else 0])
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    if severity == Severity.CRITICAL:
        painter.drawEllipse(QRectF(2, 2, size - 4, size - 4))
    else:
        painter.drawRoundedRect(QRectF(3, 3, size - 6, size - 6), 6, 6)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(22)
    painter.setFont(font)
    painter.setPen(QColor("#000000" if dark else "#ffffff"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, _ICON_MARKS[severity])
    painter.end()
    return pixmap
