"""The checklist definition: sections, items, conditions and outcome rules, as data."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from clinic_audit.enums import Result, Severity

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", min_length=2, max_length=60)
]
Version = Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+){0,2}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


RegisterName = Literal["practitioners", "products", "devices"]


class ItemCondition(Strict):
    """True when an earlier item was answered with one of the given results."""

    item: Identifier
    result_in: list[Result] = Field(min_length=1)


class RegisterCondition(Strict):
    """True when at least one row of a register has every field equal to the given value."""

    register_: RegisterName = Field(alias="register")
    where: dict[str, str | bool] = Field(default_factory=dict)


class AllOf(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class Not(Strict):
    not_: Condition = Field(alias="not")


def _condition_kind(value: object) -> str | None:
    if isinstance(value, BaseModel):
        return type(value).__name__
    if isinstance(value, dict):
        for key, kind in CONDITION_KEYS.items():
            if key in value:
                return kind
    return None


CONDITION_KEYS = {
    "item": "ItemCondition",
    "register": "RegisterCondition",
    "all": "AllOf",
    "any": "AnyOf",
    "not": "Not",
}

Condition = Annotated[
    Annotated[ItemCondition, Tag("ItemCondition")]
    | Annotated[RegisterCondition, Tag("RegisterCondition")]
    | Annotated[AllOf, Tag("AllOf")]
    | Annotated[AnyOf, Tag("AnyOf")]
    | Annotated[Not, Tag("Not")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition_kind",
        custom_error_message="a condition needs one of the keys item, register, all, any, not",
    ),
]
AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()


class Item(Strict):
    id: Identifier
    prompt: Text
    guidance: Text
    evidence: Text
    severity: Severity
    reference: Text
    note_required_on_fail: bool = True
    photo_required_on_fail: bool = False
    applies_when: Condition | None = None


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


class RegisterRules(Strict):
    """Limits the register checks apply; jurisdiction-specific, so kept in the checklist."""

    spore_test_max_age_days: int = Field(default=7, ge=1, le=366)
    multi_dose_max_open_days: int = Field(default=28, ge=1, le=366)
    licence_warning_days: int = Field(default=30, ge=0, le=366)
    licence_types_in_scope: list[Text] = Field(min_length=1)


class Checklist(Strict):
    id: Identifier
    title: Text
    version: Version
    scope: Text
    outcome_rules: OutcomeRules
    register_rules: RegisterRules
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique_and_conditions_resolve(self) -> Checklist:
        from clinic_audit.checklist.cross_checks import cross_check

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

    def section_of(self, item_id: str) -> Section:
        for section, item in self.items():
            if item.id == item_id:
                return section
        raise KeyError(item_id)
