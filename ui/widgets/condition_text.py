"""Say in words when an item applies, for items greyed out by their ``applies_when``."""

from __future__ import annotations

from clinic_audit.checklist.model import (
    AllOf,
    AnyOf,
    Checklist,
    Condition,
    ItemCondition,
    Not,
    RegisterCondition,
)

REGISTER_ROWS = {"practitioners": "a practitioner", "products": "a product", "devices": "a device"}


def _value(value: str | bool) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.replace("_", " ")


def describe(condition: Condition, checklist: Checklist) -> str:
    if isinstance(condition, ItemCondition):
        try:
            prompt = checklist.item(condition.item).prompt
        except KeyError:
            prompt = condition.item
        answers = " or ".join(result.label for result in condition.result_in)
        return f"“{prompt.rstrip('.')}” is answered {answers}"
    if isinstance(condition, RegisterCondition):
        fields = ", ".join(
            f"{field.replace('_', ' ')} {_value(value)}" for field, value in condition.where.items()
        )
        who = REGISTER_ROWS.get(condition.register_, condition.register_)
        where = f" with {fields}" if fields else ""
        return f"the {condition.register_} register lists {who}{where}"
    if isinstance(condition, AllOf):
        return " and ".join(describe(child, checklist) for child in condition.all)
    if isinstance(condition, AnyOf):
        return " or ".join(describe(child, checklist) for child in condition.any)
    if isinstance(condition, Not):
        return f"not ({describe(condition.not_, checklist)})"
    return str(condition)


def applies_only_when(condition: Condition | None, checklist: Checklist) -> str:
    if condition is None:
        return ""
    return f"this item applies only when {describe(condition, checklist)}."
