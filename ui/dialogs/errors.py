"""Errors a person can act on, in words: what was not done, and why.

Apart from ``messages`` (the boxes themselves) because it needs the data layer's error
types, which Home does not load before it lists the audits.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtWidgets import QWidget

from clinic_audit.files.photos import PhotoError
from clinic_audit.store.errors import AuditFinalizedError, StoreError
from clinic_audit.ui.dialogs import messages

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


def load_audit(parent: QWidget, ctx, audit_id: str, title: str):
    """The audit and its summary for a screen, or None after telling the user why not."""
    try:
        audit = ctx.audit(audit_id)
        return audit, ctx.summary(audit)
    except EXPECTED_ERRORS as error:
        messages.show_error(parent, title, error_text(error, "Opening the audit"))
        return None
