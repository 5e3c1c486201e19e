"""Screen 5: every finding, critical first, each with its corrective actions."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from clinic_audit.audit.follow_up import CorrectionFound
from clinic_audit.audit.model import ActionStatus, Audit, AuditKind, CorrectiveAction, Status
from clinic_audit.checklist.model import Severity
from clinic_audit.files.photos import NormalizedPhoto
from clinic_audit.rules.action_plan import actions_by_finding, plan_progress
from clinic_audit.rules.summary import Finding, Summary
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs import messages
from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text, load_audit
from clinic_audit.ui.models.register_fields import REGISTER_TITLES
from clinic_audit.ui.refresh_when_shown import RefreshWhenShown
from clinic_audit.ui.screens.base import Screen
from clinic_audit.ui.style.severity import SEVERITY_WORDS, severity_css
from clinic_audit.ui.widgets.action_editor import ActionEditor
from clinic_audit.ui.widgets.earlier_findings import EarlierFindings
from clinic_audit.ui.widgets.finding_card import FindingCard
from clinic_audit.ui.widgets.lock_note import finalized_note, show_lock


class FindingsScreen(Screen):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.audit_id: str | None = None
        self.cards: dict[str, FindingCard] = {}
        title = QLabel("<h2>Findings and corrective actions</h2>", self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.counts_label = QLabel(self)
        self.counts_label.setWordWrap(True)
        self.counts_label.setAccessibleName("Findings count")
        self.read_only_note = finalized_note(self)
        self.empty_label = QLabel(
            "No findings: every answered item passed and the registers raise nothing.", self
        )
        self.empty_label.hide()
        self.list_widget = QWidget(self)
        self.list_layout = QVBoxLayout(self.list_widget)
        self.earlier = EarlierFindings(self.list_widget)
        self.earlier.hide()
        self.list_layout.addWidget(self.earlier)
        self.list_layout.addStretch(1)
        self.scroll_area = QScrollArea(self)  # not ``scroll``: that is QWidget's scroll()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.list_widget)
        self.scroll_area.setAccessibleName("Findings")
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.intro)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.scroll_area, 1)
        self.refresher = RefreshWhenShown(self, ctx.audit_changed)

    def show_audit(self, audit_id: str) -> None:
        if audit_id != self.audit_id:
            self._clear_cards()
        self.audit_id = audit_id
        self.refresh()

    def card(self, finding_key: str) -> FindingCard:
        return self.cards[finding_key]

    def focus_default(self) -> None:
        if self.cards:
            self.go_to_finding(next(iter(self.cards)))
        else:
            self.setFocus()

    def go_to_finding(self, finding_key: str) -> None:
        """Show a finding's card with the cursor in what it lacks: the deadline of a
        regulatory finding, else its first corrective action."""
        card = self.cards.get(finding_key)
        if card is None:
            return
        self.scroll_area.ensureWidgetVisible(card)
        if card.correction_editor is not None:
            card.correction_editor.earlier.setFocus()
        elif card.editors:
            card.editors[0].action_edit.setFocus()

    def refresh(self) -> None:
        if self.audit_id is None:
            return
        loaded = load_audit(self, self.ctx, self.audit_id, "Cannot show the findings")
        if loaded is None:
            return
        audit, summary = loaded
        if [f.key for f in summary.findings] != list(self.cards):
            self._build_cards(audit, summary)
        actions = actions_by_finding(audit.actions)
        read_only = show_lock(self.read_only_note, audit)
        self.earlier.show_findings(audit.earlier_findings, self._save_earlier, not read_only)
        finalized = audit.status == Status.FINALIZED
        log = self.ctx.opened_store.action_log(audit.id) if finalized else []
        record = self._record_progress if finalized else None
        findings = {finding.key: finding for finding in summary.findings}
        for key, card in self.cards.items():
            card.show_actions(actions.get(key, []))
            card.set_read_only(read_only)
            for editor in card.editors:
                editor.show_progress(log, record)
            if card.correction_editor is not None:
                editable = not read_only
                card.correction_editor.show_correction(
                    findings[key], audit.correction(key), editable
                )
        self.empty_label.setVisible(not summary.findings)
        self.intro.setText(_intro(audit))
        self.counts_label.setText(_counts(summary, audit.actions))

    def _clear_cards(self) -> None:
        for card in self.cards.values():
            if card.correction_editor is not None:
                self.ctx.settled(card.correction_editor.pending_key)
            for editor in card.editors:
                self.ctx.settled(editor.pending_key)
            card.setParent(None)
            card.deleteLater()
        self.cards = {}

    def _build_cards(self, audit: Audit, summary: Summary) -> None:
        self._clear_cards()
        sections = {s.section_id: s.title for s in summary.sections}
        regulatory = audit.kind == AuditKind.REGULATORY
        for finding in summary.findings:  # already ordered critical first
            observed = audit.response(finding.item_id).note if finding.item_id else ""
            card = FindingCard(
                finding,
                _where(finding, sections),
                observed,
                self._save_action,
                audit.audit_date,
                self.list_widget,
                save_correction=self._save_correction if regulatory else None,
            )
            card.remove_requested.connect(lambda editor, c=card: self._remove_action(c, editor))
            card.typing.connect(self.ctx.typing)
            card.settled.connect(self.ctx.settled)
            self.cards[finding.key] = card
            self.list_layout.insertWidget(self.list_layout.count() - 1, card)

    def flush_pending(self) -> None:
        for card in list(self.cards.values()):
            card.flush()

    def _save_action(self, action: CorrectiveAction) -> None:
        assert self.audit_id is not None  # the cards are the shown audit's
        try:
            self.ctx.service.put_action(self.audit_id, action)
        except EXPECTED_ERRORS as error:
            self.ctx.refused(str(error))
            raise
        self.ctx.notify_changed(self.audit_id, "Corrective action saved")

    def _record_progress(
        self, action_id: str, status: ActionStatus, note: str, photo: NormalizedPhoto | None
    ) -> str | None:
        """Progress of a finalized audit's action, to its log; the refusal if any."""
        assert self.audit_id is not None
        try:
            self.ctx.service.record_progress(
                self.audit_id, action_id, status, note, normalized=photo
            )
        except EXPECTED_ERRORS as error:
            self.ctx.refused(str(error))
            return error_text(error, "The progress")
        self.ctx.notify_changed(self.audit_id, "Progress recorded in the action's log")
        return None

    def _save_earlier(
        self, key: str, found: CorrectionFound | None, note: str, photo: NormalizedPhoto | None
    ) -> str | None:
        """What the follow-up found of an earlier finding (a new photo of it is kept with
        its item in this audit); the refusal if any."""
        assert self.audit_id is not None
        service = self.ctx.service
        try:
            earlier = self.ctx.opened_store.get(self.audit_id).earlier(key)
            sha = earlier.photo_sha256 if earlier else None
            if photo is not None:
                service.attach_normalized_photo(
                    self.audit_id, key.removeprefix("item:"), photo, "follow-up.jpg"
                )
                sha = photo.sha256
            service.record_earlier(self.audit_id, key, found, note, sha)
        except EXPECTED_ERRORS as error:
            self.ctx.refused(str(error))
            return error_text(error, "The follow-up")
        self.ctx.notify_changed(self.audit_id, "Follow-up saved")
        return None

    def _save_correction(
        self, finding_key: str, due: dt.date | None, immediately: bool, proof: str, wording: str
    ) -> str | None:
        """The agency's deadline, proof asked and wording for one finding; the refusal if any."""
        assert self.audit_id is not None  # the cards are the shown audit's
        try:
            self.ctx.service.set_correction(
                self.audit_id,
                finding_key,
                due=due,
                immediately=immediately,
                correction=wording,
                proof=proof,
            )
        except EXPECTED_ERRORS as error:
            self.ctx.refused(str(error))
            return error_text(error, "The deadline")
        self.ctx.notify_changed(self.audit_id, "Required correction saved")
        return None

    def _remove_action(self, card: FindingCard, editor: ActionEditor) -> None:
        if editor.action is None:
            card.drop_editor(editor)  # never stored: nothing to remove from the store
            return
        written = editor.action.action.strip()
        if not written:
            self._remove_stored_action(editor)
            return
        messages.ask(
            self,
            "Remove the corrective action",
            f"Remove the corrective action “{_shortened(written)}” from the finding "
            f"“{card.finding.title}”? The audit trail keeps a record of it.",
            "Remove",
            lambda: self._remove_stored_action(editor),
        )

    def _remove_stored_action(self, editor: ActionEditor) -> None:
        assert self.audit_id is not None  # the cards are the shown audit's
        try:
            self.ctx.service.remove_action(self.audit_id, editor.action_id)
        except EXPECTED_ERRORS as error:
            editor.error_label.setText(error_text(error, "The corrective action"))
            editor.error_label.show()
            return
        self.ctx.notify_changed(self.audit_id, "Corrective action removed")


