"""The command line: exit codes, messages without tracebacks, and the headless jobs."""

import json

import pytest

from clinic_audit.cli import main


@pytest.fixture(autouse=True)
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("CLINIC_AUDIT_DB", str(tmp_path / "cli.sqlite3"))
    monkeypatch.chdir(tmp_path)


def test_validate_builtin_checklist(capsys):
    from importlib import resources

    path = resources.files("clinic_audit.checklists") / "microneedling.yaml"
    assert main(["validate", str(path)]) == 0
    assert "valid — Microneedling" in capsys.readouterr().out


def test_validate_lists_every_error_and_exits_2(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text("id: [\n")
    (tmp_path / "b.yaml").write_text("- 1\n")
    assert main(["validate", "a.yaml", "b.yaml"]) == 2
    err = capsys.readouterr().err
    assert "a.yaml, line 2: YAML syntax error" in err
    assert "b.yaml, line 1: the document is a list" in err
    assert "Traceback" not in err


def test_sample_import_list_export(tmp_path, capsys):
    assert main(["sample", "-o", "x.json", "--photos", "2", "--date", "2026-05-04"]) == 0
    assert main(["import", "x.json"]) == 0
    capsys.readouterr()
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "2026-05-04" in out and "Lumen Skin & Laser Studio" in out
    assert "Non-compliant — stop microneedling until corrected" in out
    audit_id = out.split()[0]
    assert main(["export", audit_id, "-o", "back.json"]) == 0
    assert json.loads((tmp_path / "back.json").read_text())["facility"]["name"]


def test_bad_input_exits_2_without_traceback(tmp_path, capsys):
    (tmp_path / "broken.json").write_text('{"facility": ')
    assert main(["import", "broken.json"]) == 2
    assert main(["import", "missing.json"]) == 2
    assert main(["export", "ffff", "-o", "y.json"]) == 2
    err = capsys.readouterr().err
    assert "broken.json: the file is not valid JSON" in err
    assert "missing.json: cannot read the file" in err
    assert "No audit id starts with 'ffff'" in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["sample"])
    assert caught.value.code == 2


def test_unexpected_error_exits_1_with_a_message(monkeypatch, capsys):
    import clinic_audit.cli as cli

    def boom(args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "_cmd_list", boom)
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert "unexpected error: RuntimeError: disk on fire" in err and "Traceback" not in err
    assert main(["--debug", "list"]) == 1
    assert "Traceback" in capsys.readouterr().err


@pytest.mark.parametrize("which", ["audit", "checklist"])
def test_schema(which, capsys):
    assert main(["schema", which]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "properties" in schema


def test_unreadable_store_gives_a_clear_message(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    assert main(["--db", str(bad), "list"]) == 2
    assert "bad.sqlite3 is not a Clinic Audit store" in capsys.readouterr().err


def test_safe_escapes_control_characters_only():
    from clinic_audit.terminal import safe

    letters = "Nguyễn Thị Lan · Zoë Ångström · שלום · مرحبا · 💉 👩‍⚕️ \\ 'quoted'"
    assert safe(letters) == letters
    assert safe("a\x1b[31mb\nc\r\td\x00\x7f\x9b\u202e\u2028") == (
        "a\\x1b[31mb\\nc\\r\\td\\x00\\x7f\\x9b\\u202e\\u2028"
    )


def test_a_sample_no_store_would_import_is_refused(capsys):
    assert main(["sample", "-o", "old.json", "--date", "1900-01-01"]) == 2
    assert "--date 1900-01-01: an audit date lies within 10 years of today" in (
        capsys.readouterr().err
    )
