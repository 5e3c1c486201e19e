"""What every screen shares: the store, the one write path, settings, and change signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from clinic_audit.audit_model import Audit
from clinic_audit.services import AuditService
from clinic_audit.store import Store
from clinic_audit.summary_model import Summary


class AppContext(QObject):
    """Screens read audits through ``audit()`` and write only through ``service``.

    After a screen saved a change it calls ``notify_changed(audit_id)``; every screen
    showing that audit refreshes from the store on ``audit_changed``.
    """

    audit_changed = Signal(str)
    saved = Signal(str)  # a short human message for the status bar ("Saved 14:02:11")

    def __init__(self, store: Store, actor: str, settings: QSettings, parent=None):
        super().__init__(parent)
        self.store = store
        self.service = AuditService(store, actor)
        self.settings = settings

    def audit(self, audit_id: str) -> Audit:
        return self.store.get(audit_id)

    def summary(self, audit: Audit) -> Summary:
        return self.service.summary(audit)

    def notify_changed(self, audit_id: str, message: str = "") -> None:
        self.audit_changed.emit(audit_id)
        self.saved.emit(message)
