import datetime as dt

import pytest

from clinic_audit.audit_model import Audit, AuditKind, Facility
from clinic_audit.checklist_loader import builtin_checklist
from clinic_audit.services import AuditService
from clinic_audit.store import Store

AUDIT_DAY = dt.date(2026, 6, 15)


@pytest.fixture
def checklist():
    return builtin_checklist()


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "store.sqlite3", create=True)
    yield store
    store.close()


@pytest.fixture
def service(store):
    return AuditService(store, actor="tester")


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


@pytest.fixture
def draft(service, checklist):
    return service.create(blank_audit(checklist))
