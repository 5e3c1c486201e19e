"""The store keeps everything, refuses changes to finalized audits, and trails every change."""

import os
import sqlite3
import stat

import pytest
from sqlalchemy import text

from clinic_audit.audit.model import CorrectiveAction, Practitioner, SignatureRole, Status
from clinic_audit.checklist.model import Result
from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample, make_photo
from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.service.audit_service import AuditService, FinalizeRefusedError
from clinic_audit.store.database import AuditFinalizedError, Store, StoreError
from clinic_audit.store.quick_list import SCHEMA_VERSION
from tests.backend_sql import run_sql
from tests.factories import AUDIT_DAY


@pytest.fixture
def finalized(store, service):
    sample = build_sample(photos=3, audit_date=AUDIT_DAY)
    audit = import_audit(store, sample.model_dump_json().encode(), "sample.json", "tester")
    return service.finalize(audit.id)


def test_answers_survive_reopening(tmp_path, checklist):
    path = tmp_path / "s.sqlite3"
    store = Store.open(path, create=True)
    service = AuditService(store, "tester")
    from tests.factories import blank_audit

    audit = service.create(blank_audit(checklist))
    item = checklist.sections[0].items[0].id
    service.answer(audit.id, item, Result.FAIL, note="Dust on the trolley")
    service.put_row(audit.id, "practitioners", Practitioner(name="Ana"))
    store.close()

    again = Store.open(path)
    reopened = again.get(audit.id)
    assert reopened.responses[item].result == Result.FAIL
    assert reopened.responses[item].note == "Dust on the trolley"
    assert [p.name for p in reopened.practitioners] == ["Ana"]
    (row,) = again.list()
    assert row.facility_name == "Test Clinic" and row.status == "draft"
    again.close()


def test_every_change_is_trailed_with_old_and_new(store, service, draft, checklist):
    item = checklist.sections[0].items[0].id
    service.answer(draft.id, item, Result.PASS)
    service.answer(draft.id, item, Result.FAIL, note="Blood on the bed rail")
    entries = store.trail(draft.id)
    assert entries[0].action == "created"
    result_changes = [e for e in entries if e.path == f"responses.{item}.result"]
    assert [(e.old, e.new) for e in result_changes] == [(None, "pass"), ("pass", "fail")]
    assert all(e.actor == "tester" and e.at for e in entries)
    note = [e for e in entries if e.path == f"responses.{item}.note"]
    assert note[-1].new == "Blood on the bed rail"


def test_register_rows_are_trailed_by_id(store, service, draft):
    person = Practitioner(name="Ana")
    service.put_row(draft.id, "practitioners", person)
    service.put_row(draft.id, "practitioners", person.model_copy(update={"name": "Ana Ruiz"}))
    paths = {(e.path, e.old, e.new) for e in store.trail(draft.id)}
    assert (f"practitioners[{person.id}].name", "Ana", "Ana Ruiz") in paths


def test_finalize_needs_answers_and_signatures(service, draft):
    with pytest.raises(FinalizeRefusedError, match="not answered yet.*inspector has not signed"):
        service.finalize(draft.id)


def test_finalized_audit_refuses_every_service_change(service, finalized, checklist):
    item = checklist.sections[0].items[0].id
    attempts = [
        lambda: service.answer(finalized.id, item, Result.FAIL),
        lambda: service.set_note(finalized.id, item, "changed"),
        lambda: service.update_header(finalized.id, audit_date=AUDIT_DAY.replace(day=1)),
        lambda: service.put_row(finalized.id, "practitioners", Practitioner(name="New")),
        lambda: service.put_action(finalized.id, CorrectiveAction(finding_key=f"item:{item}")),
        lambda: service.sign(finalized.id, SignatureRole.INSPECTOR, "X", None),
        lambda: service.attach_photo(
            finalized.id, item, make_photo(1, "x", __import__("random").Random(1), size=(64, 48))
        ),
        lambda: service.delete(finalized.id),
    ]
    for attempt in attempts:
        with pytest.raises(AuditFinalizedError):
            attempt()
    assert service.store.get(finalized.id) == finalized


def test_finalized_audit_refuses_direct_sql(store, finalized):
    """Past the app, as the file's user or the server's owner (who passes row security)."""
    for statement in (
        "UPDATE audits SET facility_name = 'Other' WHERE id = :id",
        "DELETE FROM audits WHERE id = :id",
        "DELETE FROM trail WHERE audit_id = :id",
        "UPDATE trail SET new = 'x' WHERE audit_id = :id",
    ):
        with pytest.raises(Exception, match="cannot|append-only"):
            run_sql(store, statement, {"id": finalized.id})
    assert store.get(finalized.id).status == Status.FINALIZED


def test_photos_are_stored_once(store, service, draft, checklist):
    import random

    data = make_photo(0, "x", random.Random(3), size=(640, 480))
    first, second = (item.id for item in checklist.sections[0].items[:2])
    service.attach_photo(draft.id, first, data, "a.jpg")
    audit = service.attach_photo(draft.id, second, data, "a.jpg")
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM photos")).scalar() == 1
    ref = audit.responses[first].photos[0]
    assert store.photo_jpeg(ref.sha256)[:2] == b"\xff\xd8"
    assert len(store.photo_thumb(ref.sha256)) < len(store.photo_jpeg(ref.sha256))


def test_store_file_is_private(tmp_path):
    Store.open(tmp_path / "private.sqlite3", create=True).close()
    mode = stat.S_IMODE(os.stat(tmp_path / "private.sqlite3").st_mode)
    assert mode == 0o600


