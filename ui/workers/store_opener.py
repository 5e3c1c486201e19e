"""Open the store on worker threads, so the window is up while the data layer loads.

Importing SQLAlchemy takes longer than showing the window. So ``start`` first reads the
list of audits straight from the file with the standard library (``listed``: Home shows
it, the buttons wait), then ``open`` opens the store itself (``opened``: all is usable);
a file that cannot be read that way (new, older, damaged) goes straight to ``open``,
which creates, migrates or explains it. Meanwhile the window stays responsive and says
what it is doing. Once the store is open, ``warm_up`` loads
what opening an audit needs (the pydantic models, the rules, the built-in checklists,
the walk-through) on another worker thread, so the first audit opens without that wait.
"""

from __future__ import annotations

import gc
import importlib
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from clinic_audit.store.database import Store

# What the first screen (Home) needs, imported off the GUI thread too.
FIRST_SCREEN_MODULES = ("clinic_audit.ui.context", "clinic_audit.ui.screens.home")
AUDIT_MODULES = (
    "clinic_audit.service.audit_service",
    "clinic_audit.files.portable",
    "clinic_audit.ui.screens.walkthrough",
)


class StoreOpener(QObject):
    """``start(path)`` returns at once; on the GUI thread follows either ``listed(rows,
    path)``, after which the window calls ``open()``, or at once what ``open`` gives:
    ``opened(store, rows)``, ``failed(message)`` or ``crashed(exc_info)`` (a bug, for
    the crash dialog)."""

    listed = Signal(object, object)  # [AuditRow] read before the store is open, its Path
    opened = Signal(object, object)  # the open clinic_audit.store.database.Store, and [AuditRow]
    failed = Signal(str)  # what is wrong with the store file and what to do
    crashed = Signal(object)  # (type, exception, traceback) of an unexpected error
    password_needed = Signal(str)  # the server asks a password libpq and the keyring lack

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.store: Store | None = None
        self.db_path: Path | str | None = None  # the store file (or server), once found
        self._create = False  # whether open() may create a missing store file
        self._thread: threading.Thread | None = None
        self._warm_up_thread: threading.Thread | None = None
        self._answer: str | None = None
        self._answered = threading.Event()
        self.password_needed.connect(self._ask_on_gui_thread)

    def start(self, db_path: Path | str | None, create: bool = False) -> None:
        """``db_path`` None: the default store, found on the worker thread and created if it
        is missing; another store only with ``create`` (a mistyped path is no new store)."""
        self._create = create or db_path is None
        self._run(lambda: self._list_then_open(db_path), "list-audits")

    def open(self) -> None:
        db_path = self.db_path
        assert db_path is not None  # found by start(), which listed the audits
        self._run(lambda: self._open(db_path), "open-store")

    def _run(self, target, name: str) -> None:
        self.wait()
        self._thread = threading.Thread(target=target, name=name, daemon=True)
        self._thread.start()

    def ask_password(self, prompt: str) -> str | None:
        """The server's password, typed into a dialog on the GUI thread (from a worker,
        which waits for it); None when the person cancels."""
        if threading.current_thread() is threading.main_thread():
            return self._dialog(prompt)
        self._answered.clear()
        self.password_needed.emit(prompt)
        self._answered.wait()
        return self._answer

    def _ask_on_gui_thread(self, prompt: str) -> None:
        self._answer = self._dialog(prompt)
        self._answered.set()

    def _dialog(self, prompt: str) -> str | None:
        from clinic_audit.ui.dialogs.server_password import ask_server_password

        parent = self.parent()
        return ask_server_password(parent if isinstance(parent, QWidget) else None, prompt)

    def warm_up(self) -> None:
        self._warm_up_thread = threading.Thread(target=warm_up, name="warm-up", daemon=True)
        self._warm_up_thread.start()

    def wait(self, timeout_s: float | None = None) -> None:
        for thread in (self._thread, self._warm_up_thread):
            if thread is not None and thread is not threading.current_thread():
                thread.join(timeout_s)

    def close(self) -> None:
        """At exit: wait for the worker, then close the store it opened (if it did)."""
        self.wait()
        if self.store is not None:
            self.store.close()
            self.store = None

    def _list_then_open(self, db_path: Path | str | None) -> None:
        try:
            from clinic_audit.store.location import default_db_path
            from clinic_audit.store.quick_list import read_audit_list

            self.db_path = db_path = db_path or default_db_path()
            for module in FIRST_SCREEN_MODULES:
                importlib.import_module(module)
            rows = None if isinstance(db_path, str) else read_audit_list(db_path)  # a server
        except Exception:  # noqa: BLE001 - a bug: the GUI thread shows the crash dialog
            self.crashed.emit(sys.exc_info())
            return
        if rows is None:
            self._open(db_path)
        else:
            self.listed.emit(rows, db_path)

    def _open(self, db_path: Path | str) -> None:
        try:
            from clinic_audit.store.database import Store, StoreError

            try:
                self.store = Store.open(db_path, create=self._create, ask=self.ask_password)
                rows = self.store.home_list()
            except StoreError as error:
                self.failed.emit(str(error))
                return
        except Exception:  # noqa: BLE001 - a bug: the GUI thread shows the crash dialog
            self.crashed.emit(sys.exc_info())
            return
        self.opened.emit(self.store, rows)


def warm_up() -> None:
    """Import what an audit needs and read the built-in checklists, then move everything
    alive into the garbage collector's permanent generation: those objects live as long
    as the app, and a full collection walking them all again would stop the app for some
    100 ms (in the middle of building a report, say), 10 ms once they are set aside."""
    try:
        for module in AUDIT_MODULES:
            importlib.import_module(module)
        from clinic_audit.checklist.loader import builtin_by_id

        builtin_by_id()
    except Exception:  # noqa: BLE001, S110 - done again when needed, where errors are shown
        pass
    gc.freeze()
