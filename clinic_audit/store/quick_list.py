"""The store file as plain SQLite sees it: its schema version and the list of audits.

Importing SQLAlchemy takes some 200 ms, longer than Qt takes to show the window. So at
start-up Home reads the list with the standard library's ``sqlite3`` (``read_audit_list``)
while the store itself opens; ``Store.list`` runs the same query, so both give the same
rows. Nothing here writes: a file this cannot read is left to ``Store.open``, which
creates, migrates or explains it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

SCHEMA_VERSION = 6

LIST_QUERY = (
    "SELECT id, facility_name, kind, audit_date, status, score, outcome, updated_at "
    "FROM audits ORDER BY audit_date DESC, updated_at DESC"
)


class AuditRow(NamedTuple):  # a NamedTuple, not a dataclass: made in 1/3 of the time
    id: str
    facility_name: str
    kind: str
    audit_date: str
    status: str
    score: float | None
    outcome: str
    updated_at: str


def read_audit_list(db_file: str | Path) -> list[AuditRow] | None:
    """The audits of a store of this schema version, read straight from its file; None
    when the file is missing, of another version or not a store, or is busy."""
    import sqlite3

    try:
        uri = Path(db_file).expanduser().resolve().as_uri() + "?mode=rw"  # never creates it
        connection = sqlite3.connect(uri, uri=True, timeout=1.0)
    except (OSError, ValueError, sqlite3.Error):
        return None
    try:
        connection.execute("PRAGMA query_only=1")
        versions = connection.execute("SELECT version FROM schema_info").fetchall()
        if versions != [(SCHEMA_VERSION,)]:
            return None
        return list(map(AuditRow._make, connection.execute(LIST_QUERY)))
    except sqlite3.Error:
        return None
    finally:
        connection.close()
