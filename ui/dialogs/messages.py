"""The one way the app shows an error, a bad file's problems, or asks before it acts.

Every box is opened window-modal with ``open()`` rather than ``exec()``: the event loop
keeps running (tests can click their buttons) and the user's typing stays on screen.
Screens call these through the module (``messages.show_error(...)``), so tests can
stand in for them and assert on what a person would have read.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from clinic_audit.ui.dialogs.text_report import TextReportDialog


def show_error(parent: QWidget, title: str, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName(title)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def show_info(parent: QWidget, title: str, text: str) -> QMessageBox:
    """Something done that the person should know about (not an error)."""
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName(title)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def show_problems(parent: QWidget, title: str, intro: str, problems: list[str]) -> QDialog:
    """Every problem of a bad file at once, one per line, so all can be fixed in one go."""
    text = "\n".join(f"• {problem}" for problem in problems)
    dialog = TextReportDialog(title, intro, text, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog


def ask(
    parent: QWidget, title: str, text: str, yes_text: str, on_yes: Callable[[], None]
) -> QMessageBox:
    """Ask before something that cannot be undone; ``on_yes`` runs only on the yes button."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    yes.setAccessibleName(yes_text)
    cancel.setAccessibleName("Cancel")
    box.setAccessibleName(title)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.buttonClicked.connect(lambda button: on_yes() if button is yes else None)
    box.open()
    return box
