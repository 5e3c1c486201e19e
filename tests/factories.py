"""Audits to test with, shared by every test folder."""

import datetime as dt

from clinic_audit.audit.model import Audit, AuditKind, Facility
from clinic_audit.enums import Status

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


def finalized(audit: Audit) -> Audit:
    """A signed audit as finalize leaves it (its signatures as they are), without the store."""
    final = audit.model_copy(deep=True)
    final.status = Status.FINALIZED
    final.finalized_at = max(s.signed_at for s in final.signatures) + dt.timedelta(minutes=5)
    return final
