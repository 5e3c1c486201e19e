"""A follow-up's earlier findings: for each, whether it was found corrected, and what
shows it (a corrected finding needs a note saying so)."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from clinic_audit.audit.follow_up import CorrectionFound, EarlierFinding
from clinic_audit.files.photos import NormalizedPhoto
from clinic_audit.ui.style.severity import SEVERITY_WORDS, severity_css
from clinic_audit.ui.style.theme import tint

SaveEarlier = Callable[[str, CorrectionFound | None, str, NormalizedPhoto | None], str | None]
"""(finding key, found, note, a new photo of it) → None when saved, else the refusal."""


class EarlierFindingRow:
    def __init__(self, earlier: EarlierFinding, save: SaveEarlier, grid: QGridLayout, row: int):
        parent = grid.parentWidget()
        self.key = earlier.key
        self._save = save
        colour = severity_css(earlier.severity)
        word = SEVERITY_WORDS[earlier.severity].upper()
        self.label = QLabel(
            f"<b>{html.escape(earlier.code or '—')}</b> "
            f"<span style='color:{colour}; font-weight:bold'>{word}</span> "
            f"{html.escape(earlier.title)}",
            parent,
        )
        self.label.setWordWrap(True)
        self.buttons: dict[CorrectionFound, QPushButton] = {}
        self.group = QButtonGroup(parent)
        self.group.setExclusive(False)
        for found in CorrectionFound:
            button = QPushButton(found.label, parent)
            button.setCheckable(True)
            button.setAccessibleName(f"{found.label}: {earlier.code or earlier.title}")
            button.clicked.connect(lambda checked, f=found: self._choose(f if checked else None))
            self.buttons[found] = button
        self.note = QLineEdit(parent)
        self.note.setAccessibleName(f"What was found of {earlier.code or earlier.title}")
        self.note.setPlaceholderText("What shows it (required for Corrected)")
        self.note.setMaxLength(2000)
        self.note.editingFinished.connect(self._note_done)
        self.photo_sha256 = earlier.photo_sha256
        self.photo_button = QPushButton("Photo…", parent)
        self.photo_button.setAccessibleName(f"Photo of {earlier.code or earlier.title} now")
        self.photo_button.clicked.connect(self.choose_photo)
        self.photo_button.setVisible(earlier.key.startswith("item:"))  # kept with its item
        self.error = QLabel(parent)
        self.error.setWordWrap(True)
        tint(self.error, "critical", "font-weight: bold")
        self.error.hide()
        self.found: CorrectionFound | None = None
        grid.addWidget(self.label, 2 * row, 0)
        grid.addWidget(self.buttons[CorrectionFound.CORRECTED], 2 * row, 1)
        grid.addWidget(self.buttons[CorrectionFound.NOT_CORRECTED], 2 * row, 2)
        grid.addWidget(self.note, 2 * row, 3)
        grid.addWidget(self.photo_button, 2 * row, 4)
        grid.addWidget(self.error, 2 * row + 1, 0, 1, 5)

    def show(self, earlier: EarlierFinding, editable: bool) -> None:
        self.found = earlier.found
        for found, button in self.buttons.items():
            button.setChecked(found == earlier.found)
            button.setEnabled(editable)
        if not self.note.hasFocus():
            self.note.setText(earlier.note)
        self.note.setReadOnly(not editable)
        self.photo_button.setEnabled(editable)
        self.photo_sha256 = earlier.photo_sha256
        if earlier.photo_sha256:
            self.photo_button.setText("Photo ✓")

    def _choose(self, found: CorrectionFound | None) -> None:
        for other, button in self.buttons.items():
            button.setChecked(other == found)
        self._commit(found)

    def _note_done(self) -> None:
        if not self.note.isReadOnly():
            self._commit(self.found)

    def choose_photo(self) -> None:
        """A photo of the finding now, read on a worker thread, kept with its item."""
        from PySide6.QtCore import QThreadPool
        from PySide6.QtWidgets import QFileDialog

        from clinic_audit.ui.workers.photos import IMAGE_FILTER, PhotoJob

        name, _filter = QFileDialog.getOpenFileName(
            self.photo_button, "Photo of the finding now", "", IMAGE_FILTER
        )
        if not name:
            return
        self.photo_button.setText("Reading…")
        self.job = PhotoJob("", "", name)
        self.job.signals.done.connect(lambda _job, photo, _name: self._commit(self.found, photo))
        self.job.signals.failed.connect(lambda _job, message: self._failed(message))
        QThreadPool.globalInstance().start(self.job)

    def _failed(self, message: str) -> None:
        self.photo_button.setText("Photo…")
        self.error.setText(message)
        self.error.show()

    def _commit(self, found: CorrectionFound | None, photo: NormalizedPhoto | None = None) -> None:
        problem = self._save(self.key, found, self.note.text().strip(), photo)
        if problem is None:
            self.found = found
            self.error.hide()
            return
        self.error.setText(problem)
        self.error.show()
        for other, button in self.buttons.items():  # the store is unchanged: so is the row
            button.setChecked(other == self.found)


class EarlierFindings(QGroupBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Earlier findings to re-check", parent)
        self.setStyleSheet(
            "QPushButton:checked { background: palette(highlight); "
            "color: palette(highlighted-text); font-weight: bold; "
            "border: 1px solid palette(highlight); border-radius: 3px; padding: 2px 8px; }"
        )
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(3, 2)
        self.rows: dict[str, EarlierFindingRow] = {}

    def show_findings(
        self, earlier: list[EarlierFinding], save: SaveEarlier, editable: bool
    ) -> None:
        if [e.key for e in earlier] != list(self.rows):
            for row in self.rows.values():
                for widget in (row.label, *row.buttons.values(), row.note, row.error):
                    widget.setParent(None)
                    widget.deleteLater()
            self.rows = {
                e.key: EarlierFindingRow(e, save, self.grid, n) for n, e in enumerate(earlier)
            }
        if earlier:
            self.setTitle(
                f"Earlier findings to re-check — the inspection of {earlier[0].audit_date}"
            )
        for finding in earlier:
            self.rows[finding.key].show(finding, editable)
        self.setVisible(bool(earlier))
