"""The audit trail is a hash chain: an edit made to an old entry straight in the SQLite
file (past the append-only trigger) is found, and named, by walking the chain."""

import sqlite3

import pytest

from clinic_audit.checklist.model import Result
from clinic_audit.cli.main import main
from clinic_audit.files.integrity import audit_digest
from clinic_audit.files.portable import export_audit, import_audit
from clinic_audit.files.sample import build_sample
from clinic_audit.store.chain import genesis
from clinic_audit.store.database import Store
from tests.backend_sql import run_sql, store_address
from tests.factories import AUDIT_DAY


def answered(service, checklist, draft, count=4):
    items = [item.id for section in checklist.sections for item in section.items][:count]
    for number, item in enumerate(items):
        service.answer(draft.id, item, Result.PASS, note=f"note {number}")
    return items


def tamper(store, sql, **params):
    """Change the trail as someone with the file and the sqlite3 shell could, or the
    server's administrator with psql."""
    run_sql(store, sql, params, past_guards=True)


def test_every_entry_carries_the_hash_of_the_one_before(store, service, checklist, draft):
    answered(service, checklist, draft)
    check = store.check_trail(draft.id)
    assert check.intact, check.broken
    assert check.entries == len(store.trail(draft.id)) > 4
    first = run_sql(store, "SELECT prev_hash FROM trail ORDER BY seq LIMIT 1")
    assert first == [(genesis(draft.id),)]


def test_an_old_entry_edited_in_sqlite_is_the_first_broken_link(
    store, service, checklist, draft, monkeypatch, capsys
):
    answered(service, checklist, draft)
    seqs = [seq for (seq,) in run_sql(store, "SELECT seq FROM trail ORDER BY seq")]
    tamper(store, "UPDATE trail SET new = 'fail' WHERE seq = :seq", seq=seqs[2])
    check = store.check_trail(draft.id)
    assert not check.intact
    assert check.broken.startswith(f"entry 3 (#{seqs[2]}, ")
    assert f"the next one, entry 4 (#{seqs[3]}" in check.broken
    monkeypatch.setenv("CLINIC_AUDIT_DB", store_address(store))
    assert main(["verify", "--trail", draft.id[:8]]) == 3
    out = capsys.readouterr().out
    assert out.startswith(f"trail of {draft.id[:8]}: BROKEN: entry 3 (#{seqs[2]}")


def test_a_removed_first_entry_is_caught(store, service, checklist, draft):
    answered(service, checklist, draft, count=2)
    tamper(store, "DELETE FROM trail WHERE seq = (SELECT min(seq) FROM trail)")
    check = store.check_trail(draft.id)
    assert (
        check.broken.startswith("entry 1 (") and "does not start the audit's chain" in check.broken
    )


def test_the_head_at_finalize_is_in_the_record_and_the_chain_reaches_it(
    store, service, monkeypatch, capsys
):
    sample = build_sample(photos=3, audit_date=AUDIT_DAY)
    audit = import_audit(store, sample.model_dump_json().encode(), "sample.json", "tester")
    head_before = store.check_trail(audit.id).head
    final = service.finalize(audit.id)
    assert final.trail_head == head_before
    check = store.check_trail(audit.id)
    assert check.intact and "passes through the head the finalized record names" in check.notes[0]
    monkeypatch.setenv("CLINIC_AUDIT_DB", store_address(store))
    assert main(["verify", "--trail", audit.id]) == 0
    assert "INTACT" in capsys.readouterr().out
    # the trail rewritten from the start (every link recomputed) no longer reaches the head
    # the signed record names: only the finalized record is out of the forger's reach
    tamper(store, "UPDATE trail SET new = :new WHERE path = 'trail_head'", new="0" * 64)
    assert "not a hash of the entries before it" in store.check_trail(audit.id).broken


@pytest.mark.parametrize("cut", ["the finalize entries", "all but its creation"])
def test_entries_cut_from_the_end_of_a_finalized_trail_are_caught(store, service, cut):
    sample = build_sample(photos=3, audit_date=AUDIT_DAY)
    audit = import_audit(store, sample.model_dump_json().encode(), "sample.json", "tester")
    service.clear_signatures(audit.id)  # a few more entries before finalizing
    for signature in sample.signatures:
        service.sign(audit.id, signature.role, signature.name, signature.image_png)
    service.finalize(audit.id)
    if cut == "the finalize entries":
        tamper(store, "DELETE FROM trail WHERE action = 'finalize'")
    else:
        tamper(store, "DELETE FROM trail WHERE action != 'created'")
    check = store.check_trail(audit.id)
    where = "it reaches that head" if cut == "the finalize entries" else "it ends before that head"
    assert not check.intact and f"({where}): entries were removed from its end" in check.broken


def test_an_audit_imported_finalized_notes_its_trail_stayed_behind(store, service, tmp_path):
    sample = build_sample(photos=3, audit_date=AUDIT_DAY)
    audit = import_audit(store, sample.model_dump_json().encode(), "sample.json", "tester")
    final = service.finalize(audit.id)
    with Store.open(tmp_path / "other.sqlite3", create=True) as other:
        again = import_audit(other, export_audit(store, audit.id), "final.json", "tester")
        assert audit_digest(again) == audit_digest(final)
        check = other.check_trail(again.id)
    assert check.intact and "imported finalized" in check.notes[0]


def test_a_version_2_store_gets_its_trail_chained_after_a_backup(tmp_path, checklist):
    from clinic_audit.service.audit_service import AuditService
    from tests.factories import blank_audit

    path = tmp_path / "old.sqlite3"
    with Store.open(path, create=True) as store:
        service = AuditService(store, "t")
        draft = service.create(blank_audit(checklist))
        answered(service, checklist, draft, count=3)
    with sqlite3.connect(path) as conn:  # the trail as version 2 kept it: no chain
        conn.execute("ALTER TABLE trail DROP COLUMN prev_hash")
        for table in ("facility_audits", "facilities", "action_log"):  # nor facilities
            conn.execute(f"DROP TABLE {table}")
        conn.execute("UPDATE schema_info SET version = 2")
    with Store.open(path) as store:
        assert store.migration_backup == tmp_path / "old.sqlite3.v2.bak"
        check = store.check_trail(draft.id)
        assert check.intact and check.entries == len(store.trail(draft.id)) > 3
        with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE trail SET actor = 'someone else'")


def test_verify_of_a_report_with_id_also_says_whether_the_trail_holds(
    store, service, checklist, draft, monkeypatch, capsys, tmp_path
):
    answered(service, checklist, draft, count=2)
    monkeypatch.setenv("CLINIC_AUDIT_DB", store_address(store))
    pdf = str(tmp_path / "r.pdf")
    assert main(["report", "--id", draft.id, "-o", pdf]) == 0
    assert main(["verify", pdf, "--id", draft.id]) == 4
    assert "the audit's trail in the store: intact (" in capsys.readouterr().out
    tamper(store, "UPDATE trail SET actor = 'someone' WHERE seq = (SELECT min(seq) FROM trail)")
    assert main(["verify", pdf, "--id", draft.id]) == 4  # the report's verdict stands
    assert "the audit's trail in the store is BROKEN: entry 1 (" in capsys.readouterr().out
