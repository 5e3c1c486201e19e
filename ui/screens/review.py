"""Screen 6: what is left to do, the summary and outcome, both signatures, and Finalize."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
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
from clinic_audit.checklist.model import Checklist, Severity
from clinic_audit.files.integrity import signature_is_current
from clinic_audit.rules.action_plan import findings_without_action
from clinic_audit.rules.display import plural, score_text
from clinic_audit.rules.summary import Finding, Summary
from clinic_audit.rules.timeline import timeline_warnings
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs import messages
from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text, load_audit
from clinic_audit.ui.dialogs.register_row import MIN_HEIGHT
from clinic_audit.ui.refresh_when_shown import RefreshWhenShown
from clinic_audit.ui.screens.base import Screen
from clinic_audit.ui.style import theme
from clinic_audit.ui.style.severity import SEVERITY_WORDS, severity_css, severity_icon
from clinic_audit.ui.widgets.lock_note import finalized_note, show_lock
from clinic_audit.ui.widgets.signature_box import SignatureBox
from clinic_audit.ui.widgets.visit_times import VisitTimes

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole
FINDING_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class TodoList(QListWidget):
    """What is still to do: every entry wrapped to the width, as tall as its first
    ``SHOWN`` entries (the rest scroll)."""

    SHOWN = 8

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.setStyleSheet("QListWidget::item { padding: 5px 4px; }")

    def fit(self) -> None:
        self.doItemsLayout()  # the rows wrapped at the present width
        shown = range(min(self.count(), self.SHOWN))
        rows = sum(self.visualItemRect(self.item(r)).height() for r in shown)
        self.setFixedHeight(rows + 2 * self.frameWidth() + 4)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()  # wrapped lines change with the width


class ReviewScreen(Screen):
    jump_to_item = Signal(str)
    jump_to_finding = Signal(str)  # a finding's key: its card on Findings & actions
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
        # One line a section: wrapped rows, measured while the table was narrow, grew tall.
        self.sections_table.setWordWrap(False)
        self.sections_table.verticalHeader().hide()
        self.sections_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sections_table.horizontalHeader().setAccessibleName("Section score columns")
        header = self.sections_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.todo_intro = QLabel(self)
        self.todo_intro.setWordWrap(True)
        self.todo_list = TodoList(self)
        self.todo_list.setAccessibleName("Unanswered items and missing evidence")
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
        self.visit = VisitTimes(ctx, self)
        self.timeline_label = QLabel(self)
        self.timeline_label.setWordWrap(True)
        self.timeline_label.setAccessibleName("Timeline check")
        self.timeline_label.setTextFormat(Qt.TextFormat.RichText)
        self.setLayout(self._layout())
        self.refresher = RefreshWhenShown(self, ctx.audit_changed)

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
        body_layout.addWidget(self.visit)
        body_layout.addWidget(self.timeline_label)
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

    def focus_default(self) -> None:
        """What is still to do, else the first signature, else Finalize."""
        if self.todo_group.isVisibleTo(self) and self.todo_list.count():
            self.todo_list.setFocus()
            if self.todo_list.currentRow() < 0:
                self.todo_list.setCurrentRow(0)
            return
        for box in self.boxes.values():
            if box.name_edit.isVisibleTo(self) and box.name_edit.isEnabled():
                box.name_edit.setFocus()
                return
        self.finalize_button.setFocus()

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
        self.visit.show_audit(audit, read_only or bool(audit.signatures))  # signed: locked
        self._show_timeline(audit, read_only)
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
        regulatory = audit.kind == AuditKind.REGULATORY
        undated = [f for f in summary.counted if f.deadline is None] if regulatory else []
        for finding in undated:
            self._add_finding_todo(finding, "No correction deadline (needed to finalize)")
        unplanned = [] if regulatory else findings_without_action(summary.findings, audit.actions)
        for finding in unplanned:
            self._add_finding_todo(finding, "No corrective action yet")
        count = self.todo_list.count()
        self.todo_list.setVisible(count > 0)
        self.todo_list.fit()
        needed = count - len(unplanned)
        parts = [plural(needed, "thing") + " to complete"] if needed else []
        if unplanned:
            parts.append(
                plural(len(unplanned), "finding") + " without a corrective action (you may "
                "still finalize; the action plan will not say how they are fixed)"
            )
        if count:
            more = " (scroll for the rest)" if count > 8 else ""
            self.todo_intro.setText(
                f"{' and '.join(parts).capitalize()}{more}. Click one, or press Enter on it, "
                "to go there."
            )
        else:
            self.todo_intro.setText(
                "Every applicable item is answered and every failed item has its evidence"
                + (", and every finding has its deadline." if regulatory else ".")
            )

    def _add_finding_todo(self, finding: Finding, what: str) -> None:
        code = f"{finding.code} · " if finding.code else ""
        entry = QListWidgetItem(f"{what}: {code}{finding.title}", self.todo_list)
        entry.setData(FINDING_KEY_ROLE, finding.key)
        entry.setToolTip("Click to open this finding in Findings & actions.")

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

    def flush_pending(self) -> None:
        self.visit.flush()

    def _jump(self, entry: QListWidgetItem) -> None:
        finding_key = entry.data(FINDING_KEY_ROLE)
        if finding_key:
            self.jump_to_finding.emit(finding_key)
        else:
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
        question = (
            f"Finalize the audit of {audit.facility.name} ({audit.audit_date})?\n\n"
            "A finalized audit cannot be changed afterwards: no answer, register row, action "
            "or signature can be edited."
        )
        warnings = self._timeline(audit)
        if warnings:
            self.finalize_box = messages.ask(
                self,
                "Finalize anyway?",
                "The record's times do not tell a consistent story:\n\n"
                + "\n".join(f"• {w}" for w in warnings)
                + "\n\nThe report prints these warnings. "
                + question,
                "Finalize anyway",
                self._finalize,
            )
            return
        self.finalize_box = messages.ask(
            self, "Finalize the audit", question, "Finalize", self._finalize
        )

    def _timeline(self, audit: Audit) -> list[str]:
        checklist = self.ctx.service.checklist_of(audit)

        def label_of(item_id: str) -> str:
            try:
                return checklist.label_of(item_id)
            except KeyError:
                return item_id

        now = dt.datetime.now(dt.UTC)  # finalizing before the inspection began is a story too
        return timeline_warnings(audit, label_of, finalizing_at=now)

    def _show_timeline(self, audit: Audit, read_only: bool) -> None:
        warnings = [] if read_only else self._timeline(audit)
        self.timeline_label.setVisible(bool(warnings))
        if warnings:
            colour = theme.tone("major").name()
            self.timeline_label.setText(
                f"<b style='color:{colour}'>Timeline check:</b><br>"
                + "<br>".join(f"• {html.escape(w)}" for w in warnings)
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
