"""Offline sync: a laptop's sync state per audit and its sync runs, and the conflict
copies (a version that lost a finalize race) with a supervisor's resolutions."""

from alembic import op

from clinic_audit.store import schema

revision = "v6"
down_revision = "v5"


def upgrade() -> None:
    conn = op.get_bind()
    for table in (
        schema.sync_audits,
        schema.sync_runs,
        schema.conflict_copies,
        schema.conflict_resolutions,
    ):
        table.create(conn, checkfirst=True)
    schema.set_version(conn, 6)
