"""Tables of the store (SQLAlchemy Core, portable to PostgreSQL) and forward migrations."""

from __future__ import annotations

import shutil
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
    # the database role that wrote it: set by the server (schema version 5), None locally
    Column("owner", String(63), index=True),
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
    # the database role that wrote the entry: set by the server (version 5), None locally
    Column("written_by", String(63)),
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


assignments = Table(  # inspections a supervisor gives an inspector (schema version 5)
    "assignments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("facility_id", String(32), ForeignKey("facilities.id"), nullable=False, index=True),
    Column("inspector", String(63), nullable=False, index=True),  # the person's database role
    Column("due_date", String(10), nullable=False),
    Column("purpose", String(40), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("assigned_by", String(63), nullable=False),
    Column("assigned_at", String(32), nullable=False),
    Column("audit_id", String(32), ForeignKey("audits.id", ondelete="SET NULL")),
)

reports = Table(  # every report issued of a finalized audit, as written (version 5)
    "reports",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("audit_id", String(32), ForeignKey("audits.id"), nullable=False, index=True),
    Column("made_at", String(32), nullable=False),
    Column("signed", Integer, nullable=False),  # 1: signed (PAdES), 0: unsigned
    Column("pdf", LargeBinary, nullable=False),
)

people = Table(  # who a database role is, for lists and assignments (schema version 5)
    "people",
    metadata,
    Column("name", String(63), primary_key=True),  # the database role
    Column("full_name", Text, nullable=False),
    Column("role", String(20), nullable=False),  # inspector, supervisor or clerk
)

sync_audits = Table(  # a laptop's sync state of each audit (schema version 6); unused on a server
    "sync_audits",
    metadata,
    Column("audit_id", String(32), ForeignKey("audits.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_copy", Integer, nullable=False, default=0),  # 1: pulled, read-only here
    Column("synced_head", String(64)),  # the trail head both stores had at the last sync
    Column("server_token", String(40)),  # the server's revision and trail length then
    Column("local_token", String(40)),  # this store's, at the same moment
    Column("synced_at", String(32)),
    Column("conflict", String(10)),  # "draft" (choose per part) or "copy" (for a supervisor)
    Column("theirs", Text),  # the server's version beside this one: document and trail (JSON)
)

sync_runs = Table(  # every sync a laptop ran, and what came of it (schema version 6)
    "sync_runs",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("server", Text, nullable=False),  # the address, without any password
    Column("summary", Text, nullable=False, default=""),
    Column("ok", Integer, nullable=False, default=0),
)

conflict_copies = Table(  # a version that lost a finalize race, for a supervisor (version 6)
    "conflict_copies",
    metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of the audit id and the copy's head
    Column("audit_id", String(32), nullable=False, index=True),
    Column("sent_by", String(63)),  # set by the server
    Column("sent_at", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("document", Text, nullable=False),
    Column("trail", Text, nullable=False),  # the copy's own trail entries (JSON)
)

conflict_resolutions = Table(  # a supervisor's decision on a conflict copy, append-only
    "conflict_resolutions",
    metadata,
    Column("copy_id", String(64), ForeignKey("conflict_copies.id"), primary_key=True),
    Column("resolved_by", String(63)),  # set by the server
    Column("resolved_at", String(32), nullable=False),
    Column("note", Text, nullable=False),
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
    """CREATE TRIGGER IF NOT EXISTS reports_no_update BEFORE UPDATE ON reports
       BEGIN SELECT RAISE(ABORT, 'issued reports are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS reports_no_delete BEFORE DELETE ON reports
       BEGIN SELECT RAISE(ABORT, 'issued reports are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS trail_no_update BEFORE UPDATE ON trail
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS trail_final_no_delete BEFORE DELETE ON trail
       WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalized'
       BEGIN SELECT RAISE(ABORT, 'the trail of a finalized audit cannot be deleted'); END""",
    """CREATE TRIGGER IF NOT EXISTS conflict_copies_no_update BEFORE UPDATE ON conflict_copies
       BEGIN SELECT RAISE(ABORT, 'conflict copies are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS conflict_copies_no_delete BEFORE DELETE ON conflict_copies
       BEGIN SELECT RAISE(ABORT, 'conflict copies are append-only'); END""",
]


def chain_row(row: Any, prev_hash: str | None) -> Any:
    from clinic_audit.store.chain import ChainRow

    return ChainRow(row.seq, row.at, row.actor, row.action, row.path, row.old, row.new, prev_hash)


def create(engine: Engine) -> None:
    """A new store at the newest version, marked as such for Alembic (its migrations
    start from here; see store/migrations)."""
    with engine.begin() as conn:
        metadata.create_all(conn)
        conn.execute(insert(schema_info).values(version=SCHEMA_VERSION))
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(text("INSERT INTO alembic_version VALUES (:head)"), {"head": revision_of()})
        _guards(conn)


def revision_of(version: int = SCHEMA_VERSION) -> str:
    """The Alembic revision that brings a store to schema ``version``."""
    return f"v{version}"


def set_version(conn: Connection, version: int) -> None:
    conn.execute(schema_info.update().values(version=version))


def stored_version(conn: Connection) -> int | None:
    return conn.execute(select(schema_info.c.version)).scalar()


def migrate(engine: Engine, db_file: Path | None, current: int) -> Path | None:
    """Bring the store forward to SCHEMA_VERSION with Alembic, after copying the file
    aside. ``schema_info`` says where the store is (every version of the app reads it,
    and so refuses a newer store); Alembic is told so, then runs the steps after it."""
    backup = None
    if db_file is not None:
        backup = db_file.with_name(f"{db_file.name}.v{current}.bak")
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(db_file, backup)
    from alembic import command

    with engine.begin() as conn:
        config = alembic_config(conn)
        command.stamp(config, revision_of(current), purge=True)
        command.upgrade(config, revision_of())
        _guards(conn)
    return backup


def alembic_config(conn: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    config.attributes["connection"] = conn
    return config


def _guards(conn: Connection) -> None:
    """The triggers that refuse changes to finalized audits (and, on the server, the
    roles' policies), put back after every migration."""
    if conn.dialect.name == "sqlite":
        for statement in _SQLITE_GUARDS:
            conn.execute(text(statement))
    elif conn.dialect.name == "postgresql":
        from clinic_audit.store import server_schema

        server_schema.apply(conn)


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
