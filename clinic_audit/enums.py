"""The fixed sets of values an audit speaks in: answers, severities, outcomes, kinds, states.

Plain enums, without pydantic, so that the list of audits can be shown (with these words)
before the data models are loaded. The model modules re-export them: import them from
there or from here, they are the same classes.
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"

    @property
    def rank(self) -> int:
        return {"critical": 0, "major": 1, "minor": 2}[self.value]


class Result(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    NOT_OBSERVED = "not_observed"

    @property
    def label(self) -> str:
        return {
            "pass": "Pass",
            "fail": "Fail",
            "not_applicable": "N/A",
            "not_observed": "Not observed",
        }[self.value]


class Outcome(StrEnum):
    COMPLIANT = "compliant"
    COMPLIANT_WITH_ACTIONS = "compliant_with_actions"
    NON_COMPLIANT = "non_compliant"
    INCOMPLETE = "incomplete"

    @property
    def label(self) -> str:
        return {
            "compliant": "Compliant",
            "compliant_with_actions": "Compliant with corrective actions",
            "non_compliant": "Non-compliant — stop microneedling until corrected",
            "incomplete": "Incomplete — items still unanswered",
        }[self.value]


class AuditKind(StrEnum):
    REGULATORY = "regulatory_inspection"
    SELF_AUDIT = "internal_self_audit"

    @property
    def label(self) -> str:
        return {
            "regulatory_inspection": "Regulatory inspection",
            "internal_self_audit": "Internal self-audit",
        }[self.value]


class Status(StrEnum):
    DRAFT = "draft"
    FINALIZED = "finalized"
