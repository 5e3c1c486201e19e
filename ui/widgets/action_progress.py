"""Progress of a finalized audit's corrective action: the log so far, and a line to add
to it (the finalized record itself never changes)."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit.model import ActionProgress, ActionStatus
from clinic_audit.files.photos import NormalizedPhoto
from clinic_audit.ui.style.theme import tint

RecordProgress = Callable[[str, ActionStatus, str, NormalizedPhoto | None], str | None]
"""(action id, status, note, proof photo) → None when logged, else why it was refused."""

WORDS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
}


class ActionProgressEditor(QWidget):
    def __init__(self, action_id: str, name: str, record: RecordProgress, parent=None):
        super().__init__(parent)
        self.action_id = action_id
        self._record = record
        self.log_label = QLabel(self)
        self.log_label.setWordWrap(True)
        self.status = QComboBox(self)
        self.status.setAccessibleName(f"Progress status for: {name}")
        for status, word in WORDS.items():
            self.status.addItem(word, status)
        self.note = QLineEdit(self)
        self.note.setAccessibleName(f"Progress note for: {name}")
        self.note.setPlaceholderText("What was done, and what shows it (needed for Done)")
        self.note.setMaxLength(2000)
        self.photo: NormalizedPhoto | None = None
        self.photo_button = QPushButton("Proof photo…", self)
        self.photo_button.setAccessibleName(f"Attach a proof photo for: {name}")
        self.photo_button.clicked.connect(self.choose_photo)
        self.record_button = QPushButton("Record progress", self)
        self.record_button.setAccessibleName(f"Record the progress of: {name}")
        self.record_button.clicked.connect(self.record)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        tint(self.error, "critical", "font-weight: bold")
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("After finalizing:", self))
        row.addWidget(self.status)
        row.addWidget(self.note, 1)
        row.addWidget(self.photo_button)
        row.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.log_label)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def show_log(self, log: list[ActionProgress]) -> None:
        lines = [
            f"{entry.at:%Y-%m-%d} · <b>{WORDS[entry.status]}</b> · {html.escape(entry.actor)}"
            + (f" — {html.escape(entry.note)}" if entry.note else "")
            + (" · with a proof photo" if entry.photo_sha256 else "")
            for entry in log
            if entry.action_id == self.action_id
        ]
        self.log_label.setText("<b>Progress log:</b><br>" + "<br>".join(lines) if lines else "")
        self.log_label.setVisible(bool(lines))

    def choose_photo(self) -> None:
        """A proof photo, read and made small on a worker thread (a big one takes a second)."""
        from PySide6.QtCore import QThreadPool
        from PySide6.QtWidgets import QFileDialog

        from clinic_audit.ui.workers.photos import IMAGE_FILTER, PhotoJob

        name, _filter = QFileDialog.getOpenFileName(self, "Proof photo", "", IMAGE_FILTER)
        if not name:
            return
        self.photo_button.setEnabled(False)
        self.photo_button.setText("Reading…")
        self.job = PhotoJob("", "", name)
        self.job.signals.done.connect(self._photo_ready)
        self.job.signals.failed.connect(self._photo_failed)
        QThreadPool.globalInstance().start(self.job)

    def _photo_ready(self, _job, photo: NormalizedPhoto, name: str) -> None:
        self.photo = photo
        self.photo_button.setEnabled(True)
        self.photo_button.setText(f"Photo: {name[:24]}")

    def _photo_failed(self, _job, message: str) -> None:
        self.photo_button.setEnabled(True)
        self.photo_button.setText("Proof photo…")
        self.error.setText(message)
        self.error.show()

    def record(self) -> None:
        problem = self._record(
            self.action_id, self.status.currentData(), self.note.text().strip(), self.photo
        )
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            return
        self.error.hide()
        self.note.clear()
        self.photo = None
        self.photo_button.setText("Proof photo…")
