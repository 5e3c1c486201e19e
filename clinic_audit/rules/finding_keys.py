"""The key of a finding: ``item:<item-id>`` or ``register:<register>:<row-id>:<rule>``.

Made and read only here, so no screen, report or check parses the format itself. Light
(no pydantic): Home's list and the checks of a portable file use it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FindingKey:
    item_id: str | None = None  # a failed checklist item
    register: str | None = None  # or a register rule on one row
    row_id: str | None = None
    rule: str | None = None

    def __str__(self) -> str:
        if self.item_id is not None:
            return f"item:{self.item_id}"
        return f"register:{self.register}:{self.row_id}:{self.rule}"


def item_key(item_id: str) -> str:
    return str(FindingKey(item_id=item_id))


def register_key(register: str, row_id: str, rule: str) -> str:
    return str(FindingKey(register=register, row_id=row_id, rule=rule))


def parse(key: str) -> FindingKey:
    """The parts of a well-formed key (the audit model checks the form on the way in)."""
    kind, _, rest = key.partition(":")
    if kind == "item":
        return FindingKey(item_id=rest)
    register, row_id, rule = rest.split(":")
    return FindingKey(register=register, row_id=row_id, rule=rule)


def finding_item(key: str) -> str | None:
    """The item a key names, or None for a register finding."""
    return parse(key).item_id
