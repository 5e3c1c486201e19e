"""What every section of the report reads: the audit, its computed summary, and the wording."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from clinic_audit.audit.model import (
    ActionProgress,
    Agency,
    Audit,
    AuditKind,
    CorrectiveAction,
    PhotoRef,
    Status,
)
from clinic_audit.checklist.model import Checklist, Item, Result, Section
from clinic_audit.evidence.plan import SignaturePlan
from clinic_audit.reports.flowables import JpegSource
from clinic_audit.reports.printed_photos import PrintedPhotos
from clinic_audit.reports.styles import Styles
from clinic_audit.rules.action_plan import actions_by_finding, with_progress
from clinic_audit.rules.display import local_time
from clinic_audit.rules.summary import ItemStatus, Summary
from clinic_audit.rules.timeline import timeline_warnings


class PhotoSource(Protocol):
    def photo_jpeg(self, sha256: str) -> bytes: ...

    def photo_thumb(self, sha256: str) -> bytes: ...


@dataclass(frozen=True)
class Wording:
    """The words that differ between a formal notice and an internal review."""

    document_title: str
    intro: str
    summary: str  # the short table of findings
    findings: str  # each finding in full
    scores: str
    items: str
    registers: str
    photos: str
    signoff: str
    sources: str
    integrity: str
    finding_word: str  # "Violation", "Finding"
    representative_role: str
    representative_label: str
    representative_statement: str
    inspector_role: str


REGULATORY = Wording(
    document_title="Notice of Inspection Findings",
    intro=(
        "This notice sets out the violations found at an inspection of the facility named "
        "above. Each violation states the requirement and the law it rests on, what was "
        "observed, the correction required and its deadline, and the facility's plan of "
        "correction as recorded."
    ),
    summary="Summary of violations",
    findings="Statement of violations and required corrections",
    scores="Score by section",
    items="Inspection results, section by section",
    registers="Registers: practitioners, products, devices",
    photos="Evidence: photographs",
    signoff="Sign-off and acknowledgment of receipt",
    sources="Sources cited",
    integrity="Record integrity",
    finding_word="Violation",
    representative_role="Facility representative — acknowledgment of receipt",
    representative_label="Facility representative",
    representative_statement=(
        "I acknowledge that I have received a copy of this notice. Signing acknowledges "
        "receipt only; it does not mean agreement with the findings."
    ),
    inspector_role="Inspector",
)
SELF_AUDIT = Wording(
    document_title="Internal Readiness Review",
    intro=(
        "This is an internal self-audit of the facility against the checklist named above, "
        "to find and fix gaps before an inspection. It is not a regulatory inspection and "
        "carries no legal effect. The action plan comes first."
    ),
    summary="Action plan",
    findings="Findings in full",
    scores="Score by section",
    items="Results, section by section",
    registers="Registers: practitioners, products, devices",
    photos="Photographs",
    signoff="Sign-off and review",
    sources="Sources cited",
    integrity="Record integrity",
    finding_word="Finding",
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
    revision: int | None = None
    failure_photos_only: bool = False
    agency: Agency | None = None  # the letterhead: the record's, else one given for it
    progress: list[ActionProgress] = field(default_factory=list)  # logged after finalizing
    signature: SignaturePlan | None = None  # the report is signed, as this says
    signature_spots: list = field(default_factory=list)  # where the field was drawn
    full_resolution: bool = False  # print the stored JPEGs, not copies at PRINT_DPI
    wording: Wording = field(init=False)
    printed: PrintedPhotos = field(init=False)

    def __post_init__(self):
        self.wording = REGULATORY if self.audit.kind == AuditKind.REGULATORY else SELF_AUDIT
        self.printed = PrintedPhotos(self.photos, self.full_resolution)

    @property
    def regulatory(self) -> bool:
        return self.audit.kind == AuditKind.REGULATORY

    @property
    def final(self) -> bool:
        return self.audit.status == Status.FINALIZED

    @property
    def report_id(self) -> str:
        """The audit's id, F (final) or D (draft), and the record's revision: a draft and
        the final report of one audit never share an id."""
        return f"{self.audit.id[:8]}-{'F' if self.final else 'D'}{self.revision or ''}"

    @property
    def today(self) -> dt.date:
        """The day the report is built, where the audit took place."""
        return self.generated_at.astimezone(self.audit.zone).date()

    def time(self, moment: dt.datetime | None) -> str:
        """A moment in the audit's time zone, with the zone: "2026-12-02 09:30 CST"."""
        return "—" if moment is None else local_time(moment, self.audit.zone)

    @cached_property
    def statuses(self) -> dict[str, ItemStatus]:
        return {status.item_id: status for status in self.summary.items}

    @cached_property
    def actions(self) -> dict[str, list[CorrectiveAction]]:
        return actions_by_finding(with_progress(self.audit.actions, self.progress, self.audit.zone))

    @cached_property
    def timeline(self) -> list[str]:
        return timeline_warnings(self.audit, self.label_of, self.generated_at)

    def label_of(self, item_id: str) -> str:
        """An item's code ("RM-13"), or its id if the checklist lacks it."""
        try:
            return self.checklist.label_of(item_id)
        except KeyError:
            return item_id

    @cached_property
    def finding_numbers(self) -> dict[str, int]:
        """Findings numbered as the notice prints them: by key."""
        return {f.key: number for number, f in enumerate(self.summary.findings, start=1)}

    def failed(self, item_id: str) -> bool:
        status = self.statuses.get(item_id)
        return status is not None and status.result == Result.FAIL

    @cached_property
    def photo_numbers(self) -> dict[tuple[str, int], int]:
        """Photos numbered as the evidence pages print them, failures' photos first, each
        group in checklist order: (item id, index in the item) -> number."""
        ordered = sorted(self.checklist.items(), key=lambda pair: not self.failed(pair[1].id))
        numbers: dict[tuple[str, int], int] = {}
        for _section, item in ordered:
            for index, _ref in enumerate(self.audit.response(item.id).photos):
                numbers[(item.id, index)] = len(numbers) + 1
        return numbers

    def photo_list(self) -> list[tuple[int, Section, Item, PhotoRef]]:
        found = []
        for section, item in self.checklist.items():
            for index, ref in enumerate(self.audit.response(item.id).photos):
                found.append((self.photo_numbers[(item.id, index)], section, item, ref))
        return sorted(found, key=lambda entry: entry[0])

    def photo_numbers_of(self, item_id: str) -> list[int]:
        photos = self.audit.response(item_id).photos
        return [self.photo_numbers[(item_id, index)] for index in range(len(photos))]

    def printed_photo(self, number: int) -> bool:
        """Whether photo ``number`` has an evidence page (all, or failures' only)."""
        entry = next(e for e in self.photo_list() if e[0] == number)
        return not self.failure_photos_only or self.failed(entry[2].id)

    def full(self, ref: PhotoRef) -> JpegSource:
        """The photo as printed (``printed``), embedded byte for byte: one image object
        per photo, wherever it is drawn, so the SHA-256 printed is the image's in the PDF."""
        return JpegSource(f"photo:{ref.sha256}", lambda: self.printed.draw(ref))

    def item_prompt(self, item_id: str | None) -> str:
        if item_id is None:
            return ""
        try:
            return self.checklist.item(item_id).prompt
        except KeyError:
            return item_id


def item_anchor(item_id: str) -> str:
    return f"item-{item_id}"


def photo_anchor(number: int) -> str:
    return f"photo-{number}"


def finding_anchor(number: int) -> str:
    return f"finding-{number}"
