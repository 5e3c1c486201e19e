"""Evaluate an item's ``applies_when`` condition against the answers and registers."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel

from clinic_audit.audit.model import Audit
from clinic_audit.checklist.model import (
    AllOf,
    AnyOf,
    Condition,
    ItemCondition,
    Not,
    RegisterCondition,
    SeenCondition,
)


def holds(condition: Condition | None, audit: Audit) -> bool:
    if condition is None:
        return True
    if isinstance(condition, ItemCondition):
        return audit.response(condition.item).result in condition.result_in
    if isinstance(condition, RegisterCondition):
        rows = getattr(audit, condition.register_)
        return any(_row_matches(row, condition.where) for row in rows)
    if isinstance(condition, SeenCondition):
        return condition.seen in audit.seen_on_site
    if isinstance(condition, AllOf):
        return all(holds(child, audit) for child in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(child, audit) for child in condition.any)
    if isinstance(condition, Not):
        return not holds(condition.not_, audit)
    raise TypeError(f"unknown condition {condition!r}")


def _row_matches(row: BaseModel, where: dict[str, str | bool]) -> bool:
    for field, wanted in where.items():
        value = getattr(row, field)
        if isinstance(value, Enum):
            value = value.value
        if value != wanted:
            return False
    return True
