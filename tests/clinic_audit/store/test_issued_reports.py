"""Each report issued of a finalized audit is kept in the store as written, and nobody
changes or removes it afterwards (on the laptop's file and on the server)."""

import pytest
from pypdf import PdfReader

from clinic_audit.cli.main import main
from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample
from tests.backend_sql import run_sql, store_address
from tests.factories import AUDIT_DAY


def test_the_final_report_is_filed_as_written_and_stays(
    store, service, tmp_path, monkeypatch, capsys
):
    sample = build_sample(photos=3, audit_date=AUDIT_DAY)
    audit = import_audit(store, sample.model_dump_json().encode(), "s.json", "t")
    monkeypatch.setenv("CLINIC_AUDIT_DB", store_address(store))
    draft_pdf = tmp_path / "draft.pdf"
    assert main(["report", "--id", audit.id, "-o", str(draft_pdf)]) == 0
    assert store.issued_reports(audit.id) == []  # a draft is not issued
    service.finalize(audit.id)
    final_pdf = tmp_path / "final.pdf"
    assert main(["report", "--id", audit.id, "-o", str(final_pdf)]) == 0
    ((sha, _made_at, signed, size),) = store.issued_reports(audit.id)
    assert not signed and size == final_pdf.stat().st_size
    capsys.readouterr()
    assert main(["reports", audit.id[:8]]) == 0
    assert f"{sha[:12]}" in capsys.readouterr().out
    copy = tmp_path / "copy.pdf"
    assert main(["reports", audit.id[:8], "--extract", sha[:8], "-o", str(copy)]) == 0
    assert copy.read_bytes() == final_pdf.read_bytes()
    assert audit.id[:8] in "".join(page.extract_text() for page in PdfReader(copy).pages)
    for statement in ("UPDATE reports SET signed = 1", "DELETE FROM reports"):
        with pytest.raises(Exception, match="append-only"):
            run_sql(store, statement)
    assert store.issued_report(sha) == final_pdf.read_bytes()
