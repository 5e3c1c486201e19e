"""What the agency requires of one finding: its deadline (the pack's, or an earlier one
the inspector sets, or "Immediately"), the correction in the agency's words and the proof
asked for. Saved as it is made, through ``AuditService.set_correction``; a refused date
(later than the pack allows, before the inspection) is said here and nothing is kept."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit.notice import RequiredCorrection
from clinic_audit.checklist.model import Severity
from clinic_audit.rules.summary import Finding
from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text
from clinic_audit.ui.style.severity import severity_css
from clinic_audit.ui.style.theme import tone
from clinic_audit.ui.widgets.action_editor import SAVE_DELAY_MS, ActionTextEdit
from clinic_audit.ui.widgets.date_field import MIN_HEIGHT, DateField

SaveCorrection = Callable[..., None]  # (finding_key, due=, immediately=, correction=, proof=)


class CorrectionEditor(QWidget):
    """``save(finding_key, due=…, immediately=…, correction=…, proof=…)`` stores what is
    asked (and raises when the service refuses it)."""

    typing = Signal(str)  # something typed is not saved yet (see AppContext.typing)
    settled = Signal(str)

    def __init__(
        self,
        finding: Finding,
        audit_date: dt.date,
        save: SaveCorrection,
        parent=None,
        *,
        rules: bool = True,
    ):
        super().__init__(parent)
        self.finding = finding
        self.stored = RequiredCorrection(finding_key=finding.key)
        self._save = save
        self._read_only = False
        name = finding.code or finding.title
        self.deadline_label = QLabel(self)
        self.deadline_label.setWordWrap(True)
        self.deadline_label.setTextFormat(Qt.TextFormat.RichText)
        self.deadline_label.setAccessibleName(f"Correction deadline for: {name}")
        self.due_edit = DateField(
            f"Correct by (earlier than the pack's deadline) for: {name}",
            audit_date,
            self,
            none_text="No earlier date" if rules else "No date",
        )
        self.due_edit.set_value(None)
        metrics = self.due_edit.edit.fontMetrics()  # the hint "yyyy-mm-dd or …" shown whole
        self.due_edit.edit.setMinimumWidth(
            metrics.horizontalAdvance(self.due_edit.edit.placeholderText()) + 16
        )
        self.due_edit.changed.connect(self.save_correction)
        self.due_edit.edited.connect(self._typing)
        self.immediately_box = QCheckBox("Immediately", self)
        self.immediately_box.setAccessibleName(f"Correct immediately: {name}")
        self.immediately_box.setToolTip("Correct at once, before microneedling resumes.")
        self.immediately_box.setMinimumHeight(MIN_HEIGHT)
        self.immediately_box.clicked.connect(self.save_correction)
        self.correction_edit = ActionTextEdit(self)
        self.correction_edit.setPlaceholderText(
            "In the agency's words (left blank, the notice asks to meet the requirement)"
        )
        self.correction_edit.setAccessibleName(f"Required correction wording for: {name}")
        self.correction_edit.setFixedHeight(40)
        self.correction_edit.committed.connect(self.save_correction)
        self.correction_edit.typed.connect(self._typing)
        self.proof_edit = QLineEdit(self)
        self.proof_edit.setPlaceholderText("e.g. a photo of the sharps container in place")
        self.proof_edit.setAccessibleName(f"Proof of correction requested for: {name}")
        self.proof_edit.setMinimumHeight(MIN_HEIGHT)
        self.proof_edit.editingFinished.connect(self.save_correction)
        self._proof_idle = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._proof_idle.timeout.connect(self.save_correction)
        self.proof_edit.textEdited.connect(self._proof_idle.start)
        self.proof_edit.textEdited.connect(self._typing)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(f"Required correction: not saved, for: {name}")
        self.error_label.setStyleSheet(f"color: {severity_css(Severity.CRITICAL)};")
        self.error_label.hide()

        self.dates = QWidget(self)  # hidden where the rules already say "Immediately"
        due_row = QHBoxLayout(self.dates)
        due_row.setContentsMargins(0, 0, 0, 0)
        due_row.addWidget(_label("Correct by:", self.due_edit, self))
        due_row.addWidget(self.due_edit)
        due_row.addSpacing(8)
        due_row.addWidget(self.immediately_box, 0, Qt.AlignmentFlag.AlignTop)
        due_row.addSpacing(16)
        proof_row = QHBoxLayout()
        proof_row.addWidget(self.dates)
        proof_row.addWidget(_label("Proof requested:", self.proof_edit, self))
        proof_row.addWidget(self.proof_edit, 1)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_label("Correction:", self.correction_edit, self), self.correction_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.deadline_label)
        layout.addLayout(proof_row)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        self._show_deadline()

    @property
    def pending_key(self) -> str:
        return f"correction:{self.finding.key}"

    def show_correction(self, finding: Finding, stored: RequiredCorrection | None) -> None:
        """Show what the store holds (the finding's deadline as the core works it out),
        without overwriting what the person is typing."""
        self.finding = finding
        self.stored = stored or RequiredCorrection(finding_key=finding.key)
        self._show_dates()
        typed = self.correction_edit.toPlainText()
        if not self.correction_edit.hasFocus() and typed != self.stored.correction:
            self.correction_edit.set_text_quietly(self.stored.correction)
        if not self.proof_edit.hasFocus():
            self.proof_edit.setText(self.stored.proof)
        self._show_deadline()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.correction_edit.setReadOnly(read_only)
        self.proof_edit.setReadOnly(read_only)
        self.immediately_box.setEnabled(not read_only)
        self.due_edit.setEnabled(not read_only and not self.immediately_box.isChecked())

    def flush(self) -> None:
        self.correction_edit.flush()
        self._proof_idle.stop()
        self.due_edit.commit(show_problem=False, reformat=False)
        self.save_correction()

    def wanted(self) -> RequiredCorrection:
        immediately = self.immediately_box.isChecked()
        return RequiredCorrection(
            finding_key=self.finding.key,
            due=None if immediately else self.due_edit.value(),
            immediately=immediately,
            correction=self.correction_edit.toPlainText().strip(),
            proof=self.proof_edit.text().strip(),
        )

    def save_correction(self) -> None:
        self._proof_idle.stop()
        self.due_edit.setEnabled(not self._read_only and not self.immediately_box.isChecked())
        wanted = self.wanted()
        if self._read_only or wanted == self.stored:
            self.settled.emit(self.pending_key)
            return
        try:
            self._save(
                self.finding.key,
                due=wanted.due,
                immediately=wanted.immediately,
                correction=wanted.correction,
                proof=wanted.proof,
            )
        except EXPECTED_ERRORS as error:
            self.error_label.setText(error_text(error, "The required correction"))
            self.error_label.show()
            self._show_dates()  # the date refused is not kept: show the one stored
            self.settled.emit(self.pending_key)
            return
        self.error_label.hide()
        self.stored = wanted
        self.settled.emit(self.pending_key)

    def _typing(self) -> None:
        self.typing.emit(self.pending_key)

    def _show_dates(self) -> None:
        self.due_edit.set_value(self.stored.due)
        self.immediately_box.setChecked(self.stored.immediately)
        self.due_edit.setEnabled(not self._read_only and not self.stored.immediately)

    def _show_deadline(self) -> None:
        deadline = self.finding.deadline
        nothing_earlier = (
            deadline is not None and deadline.set_by == "pack" and deadline.kind == "immediately"
        )
        self.dates.setVisible(not nothing_earlier)
        if deadline is None:
            text = (
                f"<b>Required correction</b> — <span style='color: {tone('critical').name()}'>"
                "no deadline yet</span>: these rules set none, so choose a date or "
                "Immediately below."
            )
        elif deadline.set_by == "inspector" or deadline.kind == "immediately":
            text = f"<b>Required correction</b> — deadline: {html.escape(deadline.text)}"
        else:
            text = (
                f"<b>Required correction</b> — deadline from the rules: "
                f"{html.escape(deadline.text)} An earlier one may be set below."
            )
        self.deadline_label.setText(text)


def _label(text: str, buddy: QWidget, parent) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label
