"""Each finding's correction deadline: the pack's for its severity, or the inspector's
earlier one; a regulatory audit is not finalized while a finding has none."""

import datetime as dt

import pytest

from clinic_audit.audit.model import AuditKind, Result, SignatureRole
from clinic_audit.checklist.packs import builtin_pack
from clinic_audit.enums import Severity
from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.rules.deadlines import add_working_days, pack_deadline
from clinic_audit.rules.finding_keys import item_key
from clinic_audit.service.audit_service import FinalizeRefusedError
from clinic_audit.store.database import StoreError
from tests.factories import AUDIT_DAY, blank_audit

TEXAS_PACK, TEXAS = builtin_pack("texas-1.0.0")
CRITICAL = next(i for _s, i in TEXAS.items() if i.severity == Severity.CRITICAL)
MAJOR = next(i for _s, i in TEXAS.items() if i.severity == Severity.MAJOR)


def test_working_days_skip_the_weekend():
    friday = dt.date(2026, 6, 12)
    assert add_working_days(friday, 1) == dt.date(2026, 6, 15)  # Monday
    assert add_working_days(friday, 10) == dt.date(2026, 6, 26)
    assert add_working_days(dt.date(2026, 6, 15), 5) == dt.date(2026, 6, 22)


@pytest.mark.parametrize("name", ["texas", "california", "florida", "new-mexico", "nevada"])
def test_each_severity_gets_the_pack_deadline(name):
    _pack, checklist = builtin_pack(f"{name}-1.0.0")
    thresholds = checklist.pack.thresholds
    critical = pack_deadline(Severity.CRITICAL, thresholds, AUDIT_DAY)
    assert critical.kind == "immediately" and critical.due == AUDIT_DAY
    major = pack_deadline(Severity.MAJOR, thresholds, AUDIT_DAY)
    rule = next(d for d in thresholds.correction_deadlines if d.severity == Severity.MAJOR)
    expected = (
        add_working_days(AUDIT_DAY, rule.days)
        if rule.kind == "working_days"
        else AUDIT_DAY + dt.timedelta(days=rule.days)
    )
    assert major.due == expected
    assert f"{expected:%B} {expected.day}, {expected.year}" in major.text
    assert "(s)" not in major.text


def test_next_inspection_is_dated_once_the_reinspection_is_set():
    thresholds = TEXAS.pack.thresholds
    undated = pack_deadline(Severity.MINOR, thresholds, AUDIT_DAY)
    assert undated.kind == "next_inspection" and undated.due is None
    dated = pack_deadline(Severity.MINOR, thresholds, AUDIT_DAY, dt.date(2026, 8, 3))
    assert dated.due == dt.date(2026, 8, 3) and "August 3, 2026" in dated.text


@pytest.fixture
def texas_draft(service, store):
    store.add_pack(TEXAS_PACK)
    audit = blank_audit(TEXAS)
    return service.create(audit, pack=TEXAS_PACK)


def failed(service, audit, *items):
    for item in items:
        audit = service.answer(audit.id, item.id, Result.FAIL, note="seen")
    return audit


def finding(service, audit, item):
    return next(f for f in service.summary(audit).findings if f.item_id == item.id)


def test_the_inspector_may_set_an_earlier_deadline_never_a_later_one(service, texas_draft):
    audit = failed(service, texas_draft, MAJOR)
    allowed = finding(service, audit, MAJOR).deadline
    assert allowed.set_by == "pack" and allowed.due > AUDIT_DAY
    earlier = AUDIT_DAY + dt.timedelta(days=3)
    audit = service.set_correction(audit.id, item_key(MAJOR.id), due=earlier, proof="A photo")
    own = finding(service, audit, MAJOR).deadline
    assert (own.due, own.set_by) == (earlier, "inspector")
    with pytest.raises(StoreError) as later:
        service.set_correction(audit.id, item_key(MAJOR.id), due=allowed.due + dt.timedelta(1))
    assert "later than the texas pack allows" in str(later.value)
    assert allowed.due.isoformat() in str(later.value)
    with pytest.raises(StoreError) as before:
        service.set_correction(audit.id, item_key(MAJOR.id), due=AUDIT_DAY - dt.timedelta(1))
    assert "before the inspection" in str(before.value)
    assert service.store.get(audit.id).correction(item_key(MAJOR.id)).due == earlier


def test_a_critical_finding_cannot_be_given_a_date(service, texas_draft):
    audit = failed(service, texas_draft, CRITICAL)
    with pytest.raises(StoreError):
        service.set_correction(audit.id, item_key(CRITICAL.id), due=AUDIT_DAY + dt.timedelta(1))
    audit = service.set_correction(audit.id, item_key(CRITICAL.id), immediately=True)
    assert finding(service, audit, CRITICAL).deadline.kind == "immediately"


def test_without_a_pack_a_regulatory_finding_needs_a_deadline_to_finalize(
    service, checklist, store
):
    audit = service.create(blank_audit(checklist))
    items = [item for _s, item in checklist.items()]
    for item in items:
        audit = service.answer(audit.id, item.id, Result.PASS)
    item = next(i for i in items if not i.photo_required_on_fail)
    audit = service.answer(audit.id, item.id, Result.FAIL, note="seen")
    assert finding(service, audit, item).deadline is None
    blockers = " ".join(service.finalize_blockers(audit))
    assert "1 finding has no correction deadline" in blockers and item.code in blockers
    assert ErrorCode.FINDING_NO_DEADLINE.text(findings="1 finding has", names=item.code) in blockers
    for role in SignatureRole:
        audit = service.sign(audit.id, role, "Someone", None)
    with pytest.raises(FinalizeRefusedError):
        service.finalize(audit.id)
    audit = service.clear_signatures(audit.id)
    audit = service.set_correction(audit.id, item_key(item.id), due=AUDIT_DAY + dt.timedelta(7))
    assert not any("deadline" in b for b in service.finalize_blockers(audit))


def test_a_self_audit_needs_no_deadline(service, checklist):
    audit = service.create(blank_audit(checklist, kind=AuditKind.SELF_AUDIT))
    item = next(i for _s, i in checklist.items() if not i.photo_required_on_fail)
    audit = service.answer(audit.id, item.id, Result.FAIL, note="seen")
    assert not any("deadline" in b for b in service.finalize_blockers(audit))
    assert service.store.get(audit.id).purpose.value == "self_audit"
