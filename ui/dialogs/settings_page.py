"""What every Settings page is made of: the page itself and its line and error fields."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from clinic_audit.ui.style.theme import tint


class SettingsPage(QWidget):
    """One page: ``load()`` fills it from where it is kept, ``save()`` writes it back and
    returns a message when something could not be saved (the dialog then stays open)."""

    key = ""
    title = ""

    def load(self) -> None:
        raise NotImplementedError

    def save(self) -> str | None:
        raise NotImplementedError

    def cancel(self) -> None:
        """Cancel was pressed: undo what the page applied before OK (most apply nothing)."""


def line_edit(accessible: str, limit: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(accessible)
    edit.setMaxLength(limit)
    return edit


def error_label() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    tint(label, "critical", "font-weight: bold")
    label.hide()
    return label
