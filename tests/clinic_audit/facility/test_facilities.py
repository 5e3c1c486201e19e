"""Facilities as records: audits of one clinic filed under one facility, by license
number first, then by name and address; an old store migrates with its facilities."""

import datetime as dt
import sqlite3

from clinic_audit.audit.model import Facility
from clinic_audit.facility.model import FacilityRecord, matching
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store.database import Store
from tests.factories import AUDIT_DAY, blank_audit

GLOW = Facility(name="Glow Aesthetics Medspa", address="12 Main St", licence_number="MSP-0412")


def test_a_license_number_matches_whatever_the_spelling():
    record = FacilityRecord.of(GLOW)
    assert matching(Facility(name="Glow Aesthetics", licence_number="msp 0412"), [record]) == record
    other = Facility(name="Glow Aesthetics Medspa", address="12 Main St", licence_number="X-9")
    assert matching(other, [record]) is None  # another license: another facility


def test_without_a_license_number_name_and_address_match():
    record = FacilityRecord.of(Facility(name="Lumen Skin Studio", address="1420 Alder St."))
    same = Facility(name="lumen skin  studio", address="1420 Alder St")
    assert matching(same, [record]) == record
    assert matching(Facility(name="Lumen Skin Studio", address="9 Elm Rd"), [record]) is None
    assert matching(Facility(name="Lumen Skin Studio"), [record]) == record


def test_audits_of_one_clinic_share_a_facility(store, checklist):
    service = AuditService(store, "tester")
    first = service.create(blank_audit(checklist, facility=GLOW))
    later = service.create(
        blank_audit(
            checklist,
            facility=Facility(
                name="Glow Aesthetics", address="14 Main St", licence_number="MSP-0412"
            ),
            audit_date=AUDIT_DAY + dt.timedelta(days=90),
        )
    )
    elsewhere = service.create(blank_audit(checklist, facility=Facility(name="Other Spa")))
    facility = store.facility_of(first.id)
    assert store.facility_of(later.id).id == facility.id
    assert store.facility_of(elsewhere.id).id != facility.id
    assert store.audits_of(facility.id) == [first.id, later.id]
    kept = store.facility(facility.id)
    assert kept.addresses == ["12 Main St", "14 Main St"]  # the later address is added
    assert [f.name for f in store.facilities()] == ["Glow Aesthetics Medspa", "Other Spa"]


def test_a_version_2_store_migrates_with_its_facilities_merged(tmp_path, checklist):
    path = tmp_path / "v2.sqlite3"
    with Store.open(path, create=True) as store:
        service = AuditService(store, "t")
        ids = [
            service.create(blank_audit(checklist, facility=GLOW)).id,
            service.create(
                blank_audit(
                    checklist,
                    facility=Facility(name="GLOW aesthetics", licence_number="MSP 0412"),
                    audit_date=AUDIT_DAY + dt.timedelta(days=30),
                )
            ).id,
            service.create(blank_audit(checklist, facility=Facility(name="Other Spa"))).id,
        ]
        service.finalize_blockers(store.get(ids[0]))
    with sqlite3.connect(path) as conn:  # as version 2 made it: no facilities
        conn.execute("DROP TABLE facility_audits")
        conn.execute("DROP TABLE facilities")
        conn.execute("DROP TABLE action_log")
        conn.execute("UPDATE schema_info SET version = 2")
    digests_before = {audit_id: _document(path, audit_id) for audit_id in ids}
    with Store.open(path) as store:
        assert store.migration_backup == tmp_path / "v2.sqlite3.v2.bak"
        assert len(store.facilities()) == 2
        assert store.facility_of(ids[0]).id == store.facility_of(ids[1]).id
        assert store.facility_of(ids[0]).name == "Glow Aesthetics Medspa"  # the oldest audit's
        assert store.facility_of(ids[2]).name == "Other Spa"
    assert {audit_id: _document(path, audit_id) for audit_id in ids} == digests_before


def _document(path, audit_id):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT document FROM audits WHERE id = ?", (audit_id,)).fetchone()


def test_the_portable_file_carries_the_facility_with_its_id(tmp_path, store, checklist):
    from clinic_audit.files.integrity import audit_digest
    from clinic_audit.files.portable import export_audit, import_audit

    audit = AuditService(store, "t").create(blank_audit(checklist, facility=GLOW))
    facility = store.facility_of(audit.id)
    data = export_audit(store, audit.id)
    with Store.open(tmp_path / "other.sqlite3", create=True) as other:
        AuditService(other, "t").create(blank_audit(checklist, facility=Facility(name="Else")))
        imported = import_audit(other, data, "a.json", "t")
        assert other.facility_of(imported.id).id == facility.id
        assert audit_digest(imported) == audit_digest(store.get(audit.id))


def test_scored_audits_are_read_once_and_again_when_they_change(store, checklist, monkeypatch):
    from clinic_audit.checklist.model import Result
    from clinic_audit.facility.history import ScoredAudits

    service = AuditService(store, "tester")
    first = service.create(blank_audit(checklist, facility=GLOW))
    later = service.create(
        blank_audit(checklist, facility=GLOW, audit_date=AUDIT_DAY + dt.timedelta(days=90))
    )
    facility = store.facility_of(first.id).id
    read: list[str] = []
    get = store.get
    monkeypatch.setattr(store, "get", lambda audit_id: read.append(audit_id) or get(audit_id))
    scored = ScoredAudits()
    assert [a.id for a, _s in scored.of_facility(store, facility)] == [first.id, later.id]
    assert [a.id for a, _s in scored.of_facility(store, facility)] == [first.id, later.id]
    assert read == [first.id, later.id]  # the second time, nothing is read again
    item = next(i for _s, i in checklist.items() if not i.applies_when)
    service.answer(later.id, item.id, Result.FAIL)
    scored.of_facility(store, facility)
    assert read == [first.id, later.id, later.id]  # only the changed one
    service.answer(later.id, item.id, Result.PASS)  # again, most likely in the same second
    _first, (audit, summary) = scored.of_facility(store, facility)
    assert read == [first.id, later.id, later.id, later.id]
    assert audit.response(item.id).result == Result.PASS
    assert summary.score == summarize_of(store, audit).score
    scored.keep_only_asked()
    scored.of_facility(store, facility)
    assert len(read) == 4


def summarize_of(store, audit):
    from clinic_audit.rules.scoring import summarize

    return summarize(store.checklist_for(audit), audit)
