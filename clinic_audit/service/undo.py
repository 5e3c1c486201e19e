"""The undo history of a session: each change to an audit, to be undone or redone.

An undo is itself a change, made through the store like any other and written to the
trail; it is refused when the audit has changed since (another window, another person),
when it is signed, or once it is finalized.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clinic_audit.audit.model import Audit

HISTORY_LIMIT = 500


@dataclass(frozen=True)
class Change:
    label: str  # what a person reads in "Undo …", e.g. "answer of 1.10"
    before: Audit
    after: Audit

    @property
    def audit_id(self) -> str:
        return self.after.id


class UndoHistory:
    """Changes in the order they were made; ``undo`` steps back, ``redo`` forward."""

    def __init__(self, limit: int = HISTORY_LIMIT):
        self.limit = limit
        self._done: list[Change] = []
        self._undone: list[Change] = []

    def record(self, change: Change) -> None:
        if self._done and self._done[-1].audit_id != change.audit_id:
            self.clear()  # one audit at a time
        self._done.append(change)
        del self._done[: -self.limit]
        self._undone.clear()

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()

    def next_undo(self) -> Change | None:
        return self._done[-1] if self._done else None

    def next_redo(self) -> Change | None:
        return self._undone[-1] if self._undone else None

    def undone(self, change: Change, now: Audit) -> None:
        """``change`` was undone; the audit is ``now`` as it was before it."""
        self._done.pop()
        self._undone.append(Change(change.label, before=now, after=change.after))

    def redone(self, change: Change, now: Audit) -> None:
        self._undone.pop()
        self._done.append(Change(change.label, before=change.before, after=now))
