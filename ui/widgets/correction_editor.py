"""The agency's required correction of one finding: its deadline (the pack's, or an
earlier one the inspector sets, or "immediately") and the proof of correction asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from clinic_audit.audit.notice import RequiredCorrection
from clinic_audit.rules.summary import Finding
from clinic_audit.ui.style.theme import tone
from clinic_audit.ui.widgets.date_field import DateField

SaveCorrection = Callable[[str, dt.date | None, bool, str], str | None]
"""(finding key, earlier date, immediately, proof) → None when saved, else the refusal."""


class CorrectionEditor(QWidget):
    def __init__(self, finding: Finding, save: SaveCorrection, audit_date: dt.date, parent=None):
        super().__init__(parent)
        self.finding = finding
        self._save = save
        self._shown: tuple[dt.date | None, bool, str] = (None, False, "")
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
        self.error_label = QLabel("", self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {tone('critical').name()}; font-weight: bold")
        self.error_label.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Set an earlier deadline:"))
        row.addWidget(self.earlier, 1)
        row.addWidget(self.immediately)
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
        self._shown = (due, immediately, proof)
        self.earlier.set_value(due)
        self.immediately.setChecked(immediately)
        self.earlier.setEnabled(editable and not immediately)
        self.immediately.setEnabled(editable)
        if self.proof.text() != proof:
            self.proof.setText(proof)
        self.proof.setReadOnly(not editable)
        pack_immediate = (
            finding.deadline is not None
            and finding.deadline.kind == "immediately"
            and finding.deadline.set_by == "pack"
        )
        self.earlier_row.setVisible(not pack_immediate)  # nothing is earlier than at once

    def commit(self) -> None:
        if not self.earlier.commit():
            return
        wanted = (self.earlier.value(), self.immediately.isChecked(), self.proof.text().strip())
        if wanted == self._shown:
            return
        due, immediately, proof = wanted
        problem = self._save(self.finding.key, None if immediately else due, immediately, proof)
        if problem is None:
            self.error_label.hide()
            return
        self.error_label.setText(problem)
        self.error_label.show()
        due, immediately, _proof = self._shown  # the store is unchanged: so is the form
        self.earlier.set_value(due)
        self.immediately.setChecked(immediately)
