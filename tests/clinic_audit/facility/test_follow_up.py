"""A follow-up re-checks each earlier finding; a finding failed again is a repeat
violation, and a pack that escalates repeats raises it a severity (changing the outcome
when it becomes critical)."""

import datetime as dt

import pytest

from clinic_audit.audit.follow_up import CorrectionFound
from clinic_audit.audit.model import Audit, AuditKind, Status
from clinic_audit.checklist.model import Result, Severity
from clinic_audit.enums import Outcome
from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample
from clinic_audit.rules.scoring import summarize
from clinic_audit.service.audit_service import AuditService, FinalizeRefusedError
from clinic_audit.store.errors import StoreError

FIRST = dt.date(2026, 1, 12)


@pytest.fixture
def finalized(store):
    sample = build_sample(photos=1, audit_date=FIRST)
    audit = import_audit(store, sample.model_dump_json().encode(), "s.json", "t")

    def finalize(a):
        a.status, a.finalized_at = Status.FINALIZED, sample.signatures[-1].signed_at

    return store.modify(audit.id, "t", "finalize", finalize)


def major_item(service, audit):
    return next(
        f for f in service.summary(audit).findings if f.item_id and f.severity == Severity.MAJOR
    )


def test_a_follow_up_carries_every_finding_and_records_each(store, finalized):
    service = AuditService(store, "t")
    follow_up = service.follow_up(finalized.id)
    assert follow_up.purpose.value == "follow_up" and follow_up.follow_up_of == finalized.id
    assert store.facility_of(follow_up.id).id == store.facility_of(finalized.id).id
    counted = service.summary(finalized).counted
    assert [e.key for e in follow_up.earlier_findings] == [f.key for f in counted]
    first, second = follow_up.earlier_findings[:2]
    with pytest.raises(StoreError) as refused:
        service.record_earlier(follow_up.id, first.key, CorrectionFound.CORRECTED)
    assert "cannot be recorded as corrected without evidence" in str(refused.value)
    service.record_earlier(
        follow_up.id,
        first.key,
        CorrectionFound.CORRECTED,
        note="New staff fridge in the break room",
    )
    service.record_earlier(
        follow_up.id, second.key, CorrectionFound.NOT_CORRECTED, note="Still full"
    )
    stored = store.get(follow_up.id)
    assert stored.earlier(first.key).found == CorrectionFound.CORRECTED
    blockers = service.finalize_blockers(stored)
    assert any("earlier findings not yet recorded" in b for b in blockers)
    with pytest.raises(FinalizeRefusedError):
        service.finalize(follow_up.id)


def test_a_draft_cannot_be_followed_up(store):
    service = AuditService(store, "t")
    sample = build_sample(photos=1, audit_date=FIRST)
    draft = import_audit(store, sample.model_dump_json().encode(), "s.json", "t")
    with pytest.raises(StoreError) as refused:
        service.follow_up(draft.id)
    assert "is not finalized" in str(refused.value)


def again(service, finalized, item_id, days):
    audit = Audit(
        checklist_id=finalized.checklist_id,
        checklist_version=finalized.checklist_version,
        pack_id=finalized.pack_id,
        pack_version=finalized.pack_version,
        kind=AuditKind.REGULATORY,
        facility=finalized.facility,
        audit_date=FIRST + dt.timedelta(days=days),
    )
    created = service.create(audit)
    return service.answer(created.id, item_id, Result.FAIL, "Seen again")


def test_the_same_item_failed_again_is_a_repeat(store, finalized):
    service = AuditService(store, "t")
    item = major_item(service, finalized)
    later = again(service, finalized, item.item_id, 200)
    finding = next(f for f in service.summary(later).findings if f.item_id == item.item_id)
    assert finding.repeat_of == FIRST and finding.severity == Severity.MAJOR  # texas: no raise


def test_outside_the_window_only_the_last_audit_counts(store, finalized):
    service = AuditService(store, "t")
    item = major_item(service, finalized)
    later = again(service, finalized, item.item_id, 365 * 3)  # beyond the 24 months
    finding = next(f for f in service.summary(later).findings if f.item_id == item.item_id)
    assert finding.repeat_of == FIRST  # still the facility's last finalized audit


def test_a_pack_that_escalates_raises_a_repeat_and_the_outcome(store, finalized):
    service = AuditService(store, "t")
    item = major_item(service, finalized)
    later = again(service, finalized, item.item_id, 200)
    checklist = service.checklist_of(later)
    thresholds = checklist.pack.thresholds.model_copy(update={"repeat_escalates": True})
    escalating = checklist.model_copy(
        update={"pack": checklist.pack.model_copy(update={"thresholds": thresholds})}
    )
    plain = summarize(checklist, later)
    raised = summarize(escalating, later)
    finding = next(f for f in raised.findings if f.item_id == item.item_id)
    assert finding.severity == Severity.CRITICAL and finding.escalated_from == Severity.MAJOR
    assert plain.outcome != raised.outcome
    assert raised.outcome == Outcome.NON_COMPLIANT
