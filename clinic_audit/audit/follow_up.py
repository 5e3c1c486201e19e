"""What an audit knows of the facility's earlier audits: the findings a follow-up
inspection re-checks, and the failures that make a finding a repeat violation. Both are
copied in when the audit is made, so it scores and prints the same wherever it goes."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from clinic_audit.audit.base import FindingKey, FreeText, Id, Record, Sha256
from clinic_audit.checklist.types import Identifier
from clinic_audit.enums import Severity


class CorrectionFound(StrEnum):
    CORRECTED = "corrected"
    NOT_CORRECTED = "not_corrected"

    @property
    def label(self) -> str:
        return {"corrected": "Corrected", "not_corrected": "Not corrected"}[self.value]


class EarlierFinding(Record):
    """A finding of the audit this one follows up, and what the inspector found of it."""

    key: FindingKey
    code: FreeText = ""
    title: FreeText
    severity: Severity
    audit_id: Id
    audit_date: dt.date
    found: CorrectionFound | None = None
    note: FreeText = ""
    photo_sha256: Sha256 | None = Field(
        default=None, description="A photo of the correction, among this audit's photos"
    )


class PriorFailure(Record):
    """An item that failed at a finalized audit of the same facility."""

    code: FreeText = ""
    item_id: Identifier
    audit_id: Id
    audit_date: dt.date
