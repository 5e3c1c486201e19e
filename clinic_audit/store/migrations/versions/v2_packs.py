"""Jurisdiction packs installed beside the shipped ones."""

from alembic import op

from clinic_audit.store import schema

revision = "v2"
down_revision = "v1"


def upgrade() -> None:
    conn = op.get_bind()
    schema.packs.create(conn, checkfirst=True)
    schema.set_version(conn, 2)
