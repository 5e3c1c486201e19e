"""Home's sync line on a laptop: "Sync now", how far a sync got, when the last one ran
and what came of it, and the drafts that wait for a choice after a conflict."""

from __future__ import annotations

import datetime as dt
import sys

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from clinic_audit.ui import preferences
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.workers.sync import SyncWorker

NO_SERVER = "Not synced: no agency server is set (Edit › Settings › Server)."


class SyncBar(QWidget):
    synced = Signal()  # a sync finished or stopped: what the store holds may have changed
    resolve_requested = Signal(str)  # the audit id of a draft in conflict

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.worker = SyncWorker(self)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.crashed.connect(self._crashed)
        self.button = QPushButton("Sync now")
        self.button.setAccessibleName("Sync now with the agency's server")
        self.button.setToolTip(
            "Send this laptop's audits to the agency's server and fetch the facilities, "
            "assignments and finalized history you may see. Safe to repeat at any time."
        )
        self.button.setMinimumHeight(30)
        self.button.clicked.connect(lambda: self.sync_now())
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Sync progress")
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.status = QLabel("")
        self.status.setObjectName("syncStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conflict_button = QPushButton("")
        self.conflict_button.setAccessibleName("Choose what to keep of a draft in conflict")
        self.conflict_button.clicked.connect(self._resolve_first)
        self.conflict_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.progress)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.conflict_button)
        self.setVisible(False)  # until a laptop's store is open

    def configured(self) -> str | None:
        """The server Settings names: the app syncs by itself only with one."""
        return preferences.text(self.ctx.settings, preferences.SERVER_ADDRESS).strip() or None

    def address(self) -> str | None:
        """The server in Settings, else the one this store last synced with."""
        from clinic_audit.sync.status import last_server

        store = self.ctx.store
        return self.configured() or (last_server(store) if store is not None else None)

    def store_opened(self) -> None:
        """Shown for a laptop's store (on the server itself there is nothing to sync);
        a sync is attempted at once when a server is configured."""
        store = self.ctx.store
        self.setVisible(store is not None and not store.on_server)
        if store is None or store.on_server:
            return
        self.show_status()
        self.sync_now(automatic=True)

    def sync_now(self, automatic: bool = False) -> None:
        store = self.ctx.store
        if store is None or store.on_server:
            return
        address = self.configured() if automatic else self.address()
        if not address:
            if not automatic:
                self.status.setText(NO_SERVER)
            return
        if not self.worker.start(store, address):
            return
        self.button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText("Syncing…" + (" (started automatically)" if automatic else ""))

    def wait(self) -> None:
        self.worker.wait()

    def show_status(self) -> None:
        from clinic_audit.sync.status import draft_conflicts, last_run

        store = self.ctx.store
        if store is None or store.on_server:
            return
        run = last_run(store)
        if run is None:
            text = "Not synced yet." if self.address() else NO_SERVER
        elif run.ok:
            text = f"Last synced {_when(run.finished_at or run.started_at)}: " + _brief(run.summary)
        else:
            text = (
                f"The last sync ({_when(run.started_at)}) did not finish; "
                "Sync now carries on from where it stopped."
            )
        self.status.setText(text)
        waiting = draft_conflicts(store)
        self.conflict_button.setVisible(bool(waiting))
        if waiting:
            count = len(waiting)
            self.conflict_button.setText(
                f"{count} draft{'s' if count != 1 else ''} in conflict: choose…"
            )
        self._waiting = waiting

    def _resolve_first(self) -> None:
        if getattr(self, "_waiting", None):
            self.resolve_requested.emit(self._waiting[0])

    def _progressed(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(f"Syncing: {what} ({done} of {total} steps)")

    def _done(self) -> None:
        self.progress.hide()
        self.button.setEnabled(True)

    def _finished(self, summary) -> None:
        self._done()
        self.show_status()
        self.ctx.saved.emit("Synced with the agency's server")
        self.synced.emit()

    def _failed(self, message: str) -> None:
        self._done()
        self.show_status()
        self.status.setText(f"Sync stopped: {message}")
        self.synced.emit()

    def _crashed(self, exc_info) -> None:
        self._done()
        self.status.setText("Sync stopped because of an unexpected error (see its report).")
        sys.excepthook(*exc_info)


def _when(stamp: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    today = dt.datetime.now().astimezone().date()
    clock = moment.strftime("%H:%M")
    return f"today at {clock}" if moment.date() == today else f"{moment:%Y-%m-%d} at {clock}"


def _brief(summary: str) -> str:
    """The summary's first line (sent and received) and any conflict, in one sentence."""
    lines = [line for line in summary.splitlines() if line.strip()]
    if not lines:
        return "nothing to do."
    extra = len(lines) - 3
    said = lines[0]
    if extra > 0:
        said += f"; {extra} conflict{'s' if extra != 1 else ''} (see the audits marked so)"
    return said + "."
