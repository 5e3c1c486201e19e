"""`clinic-audit verify` says whether a PDF report and an audit record match. These reports
are unsigned (a draft is never signed): only their printed hash can be checked, and
verify says so with exit 4 (signed reports: tests/clinic_audit/evidence)."""

import json

import pytest

from clinic_audit.cli.main import main


@pytest.fixture(scope="module")
def report_and_record(tmp_path_factory):
    folder = tmp_path_factory.mktemp("verify")
    record, pdf = folder / "audit.json", folder / "audit.pdf"
    assert main(["sample", "-o", str(record), "--photos", "1", "--date", "2026-04-01"]) == 0
    assert main(["report", str(record), "-o", str(pdf)]) == 0
    return record, pdf


def test_matching_report_and_record(report_and_record, capsys):
    record, pdf = report_and_record
    assert main(["verify", str(pdf), str(record)]) == 4
    out = capsys.readouterr().out
    assert (
        "LEGACY/UNSIGNED: " in out and "only the printed hash can be checked, and it matches" in out
    )
    assert "VALID" not in out.replace("LEGACY/UNSIGNED", "")


def test_a_changed_record_does_not_match(report_and_record, tmp_path, capsys):
    record, pdf = report_and_record
    document = json.loads(record.read_text())
    item = next(iter(document["responses"]))
    document["responses"][item]["note"] += " (edited later)"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(document))
    assert main(["verify", str(pdf), str(edited)]) == 3
    assert "MISMATCH: printed digest: " in capsys.readouterr().out


def test_record_in_the_store_matches_its_report(report_and_record, tmp_path, monkeypatch, capsys):
    record, pdf = report_and_record
    monkeypatch.setenv("CLINIC_AUDIT_DB", str(tmp_path / "v.sqlite3"))
    assert main(["--create", "import", str(record)]) == 0
    audit_id = json.loads(record.read_text())["id"]
    assert main(["verify", str(pdf), "--id", audit_id[:8]]) == 4
    own = tmp_path / "own.pdf"
    assert main(["report", "--id", audit_id[:8], "-o", str(own)]) == 0
    assert main(["verify", str(own), str(record)]) == 4


def test_not_a_pdf_is_bad_input(report_and_record, tmp_path, capsys):
    record, _pdf = report_and_record
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello")
    assert main(["verify", str(fake), str(record)]) == 2
    assert "fake.pdf" in capsys.readouterr().err
