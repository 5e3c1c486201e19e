"""Errors, confirmations and the read-only note, shown the same way on every part-B screen.

Message boxes are opened window-modal with ``open()`` rather than ``exec()``: the event
loop keeps running (tests can click their buttons) and the user's typing stays on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from clinic_audit.files.photos import PhotoError
from clinic_audit.store.errors import AuditFinalizedError, StoreError

_PYDANTIC_WORDS = {
    "string_too_short": "cannot be empty",
    "string_too_long": "is too long",
    "missing": "is needed",
    "date_from_datetime_parsing": "must be a date",
    "date_parsing": "must be a date",
    "enum": "must be one of the listed choices",
}

# Errors a person can act on; anything else is a bug and goes to the app's crash dialog.
EXPECTED_ERRORS = (StoreError, PhotoError, ValidationError)


def validation_lines(error: ValidationError, labels: dict[str, str] | None = None) -> list[str]:
    """One line per problem: the form label of the field, then what is wrong with it."""
    labels = labels or {}
    lines = []
    for problem in error.errors(include_url=False):
        field = str(problem["loc"][0]) if problem["loc"] else ""
        where = labels.get(field, field.replace("_", " ").capitalize() or "The form")
        what = _PYDANTIC_WORDS.get(problem["type"], problem["msg"].lower())
        lines.append(f"{where}: {what}.")
    return lines


def error_text(error: Exception, doing: str) -> str:
    """What went wrong while ``doing`` something, and what the person can do about it."""
    if isinstance(error, AuditFinalizedError):
        return f"{doing} was not saved. {error}"
    if isinstance(error, ValidationError):
        return f"{doing} was not saved: " + " ".join(validation_lines(error))
    if isinstance(error, StoreError):
        return f"{doing} was not saved. {error}"
    return f"{doing} did not work: {error}"


def show_error(parent: QWidget, title: str, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName(title)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def ask_confirmation(
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


FINALIZED_TEXT = (
    "This audit is finalized and signed, so it is read-only: nothing here can be changed. "
    "Start a new audit to record new findings."
)
SIGNED_TEXT = (
    "Signed by {names}. A signature covers exactly what was signed, so nothing here can be "
    "changed now. To change something, clear the signatures on Review & sign (Ctrl+4); "
    "then sign again."
)


def finalized_note(parent: QWidget | None = None) -> QLabel:
    """The banner a screen shows, hidden while its audit can be changed (see show_lock)."""
    note = QLabel(FINALIZED_TEXT, parent)
    note.setWordWrap(True)
    note.setAccessibleName("Read-only notice")
    note.setFrameShape(QLabel.Shape.StyledPanel)
    note.setContentsMargins(8, 6, 8, 6)
    font = note.font()
    font.setBold(True)
    note.setFont(font)
    note.hide()
    return note


def show_lock(note: QLabel, audit) -> bool:
    """Show in ``note`` why ``audit`` cannot be changed (finalized, or signed), or hide it;
    returns whether the audit is read-only."""
    from clinic_audit.audit.model import Status

    if audit.status == Status.FINALIZED:
        note.setText(FINALIZED_TEXT)
    elif audit.signatures:
        note.setText(SIGNED_TEXT.format(names=" and ".join(s.name for s in audit.signatures)))
    note.setVisible(not audit.editable)
    return not audit.editable


def load_audit(parent: QWidget, ctx, audit_id: str, title: str):
    """The audit and its summary for a screen, or None after telling the user why not."""
    try:
        audit = ctx.audit(audit_id)
        return audit, ctx.summary(audit)
    except EXPECTED_ERRORS as error:
        show_error(parent, title, error_text(error, "Opening the audit"))
        return None
