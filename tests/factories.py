"""Audits to test with, shared by every test folder."""

import datetime as dt

from clinic_audit.audit.model import Audit, AuditKind, Facility

AUDIT_DAY = dt.date(2026, 6, 15)


def blank_audit(checklist, **fields) -> Audit:
    values = dict(
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        kind=AuditKind.REGULATORY,
        facility=Facility(name="Test Clinic"),
        audit_date=AUDIT_DAY,
    )
    values.update(fields)
    return Audit(**values)
