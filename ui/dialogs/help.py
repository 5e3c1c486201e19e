"""Help menu dialogs: the keyboard shortcuts, and what this program is and where its store is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from clinic_audit import __version__

KEYS_HINT = (
    "Keys: P pass · F fail · N n/a · O not observed · ⌫ clear the answer\n"
    "↑/↓ or J/K move · Enter next · U next unanswered\n"
    "T write a note · A (Ctrl+P) add a photo · Shift+A from a folder · Esc leaves a note"
)


def show_keys(parent: QWidget) -> None:
    QMessageBox.information(
        parent,
        "Keyboard shortcuts",
        "In the walk-through:\n"
        + KEYS_HINT.removeprefix("Keys: ").replace(" · ", "\n")
        + "\n\nEverywhere:\nCtrl+0 … Ctrl+5 go to a screen\nCtrl+U next unanswered item",
    )


def show_about(parent: QWidget, store: Path | str | None) -> None:
    import html

    where = "still being opened" if store is None else str(store)
    QMessageBox.about(
        parent,
        "About Clinic Audit",
        f"<b>Clinic Audit {__version__}</b><br>Guided safety inspection of microneedling "
        f"clinics, with a PDF compliance report.<br><br>Store: {html.escape(where)}",
    )