def test_random_bytes_are_refused_and_left_untouched(tmp_path):
    path = tmp_path / "junk.sqlite3"
    junk = os.urandom(8192)
    path.write_bytes(junk)
    with pytest.raises(
        StoreError, match="junk.sqlite3 is not a Clinic Audit store. Nothing was changed"
    ):
        Store.open(path)
    assert path.read_bytes() == junk


def test_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError) as refused:
        Store.open(path)
    assert str(refused.value) == ErrorCode.STORE_FOREIGN.text(path=path)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "newer.sqlite3"
    Store.open(path, create=True).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schema_info SET version = 99")
    with pytest.raises(StoreError) as refused:
        Store.open(path)
    assert str(refused.value) == ErrorCode.STORE_NEWER.text(
        path=path, version=99, known=SCHEMA_VERSION
    )


def test_a_version_1_store_migrates_after_a_backup(tmp_path, checklist):
    from tests.factories import blank_audit

    path = tmp_path / "old.sqlite3"
    with Store.open(path, create=True) as store:
        audit_id = AuditService(store, "t").create(blank_audit(checklist)).id
    with sqlite3.connect(path) as conn:  # the store as version 1 made it: no packs table
        conn.execute("DROP TABLE packs")
        conn.execute("DROP TABLE facility_audits")
        conn.execute("DROP TABLE facilities")
        conn.execute("DROP TABLE action_log")
        conn.execute("ALTER TABLE trail DROP COLUMN prev_hash")
        conn.execute("UPDATE schema_info SET version = 1")
    store = Store.open(path)
    assert store.migration_backup == tmp_path / "old.sqlite3.v1.bak"
    with sqlite3.connect(store.migration_backup) as conn:
        assert conn.execute("SELECT version FROM schema_info").fetchone() == (1,)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM schema_info")).scalar() == SCHEMA_VERSION
        assert conn.execute(text("SELECT count(*) FROM packs")).scalar() == 0
    assert store.facility_of(audit_id).name == store.get(audit_id).facility.name
    assert store.get(audit_id).id == audit_id
    store.close()


def test_deleting_a_draft_removes_it(store, service, draft):
    service.delete(draft.id)
    assert store.list() == []


# What a portable file may not hold, the store refuses by every other path too ---------


def test_the_store_refuses_answers_to_items_the_checklist_lacks(store, service, draft):
    from clinic_audit.audit.model import Response
    from tests.factories import blank_audit

    before = store.get(draft.id)

    def invent(audit):
        audit.responses["made-up"] = Response(result=Result.PASS)

    with pytest.raises(StoreError, match="responses.made-up: the checklist 'microneedling'"):
        store.modify(draft.id, "t", "answer", invent)
    assert store.get(draft.id) == before
    audit = blank_audit(store.checklist(draft.checklist_id, draft.checklist_version))
    audit.responses["made-up"] = Response()
    with pytest.raises(StoreError, match="The audit was not saved: responses.made-up"):
        store.create(audit, "t")
    assert len(store.list()) == 1


def test_the_store_refuses_actions_for_findings_that_cannot_exist(store, service, draft):
    row = "f" * 32
    with pytest.raises(StoreError, match="practitioners register of this audit has no row"):
        service.put_action(
            draft.id, CorrectiveAction(finding_key=f"register:practitioners:{row}:no_licence")
        )
    with pytest.raises(StoreError, match="has no item 'made-up'"):
        service.put_action(draft.id, CorrectiveAction(finding_key="item:made-up"))
    assert store.get(draft.id).actions == []


def test_the_store_refuses_implausible_dates(store, service, draft):
    import datetime as dt

    with pytest.raises(StoreError, match="audit_date: the date 1900-01-01 is implausible"):
        service.update_header(draft.id, audit_date=dt.date(1900, 1, 1))
    with pytest.raises(StoreError, match="licence_expiry: the date 9999-12-31 is implausible"):
        service.put_row(
            draft.id,
            "practitioners",
            Practitioner(name="Ana", licence_expiry=dt.date(9999, 12, 31)),
        )
    assert store.get(draft.id) == draft


def test_a_problem_already_saved_does_not_block_other_changes(store, service, draft, checklist):
    """An audit saved before a rule existed (here written into the file directly) can
    still be edited, and mended; only new problems are refused."""
    import datetime as dt

    from clinic_audit.store.schema import audits

    old = Practitioner(name="Ana", licence_expiry=dt.date(9999, 12, 31))
    document = draft.model_copy(update={"practitioners": [old]}).model_dump_json()
    with store.engine.begin() as conn:
        conn.execute(audits.update().where(audits.c.id == draft.id).values(document=document))
    item = checklist.sections[0].items[0].id
    service.answer(draft.id, item, Result.PASS)
    with pytest.raises(StoreError, match="9999-12-31"):  # a second one is new
        service.put_row(draft.id, "practitioners", old.model_copy(update={"id": "e" * 32}))
    service.put_row(draft.id, "practitioners", old.model_copy(update={"licence_expiry": None}))
    assert store.get(draft.id).practitioners[0].licence_expiry is None


def test_removing_a_row_removes_the_actions_for_its_findings(store, service, draft, checklist):
    row = Practitioner(name="Ana")
    service.put_row(draft.id, "practitioners", row)
    key = f"register:practitioners:{row.id}:no_licence"
    service.put_action(draft.id, CorrectiveAction(finding_key=key, action="Show the licence"))
    item_action = CorrectiveAction(finding_key=f"item:{checklist.sections[0].items[0].id}")
    service.put_action(draft.id, item_action)
    service.remove_row(draft.id, "practitioners", row.id)
    assert store.get(draft.id).actions == [item_action]
