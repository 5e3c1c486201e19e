"""Each trail entry names the hash of the one before it (store/chain.py)."""

from alembic import op
from sqlalchemy import inspect, select, text, update

from clinic_audit.store import schema
from clinic_audit.store.chain import genesis

revision = "v3"
down_revision = "v2"


def upgrade() -> None:
    """Add ``prev_hash`` and chain the entries already there, per audit in the order they
    were written. (Back-filled links attest the trail from now on: a change made to it
    before this migration is not seen.)"""
    conn = op.get_bind()
    if "prev_hash" not in {column["name"] for column in inspect(conn).get_columns("trail")}:
        conn.execute(text("ALTER TABLE trail ADD COLUMN prev_hash VARCHAR(64)"))
    if conn.dialect.name == "sqlite":  # the append-only guard; schema._guards puts it back
        conn.execute(text("DROP TRIGGER IF EXISTS trail_no_update"))
    c = schema.trail.c
    rows = conn.execute(
        select(c.seq, c.audit_id, c.at, c.actor, c.action, c.path, c.old, c.new).order_by(c.seq)
    )
    heads: dict[str, str] = {}
    for row in rows.all():
        prev = heads.get(row.audit_id) or genesis(row.audit_id)
        conn.execute(update(schema.trail).where(c.seq == row.seq).values(prev_hash=prev))
        heads[row.audit_id] = schema.chain_row(row, prev).hash(row.audit_id, prev)
    schema.set_version(conn, 3)
