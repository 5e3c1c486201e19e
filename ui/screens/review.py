"""Screen 6: what is left to do, the summary and outcome, both signatures, and Finalize."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit.model import Audit, AuditKind, SignatureRole, Status
from clinic_audit.audit.notice import parse_time_of_day
from clinic_audit.checklist.model import Checklist, Severity
from clinic_audit.files.integrity import signature_is_current
from clinic_audit.rules.display import plural, score_text
from clinic_audit.rules.summary import Summary
from clinic_audit.rules.timeline import timeline_warnings
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs import messages
from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text, load_audit
from clinic_audit.ui.dialogs.register_row import MIN_HEIGHT
from clinic_audit.ui.refresh_when_shown import RefreshWhenShown
from clinic_audit.ui.screens.base import Screen
from clinic_audit.ui.style import theme
from clinic_audit.ui.style.severity import SEVERITY_WORDS, severity_css, severity_icon
from clinic_audit.ui.widgets.date_field import DateField
from clinic_audit.ui.widgets.lock_note import finalized_note, show_lock
from clinic_audit.ui.widgets.signature_box import SignatureBox

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole


class ReviewScreen(Screen):
    jump_to_item = Signal(str)
    finalized = Signal(str)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.audit_id: str | None = None
        self.read_only_note = finalized_note(self)
        self.score_label = QLabel(self)
        self.score_label.setAccessibleName("Score")
        self.outcome_label = QLabel(self)
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setAccessibleName("Outcome")
        self.counts_label = QLabel(self)
        self.counts_label.setAccessibleName("Findings by severity")
        self.sections_table = QTableWidget(0, 4, self)
        self.sections_table.setAccessibleName("Score per section")
        self.sections_table.setHorizontalHeaderLabels(["Section", "Answered", "Failed", "Score"])
        self.sections_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sections_table.setWordWrap(
            False
        )  # one line a section: rows measured when narrow grew tall
        self.sections_table.verticalHeader().hide()
        self.sections_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sections_table.horizontalHeader().setAccessibleName("Section score columns")
        header = self.sections_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.todo_intro = QLabel(self)
        self.todo_intro.setWordWrap(True)
        self.todo_list = QListWidget(self)
        self.todo_list.setAccessibleName("Unanswered items and missing evidence")
        self.todo_list.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        self.todo_list.itemActivated.connect(self._jump)
        self.todo_list.itemClicked.connect(self._jump)
        self.boxes = {
            role: SignatureBox(role, self._save_signature, self) for role in SignatureRole
        }
        self.blockers_label = QLabel(self)
        self.blockers_label.setWordWrap(True)
        self.blockers_label.setAccessibleName("What stops finalizing")
        self.finalize_button = QPushButton("Finalize the audit…", self)
        self.finalize_button.setAccessibleName("Finalize the audit")
        self.finalize_button.setMinimumHeight(MIN_HEIGHT + 8)
        self.finalize_button.clicked.connect(self.ask_finalize)
        self.clear_signatures_button = QPushButton("Clear the signatures to change the audit…")
        self.clear_signatures_button.setAccessibleName("Clear the signatures")
        self.clear_signatures_button.setMinimumHeight(MIN_HEIGHT)
        self.clear_signatures_button.clicked.connect(self.ask_clear_signatures)
        self._build_hours()
        self.warnings_label = QLabel(self)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextFormat(Qt.TextFormat.RichText)
        self.warnings_label.setAccessibleName("Timeline warnings")
        self.setLayout(self._layout())
        self.refresher = RefreshWhenShown(self, ctx.audit_changed)

    def _build_hours(self) -> None:
        """Time in and time out (with Now), in the audit's zone; the re-inspection date."""
        self.time_in_edit = _time_edit("Time in: when the inspection began")
        self.time_out_edit = _time_edit("Time out: when the inspection ended")
        for edit, field in ((self.time_in_edit, "time_in"), (self.time_out_edit, "time_out")):
            edit.editingFinished.connect(lambda e=edit, f=field: self._save_time(e, f))
            edit.textEdited.connect(lambda _text, f=field: self.ctx.typing(f"review:{f}"))
        self.now_button = QPushButton("Now", self)
        self.now_button.setAccessibleName("Time out: now")
        self.now_button.setToolTip("Set the time out to the time now, in the audit's zone.")
        self.now_button.setMinimumHeight(MIN_HEIGHT)
        self.now_button.clicked.connect(self.time_out_now)
        self.zone_label = QLabel(self)
        self.zone_label.setAccessibleName("Time zone of the inspection")
        self.reinspection_edit = DateField(
            "Re-inspection date", dt.date.today(), self, none_text="Not set"
        )
        self.reinspection_edit.set_value(None)
        self.reinspection_edit.changed.connect(self._save_reinspection)
        self.hours_error = QLabel(self)
        self.hours_error.setWordWrap(True)
        self.hours_error.setAccessibleName("Hours: not saved")
        self.hours_error.setStyleSheet(f"color: {severity_css(Severity.CRITICAL)};")
        self.hours_error.hide()

    def _hours_group(self) -> QGroupBox:
        group = QGroupBox("Hours of the inspection", self)
        times = QHBoxLayout()
        times.addWidget(_buddy("Time &in:", self.time_in_edit, group))
        times.addWidget(self.time_in_edit)
        times.addSpacing(16)
        times.addWidget(_buddy("Time &out:", self.time_out_edit, group))
        times.addWidget(self.time_out_edit)
        times.addWidget(self.now_button)
        times.addSpacing(16)
        times.addWidget(self.zone_label)
        times.addStretch(1)
        form = QFormLayout(group)
        form.addRow(times)
        self.reinspection_label = _buddy("Re-inspection &date:", self.reinspection_edit, group)
        reinspection = QHBoxLayout()
        reinspection.addWidget(self.reinspection_edit)
        reinspection.addStretch(1)
        form.addRow(self.reinspection_label, reinspection)
        form.addRow(self.hours_error)
        return group

    def _layout(self) -> QVBoxLayout:
        summary = QGroupBox("Summary and outcome", self)
        summary_layout = QVBoxLayout(summary)
        top = QHBoxLayout()
        top.addWidget(self.score_label)
        top.addWidget(self.outcome_label, 1)
        summary_layout.addLayout(top)
        summary_layout.addWidget(self.counts_label)
        summary_layout.addWidget(self.sections_table)
        todo = self.todo_group = QGroupBox("Still to do before finalizing", self)
        todo_layout = QVBoxLayout(todo)
        todo_layout.addWidget(self.todo_intro)
        todo_layout.addWidget(self.todo_list)
        signatures = QHBoxLayout()
        for box in self.boxes.values():
            signatures.addWidget(box, 1)
        clear_row = QHBoxLayout()
        clear_row.addStretch(1)
        clear_row.addWidget(self.clear_signatures_button)
        finalize = QHBoxLayout()
        finalize.addWidget(self.blockers_label, 1)
        finalize.addWidget(self.finalize_button)
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(QLabel("<h2>Review and sign</h2>", body))
        body_layout.addWidget(self.read_only_note)
        body_layout.addWidget(todo)
        body_layout.addWidget(self._hours_group())
        warnings = self.warnings_group = QGroupBox("Timeline check: times to look at", self)
        QVBoxLayout(warnings).addWidget(self.warnings_label)
        body_layout.addWidget(warnings)
        body_layout.addWidget(summary)
        body_layout.addLayout(signatures)
        body_layout.addLayout(clear_row)
        body_layout.addLayout(finalize)
        body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.scroll_area = scroll  # not ``scroll``: that is QWidget's scroll()
        outer = QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        return outer

    def show_audit(self, audit_id: str) -> None:
        self.audit_id = audit_id
        self.refresh()

    def refresh(self) -> None:
        if self.audit_id is None:
            return
        loaded = load_audit(self, self.ctx, self.audit_id, "Cannot show the review")
        if loaded is None:
            return
        audit, summary = loaded
        checklist = self.ctx.service.checklist_of(audit)
        read_only = audit.status == Status.FINALIZED
        show_lock(self.read_only_note, audit)
        self._show_summary(summary)
        self._show_todo(audit, checklist, summary)
        for role, box in self.boxes.items():
            person = audit.inspector if role == SignatureRole.INSPECTOR else audit.representative
            signature = audit.signature(role)
            current = signature is None or signature_is_current(audit, signature)
            box.show_signature(signature, person.name, read_only, current=current)
        self.clear_signatures_button.setVisible(not read_only and bool(audit.signatures))
        self._show_hours(audit, read_only)
        self._show_warnings(audit, checklist)
        self._show_blockers(audit, read_only)

    def _show_summary(self, summary: Summary) -> None:
        score = summary.score_text
        self.score_label.setText(
            f"<span style='font-size: 22pt; font-weight: bold'>{score}</span><br>score"
        )
        colour = theme.outcome_tone(summary.outcome).name()
        self.outcome_label.setText(
            f"<span style='font-size: 14pt; font-weight: bold; color: {colour}'>"
            f"{summary.outcome.label}</span>"
        )
        parts = []
        for severity in Severity:
            count = summary.count(severity)
            style = f"color: {severity_css(severity)}; font-weight: bold" if count else ""
            parts.append(f"<span style='{style}'>{count} {SEVERITY_WORDS[severity].lower()}</span>")
        self.counts_label.setText("Findings: " + " · ".join(parts))
        table = self.sections_table
        table.setRowCount(len(summary.sections))
        for row, section in enumerate(summary.sections):
            score = score_text(section.score)
            cells = [
                section.title,
                f"{section.answered} of {section.applicable}",
                str(section.failed),
                score,
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, column, cell)
            if section.has_critical_failure:
                first = table.item(row, 0)
                assert first is not None  # set just above
                first.setIcon(severity_icon(Severity.CRITICAL))
                first.setText(section.title + " — critical failure")
                first.setForeground(theme.severity_tone(Severity.CRITICAL))
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + sum(
            table.rowHeight(r) for r in range(table.rowCount())
        )
        table.setFixedHeight(height + 2 * table.frameWidth())

    def _show_todo(self, audit: Audit, checklist: Checklist, summary: Summary) -> None:
        self.todo_list.clear()
        statuses = {s.item_id: s for s in summary.items}
        for item_id in summary.unanswered:
            self._add_todo(checklist, item_id, "Not answered")
        for item_id in summary.missing_evidence:
            self._add_todo(checklist, item_id, "Failed, needs " + statuses[item_id].missing_text)
        count = self.todo_list.count()
        self.todo_list.setVisible(count > 0)
        if count:
            row_height = self.todo_list.sizeHintForRow(0)
            self.todo_list.setFixedHeight(min(count, 6) * row_height + 2 * 4 + 4)
        if count:
            self.todo_intro.setText(f"{plural(count, 'item')} to complete. Click one to go there.")
        else:
            self.todo_intro.setText(
                "Every applicable item is answered and every failed item has its evidence."
            )

    def _add_todo(self, checklist: Checklist, item_id: str, what: str) -> None:
        section = checklist.section_of(item_id)
        text = f"{what}: {checklist.item(item_id).prompt}  ({section.title})"
        entry = QListWidgetItem(text, self.todo_list)
        entry.setData(ITEM_ID_ROLE, item_id)
        entry.setToolTip("Click to open this item in the walk-through.")

    def _show_blockers(self, audit: Audit, read_only: bool) -> None:
        if read_only:
            when = audit.finalized_at  # None in a file imported finalized without its time
            on = f" on {when.astimezone().strftime('%Y-%m-%d %H:%M')}" if when else ""
            self.blockers_label.setText(f"Finalized{on}.")
            self.finalize_button.hide()
            self.todo_group.hide()
            return
        self.finalize_button.show()
        self.todo_group.show()
        blockers = self.ctx.service.finalize_blockers(audit)
        self.finalize_button.setEnabled(True)
        if blockers:
            self.blockers_label.setText("Not ready to finalize: " + " ".join(blockers))
        else:
            self.blockers_label.setText(
                "Ready to finalize. Once finalized, the audit cannot be changed."
            )

    def _show_hours(self, audit: Audit, read_only: bool) -> None:
        for edit, value in (
            (self.time_in_edit, audit.time_in),
            (self.time_out_edit, audit.time_out),
        ):
            if not edit.hasFocus() or read_only:
                edit.setText(f"{value:%H:%M}" if value else "")
            edit.setReadOnly(read_only)
        self.now_button.setEnabled(not read_only)
        self.zone_label.setText(f"Zone: {audit.time_zone or 'UTC'}")
        regulatory = audit.kind == AuditKind.REGULATORY
        self.reinspection_label.setVisible(regulatory)
        self.reinspection_edit.setVisible(regulatory)
        self.reinspection_edit.set_value(audit.reinspection_date, keep_typing=True)
        self.reinspection_edit.setEnabled(not read_only)

    def warnings(self, audit: Audit, checklist: Checklist) -> list[str]:
        """What the core's timeline check finds in the record now."""
        return timeline_warnings(audit, checklist.label_of, finalizing_at=dt.datetime.now(dt.UTC))

    def _show_warnings(self, audit: Audit, checklist: Checklist) -> None:
        found = self.warnings(audit, checklist)
        self.warnings_group.setVisible(bool(found))
        self.warnings_label.setText(
            f"{plural(len(found), 'time does', 'times do')} not fit the inspection; check "
            "before finalizing:<ul>"
            + "".join(f"<li>{html.escape(w)}</li>" for w in found)
            + "</ul>"
        )

    def _save_time(self, edit: QLineEdit, field: str) -> None:
        key = f"review:{field}"
        if self.audit_id is None or edit.isReadOnly():
            self.ctx.settled(key)
            return
        typed = edit.text().strip()
        try:
            value = parse_time_of_day(typed) if typed else None
        except ValueError as error:
            self._hours_problem(f"{edit.accessibleName().split(':')[0]}: {error}.")
            self.ctx.settled(key)
            return
        if value is not None:
            edit.setText(f"{value:%H:%M}")
        self._save_header(key, **{field: value})

    def flush_pending(self) -> None:
        """A time typed and not yet committed is saved when the screen or window goes."""
        for edit, field in ((self.time_in_edit, "time_in"), (self.time_out_edit, "time_out")):
            if f"review:{field}" in self.ctx.pending:
                self._save_time(edit, field)
        if self.audit_id is not None:
            self.reinspection_edit.commit(show_problem=False, reformat=False)

    def time_out_now(self) -> None:
        """The time out is now, as the clock reads in the audit's zone."""
        if self.audit_id is None:
            return
        zone = self.ctx.audit(self.audit_id).zone
        moment = dt.datetime.now(zone).time().replace(second=0, microsecond=0)
        self.time_out_edit.setText(f"{moment:%H:%M}")
        self._save_header("review:time_out", time_out=moment)

    def _save_reinspection(self) -> None:
        self._save_header("review:reinspection", reinspection_date=self.reinspection_edit.value())

    def _save_header(self, key: str, **fields: object) -> None:
        assert self.audit_id is not None  # the fields are the shown audit's
        audit = self.ctx.audit(self.audit_id)
        if all(getattr(audit, name) == value for name, value in fields.items()):
            self.hours_error.hide()
            self.ctx.settled(key)
            return
        try:
            self.ctx.service.update_header(self.audit_id, **fields)
        except EXPECTED_ERRORS as error:
            self._hours_problem(error_text(error, "The change of hours"))
            self.ctx.settled(key)
            self.refresh()  # show what is stored
            return
        self.hours_error.hide()
        self.ctx.settled(key)
        self.ctx.notify_changed(self.audit_id, "Hours saved")

    def _hours_problem(self, text: str) -> None:
        self.hours_error.setText(text)
        self.hours_error.show()

    def _jump(self, entry: QListWidgetItem) -> None:
        self.jump_to_item.emit(entry.data(ITEM_ID_ROLE))

    def _save_signature(self, role: SignatureRole, name: str, png: bytes) -> None:
        assert self.audit_id is not None  # the boxes show the audit's signatures
        self.ctx.service.sign(self.audit_id, role, name, png)
        self.ctx.notify_changed(self.audit_id, "Signature saved")

    def ask_clear_signatures(self) -> None:
        messages.ask(
            self,
            "Clear the signatures",
            "A signature covers exactly what was signed, so a signed audit cannot be changed. "
            "Clear both signatures to change it?\n\nThe audit trail keeps a record of them. "
            "Both people sign again once the change is made.",
            "Clear the signatures",
            self._clear_signatures,
        )

    def _clear_signatures(self) -> None:
        assert self.audit_id is not None  # asked about the audit shown
        try:
            self.ctx.service.clear_signatures(self.audit_id)
        except EXPECTED_ERRORS as error:
            messages.show_error(self, "Signatures not cleared", error_text(error, "Clearing"))
            return
        self.ctx.notify_changed(self.audit_id, "Signatures cleared: the audit can be changed")

    def ask_finalize(self) -> None:
        if self.audit_id is None:  # no audit shown yet
            return
        try:
            audit = self.ctx.audit(self.audit_id)
            blockers = self.ctx.service.finalize_blockers(audit)
        except EXPECTED_ERRORS as error:
            messages.show_error(self, "Not finalized", error_text(error, "Finalizing"))
            return
        if blockers:
            messages.show_error(
                self,
                "Not ready to finalize",
                "The audit cannot be finalized yet:\n\n" + "\n".join(f"• {b}" for b in blockers),
            )
            return
        warnings = self.warnings(audit, self.ctx.service.checklist_of(audit))
        if warnings:
            messages.ask(
                self,
                "Finalize anyway?",
                f"The timeline check found {plural(len(warnings), 'thing')} to look at:\n\n"
                + "\n".join(f"• {w}" for w in warnings)
                + f"\n\nFinalize the audit of {audit.facility.name} ({audit.audit_date}) "
                "anyway? A finalized audit cannot be changed afterwards.",
                "Finalize anyway",
                self._finalize,
            )
            return
        messages.ask(
            self,
            "Finalize the audit",
            f"Finalize the audit of {audit.facility.name} ({audit.audit_date})?\n\n"
            "A finalized audit cannot be changed afterwards: no answer, register row, action "
            "or signature can be edited.",
            "Finalize",
            self._finalize,
        )

    def _finalize(self) -> None:
        assert self.audit_id is not None  # asked about the audit shown
        try:
            self.ctx.service.finalize(self.audit_id)
        except EXPECTED_ERRORS as error:
            messages.show_error(self, "Not finalized", error_text(error, "Finalizing"))
            return
        self.ctx.notify_changed(self.audit_id, "Finalized")
        self.finalized.emit(self.audit_id)


def _time_edit(accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText("09:30")
    edit.setMaxLength(12)
    edit.setMinimumHeight(MIN_HEIGHT)
    edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("12:45 pm") + 24)
    edit.setToolTip("Type the time as 09:30, 930 or 1:15 pm, in the audit's time zone.")
    return edit


def _buddy(text: str, buddy, parent) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label
