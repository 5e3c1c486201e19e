"""The agency's required correction of one finding: its deadline (the pack's, or an
earlier one the inspector sets, or "immediately"), the correction in the agency's own
words (left blank, the notice asks to meet the requirement) and the proof asked. Text
being typed keeps the window at "Saving…" until it is committed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from clinic_audit.audit.notice import RequiredCorrection
from clinic_audit.rules.summary import Finding
from clinic_audit.ui.style.theme import tint
from clinic_audit.ui.widgets.date_field import DateField

SaveCorrection = Callable[[str, dt.date | None, bool, str, str], str | None]
"""(finding key, earlier date, immediately, proof, wording) → None when saved, else the
refusal."""


class CorrectionEditor(QWidget):
    typing = Signal(str)  # a key for AppContext.typing: something typed is not saved yet
    settled = Signal(str)

    def __init__(self, finding: Finding, save: SaveCorrection, audit_date: dt.date, parent=None):
        super().__init__(parent)
        self.finding = finding
        self._save = save
        self._shown: tuple[dt.date | None, bool, str, str] = (None, False, "", "")
        self.deadline_label = QLabel("", self)
        self.deadline_label.setWordWrap(True)
        self.earlier = DateField(
            f"Earlier deadline for: {finding.title}",
            audit_date,
            self,
            optional=True,
            none_text="The pack's deadline",
            min_height=0,
        )
        hint = self.earlier.edit  # wide enough to show its hint, "yyyy-mm-dd or …", whole
        hint.setMinimumWidth(hint.fontMetrics().horizontalAdvance(hint.placeholderText()) + 16)
        self.earlier.changed.connect(self.commit)
        self.immediately = QCheckBox("Immediately", self)
        self.immediately.setAccessibleName(f"Correct immediately: {finding.title}")
        self.immediately.setToolTip("Correct at once: microneedling stops until it is corrected.")
        self.immediately.clicked.connect(self.commit)
        self.proof = QLineEdit(self)
        self.proof.setAccessibleName(f"Proof of correction requested for: {finding.title}")
        self.proof.setPlaceholderText("e.g. a photo of the new container in place")
        self.proof.setMaxLength(2000)
        self.proof.editingFinished.connect(self.commit)
        self.proof.textEdited.connect(self._typing)
        self.wording = QLineEdit(self)
        self.wording.setAccessibleName(
            f"Required correction in the agency's words: {finding.title}"
        )
        self.wording.setPlaceholderText("Left blank, the notice asks to meet the requirement")
        self.wording.setMaxLength(2000)
        self.wording.editingFinished.connect(self.commit)
        self.wording.textEdited.connect(self._typing)
        self.error_label = QLabel("", self)
        self.error_label.setWordWrap(True)
        tint(self.error_label, "critical", "font-weight: bold")
        self.error_label.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Set an earlier deadline:"))
        row.addWidget(self.earlier)  # a date is short: the field is not stretched
        row.addWidget(self.immediately)
        row.addStretch(1)
        self.earlier_row = QWidget(self)
        self.earlier_row.setLayout(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.deadline_label)
        layout.addWidget(self.earlier_row)
        proof_row = QHBoxLayout()
        proof_label = QLabel("Proof &requested:", self)
        proof_label.setBuddy(self.proof)
        proof_row.addWidget(proof_label)
        proof_row.addWidget(self.proof, 1)
        layout.addLayout(proof_row)
        wording_row = QHBoxLayout()
        wording_label = QLabel("Correction &wording:", self)
        wording_label.setBuddy(self.wording)
        wording_row.addWidget(wording_label)
        wording_row.addWidget(self.wording, 1)
        layout.addLayout(wording_row)
        layout.addWidget(self.error_label)

    def show_correction(
        self, finding: Finding, own: RequiredCorrection | None, editable: bool
    ) -> None:
        self.finding = finding
        deadline = finding.deadline.text if finding.deadline else "No deadline set yet."
        self.deadline_label.setText(f"<b>Required correction — deadline:</b> {deadline}")
        due = own.due if own else None
        immediately = own.immediately if own else False
        proof = own.proof if own else ""
        wording = own.correction if own else ""
        self._shown = (due, immediately, proof, wording)
        self.earlier.set_value(due)
        self.immediately.setChecked(immediately)
        self.earlier.setEnabled(editable and not immediately)
        self.immediately.setEnabled(editable)
        for edit, text in ((self.proof, proof), (self.wording, wording)):
            if edit.text() != text and not edit.hasFocus():
                edit.setText(text)
            edit.setReadOnly(not editable)
        pack_immediate = (
            finding.deadline is not None
            and finding.deadline.kind == "immediately"
            and finding.deadline.set_by == "pack"
        )
        self.earlier_row.setVisible(not pack_immediate)  # nothing is earlier than at once

    @property
    def pending_key(self) -> str:
        return f"correction:{self.finding.key}"

    def _typing(self) -> None:
        self.typing.emit(self.pending_key)

    def flush(self) -> None:
        """Save what is typed now (the screen changes, the window closes)."""
        self.commit()

    def commit(self) -> None:
        try:
            self._commit()
        finally:
            self.settled.emit(self.pending_key)

    def _commit(self) -> None:
        if self.proof.isReadOnly() or not self.earlier.commit():
            return
        wanted = (
            self.earlier.value(),
            self.immediately.isChecked(),
            self.proof.text().strip(),
            self.wording.text().strip(),
        )
        if wanted == self._shown:
            return
        due, immediately, proof, wording = wanted
        problem = self._save(
            self.finding.key, None if immediately else due, immediately, proof, wording
        )
        if problem is None:
            self.error_label.hide()
            return
        self.error_label.setText(problem)
        self.error_label.show()
        due, immediately, _proof, _wording = self._shown  # the store is unchanged: so is
        self.earlier.set_value(due)  # the date shown (what was typed stays to be fixed)
        self.immediately.setChecked(immediately)
