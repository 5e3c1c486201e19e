"""The agency tier: who wrote each audit, assignments and the people they go to, and
the reports issued of finalized audits.

On a laptop these stay empty until sync fills them; on the server, server_schema adds
the roles' policies over them."""

from alembic import op
from sqlalchemy import inspect, text

from clinic_audit.store import schema

revision = "v5"
down_revision = "v4"


def upgrade() -> None:
    conn = op.get_bind()
    if "owner" not in {column["name"] for column in inspect(conn).get_columns("audits")}:
        conn.execute(text("ALTER TABLE audits ADD COLUMN owner VARCHAR(63)"))
        conn.execute(text("CREATE INDEX ix_audits_owner ON audits (owner)"))
    if "written_by" not in {column["name"] for column in inspect(conn).get_columns("trail")}:
        conn.execute(text("ALTER TABLE trail ADD COLUMN written_by VARCHAR(63)"))
    for table in (schema.assignments, schema.people, schema.reports):
        table.create(conn, checkfirst=True)
    schema.set_version(conn, 5)
