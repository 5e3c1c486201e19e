"""After finalizing, an action's progress goes to an append-only log and the trail; the
finalized record and its hash do not change; closing needs its evidence."""

import datetime as dt

import pytest

from clinic_audit.audit.model import ActionStatus, AuditKind, Status
from clinic_audit.facility.history import inspections, open_actions, overdue
from clinic_audit.files.integrity import audit_digest
from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample, make_photo
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store.errors import StoreError
from tests.backend_sql import run_sql

DAY = dt.date(2026, 1, 12)


@pytest.fixture
def finalized(store):
    sample = build_sample(photos=1, audit_date=DAY, kind=AuditKind.SELF_AUDIT)
    audit = import_audit(store, sample.model_dump_json().encode(), "s.json", "t")

    def finalize(a):
        a.status, a.finalized_at = Status.FINALIZED, sample.signatures[-1].signed_at

    return store.modify(audit.id, "t", "finalize", finalize)


def test_progress_after_finalize_leaves_the_record_and_its_hash(store, finalized):
    import random

    service = AuditService(store, "Nguyen Thi Lan")
    digest, revision = audit_digest(store.get(finalized.id)), store.revision(finalized.id)
    action = next(a for a in finalized.actions if a.status != ActionStatus.DONE)
    with pytest.raises(StoreError) as refused:
        service.record_progress(finalized.id, action.id, ActionStatus.DONE)
    assert "cannot be closed without evidence" in str(refused.value)
    service.record_progress(finalized.id, action.id, ActionStatus.IN_PROGRESS, "Ordered")
    photo = make_photo(1, "kit", random.Random(2))
    service.record_progress(
        finalized.id, action.id, ActionStatus.DONE, "Installed and checked", photo, "kit.jpg"
    )
    assert audit_digest(store.get(finalized.id)) == digest
    assert store.revision(finalized.id) == revision
    log = store.action_log(finalized.id)
    assert [(e.status, e.note) for e in log] == [
        (ActionStatus.IN_PROGRESS, "Ordered"),
        (ActionStatus.DONE, "Installed and checked"),
    ]
    assert store.photo_jpeg(log[-1].photo_sha256)  # the proof is kept with the photos
    entries = [e for e in store.trail(finalized.id) if e.action == "action progress"]
    assert len(entries) == 2 and entries[-1].new.startswith("done: Installed")
    facility = store.facility_of(finalized.id)
    assert store.action_logs_of(facility.id) == {finalized.id: log}  # one query, same log
    history = inspections([store.get(finalized.id)], store.checklist_for, store.action_log)
    assert action.id not in [o.action.id for o in open_actions(facility, history)]
    closed = next(a for a in history[0].actions if a.id == action.id)
    assert closed.closing_evidence == "Installed and checked"


def test_the_log_is_append_only_in_the_store_itself(store, finalized, tmp_path):
    """Past the app: the sqlite3 shell on the file, or psql as the server's owner."""
    service = AuditService(store, "t")
    action = finalized.actions[0]
    service.record_progress(finalized.id, action.id, ActionStatus.IN_PROGRESS, "Started")
    for statement in ("UPDATE action_log SET body = '{}'", "DELETE FROM action_log"):
        with pytest.raises(Exception, match="append-only"):
            run_sql(store, statement)


def test_a_draft_logs_no_progress(store):
    sample = build_sample(photos=1, audit_date=DAY)
    draft = import_audit(store, sample.model_dump_json().encode(), "s.json", "t")
    with pytest.raises(StoreError) as refused:
        AuditService(store, "t").record_progress(
            draft.id, draft.actions[0].id, ActionStatus.DONE, "x"
        )
    assert "is a draft" in str(refused.value)


def test_overdue_counts_the_logged_status(store, finalized):
    facility = store.facility_of(finalized.id)
    action = next(a for a in finalized.actions if a.status != ActionStatus.DONE and a.due)
    after = action.due + dt.timedelta(days=1)
    history = inspections([store.get(finalized.id)], store.checklist_for, store.action_log)
    assert action.id in [o.action.id for o in overdue(open_actions(facility, history), after)]
    AuditService(store, "t").record_progress(finalized.id, action.id, ActionStatus.DONE, "Fixed")
    history = inspections([store.get(finalized.id)], store.checklist_for, store.action_log)
    assert action.id not in [o.action.id for o in overdue(open_actions(facility, history), after)]
