"""Store.revision: a cheap question that tells a reader whether its copy of an audit is stale."""

import pytest

from clinic_audit.checklist.model import Result
from clinic_audit.store.database import AuditNotFoundError
from tests.factories import blank_audit


def test_the_revision_grows_with_every_committed_change_and_only_then(store, service, checklist):
    audit = service.create(blank_audit(checklist))
    first = store.revision(audit.id)
    item_id = checklist.sections[0].items[0].id
    service.answer(audit.id, item_id, Result.PASS)
    assert store.revision(audit.id) == first + 1
    service.answer(audit.id, item_id, Result.PASS)  # the same answer again changes nothing
    assert store.revision(audit.id) == first + 1
    service.set_note(audit.id, item_id, "Checked the fridge.")
    assert store.revision(audit.id) == first + 2


def test_an_unknown_audit_has_no_revision(store):
    with pytest.raises(AuditNotFoundError, match="No audit with the id nope"):
        store.revision("nope")
