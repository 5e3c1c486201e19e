"""The server enforces who may do what, for psql as much as for the app: row-level
security and the guards on finalized audits, tested as each person's own login."""

import datetime as dt

import pytest

from clinic_audit.audit.model import ActionStatus, Facility
from clinic_audit.checklist.model import Result
from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample
from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store import agency
from clinic_audit.store.database import Store
from clinic_audit.store.errors import StoreError
from tests.factories import AUDIT_DAY, blank_audit
from tests.server.cluster import ADMIN

pytestmark = pytest.mark.server


@pytest.fixture
def people(server):
    stores = {name: Store.connect(server.address(name)) for name in
              ("sup_sam", "insp_ana", "insp_ben", "clerk_cy")}  # fmt: skip
    yield stores
    for store in stores.values():
        store.close()


def finalized_by(store, name="Clinic Finalized"):
    sample = build_sample(photos=3, audit_date=AUDIT_DAY, facility_name=name)
    audit = import_audit(store, sample.model_dump_json().encode(), "s.json", "t")
    return AuditService(store, "t").finalize(audit.id)


def count(server, user, sql):
    done = server.psql(sql, user)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip() or 0)


def test_an_inspector_reads_only_their_drafts_and_the_assigned_finalized_history(
    server, people, checklist
):
    ana = AuditService(people["insp_ana"], "ana")
    draft = ana.create(blank_audit(checklist))
    final = finalized_by(people["insp_ana"])
    sql = "SELECT count(*) FROM audits"
    assert count(server, "insp_ana", sql) == 2
    assert count(server, "insp_ben", sql) == 0  # neither assigned nor his
    assert count(server, "insp_ben", "SELECT count(*) FROM trail") == 0
    assert count(server, "insp_ben", "SELECT count(*) FROM facilities") == 0
    facility = people["insp_ana"].facility_of(final.id)
    agency.assign(people["sup_sam"], facility.id, "insp_ben", dt.date(2027, 1, 5), "follow-up")
    # assigned: Ben reads the facility's finalized history, never Ana's draft
    assert count(server, "insp_ben", sql) == 1
    assert [row.id for row in people["insp_ben"].list()] == [final.id]
    assert people["insp_ben"].facility(facility.id).name == "Clinic Finalized"
    assert count(server, "insp_ben", f"SELECT count(*) FROM audits WHERE id = '{draft.id}'") == 0
    assert count(server, "sup_sam", sql) == 2
    assert count(server, "clerk_cy", sql) == 2


def test_nobody_changes_someone_elses_draft_or_any_finalized_audit_through_sql(
    server, people, checklist
):
    draft = AuditService(people["insp_ana"], "ana").create(blank_audit(checklist))
    final = finalized_by(people["insp_ana"])
    facility = people["insp_ana"].facility_of(final.id)
    agency.assign(people["sup_sam"], facility.id, "insp_ben", dt.date(2027, 1, 5), "routine")
    AuditService(people["insp_ana"], "ana").record_progress(
        final.id, final.actions[0].id, ActionStatus.IN_PROGRESS, "Ordered the autoclave"
    )
    changes = (
        f"UPDATE audits SET facility_name = 'x' WHERE id = '{final.id}' RETURNING id",
        f"DELETE FROM audits WHERE id = '{final.id}' RETURNING id",
        f"DELETE FROM trail WHERE audit_id = '{final.id}' RETURNING seq",
        "UPDATE trail SET actor = 'x' RETURNING seq",
        "DELETE FROM action_log RETURNING seq",
    )
    for who in ("insp_ana", "insp_ben", "sup_sam", "clerk_cy"):  # row security: no rows
        for statement in changes:
            done = server.psql(statement, who)
            assert done.stdout == "", (who, statement, done.stdout)
            refused = ("permission denied", "cannot be", "append-only")
            assert done.returncode == 0 or any(r in done.stderr for r in refused), done.stderr
        done = server.psql("TRUNCATE audits, trail", who)
        assert "permission denied" in done.stderr
    done = server.psql(f"UPDATE audits SET facility_name = 'x' WHERE id = '{draft.id}'", "insp_ben")
    assert done.returncode == 0 and done.stdout == ""
    for statement in (*changes, "TRUNCATE trail"):  # the owner passes row security: the guards
        done = server.psql(statement, ADMIN)
        assert done.returncode != 0, statement
        assert "cannot" in done.stderr or "append-only" in done.stderr, done.stderr
    done = server.psql("INSERT INTO people VALUES ('x', 'X', 'inspector')", "sup_sam")
    assert "permission denied" in done.stderr
    done = server.psql(f"DELETE FROM audits WHERE id = '{draft.id}'", "clerk_cy")
    assert "permission denied" in done.stderr
    assert people["insp_ana"].get(final.id).facility.name == "Clinic Finalized"
    assert people["sup_sam"].check_trail(final.id).intact
    assert people["insp_ana"].get(draft.id).facility.name == draft.facility.name


