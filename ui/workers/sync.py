"""Sync on a worker thread: the window stays usable, and says how far it got."""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from clinic_audit.store.database import Store


class SyncWorker(QObject):
    """``start(store, address)`` returns at once; on the GUI thread follow ``progressed``
    as it goes, then ``finished(summary)``, ``failed(message)`` (the server down, a
    password missing: what to do) or ``crashed(exc_info)`` (a bug)."""

    progressed = Signal(int, int, str)
    finished = Signal(object)  # clinic_audit.sync.engine.SyncSummary
    failed = Signal(str)
    crashed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, store: Store, address: str) -> bool:
        """False when a sync is running already."""
        if self.running:
            return False
        self._thread = threading.Thread(
            target=self._run, args=(store, address), name="sync", daemon=True
        )
        self._thread.start()
        return True

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _run(self, store: Store, address: str) -> None:
        from clinic_audit.messages.catalogue import BadFileError
        from clinic_audit.store.database import Store
        from clinic_audit.store.errors import StoreError
        from clinic_audit.sync.engine import sync

        server: Store | None = None
        try:
            server = Store.connect(address, ask=lambda _prompt: None)
            summary = sync(store, server, self.progressed.emit)
        except (StoreError, BadFileError) as error:
            self.failed.emit(str(error))
        except Exception:  # noqa: BLE001 - a bug: the GUI thread shows the crash dialog
            self.crashed.emit(sys.exc_info())
        else:
            self.finished.emit(summary)
        finally:
            if server is not None:
                server.close()
