"""Tables of the store (SQLAlchemy Core, portable to PostgreSQL) and forward migrations."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    event,
    insert,
    select,
    text,
)

from clinic_audit.store.quick_list import SCHEMA_VERSION

metadata = MetaData()

schema_info = Table("schema_info", metadata, Column("version", Integer, nullable=False))

checklists = Table(
    "checklists",
    metadata,
    Column("id", String(60), primary_key=True),
    Column("version", String(20), primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("body", Text, nullable=False),
)

packs = Table(  # jurisdiction packs installed beside the shipped ones (schema version 2)
    "packs",
    metadata,
    Column("id", String(60), primary_key=True),
    Column("version", String(20), primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("body", Text, nullable=False),  # the pack as JSON
)

audits = Table(
    "audits",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("checklist_id", String(60), nullable=False),
    Column("checklist_version", String(20), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("facility_name", Text, nullable=False),
    Column("audit_date", String(10), nullable=False, index=True),
    Column("score", Float),
    Column("outcome", String(40), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("document", Text, nullable=False),
)

photos = Table(
    "photos",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("jpeg_sha256", String(64), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("jpeg", LargeBinary, nullable=False),
    Column("thumb", LargeBinary, nullable=False),
)

trail = Table(
    "trail",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("audit_id", String(32), ForeignKey("audits.id", ondelete="CASCADE"), index=True),
    Column("at", String(32), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("old", Text),
    Column("new", Text),
    # the hash of the audit's previous trail entry (store/chain.py), schema version 3
    Column("prev_hash", String(64)),
)

facilities = Table(  # facilities as records of their own (schema version 4)
    "facilities",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False, index=True),
    Column("body", Text, nullable=False),  # the FacilityRecord as JSON
)

facility_audits = Table(  # which facility an audit is of; kept apart from the signed record
    "facility_audits",
    metadata,
    Column("audit_id", String(32), ForeignKey("audits.id", ondelete="CASCADE"), primary_key=True),
    Column("facility_id", String(32), ForeignKey("facilities.id"), nullable=False, index=True),
)

action_log = Table(  # progress of a finalized audit's actions, append-only (version 4)
    "action_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("audit_id", String(32), ForeignKey("audits.id"), nullable=False, index=True),
    Column("body", Text, nullable=False),  # the ActionProgress as JSON
)

_SQLITE_GUARDS = [
    """CREATE TRIGGER IF NOT EXISTS audits_final_no_update BEFORE UPDATE ON audits
       WHEN OLD.status = 'finalized'
       BEGIN SELECT RAISE(ABORT, 'finalized audits cannot be changed'); END""",
    """CREATE TRIGGER IF NOT EXISTS audits_final_no_delete BEFORE DELETE ON audits
       WHEN OLD.status = 'finalized'
       BEGIN SELECT RAISE(ABORT, 'finalized audits cannot be deleted'); END""",
    """CREATE TRIGGER IF NOT EXISTS action_log_no_update BEFORE UPDATE ON action_log
       BEGIN SELECT RAISE(ABORT, 'the action log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS action_log_no_delete BEFORE DELETE ON action_log
       BEGIN SELECT RAISE(ABORT, 'the action log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS trail_no_update BEFORE UPDATE ON trail
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS trail_final_no_delete BEFORE DELETE ON trail
       WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalized'
       BEGIN SELECT RAISE(ABORT, 'the trail of a finalized audit cannot be deleted'); END""",
]


def _add_packs(conn: Connection) -> None:
    packs.create(conn)


def _chain_trail(conn: Connection) -> None:
    """Add ``prev_hash`` to the trail and chain the entries already there, per audit in
    the order they were written. (Back-filled links attest the trail from now on: a
    change made to it before this migration is not seen.)"""
    from sqlalchemy import inspect, update

    from clinic_audit.store.chain import genesis

    if "prev_hash" not in {column["name"] for column in inspect(conn).get_columns("trail")}:
        conn.execute(text("ALTER TABLE trail ADD COLUMN prev_hash VARCHAR(64)"))
    if conn.dialect.name == "sqlite":  # the append-only guard; _guards puts it back
        conn.execute(text("DROP TRIGGER IF EXISTS trail_no_update"))
    c = trail.c
    rows = conn.execute(
        select(c.seq, c.audit_id, c.at, c.actor, c.action, c.path, c.old, c.new).order_by(c.seq)
    )
    heads: dict[str, str] = {}
    for row in rows.all():
        prev = heads.get(row.audit_id) or genesis(row.audit_id)
        conn.execute(update(trail).where(c.seq == row.seq).values(prev_hash=prev))
        heads[row.audit_id] = chain_row(row, prev).hash(row.audit_id, prev)


def chain_row(row: Any, prev_hash: str | None) -> Any:
    from clinic_audit.store.chain import ChainRow

    return ChainRow(row.seq, row.at, row.actor, row.action, row.path, row.old, row.new, prev_hash)


def _add_facilities(conn: Connection) -> None:
    """The action log; facilities made from the audits' facility blocks, oldest audit
    first: audits with the same license number (or, without one, the same name and
    address) share one."""
    from clinic_audit.audit.model import Audit
    from clinic_audit.facility.model import FacilityRecord, matching

    for table in (facilities, facility_audits, action_log):
        table.create(conn, checkfirst=True)
    if conn.execute(select(facility_audits.c.audit_id).limit(1)).first() is not None:
        return  # already filed (a store made by this version, its number set back)
    records: dict[str, FacilityRecord] = {}
    links: list[dict[str, str]] = []
    rows = conn.execute(
        select(audits.c.id, audits.c.document).order_by(audits.c.audit_date, audits.c.id)
    )
    for audit_id, document in rows.all():
        audit = Audit.model_validate_json(document)
        record = matching(audit.facility, list(records.values()))
        record = (
            record.absorb(audit.facility)
            if record
            else FacilityRecord.of(audit.facility, audit.pack_id)
        )
        records[record.id] = record
        links.append({"audit_id": audit_id, "facility_id": record.id})
    for record in records.values():
        conn.execute(
            insert(facilities).values(id=record.id, name=record.name, body=record.model_dump_json())
        )
    if links:
        conn.execute(insert(facility_audits), links)


# version reached -> step that brings a store from the version before to it
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _add_packs,
    3: _chain_trail,
    4: _add_facilities,
}


def create(engine: Engine) -> None:
    with engine.begin() as conn:
        metadata.create_all(conn)
        _guards(conn)
        conn.execute(insert(schema_info).values(version=SCHEMA_VERSION))


def stored_version(conn: Connection) -> int | None:
    return conn.execute(select(schema_info.c.version)).scalar()


def migrate(engine: Engine, db_file: Path | None, current: int) -> Path | None:
    """Bring the store forward to SCHEMA_VERSION, after copying the file aside."""
    backup = None
    if db_file is not None:
        backup = db_file.with_name(f"{db_file.name}.v{current}.bak")
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(db_file, backup)
    with engine.begin() as conn:
        for version in range(current + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](conn)
            conn.execute(schema_info.update().values(version=version))
        _guards(conn)
    return backup


def _guards(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for statement in _SQLITE_GUARDS:
            conn.execute(text(statement))


def sqlite_pragmas(engine: Engine) -> None:
    # WAL lets the GUI read while a write commits; synchronous=FULL makes every commit
    # that returned durable across power loss, which "saved" promises the inspector.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
