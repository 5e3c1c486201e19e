"""Open the store on a worker thread, so the window is up while the data layer loads.

Importing SQLAlchemy takes longer than showing the window; meanwhile the window stays
responsive and says what it is doing. Once Home lists the audits, ``warm_up`` loads
what opening an audit needs (the pydantic models, the rules, the built-in checklists,
the walk-through) on another worker thread, so the first audit opens without that wait.
"""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

# What the first screen (Home) needs once the store is open, imported off the GUI thread too.
FIRST_SCREEN_MODULES = ("clinic_audit.ui.context", "clinic_audit.ui.home_screen")
AUDIT_MODULES = (
    "clinic_audit.services",
    "clinic_audit.portable",
    "clinic_audit.ui.walkthrough_screen",
)


class StoreOpener(QObject):
    """``start(path)`` returns at once; ``opened(store)``, ``failed(message)`` or
    ``crashed(exc_info)`` (a bug, for the crash dialog) follows on the GUI thread."""

    opened = Signal(object)  # the open clinic_audit.store.Store
    failed = Signal(str)  # what is wrong with the store file and what to do
    crashed = Signal(object)  # (type, exception, traceback) of an unexpected error

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.store = None
        self._thread: threading.Thread | None = None
        self._warm_up_thread: threading.Thread | None = None

    def start(self, db_path: Path) -> None:
        self._thread = threading.Thread(
            target=self._open, args=(db_path,), name="open-store", daemon=True
        )
        self._thread.start()

    def warm_up(self) -> None:
        self._warm_up_thread = threading.Thread(target=_warm_up, name="warm-up", daemon=True)
        self._warm_up_thread.start()

    def wait(self, timeout_s: float | None = None) -> None:
        for thread in (self._thread, self._warm_up_thread):
            if thread is not None:
                thread.join(timeout_s)

    def close(self) -> None:
        """At exit: wait for the worker, then close the store it opened (if it did)."""
        self.wait()
        if self.store is not None:
            self.store.close()
            self.store = None

    def _open(self, db_path: Path) -> None:
        try:
            from clinic_audit.store import Store, StoreError

            for module in FIRST_SCREEN_MODULES:
                importlib.import_module(module)
            try:
                self.store = Store.open(db_path)
            except StoreError as error:
                self.failed.emit(str(error))
                return
        except Exception:  # noqa: BLE001 - a bug: the GUI thread shows the crash dialog
            self.crashed.emit(sys.exc_info())
            return
        self.opened.emit(self.store)


def _warm_up() -> None:
    try:
        for module in AUDIT_MODULES:
            importlib.import_module(module)
        from clinic_audit.checklist_loader import builtin_by_id

        builtin_by_id()
    except Exception:  # noqa: BLE001, S110 - done again when needed, where errors are shown
        pass
