"""The dialog an unexpected exception opens (see crash_reporter): what happened, copyable."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clinic_audit.ui.dialogs.text_report import TextReportDialog

INTRO = (
    "Something went wrong inside Clinic Audit. Every change made before this moment is "
    "saved in the store. You can close this message and carry on, or restart the app.\n"
    "Please copy the details below and send them to whoever supports Clinic Audit."
)


class CrashDialog(TextReportDialog):
    def __init__(self, details: str, parent: QWidget | None = None):
        super().__init__("Clinic Audit — unexpected error", INTRO, details, parent)
        self.setAccessibleName("Unexpected error")

    def add_details(self, details: str) -> None:
        """A later error while the dialog is open is added below, not a second dialog."""
        self.details.appendPlainText("\n" + "-" * 60 + "\n" + details)
