"""What the rules compute from an audit: findings, scores and the outcome."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from clinic_audit.checklist.model import Result, Severity
from clinic_audit.enums import Outcome


class Computed(BaseModel):
    model_config = ConfigDict(frozen=True)


class Finding(Computed):
    key: str
    severity: Severity
    title: str
    detail: str = ""
    reference: str = ""
    section_id: str | None = None
    item_id: str | None = None
    register_name: str | None = None
    row_id: str | None = None

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

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def findings_for_row(self, row_id: str) -> list[Finding]:
        return [f for f in self.findings if f.row_id == row_id]
