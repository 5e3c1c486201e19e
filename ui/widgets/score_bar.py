"""The live score and outcome, always in view above the walk-through."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from clinic_audit.audit.model import Audit, Status
from clinic_audit.checklist.model import Severity
from clinic_audit.rules.display import plural
from clinic_audit.rules.summary import Summary
from clinic_audit.ui.style.theme import outcome_tone, tint


def score_line(summary: Summary) -> str:
    if summary.score is None:  # not "Score — · Incomplete": say what it waits for
        waiting = plural(len(summary.unanswered), "item")
        return f"No score yet: {waiting} still to answer"
    return f"Score {summary.score_text} · {summary.outcome.label}"


def progress_line(summary: Summary) -> str:
    applicable = sum(1 for s in summary.items if s.applicable)
    answered = applicable - len(summary.unanswered)
    findings = len(summary.findings)
    critical = summary.count(Severity.CRITICAL)
    text = f"{answered} of {applicable} applicable items answered · {findings} finding" + (
        "" if findings == 1 else "s"
    )
    if critical:
        text += f" ({critical} critical)"
    if summary.missing_evidence:
        missing = len(summary.missing_evidence)
        verb = "lacks" if missing == 1 else "lack"
        text += f" · {plural(missing, 'failed item')} {verb} a note or photo"
    return text


class ScoreBar(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setAccessibleName("Audit")
        self.score = QLabel()
        self.score.setAccessibleName("Score and outcome")
        font = self.score.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.score.setFont(font)
        self.progress = QLabel()
        self.progress.setAccessibleName("Progress")
        self.read_only = QLabel()
        self.read_only.setAccessibleName("Audit status")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.read_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.score)
        layout.addWidget(self.progress)

    def show_summary(self, audit: Audit, summary: Summary) -> None:
        self.title.setText(
            f"<b>{_escape(audit.facility.name)}</b> · {audit.kind.label} · {audit.audit_date}"
        )
        self.score.setText(score_line(summary))
        self.score.setStyleSheet(f"color: {outcome_tone(summary.outcome).name()}")
        self.progress.setText(progress_line(summary))
        if audit.status == Status.FINALIZED:
            when = audit.finalized_at.strftime("%Y-%m-%d %H:%M") if audit.finalized_at else ""
            self.read_only.setText(f"Finalized {when} UTC — read-only")
            tint(self.read_only, "accent", "font-weight: bold")
        elif audit.signatures:
            self.read_only.setText("Draft, signed — clear the signatures to change it")
            tint(self.read_only, "accent", "font-weight: bold")
        else:
            self.read_only.setText("Draft — each change is saved as you make it")
            tint(self.read_only, "muted")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
