"""The banner a screen shows over an audit that cannot be changed: finalized, or signed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

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
