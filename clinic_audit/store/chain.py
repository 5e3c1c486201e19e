"""The audit trail as a hash chain: each entry carries the hash of the one before it.

An entry's hash covers its audit, its time, actor, action, path, old and new values and
the hash of the entry before it, so changing, removing or reordering any entry breaks
every link after it. Each audit has its own chain, starting from a value derived from its
id (``genesis``). When an audit is finalized the store writes the head of its chain (the
hash of the last entry before finalizing) into the record, which the signed report
covers: a trail cut short or rewritten from the start then no longer reaches that head.

Plain hashing, no SQLAlchemy: ``clinic-audit verify --trail`` and the store share it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


def genesis(audit_id: str) -> str:
    """The ``prev_hash`` of an audit's first trail entry."""
    return hashlib.sha256(f"clinic-audit trail of {audit_id}".encode()).hexdigest()


def entry_hash(
    audit_id: str,
    prev_hash: str,
    at: str,
    actor: str,
    action: str,
    path: str,
    old: str | None,
    new: str | None,
) -> str:
    """SHA-256 of one entry as canonical JSON (a list, so no field can pose as another)."""
    fields = [audit_id, prev_hash, at, actor, action, path, old, new]
    return hashlib.sha256(
        json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()


@dataclass(frozen=True)
class ChainRow:
    """One trail row as stored: ``seq`` is its place in the store's trail table."""

    seq: int
    at: str
    actor: str
    action: str
    path: str
    old: str | None
    new: str | None
    prev_hash: str | None

    def hash(self, audit_id: str, prev_hash: str) -> str:
        return entry_hash(
            audit_id, prev_hash, self.at, self.actor, self.action, self.path, self.old, self.new
        )

    def describe(self, number: int) -> str:
        return f"entry {number} (#{self.seq}, {self.at}, {self.actor}: {self.action} {self.path!r})"


@dataclass
class ChainCheck:
    audit_id: str
    entries: int
    head: str
    broken: str | None = None
    """The first broken link, as a sentence; None when the chain holds."""
    notes: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return self.broken is None


HEAD_PATH = "trail_head"
"""The record's field the store sets, when it finalizes the audit, to the chain's head."""
CREATED, FINALIZED = "created", "finalized"
"""An audit that arrives finalized (an import) is created with a ``status`` entry saying
so: its trail has no finalizing of its own, and that is not a trail cut short."""


def walk(audit_id: str, rows: Iterable[Any], finalized_head: str | None = None) -> ChainCheck:
    """Follow the chain of ``rows`` (ChainRow, in trail order) and name its first broken
    link: an entry whose ``prev_hash`` is not the hash of the entry before it (that entry
    was changed, or entries were removed or reordered), or a finalize entry whose head is
    not a hash the chain had reached. ``finalized_head`` is the head the record names: when
    it was finalized in this store, the trail must have recorded that very head."""
    expected = genesis(audit_id)
    previous: ChainRow | None = None
    seen = {expected}
    recorded: str | None = None
    created_final = False
    count = 0
    for number, row in enumerate(rows, start=1):
        count = number
        if row.prev_hash != expected:
            if previous is None:
                why = (
                    "it does not start the audit's chain (entries before it were removed, "
                    "or it was changed)"
                )
                return ChainCheck(audit_id, count, expected, f"{row.describe(number)}: {why}")
            return ChainCheck(
                audit_id,
                count,
                expected,
                f"{previous.describe(number - 1)} was changed, or entries after it removed: "
                f"the next one, {row.describe(number)}, carries the hash of another entry",
            )
        if row.action == CREATED and row.path == "status" and row.new == FINALIZED:
            created_final = True
        if row.path == HEAD_PATH and row.new is not None:
            if row.new not in seen:
                return ChainCheck(
                    audit_id,
                    count,
                    expected,
                    f"{row.describe(number)}: the head it recorded at finalizing is not a hash "
                    "of the entries before it (the trail before it was rewritten)",
                )
            recorded = row.new
        expected = row.hash(audit_id, expected)
        seen.add(expected)
        previous = row
    check = ChainCheck(audit_id, count, expected)
    if finalized_head is None:
        return check
    if recorded is None and not created_final:  # finalized here
        where = "it reaches that head" if finalized_head in seen else "it ends before that head"
        check.broken = (
            f"the finalized record names the head {finalized_head[:16]}…, and the trail has "
            f"no entry of its finalizing ({where}): entries were removed from its end"
        )
    elif recorded is None:  # created finalized: by an import
        check.notes.append(
            f"the finalized record names the head {finalized_head[:16]}…, which is not in this "
            "store's trail: the audit was imported finalized (its trail stays in the store "
            "where it was made)"
        )
    elif recorded != finalized_head:
        check.broken = (
            f"the finalized record names the head {finalized_head[:16]}…, but the trail "
            f"recorded {recorded[:16]}… when it was finalized"
        )
    else:
        check.notes.append(
            f"the chain passes through the head the finalized record names ({recorded[:16]}…)"
        )
    return check
