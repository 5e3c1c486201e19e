"""Laptops that work offline and sync with the agency's server: two SQLite stores and a
real PostgreSQL server, each person logged in as themselves."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from clinic_audit.checklist.model import Result
from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store import agency, schema
from clinic_audit.store.database import Store
from clinic_audit.store.errors import StoreError
from clinic_audit.sync import conflicts
from clinic_audit.sync.engine import sync
from clinic_audit.sync.merge import differences
from clinic_audit.sync.resolve import both_versions, resolve_draft
from tests.server.sync_helpers import (
    blank_audit_with_date,
    draft_on,
    first_items,
    sample_on,
    sign_and_finalize,
)

pytestmark = pytest.mark.server


def counts(store: Store) -> dict[str, int]:
    tables = ("audits", "trail", "photos", "facilities", "facility_audits", "reports")
    with store.reading() as conn:
        return {
            t: conn.execute(select(func.count()).select_from(schema.metadata.tables[t])).scalar()
            for t in tables
        }


def test_finalized_work_reaches_the_server_and_the_assigned_inspectors_laptop(
    laptops, logins, server
):
    ana_laptop, ben_laptop = laptops("ana"), laptops("ben")
    audit_id = sample_on(ana_laptop)
    AuditService(ana_laptop, "ana").finalize(audit_id)
    first = sync(ana_laptop, logins("insp_ana"))
    assert first.pushed == 1 and first.photos_sent == 3 and first.conflicts == []
    on_server = logins("insp_ana").get(audit_id)
    assert on_server == ana_laptop.get(audit_id)
    assert logins("insp_ana").check_trail(audit_id).intact
    assert logins("insp_ana").trail(audit_id) == ana_laptop.trail(audit_id)

    facility = logins("insp_ana").facility_of(audit_id)
    agency.assign(logins("sup_sam"), facility.id, "insp_ben", dt.date(2027, 1, 5), "follow-up")
    pulled = sync(ben_laptop, logins("insp_ben"))
    assert pulled.pulled == 1 and pulled.photos_received == 3 and pulled.assignments == 1
    copy = ben_laptop.get(audit_id)
    assert copy == on_server and ben_laptop.check_trail(audit_id).intact
    assert ben_laptop.photo_jpeg(copy.photo_refs()[0][1].sha256)
    assert [a.facility_id for a in agency.assignments(ben_laptop)] == [facility.id]

    again = sync(ana_laptop, logins("insp_ana")), sync(ben_laptop, logins("insp_ben"))
    assert [s.pushed + s.pulled for s in again] == [0, 0]
    assert again[0].unchanged == 1 and again[1].unchanged == 1


def test_the_agencys_copy_is_marked_and_only_its_own_drafts_are_pulled(laptops, logins):
    draft = AuditService(logins("insp_ana"), "ana").create(blank_audit_with_date())
    audit_id = sample_on(logins("insp_ana"), "Clinic Assigned")
    AuditService(logins("insp_ana"), "ana").finalize(audit_id)
    ben_laptop, ana_laptop = laptops("ben"), laptops("ana")
    sync(ben_laptop, logins("insp_ben"))
    assert ben_laptop.list() == []  # neither assigned nor his
    facility = logins("insp_ana").facility_of(audit_id)
    agency.assign(logins("sup_sam"), facility.id, "insp_ben", dt.date(2027, 1, 5), "routine")
    sync(ben_laptop, logins("insp_ben"))
    assert [row.id for row in ben_laptop.list()] == [audit_id]  # her draft stays hers
    assert agency_copies(ben_laptop) == {audit_id}
    with pytest.raises(StoreError):
        AuditService(ben_laptop, "ben").update_header(audit_id, case_number="X")
    sync(ana_laptop, logins("insp_ana"))
    assert agency_copies(ana_laptop) == set()  # her own: editable on her laptop
    AuditService(ana_laptop, "ana").update_header(draft.id, case_number="C-1")
    assert sync(ana_laptop, logins("insp_ana")).pushed == 1
    assert logins("insp_ana").get(draft.id).case_number == "C-1"


def agency_copies(store: Store) -> set[str]:
    table = schema.sync_audits
    with store.reading() as conn:
        return set(conn.execute(select(table.c.audit_id).where(table.c.agency_copy == 1)).scalars())


def test_a_draft_changed_on_two_laptops_keeps_both_and_merges_per_part(laptops, logins):
    one, two = laptops("ana-1"), laptops("ana-2")
    audit_id = draft_on(one, photos=2)
    sync(one, logins("insp_ana"))
    sync(two, logins("insp_ana"))
    first, second = first_items(one, audit_id)
    AuditService(one, "ana").set_note(audit_id, first, "written on laptop one")
    AuditService(two, "ana").set_note(audit_id, second, "written on laptop two")
    AuditService(two, "ana").update_header(audit_id, case_number="CASE-2")
    assert sync(one, logins("insp_ana")).pushed == 1
    met = sync(two, logins("insp_ana"))
    assert len(met.conflicts) == 1 and "both versions are kept" in met.conflicts[0]
    assert logins("insp_ana").get(audit_id).responses[second].note != "written on laptop two"
    mine, theirs = both_versions(two, audit_id)
    parts = {d.part for d in differences(mine, theirs)}
    assert parts == {"header", f"item:{first}", f"item:{second}"}
    before = counts(logins("insp_ana"))
    again = sync(two, logins("insp_ana"))  # unresolved: said again, nothing overwritten
    assert len(again.conflicts) == 1 and counts(logins("insp_ana")) == before

    resolve_draft(two, audit_id, {f"item:{first}": "theirs"}, "ana")
    result = two.get(audit_id)
    assert result.responses[first].note == "written on laptop one"
    assert result.responses[second].note == "written on laptop two"
    assert result.case_number == "CASE-2"
    assert two.check_trail(audit_id).intact
    merge = two.trail(audit_id)[-1]
    assert merge.action == "merged" and "kept from the server" in (merge.new or "")
    assert sync(two, logins("insp_ana")).pushed == 1
    assert logins("insp_ana").get(audit_id) == result
    assert logins("insp_ana").check_trail(audit_id).intact
    assert sync(one, logins("insp_ana")).pulled == 1 and one.get(audit_id) == result
    kept = conflicts.copies(logins("insp_ana"))
    assert len(kept) == 1 and "merged" in kept[0].reason  # laptop two's side, trail and all


def test_the_same_draft_finalized_on_two_laptops_the_first_wins_the_other_is_kept(laptops, logins):
    one, two = laptops("ana-1"), laptops("ana-2")
    audit_id = draft_on(one)
    sync(one, logins("insp_ana"))
    sync(two, logins("insp_ana"))
    item = first_items(one, audit_id, 1)[0]
    AuditService(two, "ana").set_note(audit_id, item, "two's last words")
    sign_and_finalize(one, audit_id)
    sign_and_finalize(two, audit_id)
    assert sync(one, logins("insp_ana")).pushed == 1
    late = sync(two, logins("insp_ana"))
    assert len(late.conflicts) == 1 and "conflict copy" in late.conflicts[0]
    assert logins("insp_ana").get(audit_id) == one.get(audit_id)  # the first to arrive
    assert two.get(audit_id).responses[item].note == "two's last words"  # final there, too
    open_copies = conflicts.copies(logins("sup_sam"))
    assert [c.audit_id for c in open_copies] == [audit_id]
    document, trail = conflicts.copy_document(logins("sup_sam"), open_copies[0].id)
    assert "two's last words" in document and trail[-1]["path"] == "trail_head"
    sync(two, logins("insp_ana"))  # again: the same copy, not a second one
    assert len(conflicts.copies(logins("sup_sam"))) == 1
    with pytest.raises(StoreError):  # only a supervisor resolves
        conflicts.resolve(logins("insp_ana"), open_copies[0].id[:8], "mine")
    done = conflicts.resolve(logins("sup_sam"), open_copies[0].id[:8], "laptop one's stands")
    assert done.resolved_by == "sup_sam" and conflicts.copies(logins("sup_sam")) == []
    assert logins("insp_ana").check_trail(audit_id).intact


def test_a_draft_finalized_elsewhere_first_is_set_aside_and_replaced(laptops, logins):
    one, two = laptops("ana-1"), laptops("ana-2")
    audit_id = draft_on(one)
    sync(one, logins("insp_ana"))
    sync(two, logins("insp_ana"))
    item = first_items(one, audit_id, 1)[0]
    AuditService(two, "ana").answer(audit_id, item, Result.FAIL, "seen on laptop two")
    sign_and_finalize(one, audit_id)
    sync(one, logins("insp_ana"))
    said = sync(two, logins("insp_ana"))
    assert "finalized on another device first" in said.conflicts[0]
    assert two.get(audit_id) == logins("insp_ana").get(audit_id)
    assert two.check_trail(audit_id).intact
    kept = conflicts.copies(two)
    assert len(kept) == 1 and "seen on laptop two" in conflicts.copy_document(two, kept[0].id)[0]
    assert [c.id for c in conflicts.copies(logins("sup_sam"))] == [kept[0].id]


def test_sync_needs_a_laptop_and_a_server(laptops, logins):
    with pytest.raises(StoreError) as refused:
        sync(logins("insp_ana"), logins("insp_ana"))
    assert refused.value.code == ErrorCode.SYNC_NOT_A_LAPTOP


def test_a_version_5_server_is_upgraded_for_sync(server, laptops, logins):
    from clinic_audit.cli.main import main
    from tests.server.cluster import ADMIN
    from tests.server.fixtures import admin_engine

    engine = admin_engine(server.cluster, server.database)
    with engine.connect() as conn:  # the server as version 5 made it
        for table in ("conflict_resolutions", "conflict_copies", "sync_audits", "sync_runs"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
        conn.exec_driver_sql("UPDATE schema_info SET version = 5")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'v5'")
    engine.dispose()
    with pytest.raises(StoreError) as older:
        Store.connect(server.address("insp_ana"))
    assert older.value.code == ErrorCode.SERVER_OLDER
    assert main(["server", "upgrade", server.address(ADMIN)]) == 0
    laptop = laptops("ana")
    audit_id = sample_on(laptop)
    assert sync(laptop, logins("insp_ana")).pushed == 1
    assert logins("insp_ana").get(audit_id) == laptop.get(audit_id)
    row = conflicts.copy_row(bundle_of(laptop, audit_id), "a test copy")
    with logins("insp_ana").transaction() as conn:
        assert conflicts.keep(conn, row)
    refused = server.psql("UPDATE conflict_copies SET reason = 'changed'", "sup_sam")
    assert refused.returncode != 0 and "permission denied" in refused.stderr
    refused = server.psql("DELETE FROM conflict_copies", ADMIN)  # the owner, past the grants
    assert refused.returncode != 0 and "append-only" in refused.stderr
    assert server.psql("SELECT count(*) FROM conflict_copies", "insp_ben").stdout.strip() == "0"


def bundle_of(store: Store, audit_id: str):
    from clinic_audit.sync import bundle

    with store.reading() as conn:
        return bundle.read(conn, audit_id)
