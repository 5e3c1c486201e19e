"""The conditions an item applies under (``applies_when``), as data: on an earlier answer,
on a register row, or combined. ``conditions.holds`` evaluates them."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Discriminator, Field, Tag

from clinic_audit.checklist.types import Identifier, RegisterName, Strict
from clinic_audit.enums import Result


class ItemCondition(Strict):
    """True when an earlier item was answered with one of the given results."""

    item: Identifier
    result_in: list[Result] = Field(min_length=1)


class RegisterCondition(Strict):
    """True when at least one row of a register has every field equal to the given value."""

    register_: RegisterName = Field(alias="register")
    where: dict[str, str | bool] = Field(default_factory=dict)


class SeenCondition(Strict):
    """True when the inspector recorded the thing as seen on site (``seen_on_site``)."""

    seen: str = Field(pattern=r"^[a-z][a-z0-9_]{1,40}$")


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
    "seen": "SeenCondition",
    "all": "AllOf",
    "any": "AnyOf",
    "not": "Not",
}

Condition = Annotated[
    Annotated[ItemCondition, Tag("ItemCondition")]
    | Annotated[RegisterCondition, Tag("RegisterCondition")]
    | Annotated[SeenCondition, Tag("SeenCondition")]
    | Annotated[AllOf, Tag("AllOf")]
    | Annotated[AnyOf, Tag("AnyOf")]
    | Annotated[Not, Tag("Not")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition_kind",
        custom_error_message=(
            "a condition needs one of the keys item, register, seen, all, any, not"
        ),
    ),
]
AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()
