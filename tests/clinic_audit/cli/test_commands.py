"""The command line: exit codes, messages without tracebacks, and the headless jobs."""

import json
import stat

import pytest

from clinic_audit.cli.main import main
from clinic_audit.store.database import Store
from clinic_audit.store.location import default_db_path


@pytest.fixture(autouse=True)
def db(tmp_path, monkeypatch):
    """The store CLINIC_AUDIT_DB names, made beforehand: a named store must exist."""
    path = tmp_path / "cli.sqlite3"
    Store.open(path, create=True).close()
    monkeypatch.setenv("CLINIC_AUDIT_DB", str(path))
    monkeypatch.chdir(tmp_path)
    return path


def test_validate_builtin_checklist(capsys):
    from importlib import resources

    path = resources.files("clinic_audit.checklists") / "microneedling-1.0.0.yaml"
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
    from clinic_audit.cli import store_commands

    def boom(args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_commands, "list_audits", boom)
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


# A store named by --db or CLINIC_AUDIT_DB must exist: a typo is not an empty store. -------


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["import", "x.json"],
        ["export", "ffff", "-o", "y.json"],
        ["report", "--id", "ffff", "-o", "r.pdf"],
        ["verify", "r.pdf", "--id", "ffff"],
    ],
)
def test_a_named_store_that_does_not_exist_is_refused_not_created(tmp_path, capsys, command):
    missing = tmp_path / "tpyo" / "store.sqlite3"
    assert main(["--db", str(missing), *command]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"clinic-audit: No store at {missing} (there is no folder ")
    assert f"clinic-audit --db {missing} init" in err and "--create" in err
    assert "Traceback" not in err and "No audits" not in err
    assert not missing.parent.exists()


def test_a_missing_store_named_by_the_environment_is_refused(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "other.sqlite3"
    monkeypatch.setenv("CLINIC_AUDIT_DB", str(missing))
    assert main(["list"]) == 2
    assert f"No store at {missing}. Check the path" in capsys.readouterr().err
    assert not missing.exists()


def test_an_empty_store_path_is_an_error(monkeypatch, capsys):
    assert main(["--db", "", "list"]) == 2
    assert "clinic-audit: the store path given with --db is empty" in capsys.readouterr().err
    assert main(["--db", " ", "gui"]) == 2  # the app does not start on the default either
    assert "the store path given with --db is empty" in capsys.readouterr().err
    monkeypatch.setenv("CLINIC_AUDIT_DB", "")
    for command in (["list"], ["gui"], ["init"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err == (
            "clinic-audit: the store path is empty (CLINIC_AUDIT_DB is set to nothing); "
            "give a file name or unset CLINIC_AUDIT_DB\n"
        )


def test_init_creates_an_empty_store_and_says_where(tmp_path, capsys):
    new = tmp_path / "new folder" / "clinic.sqlite3"
    assert main(["--db", str(new), "init"]) == 0
    out = capsys.readouterr().out
    assert f"Created an empty store at {new}\n" in out
    assert f"clinic-audit --db '{new}' COMMAND" in out  # quoted: the path has a space
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert main(["--db", str(new), "list"]) == 0
    assert "No audits in the store yet" in capsys.readouterr().out
    # Again: the store is there, and is left as it was.
    assert main(["sample", "-o", "x.json", "--photos", "0"]) == 0
    assert main(["--db", str(new), "import", "x.json"]) == 0
    capsys.readouterr()
    assert main(["init", str(new)]) == 0
    assert f"A store is already at {new}, with 1 audit; it was left as it was." in (
        capsys.readouterr().out
    )


def test_init_refuses_an_empty_path_two_paths_and_a_file_that_is_no_store(tmp_path, capsys):
    assert main(["init", ""]) == 2
    assert "the store path given to init is empty" in capsys.readouterr().err
    assert main(["--db", "a.sqlite3", "init", "b.sqlite3"]) == 2
    assert "init was given two store paths" in capsys.readouterr().err
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n" * 50)
    assert main(["init", str(notes)]) == 2
    assert "notes.txt is not a Clinic Audit store" in capsys.readouterr().err
    assert notes.read_text() == "my notes\n" * 50


@pytest.mark.parametrize("args", [["--create", "list"], ["list", "--create"]])
def test_create_makes_a_named_store_with_its_folder(tmp_path, capsys, args):
    new = tmp_path / "made" / "here.sqlite3"
    assert main(["--db", str(new), *args]) == 0
    assert "No audits in the store yet" in capsys.readouterr().out
    assert new.is_file() and stat.S_IMODE(new.stat().st_mode) == 0o600


def test_the_default_store_is_created_the_first_time(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CLINIC_AUDIT_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    default = default_db_path()
    assert default.is_relative_to(tmp_path / "data") and not default.parent.exists()
    assert main(["list"]) == 0
    assert "No audits in the store yet" in capsys.readouterr().out
    assert stat.S_IMODE(default.stat().st_mode) == 0o600


def test_commands_that_read_only_files_neither_need_nor_make_a_store(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "none" / "store.sqlite3"
    monkeypatch.setenv("CLINIC_AUDIT_DB", str(missing))
    from importlib import resources

    checklist = resources.files("clinic_audit.checklists") / "microneedling-1.0.0.yaml"
    for command in (
        ["sample", "-o", "s.json", "--photos", "0"],
        ["validate", str(checklist)],
        ["schema", "audit"],
        ["report", "s.json", "-o", "s.pdf"],
        ["verify", "s.pdf", "s.json"],
        ["--create", "schema", "checklist"],  # --create makes a store only where one is used
    ):
        assert main(command) == (4 if command[0] == "verify" else 0), command  # 4: unsigned
    assert "Traceback" not in capsys.readouterr().err
    assert not missing.parent.exists()


def test_safe_escapes_control_characters_only():
    from clinic_audit.cli.terminal import safe

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


def test_delete_removes_a_draft_after_yes_and_keeps_a_finalized_audit(db, capsys, monkeypatch):
    import io

    from clinic_audit.service.audit_service import AuditService

    assert main(["sample", "-o", "x.json", "--photos", "3"]) == 0
    assert main(["import", "x.json"]) == 0
    capsys.readouterr()
    main(["list"])
    audit_id = capsys.readouterr().out.split()[0]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a script: no terminal to ask on
    assert main(["delete", audit_id[:8]]) == 2
    assert "add --yes" in capsys.readouterr().err
    assert main(["import", "x.json"]) == 2  # still there
    assert "clinic-audit delete ID" in capsys.readouterr().err
    assert main(["delete", audit_id[:8], "--yes"]) == 0
    assert "Deleted the draft audit of Lumen Skin & Laser Studio" in capsys.readouterr().out
    with Store.open(db) as store:
        assert store.list() == []
    assert main(["import", "x.json"]) == 0
    with Store.open(db) as store:
        AuditService(store, "t").finalize(store.list()[0].id)
    capsys.readouterr()
    assert main(["delete", audit_id[:8], "--yes"]) == 2
    assert "finalized, so it cannot be deleted" in capsys.readouterr().err


def test_without_a_display_the_app_says_so_in_one_line_instead_of_aborting(tmp_path):
    import os
    import subprocess
    import sys

    from clinic_audit.cli.app_command import display_problem

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "clinic_audit", "--db", str(tmp_path / "s.sqlite3"), "--create"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display to open the window on" in lines[0]
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None
