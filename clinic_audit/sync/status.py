"""What a laptop's store says about its sync: the last run, the audits pulled as the
agency's copy, and the conflicts waiting for the inspector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from clinic_audit.store import schema

if TYPE_CHECKING:
    from clinic_audit.store.database import Store

AGENCY_COPY = "agency's copy"
CHOOSE = "conflict: choose"
COPY_SENT = "conflict copy sent"


@dataclass(frozen=True)
class LastRun:
    started_at: str
    finished_at: str | None
    server: str
    summary: str
    ok: bool


def last_run(store: Store) -> LastRun | None:
    """The last sync this store ran (finished or not); None when it never synced."""
    if store.on_server:
        return None
    runs = schema.sync_runs
    with store.reading() as conn:
        row = conn.execute(select(runs).order_by(runs.c.seq.desc()).limit(1)).first()
    if row is None:
        return None
    return LastRun(row.started_at, row.finished_at, row.server, row.summary, bool(row.ok))


def last_server(store: Store) -> str | None:
    """The server this store last synced with in full."""
    if store.on_server:
        return None
    runs = schema.sync_runs
    with store.reading() as conn:
        return conn.execute(
            select(runs.c.server).where(runs.c.ok == 1).order_by(runs.c.seq.desc()).limit(1)
        ).scalar()


def marks(store: Store) -> dict[str, str]:
    """Audit id → what Home says of its sync: the agency's copy, or a conflict."""
    if store.on_server:
        return {}
    table = schema.sync_audits
    found = {}
    with store.reading() as conn:
        for audit_id, agency_copy, conflict in conn.execute(
            select(table.c.audit_id, table.c.agency_copy, table.c.conflict).where(
                (table.c.agency_copy == 1) | table.c.conflict.is_not(None)
            )
        ):
            if conflict == "draft":
                found[audit_id] = CHOOSE
            elif conflict == "copy":
                found[audit_id] = COPY_SENT
            elif agency_copy:
                found[audit_id] = AGENCY_COPY
    return found


def draft_conflicts(store: Store) -> list[str]:
    """The drafts changed here and on another device, waiting for a merge."""
    return [audit_id for audit_id, mark in marks(store).items() if mark == CHOOSE]
