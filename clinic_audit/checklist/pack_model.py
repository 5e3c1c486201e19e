"""A jurisdiction pack, as data: the rules of one place laid over a base checklist.

A pack ``extends`` a base checklist version (``microneedling@2.0.0``) and sets, for that
jurisdiction: each item's legal **basis** (the enforceable rule: code, section, title,
effective date), kept apart from the base's guidance sources ("see also"); overrides of
an item's severity or wording; items that do not apply there; added items and sections;
the **thresholds** the rules and the notice use (spore-test interval, correction
deadlines by severity, the appeal right …); the text of the legal notice; and the
**scope of practice**: which license may perform which procedure, up to what needle
depth, under what supervision. ``packs.resolve`` turns base and pack into the checklist
an audit under the pack is scored with.

``pack_format`` is the format of the file itself, so the format can grow without
breaking installed packs; ``version`` is the content's (an audit keeps the version it
was made under, and a shipped version never changes).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from clinic_audit.checklist.types import Identifier, Source, SourceKey, Strict, Text, Version
from clinic_audit.enums import Severity

PACK_FORMAT = 1
SymbolId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,40}$")]
ChecklistRef = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*@\d+(\.\d+){0,2}$")]

# Supervision arrangements, weakest first: a rule that requires one is met by it or any
# stronger one (a physician on site also satisfies "available").
SUPERVISION_LEVELS: tuple[str, ...] = (
    "none",
    "medical_director_on_file",
    "good_faith_exam",
    "physician_available",
    "physician_on_site",
)
Supervision = Literal[
    "none",
    "medical_director_on_file",
    "good_faith_exam",
    "physician_available",
    "physician_on_site",
]


class Jurisdiction(Strict):
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]  # ISO 3166-1
    region: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}$")] | None = None
    name: Text


class Basis(Strict):
    """An enforceable rule in the pack's jurisdiction that an item rests on."""

    code: Text  # "22 TAC §193.17(d)(3)", "29 CFR 1910.1030(d)(4)(iii)(A)"
    title: Text
    requirement: Text  # what it requires, in words: the notice prints "<code> requires …"
    effective: dt.date | None = None
    source: SourceKey | None = None  # where to read it (the pack's sources)
    confirmed: bool  # read in the official text, or a faithful republication of it
    note: Text | None = None  # what is unconfirmed, or how the rule applies


class ItemOverride(Strict):
    """What a pack says of one base item."""

    enforceable: bool | None = None  # True: a basis is required (validate says if missing)
    basis: list[Basis] = Field(default_factory=list)
    no_rule: Text | None = None  # "no specific rule here; guidance only", with why
    not_applicable: Text | None = None  # the item does not apply here, and why
    severity: Severity | None = None
    prompt: Text | None = None
    guidance: Text | None = None
    violation: Text | None = None


class RegisterFindingOverride(Strict):
    basis: list[Basis] = Field(default_factory=list)
    no_rule: Text | None = None
    severity: Severity | None = None


class AddedItem(Strict):
    """An item the pack adds: the base's item fields (``item``), where it goes, its basis."""

    section: Identifier
    after: Identifier | None = None  # at the end of the section when None
    item: dict[str, object]  # validated as a checklist Item when the pack is resolved
    basis: list[Basis] = Field(min_length=1)


class AddedSection(Strict):
    after: Identifier | None = None
    section: dict[str, object]  # validated as a checklist Section (its items need basis)
    basis: dict[Identifier, list[Basis]] = Field(default_factory=dict)  # by item id


class Deadline(Strict):
    """How long the facility has to correct a finding of one severity."""

    severity: Severity
    kind: Literal["immediately", "working_days", "calendar_days", "next_inspection"]
    days: int | None = Field(default=None, ge=1, le=365)
    text: Text  # as the notice prints it: "Immediately; microneedling stops until …"
    basis: list[Basis] = Field(default_factory=list)


class Thresholds(Strict):
    spore_test_max_age_days: int | None = Field(default=None, ge=1, le=366)
    multi_dose_max_open_days: int | None = Field(default=None, ge=1, le=366)
    licence_warning_days: int | None = Field(default=None, ge=0, le=366)
    record_retention_years: int | None = Field(default=None, ge=1, le=50)
    correction_deadlines: list[Deadline] = Field(min_length=3, max_length=3)
    plan_of_correction_days: int | None = Field(default=None, ge=1, le=365)
    appeal_days: int | None = Field(default=None, ge=1, le=365)
    inspection_interval_months: int | None = Field(default=None, ge=1, le=120)
    repeat_window_months: int = Field(default=24, ge=1, le=120)
    repeat_escalates: bool = False  # a repeat violation is raised one severity
    page_size: Literal["A4", "Letter"] = "Letter"


class Notice(Strict):
    """The legal text the regulatory notice prints, in this jurisdiction's words."""

    authority: Text  # under what law the inspection is made
    plan_of_correction: Text
    right_to_respond: Text
    if_not_corrected: Text
    not_final: Text | None = None  # "This is not a final agency determination …"


class LicenceType(Strict):
    id: SymbolId
    label: Text
    can_draw_blood: bool = False  # licensed to perform phlebotomy (a PRP draw)


class Procedure(Strict):
    id: SymbolId
    label: Text
    kind: Literal["microneedling", "prp_draw", "rf_microneedling"]
    depth_min_mm: float | None = Field(default=None, ge=0, le=10)  # a depth band, inclusive
    depth_max_mm: float | None = Field(default=None, ge=0, le=10)


class ScopeRule(Strict):
    """May a holder of ``license`` perform ``procedure`` here, and under what supervision."""

    licence: SymbolId
    procedure: SymbolId
    allowed: bool
    supervision: Supervision = "none"  # the least arrangement the rule requires
    basis: list[Basis] = Field(default_factory=list)
    note: Text | None = None


class ScopeOfPractice(Strict):
    licence_types: list[LicenceType] = Field(min_length=1)
    procedures: list[Procedure] = Field(min_length=1)
    rules: list[ScopeRule] = Field(default_factory=list)
    default_allowed: bool = False  # a licence and procedure no rule names


class AppliedPack(Strict):
    """What a checklist resolved under a pack carries of it (``Checklist.pack``)."""

    id: Identifier
    version: Version
    title: Text
    jurisdiction: Jurisdiction
    effective: dt.date
    statement: Text
    thresholds: Thresholds
    notice: Notice
    scope_of_practice: ScopeOfPractice


class Pack(Strict):
    pack_format: Literal[1]
    id: Identifier
    version: Version
    title: Text
    jurisdiction: Jurisdiction
    effective: dt.date
    extends: ChecklistRef
    statement: Text  # what the pack is and is not (a generic pack: guidance, not law)
    sources: list[Source] = Field(default_factory=list)  # law the basis cites
    thresholds: Thresholds
    notice: Notice
    scope_of_practice: ScopeOfPractice
    default_no_rule: Text  # said of every base item the pack gives no basis
    items: dict[Identifier, ItemOverride] = Field(default_factory=dict)
    register_findings: dict[str, RegisterFindingOverride] = Field(default_factory=dict)
    add_items: list[AddedItem] = Field(default_factory=list)
    add_sections: list[AddedSection] = Field(default_factory=list)

    @property
    def base(self) -> tuple[str, str]:
        checklist_id, _, version = self.extends.partition("@")
        return checklist_id, version
