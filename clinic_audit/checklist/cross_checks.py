"""Checks that span the whole checklist: unique ids, and conditions that resolve."""

from __future__ import annotations

from collections.abc import Container, Iterator
from enum import Enum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic_core import PydanticCustomError

from clinic_audit.audit.model import REGISTER_MODELS
from clinic_audit.checklist.condition_model import (
    AllOf,
    AnyOf,
    Condition,
    ItemCondition,
    Not,
    RegisterCondition,
    SeenCondition,
)
from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.rules.display import plural

if TYPE_CHECKING:
    from clinic_audit.checklist.model import Checklist

Problem = dict[str, Any]  # {"path": tuple, "code": ErrorCode, "params": dict}


def cross_check(checklist: Checklist) -> None:
    problems = list(_problems(checklist))
    if problems:
        raise PydanticCustomError(
            "checklist_cross_check",
            "{problems_text}",
            {
                "count": len(problems),
                "problems": problems,
                "problems_text": plural(len(problems), "cross-reference problem"),
            },
        )


FORMAT_2_FIELDS = {
    "code": "Give it a stable short code such as 'RM-01', never reused.",
    "violation": "Write the failed state in plain words, as a notice prints it.",
    "sources": "Cite at least one source with its section: {key: S1, section: '...'}.",
}


def _problems(checklist: Checklist) -> Iterator[Problem]:
    yield from _item_problems(checklist)
    yield from _source_problems(checklist)
    items = {item.id for _section, item in checklist.items()}
    for key, finding in checklist.register_rules.findings.items():
        if finding.item is not None and finding.item not in items:
            path = ("register_rules", "findings", key, "item")
            yield _problem(path, ErrorCode.UNKNOWN_FINDING_ITEM, item=finding.item)


def _item_problems(checklist: Checklist) -> Iterator[Problem]:
    toggles = {toggle.id for toggle in checklist.seen_on_site}
    codes: dict[str, str] = {}
    section_ids: dict[str, int] = {}
    item_places: dict[str, tuple[str, int, str, int]] = {}
    for s_index, section in enumerate(checklist.sections):
        path = ("sections", s_index, "id")
        if section.id in section_ids:
            first = f"sections[{section_ids[section.id]}]"
            yield _problem(path, ErrorCode.DUPLICATE_ID, id=section.id, first=first)
        section_ids.setdefault(section.id, s_index)
        for i_index, item in enumerate(section.items):
            item_path = ("sections", s_index, "items", i_index)
            if item.id in item_places:
                first_place = item_places[item.id]
                yield _problem(
                    (*item_path, "id"),
                    ErrorCode.DUPLICATE_ID,
                    id=item.id,
                    first=f"sections[{first_place[1]}].items[{first_place[3]}]",
                )
            if item.applies_when is not None:
                yield from _condition_problems(
                    item.applies_when, (*item_path, "applies_when"), item_places, item.id, toggles
                )
            item_places.setdefault(item.id, item_path)
            if checklist.format == 1 and not item.reference:
                why = "Cite the item's source, or write 'unsourced: common practice'."
                yield _problem(
                    (*item_path, "reference"),
                    ErrorCode.ITEM_FIELD_MISSING,
                    format=1,
                    field="reference",
                    why=why,
                )
            if checklist.format >= 2:
                for field, why in FORMAT_2_FIELDS.items():
                    if not getattr(item, field):
                        yield _problem(
                            (*item_path, field),
                            ErrorCode.ITEM_FIELD_MISSING,
                            format=checklist.format,
                            field=field,
                            why=why,
                        )
            if item.code is not None:
                if item.code in codes:
                    yield _problem(
                        (*item_path, "code"),
                        ErrorCode.DUPLICATE_CODE,
                        item_code=item.code,
                        first=codes[item.code],
                    )
                codes.setdefault(item.code, item.id)


