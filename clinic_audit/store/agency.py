"""The agency's view of the store: assignments, and every inspector's audits a page at a
time. On the server, what each person sees and may write here is the server's row
security (server_schema); on a laptop the same tables hold what sync brought."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Select, func, insert, or_, select, text, update

from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.store import schema
from clinic_audit.store.database import Store
from clinic_audit.store.errors import StoreError

PAGE_SIZE = 50


@dataclass(frozen=True)
class Assignment:
    id: str
    facility_id: str
    facility_name: str
    inspector: str
    due_date: str
    purpose: str
    note: str
    assigned_by: str
    assigned_at: str
    audit_id: str | None


class AgencyRow(NamedTuple):
    id: str
    facility_name: str
    kind: str
    audit_date: str
    status: str
    score: float | None
    outcome: str
    owner: str | None


@dataclass(frozen=True)
class AuditFilter:
    status: str | None = None
    owner: str | None = None
    facility: str | None = None  # part of the facility's name
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def who_am_i(store: Store) -> str:
    """The person the store acts as: the login on the server, the OS user locally."""
    if store.on_server:
        with store.engine.connect() as conn:
            return str(conn.execute(text("SELECT current_user")).scalar())
    import getpass

    return getpass.getuser()


def assign(
    store: Store,
    facility_id: str,
    inspector: str,
    due_date: dt.date,
    purpose: str,
    note: str = "",
) -> Assignment:
    """Give an inspection to an inspector (a supervisor's job; the server refuses others)."""
    facility = store.facility(facility_id)  # refused with a clear message when there is none
    if store.on_server:
        known = _people_in(store, "inspector")
        if inspector not in known:
            raise StoreError(ErrorCode.NOT_AN_INSPECTOR, name=inspector, known=", ".join(known))
    values = dict(
        id=uuid.uuid4().hex,
        facility_id=facility_id,
        inspector=inspector,
        due_date=due_date.isoformat(),
        purpose=purpose,
        note=note,
        assigned_by=who_am_i(store),
        assigned_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    with store.engine.begin() as conn:
        conn.execute(insert(schema.assignments).values(**values))
    return Assignment(facility_name=facility.name, audit_id=None, **values)


def _people_in(store: Store, role: str) -> list[str]:
    p = schema.people.c
    with store.engine.connect() as conn:
        return list(conn.execute(select(p.name).where(p.role == role).order_by(p.name)).scalars())


def assignments(
    store: Store, inspector: str | None = None, open_only: bool = True
) -> list[Assignment]:
    """Assignments by due date (those the reader may see); ``open_only``: not yet started."""
    a, f = schema.assignments.c, schema.facilities.c
    query = select(
        a.id,
        a.facility_id,
        f.name.label("facility_name"),
        a.inspector,
        a.due_date,
        a.purpose,
        a.note,
        a.assigned_by,
        a.assigned_at,
        a.audit_id,
    ).join(schema.facilities, f.id == a.facility_id)
    if inspector is not None:
        query = query.where(a.inspector == inspector)
    if open_only:
        query = query.where(a.audit_id.is_(None))
    with store.engine.connect() as conn:
        rows = conn.execute(query.order_by(a.due_date, f.name)).all()
    return [Assignment(**row._asdict()) for row in rows]


def start(store: Store, assignment_id: str, audit_id: str) -> None:
    """Mark the assignment as begun by the audit ``audit_id``."""
    table = schema.assignments
    with store.engine.begin() as conn:
        done = conn.execute(
            update(table).where(table.c.id == assignment_id).values(audit_id=audit_id)
        )
    if done.rowcount != 1:
        raise StoreError(ErrorCode.ASSIGNMENT_NOT_FOUND, id=assignment_id)


def begin_assigned(store: Store, facility_id: str, audit_id: str) -> Assignment | None:
    """The reader's earliest open assignment of the facility, marked begun by the audit
    (None when they have none)."""
    mine = [a for a in assignments(store, who_am_i(store)) if a.facility_id == facility_id]
    if not mine:
        return None
    start(store, mine[0].id, audit_id)
    return mine[0]


def audit_page(
    store: Store, where: AuditFilter, page: int = 1, size: int = PAGE_SIZE
) -> tuple[list[AgencyRow], int]:
    """One page of the audits the reader may see, newest first, and how many match."""
    c = schema.audits.c
    query: Select = select(
        c.id, c.facility_name, c.kind, c.audit_date, c.status, c.score, c.outcome, c.owner
    )
    conditions = []
    if where.status:
        conditions.append(c.status == where.status)
    if where.owner:
        conditions.append(c.owner == where.owner)
    if where.facility:
        pattern = "%" + where.facility.replace("%", r"\%").replace("_", r"\_") + "%"
        conditions.append(or_(c.facility_name.ilike(pattern, escape="\\")))
    if where.date_from:
        conditions.append(c.audit_date >= where.date_from.isoformat())
    if where.date_to:
        conditions.append(c.audit_date <= where.date_to.isoformat())
    query = query.where(*conditions)
    counted = select(func.count()).select_from(schema.audits).where(*conditions)
    ordered = query.order_by(c.audit_date.desc(), c.id).offset((page - 1) * size).limit(size)
    with store.engine.connect() as conn:
        rows = [AgencyRow(*row) for row in conn.execute(ordered)]
        total = conn.execute(counted).scalar() or 0
    return rows, total
