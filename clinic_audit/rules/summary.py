"""What the rules compute from an audit: findings, scores and the outcome."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from clinic_audit.checklist.model import Result, Severity
from clinic_audit.checklist.pack_model import Basis
from clinic_audit.enums import Outcome
from clinic_audit.rules.deadlines import CorrectionDeadline
from clinic_audit.rules.display import score_text


class Computed(BaseModel):
    model_config = ConfigDict(frozen=True)


class Finding(Computed):
    key: str
    severity: Severity
    title: str  # as printed: for a register finding, "<row name>: <problem>"
    detail: str = ""
    reference: str = ""
    section_id: str | None = None
    item_id: str | None = None
    register_name: str | None = None
    row_id: str | None = None
    rule: str | None = None  # a register rule's name, e.g. "licence_expired"
    code: str = ""  # the item's stable code (format 2), e.g. "RM-02"
    violation: str = ""  # the failed state in plain words (format 2)
    evidences: str | None = None  # a register finding: the item whose requirement it breaks
    counted_with: str | None = None  # the key of the item finding this one is counted in
    basis: list[Basis] = []  # under a jurisdiction pack: the law the finding rests on
    no_rule: str = ""  # under a pack: why no rule of that place is cited
    subject: str = ""  # what a register finding is about: the row's name
    problem: str = ""  # a register finding's problem, without the row's name
    deadline: CorrectionDeadline | None = None  # when it must be corrected (pack/inspector)
    repeat_of: dt.date | None = None  # a repeat violation: the earlier audit it failed at
    escalated_from: Severity | None = None  # its severity before a pack raised the repeat

    @property
    def from_register(self) -> bool:
        return self.register_name is not None


class ItemStatus(Computed):
    section_id: str
    item_id: str
    applicable: bool
    result: Result | None
    missing_note: bool = False
    missing_photo: bool = False

    @property
    def missing(self) -> list[str]:
        """The evidence a failed item still needs, in words: ["a note", "a photo"]."""
        return [w for w, m in (("a note", self.missing_note), ("a photo", self.missing_photo)) if m]

    @property
    def missing_text(self) -> str:
        """'a note and a photo', '' when nothing is missing."""
        return " and ".join(self.missing)


class SectionScore(Computed):
    section_id: str
    title: str
    applicable: int
    answered: int
    passed: int
    failed: int
    not_observed: int
    score: float | None
    has_critical_failure: bool


class Summary(Computed):
    as_of: dt.date
    items: list[ItemStatus]
    sections: list[SectionScore]
    findings: list[Finding]
    score: float | None
    outcome: Outcome
    unanswered: list[str]
    missing_evidence: list[str]

    @property
    def complete(self) -> bool:
        return not self.unanswered

    @property
    def score_text(self) -> str:
        return score_text(self.score)

    @property
    def finding_keys(self) -> set[str]:
        return {finding.key for finding in self.findings}

    @property
    def counted(self) -> list[Finding]:
        """The findings that count: with one_finding_per_fact, a register finding of an
        item that failed is part of that item's finding (one fact, one finding)."""
        return [f for f in self.findings if f.counted_with is None]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.counted if f.severity == severity)

    def findings_for_row(self, row_id: str) -> list[Finding]:
        return [f for f in self.findings if f.row_id == row_id]


def applicability_change(before: Summary, after: Summary) -> tuple[list[str], list[str]]:
    """The items that came to apply and those that stopped applying between two
    summaries of one audit (a register row saved or removed), in checklist order."""
    was = {status.item_id for status in before.items if status.applicable}
    now = {status.item_id for status in after.items if status.applicable}
    order = [status.item_id for status in after.items]
    return [i for i in order if i in now - was], [i for i in order if i in was - now]
