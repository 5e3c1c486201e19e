"""One audit as sync moves it between stores: its row, its trail as written, the facility
it is filed under, its action log and the reports issued of it; photos travel beside it,
by SHA-256. Read and written on an open connection, so that the caller's transaction
holds an audit and its photos together (on SQLite and on the server alike).

Trail rows move verbatim (time, actor, action, path, values and ``prev_hash``), so the
hash chain a store checks is the same chain in every store the audit reaches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, text, update

from clinic_audit.store import schema
from clinic_audit.store.chain import entry_hash, genesis

TRAIL_FIELDS = ("at", "actor", "action", "path", "old", "new", "prev_hash")
AUDIT_FIELDS = (
    "checklist_id",
    "checklist_version",
    "kind",
    "status",
    "facility_name",
    "audit_date",
    "score",
    "outcome",
    "updated_at",
    "document",
)


@dataclass
class Bundle:
    audit_id: str
    revision: int
    row: dict[str, Any]  # AUDIT_FIELDS
    owner: str | None
    trail: list[dict[str, Any]]  # TRAIL_FIELDS, in trail order
    facility_id: str | None
    facility_body: str | None
    action_log: list[str] = field(default_factory=list)  # ActionProgress JSON, in order
    reports: list[dict[str, Any]] = field(default_factory=list)  # without the PDF bytes

    @property
    def status(self) -> str:
        return str(self.row["status"])

    @property
    def hashes(self) -> list[str]:
        """The hash of each trail entry, in order (the last is the head)."""
        return trail_hashes(self.audit_id, self.trail)

    @property
    def head(self) -> str:
        hashes = self.hashes
        return hashes[-1] if hashes else genesis(self.audit_id)

    def photo_refs(self) -> set[str]:
        from clinic_audit.audit.model import ActionProgress, Audit

        audit = Audit.model_validate_json(self.row["document"])
        refs = {ref.sha256 for _item, ref in audit.photo_refs()}
        for body in self.action_log:
            proof = ActionProgress.model_validate_json(body).photo_sha256
            if proof is not None:
                refs.add(proof)
        return refs

    def trail_json(self) -> str:
        return json.dumps(self.trail, ensure_ascii=False)


def trail_hashes(audit_id: str, trail: list[dict[str, Any]]) -> list[str]:
    return [
        entry_hash(
            audit_id,
            row["prev_hash"] or genesis(audit_id),
            row["at"],
            row["actor"],
            row["action"],
            row["path"],
            row["old"],
            row["new"],
        )
        for row in trail
    ]


def token(revision: int, trail: int, log: int, reports: int) -> str:
    """What tells, cheaply, that an audit changed in a store since the last sync."""
    return f"{revision}.{trail}.{log}.{reports}"


def tokens(conn: Connection, ids: list[str] | None = None) -> dict[str, str]:
    """The token of every audit (of ``ids``) the connection may read."""
    a, t, log, r = schema.audits, schema.trail, schema.action_log, schema.reports
    counts: dict[str, dict[Any, Any]] = {
        name: dict(
            conn.execute(
                select(table.c.audit_id, func.count())
                .where(*([table.c.audit_id.in_(ids)] if ids is not None else []))
                .group_by(table.c.audit_id)
            ).all()
        )
        for name, table in (("trail", t), ("log", log), ("reports", r))
    }
    query = select(a.c.id, a.c.revision)
    if ids is not None:
        query = query.where(a.c.id.in_(ids))
    return {
        audit_id: token(
            revision,
            counts["trail"].get(audit_id, 0),
            counts["log"].get(audit_id, 0),
            counts["reports"].get(audit_id, 0),
        )
        for audit_id, revision in conn.execute(query)
    }


def read(conn: Connection, audit_id: str, lock: bool = False) -> Bundle | None:
    """The audit as the connection may read it; ``lock``: no other sync of it runs until
    the transaction ends (on the server; an advisory lock, since row security hides from
    FOR UPDATE the rows a person may read and not change, a finalized one)."""
    a = schema.audits
    query = select(a.c.revision, a.c.owner, *(a.c[name] for name in AUDIT_FIELDS)).where(
        a.c.id == audit_id
    )
    if lock and conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:id))"), {"id": audit_id})
    found = conn.execute(query).first()
    if found is None:
        return None
    values = found._asdict()
    t = schema.trail
    trail = [
        row._asdict()
        for row in conn.execute(
            select(*(t.c[name] for name in TRAIL_FIELDS))
            .where(t.c.audit_id == audit_id)
            .order_by(t.c.seq)
        )
    ]
    link, facilities = schema.facility_audits, schema.facilities
    facility = conn.execute(
        select(facilities.c.id, facilities.c.body)
        .join(link, link.c.facility_id == facilities.c.id)
        .where(link.c.audit_id == audit_id)
    ).first()
    log = schema.action_log
    r = schema.reports
    return Bundle(
        audit_id=audit_id,
        revision=values.pop("revision"),
        owner=values.pop("owner"),
        row=values,
        trail=trail,
        facility_id=facility.id if facility else None,
        facility_body=facility.body if facility else None,
        action_log=list(
            conn.execute(
                select(log.c.body).where(log.c.audit_id == audit_id).order_by(log.c.seq)
            ).scalars()
        ),
        reports=[
            row._asdict()
            for row in conn.execute(
                select(r.c.sha256, r.c.made_at, r.c.signed).where(r.c.audit_id == audit_id)
            )
        ],
    )


def write(conn: Connection, bundle: Bundle, base: Bundle | None, replace: bool = False) -> None:
    """Bring the audit in this store to ``bundle``: ``base`` is what this store holds of
    it (None: it has none). The trail entries ``base`` lacks are appended; ``replace``
    (a draft set aside) first removes the trail ``base`` has, which sync kept elsewhere."""
    a, t = schema.audits, schema.trail
    if base is None:
        values: dict[str, Any] = dict(bundle.row, id=bundle.audit_id, revision=bundle.revision)
        if conn.dialect.name == "sqlite":
            values["owner"] = bundle.owner
        conn.execute(insert(a).values(**values))
        known = 0
    else:
        if replace:
            conn.execute(delete(t).where(t.c.audit_id == bundle.audit_id))
            known = 0
        else:
            known = len(base.trail)
        if base.row != bundle.row:
            done = conn.execute(
                update(a)
                .where(a.c.id == bundle.audit_id, a.c.revision == base.revision)
                .values(revision=base.revision + 1, **bundle.row)
            )
            if done.rowcount != 1:
                from clinic_audit.messages.catalogue import ErrorCode
                from clinic_audit.store.errors import StoreError

                raise StoreError(ErrorCode.CONCURRENT_CHANGE)
    missing = bundle.trail[known:]
    if missing:
        conn.execute(insert(t), [dict(row, audit_id=bundle.audit_id) for row in missing])
    _file_under_facility(conn, bundle)
    log = schema.action_log
    have = set(base.action_log) if base is not None else set()
    new_log = [body for body in bundle.action_log if body not in have]
    if new_log:
        conn.execute(insert(log), [{"audit_id": bundle.audit_id, "body": b} for b in new_log])


def _file_under_facility(conn: Connection, bundle: Bundle) -> None:
    if bundle.facility_id is None or bundle.facility_body is None:
        return
    put_facility(conn, bundle.facility_id, bundle.facility_body)
    link = schema.facility_audits
    current = conn.execute(
        select(link.c.facility_id).where(link.c.audit_id == bundle.audit_id)
    ).scalar()
    if current is None:
        conn.execute(insert(link).values(audit_id=bundle.audit_id, facility_id=bundle.facility_id))


def put_facility(conn: Connection, facility_id: str, body: str) -> None:
    """Insert the facility, or join what this store knows of it with ``body`` (addresses
    and license numbers are only ever added: two laptops' additions both survive)."""
    from clinic_audit.facility.model import FacilityRecord

    table = schema.facilities
    incoming = FacilityRecord.model_validate_json(body)
    stored = conn.execute(select(table.c.body).where(table.c.id == facility_id)).scalar()
    if stored is None:
        _insert_new(conn, table, facility_id, incoming.name, body)  # on the server, a
        return  # facility another person filed and this one cannot see stays as it is
    joined = joined_facility(FacilityRecord.model_validate_json(stored), incoming)
    if joined.model_dump_json() != stored:
        conn.execute(
            table.update()
            .where(table.c.id == facility_id)
            .values(name=joined.name, body=joined.model_dump_json())
        )


def joined_facility(ours: Any, theirs: Any) -> Any:
    """``theirs`` (the newer name and details) with every address and license number
    either record has."""
    joined = theirs
    for address in ours.addresses:
        joined = joined.absorb(_facility_block(joined, address, ""))
    for number in ours.license_numbers:
        joined = joined.absorb(_facility_block(joined, "", number))
    return joined


def _facility_block(record: Any, address: str, licence: str) -> Any:
    from clinic_audit.audit.model import Facility

    return Facility(name=record.name, address=address, licence_number=licence)


def _insert_new(conn: Connection, table: Any, row_id: str, name: str, body: str) -> None:
    """Insert; on the server a row with that id this person cannot see is left as it is
    (a savepoint: ON CONFLICT would ask row security to show the new row first)."""
    from sqlalchemy.exc import IntegrityError

    if conn.dialect.name != "postgresql":
        conn.execute(insert(table).values(id=row_id, name=name, body=body))
        return
    try:
        with conn.begin_nested():
            conn.execute(insert(table).values(id=row_id, name=name, body=body))
    except IntegrityError:
        pass


def missing_photos(conn: Connection, wanted: set[str]) -> set[str]:
    """The photos of ``wanted`` this store lacks."""
    if not wanted:
        return set()
    p = schema.photos
    have = set(conn.execute(select(p.c.sha256).where(p.c.sha256.in_(sorted(wanted)))).scalars())
    return wanted - have


def read_photos(conn: Connection, shas: set[str]) -> list[dict[str, Any]]:
    p = schema.photos
    columns = (p.c.sha256, p.c.jpeg_sha256, p.c.width, p.c.height, p.c.jpeg, p.c.thumb)
    rows = conn.execute(select(*columns).where(p.c.sha256.in_(sorted(shas))))
    return [row._asdict() for row in rows]


def write_photos(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(schema.photos), rows)


def missing_reports(conn: Connection, audit_id: str, shas: list[str]) -> list[str]:
    r = schema.reports
    have = set(conn.execute(select(r.c.sha256).where(r.c.audit_id == audit_id)).scalars())
    return [sha for sha in shas if sha not in have]


def read_reports(conn: Connection, shas: list[str]) -> list[dict[str, Any]]:
    r = schema.reports
    if not shas:
        return []
    rows = conn.execute(
        select(r.c.sha256, r.c.audit_id, r.c.made_at, r.c.signed, r.c.pdf).where(
            r.c.sha256.in_(shas)
        )
    )
    return [row._asdict() for row in rows]


def write_reports(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(schema.reports), rows)
