"""Undo and redo of answers, notes, photos, register rows and actions, each in the trail."""

import pytest

from clinic_audit.audit.model import CorrectiveAction, Practitioner, SignatureRole
from clinic_audit.checklist.model import Result
from clinic_audit.service.undo import HISTORY_LIMIT, UndoHistory
from clinic_audit.store.errors import AuditFinalizedError, AuditSignedError, StoreError


def test_an_answer_changed_by_mistake_comes_back_with_its_note(service, draft, checklist):
    item = checklist.sections[0].items[9]
    service.answer(draft.id, item.id, Result.FAIL, note="dirty trolley")
    service.answer(draft.id, item.id, Result.PASS)
    change = service.undo(draft.id)
    assert change.label == f"answer of {item.code}"
    response = service.store.get(draft.id).responses[item.id]
    assert (response.result, response.note) == (Result.FAIL, "dirty trolley")
    service.redo(draft.id)
    assert service.store.get(draft.id).responses[item.id].result == Result.PASS
    actions = list(dict.fromkeys(entry.action for entry in service.store.trail(draft.id)))
    assert actions[-2:] == [f"undo: answer of {item.code}", f"redo: answer of {item.code}"]


def test_notes_photos_rows_and_actions_undo_in_reverse_order(service, draft, checklist):
    item = checklist.sections[0].items[0].id
    empty = service.store.get(draft.id)
    service.set_note(draft.id, item, "first")
    service.put_row(draft.id, "practitioners", Practitioner(name="Ann Lee"))
    service.put_action(draft.id, CorrectiveAction(finding_key=f"item:{item}", action="Fix"))
    for _ in range(3):
        service.undo(draft.id)
    assert service.store.get(draft.id).model_dump() == empty.model_dump()
    with pytest.raises(StoreError, match="nothing to undo"):
        service.undo(draft.id)


def test_a_new_change_drops_what_could_be_redone(service, draft, checklist):
    item = checklist.sections[0].items[0].id
    service.set_note(draft.id, item, "one")
    service.undo(draft.id)
    service.set_note(draft.id, item, "two")
    with pytest.raises(StoreError, match="nothing to redo"):
        service.redo(draft.id)


def test_undo_is_refused_when_the_audit_changed_elsewhere(service, draft, checklist, store):
    from clinic_audit.service.audit_service import AuditService

    item = checklist.sections[0].items[0].id
    service.set_note(draft.id, item, "mine")
    AuditService(store, "other window").set_note(draft.id, item, "theirs")
    with pytest.raises(StoreError, match="changed since"):
        service.undo(draft.id)
    assert service.store.get(draft.id).responses[item].note == "theirs"


def test_no_undo_behind_a_signature_or_after_finalize(service, draft, checklist):
    item = checklist.sections[0].items[0].id
    service.set_note(draft.id, item, "noted")
    service.sign(draft.id, SignatureRole.INSPECTOR, "Dana", b"png")
    assert service.history.next_undo() is None  # signing closes the history
    service.history.record(service.history.next_undo() or _fake(service, draft.id))
    with pytest.raises(AuditSignedError):
        service.undo(draft.id)
    service.store.modify(draft.id, "t", "finalize", lambda a: setattr(a, "status", "finalized"))
    service.history.record(_fake(service, draft.id))  # a failed undo closed the history
    with pytest.raises(AuditFinalizedError):
        service.undo(draft.id)


def _fake(service, audit_id):
    from clinic_audit.service.undo import Change

    audit = service.store.get(audit_id)
    return Change("note on 1.1", before=audit, after=audit)


def test_the_history_is_bounded_and_keeps_one_audit():
    history = UndoHistory(limit=3)
    from clinic_audit.service.undo import Change

    class A:
        def __init__(self, id):
            self.id = id

    for n in range(5):
        history.record(Change(str(n), A("x"), A("x")))
    assert history.next_undo().label == "4" and len(history._done) == 3
    history.record(Change("other", A("y"), A("y")))
    assert len(history._done) == 1
    assert HISTORY_LIMIT >= 100
