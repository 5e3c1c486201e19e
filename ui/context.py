"""What every screen shares: the store, the one write path, settings, and change signals."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

if TYPE_CHECKING:
    from clinic_audit.audit.model import Audit
    from clinic_audit.rules.summary import Summary
    from clinic_audit.service.audit_service import AuditService
    from clinic_audit.store.database import Store


class AppContext(QObject):
    """Screens read audits through ``audit()`` and write only through ``service``.

    After a screen saved a change it calls ``notify_changed(audit_id)``; every screen
    showing that audit refreshes from the store on ``audit_changed`` (a hidden screen
    when it is next shown).

    The last audit read is kept, with its summary, until its revision in the store
    changes, so the screens that show one change parse and summarize it once. Screens
    read that shared Audit and never change it; changes go through ``service``.

    Nothing here imports the data models until a screen first needs them: Home lists
    the audits before they are loaded. At start-up it even lists them before the store is
    open: ``store`` is None (only Home exists, its buttons waiting) until ``store_opened``.
    """

    audit_changed = Signal(str)
    saved = Signal(str)  # a short human message for the status bar ("Saved 14:02:11")
    pending_changed = Signal()  # typing not yet committed started or settled
    not_saved = Signal(str)  # a change was refused: the window must not claim "saved"

    def __init__(
        self,
        store: Store | None,
        actor: str,
        settings: QSettings,
        parent=None,
        db_file: Path | str | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.db_file = (store.db_file or store.server) if store is not None else db_file
        self.actor = actor
        self.settings = settings
        self._kept: tuple[int, Audit] | None = None
        self._kept_summary: Summary | None = None
        self.pending: set[object] = set()  # fields typed in whose text is not committed yet
        self.agency_file: Path | None = None  # None: the agency file in the user config folder

    @property
    def agency_path(self) -> Path:
        """Where the agency's letterhead settings are kept (Settings › Agency)."""
        if self.agency_file is None:
            from clinic_audit.files.agency import default_agency_path

            self.agency_file = default_agency_path()
        return self.agency_file

    @property
    def opened_store(self) -> Store:
        """``store`` for what needs it open: audits are read and changed only once it is."""
        if self.store is None:  # a bug: nothing can be read or changed before it is open
            raise RuntimeError("The store is not open yet.")
        return self.store

    @cached_property
    def service(self) -> AuditService:
        from clinic_audit.service.audit_service import AuditService

        return AuditService(self.opened_store, self.actor)

    def audit(self, audit_id: str) -> Audit:
        store = self.opened_store
        revision = store.revision(audit_id)  # AuditNotFoundError if it was deleted
        if self._kept is not None:
            kept_revision, kept = self._kept
            if kept.id == audit_id and kept_revision == revision:
                return kept
        audit = store.get(audit_id)
        self._kept, self._kept_summary = (revision, audit), None
        return audit

    def summary(self, audit: Audit) -> Summary:
        if self._kept is None or self._kept[1] is not audit:
            return self.service.summary(audit)
        if self._kept_summary is None:
            self._kept_summary = self.service.summary(audit)
        return self._kept_summary

    def notify_changed(self, audit_id: str, message: str = "") -> None:
        self.audit_changed.emit(audit_id)
        self.saved.emit(message)

    def typing(self, key: object) -> None:
        """Something was typed into the field ``key`` that is not committed yet: until
        ``settled(key)``, the window says "Saving…", never "saved"."""
        if key not in self.pending:
            self.pending.add(key)
            self.pending_changed.emit()

    def settled(self, key: object) -> None:
        """The field's text was committed (or found unchanged, or refused)."""
        if key in self.pending:
            self.pending.discard(key)
            self.pending_changed.emit()

    def refused(self, message: str) -> None:
        self.not_saved.emit(message)
