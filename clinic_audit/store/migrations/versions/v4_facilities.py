"""Facilities as records of their own, and the append-only action log."""

from alembic import op
from sqlalchemy import insert, select

from clinic_audit.store import schema

revision = "v4"
down_revision = "v3"


def upgrade() -> None:
    """Facilities made from the audits' facility blocks, oldest audit first: audits with
    the same license number (or, without one, the same name and address) share one."""
    from clinic_audit.audit.model import Audit
    from clinic_audit.facility.model import FacilityRecord, matching

    conn = op.get_bind()
    for table in (schema.facilities, schema.facility_audits, schema.action_log):
        table.create(conn, checkfirst=True)
    schema.set_version(conn, 4)
    if conn.execute(select(schema.facility_audits.c.audit_id).limit(1)).first() is not None:
        return  # already filed (a store made by this version, its number set back)
    records: dict[str, FacilityRecord] = {}
    links: list[dict[str, str]] = []
    audits = schema.audits
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
            insert(schema.facilities).values(
                id=record.id, name=record.name, body=record.model_dump_json()
            )
        )
    if links:
        conn.execute(insert(schema.facility_audits), links)
