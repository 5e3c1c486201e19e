"""Conflict copies: a version of an audit that lost a race (finalized on another device
first, or set aside by a merge), kept whole, with its own trail, for a supervisor to
resolve. Nothing here is ever changed or removed: a resolution is a row of its own."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.store import schema
from clinic_audit.store.database import Store
from clinic_audit.store.errors import StoreError
from clinic_audit.sync.bundle import Bundle


@dataclass(frozen=True)
class ConflictCopy:
    id: str
    audit_id: str
    sent_by: str | None
    sent_at: str
    reason: str
    facility_name: str
    audit_date: str
    status: str
    resolved_by: str | None
    resolved_at: str | None
    note: str | None


def copy_row(bundle: Bundle, reason: str) -> dict[str, Any]:
    head = bundle.head
    return {
        "id": hashlib.sha256(f"{bundle.audit_id} {head}".encode()).hexdigest(),
        "audit_id": bundle.audit_id,
        "sent_at": _now(),
        "reason": reason,
        "document": bundle.row["document"],
        "trail": bundle.trail_json(),
    }


def keep(conn: Connection, row: dict[str, Any]) -> bool:
    """Keep the copy in this store once (the same copy again is a no-op); True if new."""
    table = schema.conflict_copies
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        done = conn.execute(pg_insert(table).values(**row).on_conflict_do_nothing())
        return bool(done.rowcount)
    if conn.execute(select(table.c.id).where(table.c.id == row["id"])).first():
        return False
    conn.execute(insert(table).values(**row))
    return True


def rows_of(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    table = schema.conflict_copies
    if not ids:
        return []
    names = ("id", "audit_id", "sent_at", "reason", "document", "trail")
    query = select(*(table.c[name] for name in names)).where(table.c.id.in_(ids))
    return [row._asdict() for row in conn.execute(query)]


def ids(conn: Connection) -> list[str]:
    return list(conn.execute(select(schema.conflict_copies.c.id)).scalars())


def copies(store: Store, open_only: bool = True) -> list[ConflictCopy]:
    """The conflict copies the reader may see, oldest first; ``open_only``: unresolved."""
    from clinic_audit.audit.model import Audit

    c, r = schema.conflict_copies, schema.conflict_resolutions
    query = (
        select(c, r.c.resolved_by, r.c.resolved_at, r.c.note)
        .join(r, r.c.copy_id == c.c.id, isouter=True)
        .order_by(c.c.sent_at, c.c.id)
    )
    found = []
    with store.reading() as conn:
        for row in conn.execute(query):
            if open_only and row.resolved_at is not None:
                continue
            audit = Audit.model_validate_json(row.document)
            found.append(
                ConflictCopy(
                    id=row.id,
                    audit_id=row.audit_id,
                    sent_by=row.sent_by,
                    sent_at=row.sent_at,
                    reason=row.reason,
                    facility_name=audit.facility.name,
                    audit_date=audit.audit_date.isoformat(),
                    status=audit.status.value,
                    resolved_by=row.resolved_by,
                    resolved_at=row.resolved_at,
                    note=row.note,
                )
            )
    return found


def copy_document(store: Store, copy_id: str) -> tuple[str, list[dict[str, Any]]]:
    """The copy's record (JSON) and its trail entries."""
    table = schema.conflict_copies
    with store.reading() as conn:
        row = conn.execute(
            select(table.c.document, table.c.trail).where(table.c.id == copy_id)
        ).first()
    if row is None:
        raise StoreError(ErrorCode.SYNC_COPY_NOT_FOUND, id=copy_id[:12])
    return row.document, json.loads(row.trail)


def resolve(store: Store, prefix: str, note: str) -> ConflictCopy:
    """A supervisor's decision on a copy, kept beside it (on the server, only
    supervisors may; the copy itself never changes)."""
    matches = [copy for copy in copies(store, open_only=True) if copy.id.startswith(prefix)]
    if len(matches) != 1:
        raise StoreError(ErrorCode.SYNC_COPY_NOT_FOUND, id=prefix)
    values = {"copy_id": matches[0].id, "resolved_at": _now(), "note": note.strip()}
    if not store.on_server:
        from clinic_audit.store.agency import who_am_i

        values["resolved_by"] = who_am_i(store)
    with store.transaction() as conn:
        conn.execute(insert(schema.conflict_resolutions).values(**values))
    return next(c for c in copies(store, open_only=False) if c.id == matches[0].id)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
