"""What the main window knows of a screen, and all it may ask of one."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class Screen(QWidget):
    """A screen of the main window. An audit screen shows one audit (``audit_id``) and
    follows its changes with ``refresh``; Home and New audit show none."""

    audit_id: str | None = None

    def show_audit(self, audit_id: str) -> None:
        """Show this audit (an audit screen); the default shows it and refreshes."""
        self.audit_id = audit_id
        self.refresh()

    def refresh(self) -> None:
        """Show again what the store holds now."""

    def focus_default(self) -> None:
        """Put the keyboard focus where a person starts on this screen."""
        self.setFocus()

    def flush_pending(self) -> None:
        """Commit at once anything typed that waits for its pause (leaving the screen)."""

    def finish_work(self) -> None:
        """Wait for work this screen runs in the background (the window is closing)."""
