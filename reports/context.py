"""What every section of the report reads: the audit, its computed summary, and the wording."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from clinic_audit.audit.model import Audit, AuditKind, CorrectiveAction, PhotoRef
from clinic_audit.checklist.model import Checklist, Item, Section
from clinic_audit.reports.flowables import JpegSource
from clinic_audit.reports.styles import Styles
from clinic_audit.rules.action_plan import actions_by_finding
from clinic_audit.rules.summary import ItemStatus, Summary


class PhotoSource(Protocol):
    def photo_jpeg(self, sha256: str) -> bytes: ...

    def photo_thumb(self, sha256: str) -> bytes: ...


@dataclass(frozen=True)
class Wording:
    """The words that differ between a formal notice and an internal review."""

    document_title: str
    intro: str
    summary: str
    findings: str
    items: str
    registers: str
    photos: str
    signoff: str
    integrity: str
    reference_label: str
    representative_role: str
    representative_label: str
    representative_statement: str
    inspector_role: str


REGULATORY = Wording(
    document_title="Notice of inspection findings",
    intro=(
        "This notice sets out the findings of an inspection of the facility named above. "
        "Each finding cites the requirement it rests on. The facility is to carry out the "
        "corrective actions listed in “Findings and required corrective actions” by the "
        "dates given."
    ),
    summary="Summary of findings",
    findings="Findings and required corrective actions",
    items="Inspection results, section by section",
    registers="Registers: practitioners, products, devices",
    photos="Photo appendix",
    signoff="Sign-off and acknowledgement of receipt",
    integrity="Record integrity",
    reference_label="Citation",
    representative_role="Facility representative — acknowledgement of receipt",
    representative_label="Facility representative",
    representative_statement=(
        "I acknowledge that I have received a copy of this notice. Signing acknowledges "
        "receipt only; it does not mean agreement with the findings."
    ),
    inspector_role="Inspector",
)
SELF_AUDIT = Wording(
    document_title="Internal readiness review",
    intro=(
        "This is an internal self-audit of the facility against the checklist named above, "
        "to find and fix gaps before an inspection. It is not a regulatory inspection. "
        "The action plan comes first."
    ),
    summary="Summary",
    findings="Action plan",
    items="Results, section by section",
    registers="Registers: practitioners, products, devices",
    photos="Photo appendix",
    signoff="Sign-off and review",
    integrity="Record integrity",
    reference_label="Reference",
    representative_role="Reviewed by",
    representative_label="Reviewer",
    representative_statement="I have reviewed this self-audit and its action plan.",
    inspector_role="Audited by",
)


@dataclass
class ReportData:
    audit: Audit
    checklist: Checklist
    summary: Summary
    photos: PhotoSource
    styles: Styles
    generated_at: dt.datetime
    digest: str
    frame_width: float
    frame_height: float
    wording: Wording = field(init=False)

    def __post_init__(self):
        self.wording = REGULATORY if self.audit.kind == AuditKind.REGULATORY else SELF_AUDIT

    @property
    def report_id(self) -> str:
        return self.audit.id[:8]

    @cached_property
    def statuses(self) -> dict[str, ItemStatus]:
        return {status.item_id: status for status in self.summary.items}

    @cached_property
    def actions(self) -> dict[str, list[CorrectiveAction]]:
        return actions_by_finding(self.audit.actions)

    @cached_property
    def photo_numbers(self) -> dict[tuple[str, int], int]:
        """Photos numbered in checklist order: (item id, index in the item) -> number."""
        numbers: dict[tuple[str, int], int] = {}
        for _section, item in self.checklist.items():
            for index, _ref in enumerate(self.audit.response(item.id).photos):
                numbers[(item.id, index)] = len(numbers) + 1
        return numbers

    def photo_list(self) -> list[tuple[int, Section, Item, PhotoRef]]:
        found = []
        for section, item in self.checklist.items():
            for index, ref in enumerate(self.audit.response(item.id).photos):
                found.append((self.photo_numbers[(item.id, index)], section, item, ref))
        return found

    def thumb(self, ref: PhotoRef) -> JpegSource:
        return JpegSource(f"thumb:{ref.sha256}", lambda: self.photos.photo_thumb(ref.sha256))

    def full(self, ref: PhotoRef) -> JpegSource:
        return JpegSource(f"photo:{ref.sha256}", lambda: self.photos.photo_jpeg(ref.sha256))

    def item_prompt(self, item_id: str | None) -> str:
        if item_id is None:
            return ""
        try:
            return self.checklist.item(item_id).prompt
        except KeyError:
            return item_id