def _shortened(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _where(finding: Finding, sections: dict[str, str]) -> str:
    if finding.register_name:
        return f"{REGISTER_TITLES[finding.register_name]} register"
    assert finding.section_id is not None  # a checklist finding names its section
    return f"Checklist, section “{sections.get(finding.section_id, finding.section_id)}”"


def _intro(audit: Audit) -> str:
    if audit.status == Status.FINALIZED:
        return "The findings and the corrective actions as they stood when the audit was finalized."
    if audit.kind == AuditKind.SELF_AUDIT:
        return (
            "This is the clinic's action plan: give every finding an action, a person and a "
            "due date, and move it to Done when it is fixed. Changes are saved as you make them."
        )
    return (
        "Agree a corrective action with the facility for each finding. Critical findings mean "
        "microneedling stops until they are corrected. Changes are saved as you make them."
    )


def _counts(summary: Summary, actions: list[CorrectiveAction]) -> str:
    if not summary.findings:
        return ""
    parts = []
    for severity in Severity:
        count = summary.count(severity)
        if count:
            colour = severity_css(severity)
            word = SEVERITY_WORDS[severity].lower()
            parts.append(f"<span style='color:{colour}; font-weight:bold'>{count} {word}</span>")
    progress = plan_progress([f.key for f in summary.findings], actions)
    total = progress.findings
    return (
        f"{total} finding{'s' if total != 1 else ''}: "
        + ", ".join(parts)
        + f" · {progress.planned} of {total} have an action · {progress.done} done"
    )