def _source_problems(checklist: Checklist) -> Iterator[Problem]:
    known = {source.key for source in checklist.sources}
    cited: set[str] = set()
    for s_index, section in enumerate(checklist.sections):
        for i_index, item in enumerate(section.items):
            for r_index, ref in enumerate(item.sources):
                cited.add(ref.key)
                if ref.key not in known:
                    path = ("sections", s_index, "items", i_index, "sources", r_index, "key")
                    yield _problem(path, ErrorCode.UNKNOWN_SOURCE, key=ref.key)
    for key, finding in checklist.register_rules.findings.items():
        for r_index, ref in enumerate(finding.sources):
            cited.add(ref.key)
            if ref.key not in known:
                at = ("register_rules", "findings", key, "sources", r_index, "key")
                yield _problem(at, ErrorCode.UNKNOWN_SOURCE, key=ref.key)
    cited |= _basis_sources(checklist)
    for index, source in enumerate(checklist.sources):
        if source.key not in cited:
            yield _problem(("sources", index, "key"), ErrorCode.UNUSED_SOURCE, key=source.key)


def _basis_sources(checklist: Checklist) -> set[str]:
    """The sources a jurisdiction pack's basis citations read from."""
    bases = [b for _s, item in checklist.items() for b in item.basis]
    bases += [b for finding in checklist.register_rules.findings.values() for b in finding.basis]
    if checklist.pack is not None:
        bases += [b for rule in checklist.pack.scope_of_practice.rules for b in rule.basis]
        bases += [b for d in checklist.pack.thresholds.correction_deadlines for b in d.basis]
    return {basis.source for basis in bases if basis.source is not None}


def _condition_problems(
    cond: Condition,
    path: tuple[str | int, ...],
    earlier: Container[str],
    own_id: str,
    toggles: set[str],
) -> Iterator[Problem]:
    if isinstance(cond, ItemCondition):
        if cond.item == own_id:
            yield _problem((*path, "item"), ErrorCode.CONDITION_SELF, id=cond.item)
        elif cond.item not in earlier:
            yield _problem((*path, "item"), ErrorCode.CONDITION_UNKNOWN_ITEM, id=cond.item)
    elif isinstance(cond, RegisterCondition):
        model = REGISTER_MODELS[cond.register_]
        for field, value in cond.where.items():
            if field not in model.model_fields or field == "id":
                known = sorted(f for f in model.model_fields if f != "id")
                yield _problem(
                    (*path, "where", field),
                    ErrorCode.CONDITION_UNKNOWN_FIELD,
                    field=field,
                    register=cond.register_,
                    known=known,
                )
                continue
            problem = _value_problem(model, field, value)
            if problem:
                yield _problem(
                    (*path, "where", field),
                    ErrorCode.CONDITION_BAD_VALUE,
                    field=field,
                    value=value,
                    allowed=problem,
                )
    elif isinstance(cond, SeenCondition):
        if cond.seen not in toggles:
            listed = ", ".join(sorted(toggles)) or "(none: this checklist lists no toggles)"
            yield _problem(
                (*path, "seen"), ErrorCode.UNKNOWN_TOGGLE, toggle=cond.seen, known=listed
            )
    elif isinstance(cond, AllOf | AnyOf):
        children = cond.all if isinstance(cond, AllOf) else cond.any
        key = "all" if isinstance(cond, AllOf) else "any"
        for index, child in enumerate(children):
            yield from _condition_problems(child, (*path, key, index), earlier, own_id, toggles)
    elif isinstance(cond, Not):
        yield from _condition_problems(cond.not_, (*path, "not"), earlier, own_id, toggles)


def _value_problem(model: type[BaseModel], field: str, value: object) -> str | None:
    annotation = model.model_fields[field].annotation
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        allowed = [member.value for member in annotation]
        return None if value in allowed else ", ".join(allowed)
    if annotation is bool:
        return None if isinstance(value, bool) else "true, false"
    return None


def _problem(path: tuple[str | int, ...], code: ErrorCode, **params: Any) -> Problem:
    return {"path": path, "code": code, "params": params}