def test_a_draft_belongs_to_the_login_that_made_it_whatever_the_app_says(server, people):
    done = server.psql(
        "INSERT INTO audits (id, checklist_id, checklist_version, kind, status, facility_name,"
        " audit_date, outcome, updated_at, revision, document, owner) VALUES ('forged', 'm', '1',"
        " 'x', 'draft', 'F', '2026-01-01', 'o', 'now', 1, '{}', 'insp_ana')",
        "insp_ben",
    )
    assert "row-level security" in done.stderr


def test_the_app_says_what_the_server_refused(people, checklist):
    draft = AuditService(people["insp_ana"], "ana").create(blank_audit(checklist))
    facility = people["insp_ana"].facility_of(draft.id)
    with pytest.raises(StoreError) as refused:
        agency.assign(people["insp_ana"], facility.id, "insp_ben", dt.date(2027, 1, 1), "routine")
    assert refused.value.code == ErrorCode.SERVER_NOT_ALLOWED
    assert "insp_ana may not" in str(refused.value)
    item = checklist.sections[0].items[0].id
    with pytest.raises(StoreError) as refused:
        AuditService(people["clerk_cy"], "cy").answer(draft.id, item, Result.FAIL)
    assert refused.value.code in (ErrorCode.SERVER_NOT_ALLOWED, ErrorCode.AUDIT_NOT_FOUND)
    assert people["insp_ana"].get(draft.id).responses.get(item) is None


def test_a_supervisor_assigns_and_pages_through_everyones_audits(people, checklist):
    ana, ben = AuditService(people["insp_ana"], "ana"), AuditService(people["insp_ben"], "ben")
    for number in range(3):
        ana.create(blank_audit(checklist, facility=Facility(name=f"Ana's clinic {number}")))
    ben.create(blank_audit(checklist, facility=Facility(name="Ben's clinic")))
    final = finalized_by(people["insp_ben"], "Ben's finalized clinic")
    sam = people["sup_sam"]
    rows, total = agency.audit_page(sam, agency.AuditFilter(), page=1, size=2)
    assert total == 5 and len(rows) == 2
    rows, total = agency.audit_page(sam, agency.AuditFilter(owner="insp_ana"), size=10)
    assert total == 3 and {row.owner for row in rows} == {"insp_ana"}
    rows, total = agency.audit_page(sam, agency.AuditFilter(status="finalized"))
    assert [row.id for row in rows] == [final.id]
    rows, total = agency.audit_page(sam, agency.AuditFilter(facility="ben's"))
    assert total == 2
    facility = sam.facility_of(final.id)
    made = agency.assign(sam, facility.id, "insp_ana", dt.date(2027, 2, 1), "re-inspection")
    assert made.assigned_by == "sup_sam"
    assert [a.id for a in agency.assignments(people["insp_ana"])] == [made.id]
    assert agency.assignments(people["insp_ben"]) == []
    with pytest.raises(StoreError) as refused:
        agency.assign(sam, facility.id, "clerk_cy", dt.date(2027, 2, 1), "routine")
    assert refused.value.code == ErrorCode.NOT_AN_INSPECTOR


def test_a_supervisor_issues_the_report_of_an_inspectors_finalized_audit(people, tmp_path):
    from clinic_audit.reports.build import write_report

    final = finalized_by(people["insp_ana"])
    sam = people["sup_sam"]
    written = write_report(output=tmp_path / "r.pdf", store=sam, audit_id=final.id)
    ((sha, _at, signed, size),) = sam.issued_reports(final.id)
    assert written.final and not signed and size == (tmp_path / "r.pdf").stat().st_size
    assert people["insp_ana"].issued_report(sha) == (tmp_path / "r.pdf").read_bytes()
