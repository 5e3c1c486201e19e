"""Opening the store and listing audits needs neither pydantic nor the rules: the GUI shows
its list of audits while those load. (Timings live in benchmarks/startup.py.)"""

import subprocess
import sys

from clinic_audit import enums
from clinic_audit.audit import model as audit_model
from clinic_audit.checklist import model as checklist_model
from clinic_audit.rules import summary as summary_model


def loaded_after(code: str) -> set[str]:
    script = code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return set(done.stdout.split())


def test_listing_the_store_loads_no_data_models(tmp_path):
    loaded = loaded_after(
        "from clinic_audit.store.database import Store\n"
        f"rows = Store.open({str(tmp_path / 'store.sqlite3')!r}, create=True).list()"
    )
    for heavy in (
        "pydantic",
        "clinic_audit.audit.model",
        "clinic_audit.rules.scoring",
        "yaml",
        "PIL",
    ):
        assert heavy not in loaded, f"listing the store imported {heavy}"


def test_reading_the_list_before_the_store_opens_loads_no_sql_layer(tmp_path):
    loaded = loaded_after(
        "from clinic_audit.store.quick_list import read_audit_list\n"
        f"rows = read_audit_list({str(tmp_path / 'store.sqlite3')!r})"
    )
    for heavy in (
        "sqlalchemy",
        "pydantic",
        "clinic_audit.store.database",
        "clinic_audit.audit.model",
    ):
        assert heavy not in loaded, f"reading the list imported {heavy}"


def test_the_enums_are_the_ones_the_models_use():
    assert audit_model.Status is enums.Status and audit_model.AuditKind is enums.AuditKind
    assert checklist_model.Result is enums.Result
    assert checklist_model.Severity is enums.Severity
    assert summary_model.Outcome is enums.Outcome


def test_the_report_of_a_portable_file_loads_no_sql_layer(tmp_path):
    """`clinic-audit report FILE.json` opens no store, so it waits for no SQLAlchemy,
    Alembic or psycopg (some 0.2 s of imports; issue 19)."""
    from clinic_audit.files.sample import build_sample

    sample = tmp_path / "sample.json"
    sample.write_text(build_sample(photos=1).model_dump_json())
    loaded = loaded_after(
        "from clinic_audit.cli.main import main\n"
        f"assert main(['report', {str(sample)!r}, '-o', {str(tmp_path / 'r.pdf')!r}]) == 0"
    )
    assert "clinic_audit.reports.build" in loaded
    for heavy in ("sqlalchemy", "alembic", "psycopg", "clinic_audit.store.database"):
        assert heavy not in loaded, f"the report of a portable file imported {heavy}"
