"""Asks why a failed item that needs a photo has none (the reason goes in the record and
is printed in the report in place of the photo)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

REASONS = (
    "The clinic refused photography.",
    "The camera or phone failed.",
    "A client was present and could not be kept out of the picture.",
)


def ask_photo_waiver(parent: QWidget, current: str) -> str | None:
    """The reason typed or picked (empty: withdraw it), or None when cancelled."""
    reasons = [current, *(r for r in REASONS if r != current)] if current else list(REASONS)
    reason, accepted = QInputDialog.getItem(
        parent,
        "No photo possible",
        "Why is there no photo? Pick a reason or write your own; it is recorded and\n"
        "printed in the report. Leave it empty to ask for a photo again.",
        reasons,
        0,
        True,
    )
    return reason.strip() if accepted else None
