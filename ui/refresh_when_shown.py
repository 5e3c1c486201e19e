"""A screen follows changes to its audit at once when it is shown, else when it is next shown.

Every saved change announces itself on ``AppContext.audit_changed``; refreshing the screens
nobody can see would make each answer wait for all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

if TYPE_CHECKING:
    from clinic_audit.ui.screens.base import Screen


class RefreshWhenShown(QObject):
    """For a screen with a ``refresh()`` method and an ``audit_id`` attribute (the audit it
    shows), or with ``any_audit`` a screen that shows every audit (Home)."""

    def __init__(self, screen: Screen, audit_changed, any_audit: bool = False):
        super().__init__(screen)
        self.screen = screen
        self.any_audit = any_audit
        self.stale = False
        audit_changed.connect(self._on_changed)
        screen.installEventFilter(self)

    def _on_changed(self, audit_id: str) -> None:
        if not self.any_audit and audit_id != self.screen.audit_id:
            return
        if self.screen.isVisible():
            self.stale = False
            self.screen.refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.screen and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.screen.refresh()
        return False
