"""A failed item that needs a photo may go without one when the inspector says why: the
photo is no longer missing, the reason is in the trail, undo brings the need back."""

from clinic_audit.checklist.model import Result
from clinic_audit.files.integrity import audit_digest


def status_of(service, audit_id, item_id):
    summary = service.summary(service.store.get(audit_id))
    return next(s for s in summary.items if s.item_id == item_id)


def photo_item(checklist):
    return next(i for _s, i in checklist.items() if i.photo_required_on_fail and not i.applies_when)


def test_a_reason_stands_in_for_the_missing_photo(service, draft, checklist):
    item = photo_item(checklist)
    service.answer(draft.id, item.id, Result.FAIL, note="blood on the trolley")

    def status():
        return status_of(service, draft.id, item.id)

    assert status().missing_photo
    digest_before = audit_digest(service.store.get(draft.id))
    service.set_photo_waiver(draft.id, item.id, "  The clinic refused photography.  ")
    audit = service.store.get(draft.id)
    assert audit.responses[item.id].photo_waiver == "The clinic refused photography."
    assert not status().missing_photo
    assert item.id not in service.summary(audit).missing_evidence
    assert audit_digest(audit) != digest_before  # the reason is covered by the record's hash
    actions = [entry.action for entry in service.store.trail(draft.id)]
    assert "photo waiver" in actions
    change = service.undo(draft.id)
    assert change.label == f"photo waived on {item.code}"
    assert status().missing_photo


def test_an_empty_reason_asks_for_the_photo_again(service, draft, checklist):
    item = photo_item(checklist)
    service.answer(draft.id, item.id, Result.FAIL, note="n")
    service.set_photo_waiver(draft.id, item.id, "The camera failed.")
    service.set_photo_waiver(draft.id, item.id, "   ")
    assert status_of(service, draft.id, item.id).missing_photo
