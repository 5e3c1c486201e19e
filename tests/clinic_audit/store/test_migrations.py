"""Alembic's revisions are the one source of the schema's steps, for both backends: the
head a new store is stamped with is Alembic's head, and a version 4 store (before the
agency tier) is brought to it, keeping its audits."""

import sqlite3
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from clinic_audit.service.audit_service import AuditService
from clinic_audit.store import schema
from clinic_audit.store.database import Store
from tests.factories import blank_audit


def test_a_new_store_is_at_alembics_head(tmp_path):
    head = ScriptDirectory(str(Path(schema.__file__).with_name("migrations"))).get_current_head()
    assert head == schema.revision_of() == f"v{schema.SCHEMA_VERSION}"
    with Store.open(tmp_path / "s.sqlite3", create=True) as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head


def test_a_version_4_store_gains_the_agency_tables_after_a_backup(tmp_path, checklist):
    path = tmp_path / "v4.sqlite3"
    with Store.open(path, create=True) as store:
        audit_id = AuditService(store, "t").create(blank_audit(checklist)).id
    with sqlite3.connect(path) as conn:  # the store as version 4 made it
        for table in ("conflict_copies", "conflict_resolutions", "sync_audits", "sync_runs"):
            conn.execute(f"DROP TABLE {table}")
        for table in ("assignments", "people", "reports", "alembic_version"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DROP INDEX ix_audits_owner")
        conn.execute("ALTER TABLE audits DROP COLUMN owner")
        conn.execute("DROP TRIGGER trail_no_update")
        conn.execute("ALTER TABLE trail DROP COLUMN written_by")
        conn.execute("UPDATE schema_info SET version = 4")
    with Store.open(path) as store:
        assert store.migration_backup == tmp_path / "v4.sqlite3.v4.bak"
        with store.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            assert {"assignments", "people", "reports", "sync_audits", "conflict_copies"} <= tables
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "v6"
            assert conn.execute(text("SELECT version FROM schema_info")).scalar() == 6
        assert store.get(audit_id).id == audit_id and store.check_trail(audit_id).intact
