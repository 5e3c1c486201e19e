"""A draft changed on two devices, merged part by part: the inspector keeps, for each
part that differs, this laptop's version ("mine") or the server's ("theirs").

The parts are the header (facility, people, dates, case and everything else about the
visit), each checklist item's answer (result, note and photos), each register, the
corrective actions and the signatures: what the side-by-side view shows in rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from clinic_audit.audit.model import REGISTER_MODELS, Audit

if TYPE_CHECKING:
    from clinic_audit.checklist.model import Checklist

Side = Literal["mine", "theirs"]
SIDES: tuple[Side, ...] = ("mine", "theirs")
WHOLE_PARTS = (*REGISTER_MODELS, "actions", "signatures")
HEADER_EXCLUDES = {"responses", *WHOLE_PARTS}
ITEM_PREFIX = "item:"


@dataclass(frozen=True)
class PartDifference:
    part: str  # "header", "item:<id>", a register's name, "actions" or "signatures"
    title: str
    mine: str
    theirs: str


def part_title(part: str, items: dict[str, str] | None = None) -> str:
    if part.startswith(ITEM_PREFIX):
        item_id = part.removeprefix(ITEM_PREFIX)
        return (items or {}).get(item_id) or f"Item {item_id}"
    return {"header": "Header (facility, people, visit)"}.get(part, part.capitalize())


def differences(
    mine: Audit, theirs: Audit, items: dict[str, str] | None = None
) -> list[PartDifference]:
    """The parts the two versions differ in, each described on both sides; ``items``:
    each item's title, in checklist order (``item_titles``), which orders them too."""
    found = []
    header_mine = mine.model_dump(mode="json", exclude=HEADER_EXCLUDES)
    header_theirs = theirs.model_dump(mode="json", exclude=HEADER_EXCLUDES)
    if header_mine != header_theirs:
        found.append(
            PartDifference(
                "header",
                part_title("header"),
                _header_text(header_mine, header_theirs),
                _header_text(header_theirs, header_mine),
            )
        )
    order = {item_id: n for n, item_id in enumerate(items or {})}
    answered = set(mine.responses) | set(theirs.responses)
    for item_id in sorted(answered, key=lambda i: (order.get(i, len(order)), i)):
        ours, other = mine.responses.get(item_id), theirs.responses.get(item_id)
        if (ours and ours.model_dump(mode="json")) != (other and other.model_dump(mode="json")):
            part = f"{ITEM_PREFIX}{item_id}"
            found.append(
                PartDifference(
                    part, part_title(part, items), _answer_text(ours), _answer_text(other)
                )
            )
    for name in WHOLE_PARTS:
        ours_rows, other_rows = getattr(mine, name), getattr(theirs, name)
        if [r.model_dump(mode="json") for r in ours_rows] != [
            r.model_dump(mode="json") for r in other_rows
        ]:
            found.append(
                PartDifference(
                    name, part_title(name), _rows_text(ours_rows), _rows_text(other_rows)
                )
            )
    return found


def item_titles(checklist: Checklist) -> dict[str, str]:
    """Each item's title as the side-by-side view names it: its label and prompt."""
    return {
        item.id: f"{checklist.label_of(item.id)} {_short(item.prompt, 70)}"
        for _section, item in checklist.items()
    }


def merged(mine: Audit, theirs: Audit, choices: dict[str, Side]) -> Audit:
    """The server's version with the parts ``choices`` keep from this laptop's. A part
    that differs and has no choice is kept from this laptop (what the inspector last saw
    here); KeyError names a choice of a part that does not differ."""
    differing = {d.part for d in differences(mine, theirs)}
    for part in choices:
        if part not in differing:
            raise KeyError(part)
    result = theirs.model_copy(deep=True)
    for part in differing:
        if choices.get(part, "mine") != "mine":
            continue
        if part == "header":
            values = mine.model_dump(exclude=HEADER_EXCLUDES)
            result = Audit.model_validate({**result.model_dump(), **values})
        elif part.startswith(ITEM_PREFIX):
            item_id = part.removeprefix(ITEM_PREFIX)
            if item_id in mine.responses:
                result.responses[item_id] = mine.responses[item_id].model_copy(deep=True)
            else:
                result.responses.pop(item_id, None)
        else:
            setattr(result, part, [row.model_copy(deep=True) for row in getattr(mine, part)])
    return Audit.model_validate(result.model_dump())


def summary(choices: dict[str, Side], parts: list[str]) -> str:
    """The merge's trail entry: which parts came from where."""
    kept = {side: [p for p in parts if choices.get(p, "mine") == side] for side in SIDES}
    said = [
        f"kept from {'this laptop' if side == 'mine' else 'the server'}: "
        f"{', '.join(kept[side]) or 'nothing'}"
        for side in SIDES
    ]
    return "; ".join(said)


def _header_text(values: dict, other: dict) -> str:
    changed = [key for key in values if values.get(key) != other.get(key)]
    said = [f"{key.replace('_', ' ')}: {_short(values.get(key))}" for key in changed]
    return "; ".join(said) or "(same)"


def _answer_text(response: object) -> str:
    if response is None:
        return "not answered"
    result = getattr(response, "result", None)
    note = getattr(response, "note", "")
    photos = len(getattr(response, "photos", []))
    parts = [str(result.value if result is not None else "not answered")]
    if note:
        parts.append(f"note: {_short(note)}")
    if photos:
        parts.append(f"{photos} photo{'s' if photos != 1 else ''}")
    return "; ".join(parts)


def _rows_text(rows: list) -> str:
    if not rows:
        return "none"
    names = [
        str(getattr(row, "name", "") or getattr(row, "action", "") or getattr(row, "role", ""))
        for row in rows
    ]
    return f"{len(rows)}: " + ", ".join(_short(name) for name in names)


def _short(value: object, limit: int = 80) -> str:
    text = "" if value is None else str(value)
    if isinstance(value, dict):
        text = ", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, ""))
    return text if len(text) <= limit else text[: limit - 1] + "…"
