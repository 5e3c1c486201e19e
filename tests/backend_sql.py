"""Plain SQL on a store of either backend, as someone past the app could run it: the
sqlite3 shell on the laptop's file, or psql as the server's administrator (the tables'
owner, who alone can switch the guards off)."""

from __future__ import annotations

import sqlite3

from sqlalchemy import text

GUARDED = ("trail", "action_log", "audits")


def store_address(store) -> str:
    return str(store.db_file) if store.db_file is not None else store.server


def run_sql(store, sql: str, params: dict | None = None, past_guards: bool = False) -> list:
    """Run ``sql`` (named parameters, :name) and return its rows; ``past_guards`` first
    drops (SQLite) or disables (server) the append-only triggers, as a forger would."""
    if store.db_file is not None:
        with sqlite3.connect(store.db_file) as conn:
            if past_guards:
                for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'"):
                    conn.execute(f"DROP TRIGGER {name}")
            return conn.execute(sql, params or {}).fetchall()
    from tests.server.fixtures import admin_engine

    engine = admin_engine(store.test_server.cluster, store.test_server.database)
    try:
        with engine.connect() as conn:
            if past_guards:
                for table in GUARDED:
                    conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            result = conn.execute(text(sql), params or {})
            rows = [tuple(row) for row in result] if result.returns_rows else []
            if past_guards:
                for table in GUARDED:
                    conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            return rows
    finally:
        engine.dispose()
