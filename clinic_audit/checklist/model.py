"""The checklist definition: sections, items, conditions and outcome rules, as data."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from clinic_audit.audit.model import LicenceType
from clinic_audit.checklist.condition_model import (  # noqa: F401 - re-exported
    CONDITION_KEYS,
    AllOf,
    AnyOf,
    Condition,
    ItemCondition,
    Not,
    RegisterCondition,
    SeenCondition,
)
from clinic_audit.checklist.cross_checks import cross_check
from clinic_audit.checklist.pack_model import AppliedPack, Basis
from clinic_audit.checklist.types import (  # noqa: F401 - re-exported
    Identifier,
    RegisterName,
    Source,
    SourceKey,
    SourceRef,
    Strict,
    Text,
    Version,
)
from clinic_audit.enums import Result, Severity  # noqa: F401 - Result re-exported

ItemCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,4}-[0-9]{2,3}$")]
ToggleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,40}$")]


class SeenToggle(Strict):
    """Something an inspector can record as seen on site (a ``seen`` condition names it)."""

    id: ToggleId
    label: Text


class Item(Strict):
    id: Identifier
    code: ItemCode | None = None  # stable, printed beside the item; never reused (format 2)
    prompt: Text
    violation: Text | None = None  # the failed state in plain words, as a notice prints it
    guidance: Text
    evidence: Text
    severity: Severity
    weight: int | None = Field(default=None, ge=1, le=100)  # instead of the severity's
    reference: Text | None = None  # format 1: the citations as text
    sources: list[SourceRef] = Field(default_factory=list)  # format 2
    note_required_on_fail: bool = True
    photo_required_on_fail: bool = False
    applies_when: Condition | None = None
    replaces: list[Identifier] = Field(default_factory=list)  # ids of earlier versions
    basis: list[Basis] = Field(default_factory=list)  # under a pack: the law it rests on
    no_rule: Text | None = None  # under a pack: why no rule of that place is cited

    @property
    def label(self) -> str:
        """What is printed before the item: its code (format 2), else nothing."""
        return self.code or ""


class Section(Strict):
    id: Identifier
    title: Text
    purpose: Text
    items: list[Item] = Field(min_length=1)


class SeverityWeights(Strict):
    critical: int = Field(default=3, ge=1, le=100)
    major: int = Field(default=2, ge=1, le=100)
    minor: int = Field(default=1, ge=1, le=100)

    def of(self, severity: Severity) -> int:
        return getattr(self, severity.value)


class OutcomeRules(Strict):
    """How the outcome follows from the score and the findings.

    Any critical finding forces *non-compliant* when ``critical_forces_stop`` is set,
    whatever the score; otherwise a score under ``minimum_score`` is non-compliant,
    findings make it *compliant with corrective actions*, and none make it *compliant*.
    """

    minimum_score: float = Field(ge=0, le=100)
    critical_forces_stop: bool = True
    severity_weights: SeverityWeights = SeverityWeights()
    one_finding_per_fact: bool = Field(
        default=False,
        description="A register finding linked to an item (register_rules.findings.*.item) "
        "counts with that item's failure as one finding",
    )


REGISTER_RULES: dict[str, tuple[str, ...]] = {
    # the rules rules/register_rules.py applies, by register: the keys of ``findings``
    "practitioners": (
        "no_licence",
        "licence_out_of_scope",
        "licence_expiry_unknown",
        "licence_expired",
        "licence_expires_today",
        "licence_expiring_soon",
        "no_training_record",
        "no_supervising_physician",
        # under a jurisdiction pack's scope of practice (rules/scope.py)
        "depth_beyond_licence",
        "depth_not_recorded",
        "supervision_missing",
        "blood_draw_not_licensed",
    ),
    "products": (
        "no_expiry",
        "expired",
        "no_lot",
        "not_sterile",
        "not_for_broken_skin",
        "vial_not_dated",
        "vial_open_too_long",
    ),
    "devices": (
        "no_fda_clearance",
        "reusable_cartridges",
        "not_sterilized",
        "no_spore_test",
        "spore_test_overdue",
    ),
}
REGISTER_FINDING_KEYS = tuple(
    f"{r}.{rule}" for r, rules in REGISTER_RULES.items() for rule in rules
)


class RegisterFinding(Strict):
    """What a checklist says of one register rule's finding: its citation, and where it
    differs from the rule's own, its severity; and the item whose requirement it shows
    unmet (with ``one_finding_per_fact`` the two count as one finding)."""

    reference: Text | None = None
    severity: Severity | None = None
    item: Identifier | None = None
    sources: list[SourceRef] = Field(default_factory=list)
    basis: list[Basis] = Field(default_factory=list)  # under a pack
    no_rule: Text | None = None


class RegisterRules(Strict):
    """Limits the register checks apply; jurisdiction-specific, so kept in the checklist."""

    spore_test_max_age_days: int = Field(default=7, ge=1, le=366)
    multi_dose_max_open_days: int = Field(default=28, ge=1, le=366)
    licence_warning_days: int = Field(default=30, ge=0, le=366)
    licence_types_in_scope: list[Text] = Field(min_length=1)
    findings: dict[str, RegisterFinding] = Field(
        default_factory=dict,
        description="By '<register>.<rule>' (e.g. 'practitioners.no_licence'): the "
        "citation and severity of that register finding",
    )

    @model_validator(mode="after")
    def _known_rules(self) -> RegisterRules:
        unknown = sorted(set(self.findings) - set(REGISTER_FINDING_KEYS))
        if unknown:
            raise ValueError(
                f"register_rules.findings names rules that do not exist: {', '.join(unknown)}; "
                f"the rules are {', '.join(REGISTER_FINDING_KEYS)}"
            )
        return self


class Checklist(Strict):
    """Format 1 (checklist 1.0.0): items cite with ``reference`` text. Format 2: every item
    has a stable ``code``, its ``violation`` wording and ``sources`` (keys into the
    checklist's ``sources``, each with its section); ``seen_on_site`` toggles; register
    findings linked to the items they evidence."""

    format: Literal[1, 2] = 1
    id: Identifier
    title: Text
    version: Version
    scope: Text
    severity_rule: Text | None = None
    sources: list[Source] = Field(default_factory=list)
    outcome_rules: OutcomeRules
    seen_on_site: list[SeenToggle] = Field(default_factory=list)
    register_rules: RegisterRules
    sections: list[Section] = Field(min_length=1)
    pack: AppliedPack | None = None  # set when resolved under a jurisdiction pack

    @model_validator(mode="after")
    def _ids_unique_and_conditions_resolve(self) -> Checklist:
        cross_check(self)
        return self

    def items(self) -> list[tuple[Section, Item]]:
        return [(section, item) for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item:
        for _section, item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def number_of(self, item_id: str) -> str:
        """The item's place as printed beside it: section number, dot, item number."""
        for s_index, section in enumerate(self.sections, start=1):
            for i_index, item in enumerate(section.items, start=1):
                if item.id == item_id:
                    return f"{s_index}.{i_index}"
        raise KeyError(item_id)

    def label_of(self, item_id: str) -> str:
        """How messages name an item: its stable code (format 2), else its number."""
        code = self.item(item_id).code
        return code or self.number_of(item_id)

    def licence_types(self) -> list[tuple[str, str]]:
        """The license types a practitioner may hold, (id, label): the pack's, else the
        checklist's own (LicenceType)."""
        if self.pack is not None:
            return [(t.id, t.label) for t in self.pack.scope_of_practice.licence_types]
        return [(t.value, t.label) for t in LicenceType]

    def licence_label(self, licence_id: str) -> str:
        return dict(self.licence_types()).get(licence_id, licence_id.replace("_", " "))

    def source(self, key: str) -> Source:
        return next(source for source in self.sources if source.key == key)

    def citation(self, refs: list[SourceRef]) -> str:
        """Citations in words: "CDC 2016 [S1] II.1.A …; WHO 2009 [S29] …"."""
        return "; ".join(
            f"{self.source(ref.key).issuer} {self.source(ref.key).year} [{ref.key}] {ref.section}"
            for ref in refs
        )

    def reference_of(self, item: Item) -> str:
        """An item's citations as one text, whatever the format."""
        return item.reference or self.citation(item.sources)

    def basis_of(self, item: Item) -> str | None:
        """Under a pack, the law an item rests on in words ("22 TAC §169.27(b), Title;
        …", unconfirmed ones marked), or why no rule of that place is cited; None
        without a pack."""
        if self.pack is None:
            return None
        if not item.basis:
            return item.no_rule or "No specific rule here; guidance only."
        return "; ".join(
            f"{b.code}, {b.title}" + ("" if b.confirmed else " (text not confirmed)")
            for b in item.basis
        )

    def section_of(self, item_id: str) -> Section:
        for section, item in self.items():
            if item.id == item_id:
                return section
        raise KeyError(item_id)
