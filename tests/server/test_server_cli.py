"""The agency's set-up as the administrator types it, then a supervisor and an
inspector at work, every command run through the CLI against the real server."""

import io

import pytest

from clinic_audit.cli.main import main
from tests.server.cluster import ADMIN
from tests.server.fixtures import admin_engine

pytestmark = pytest.mark.server


def run(capsys, monkeypatch, *argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def test_an_agency_sets_up_assigns_and_works(pg_cluster, capsys, monkeypatch, tmp_path):
    database = "ca_cli_agency"
    admin = pg_cluster.address(ADMIN, database)
    code, out = run(capsys, monkeypatch, "server", "init", admin, "--supervisor", "sup_sam",
                    "--full-name", "Sam Supervisor", "--password-stdin",
                    stdin="sup_sam-password-1\n")  # fmt: skip
    try:
        assert code == 0, out
        assert "The Clinic Audit store is ready" in out
        code, out = run(capsys, monkeypatch, "--db", admin, "server", "add-user", "insp_ana",
                        "--role", "inspector", "--full-name", "Ana", "--password-stdin",
                        stdin="short\n")  # fmt: skip
        assert code == 2 and "too short" in out
        code, out = run(capsys, monkeypatch, "--db", admin, "server", "add-user", "Ana Lopez",
                        "--role", "inspector", "--full-name", "Ana", "--password-stdin",
                        stdin="long-enough-pw\n")  # fmt: skip
        assert code == 2 and "cannot be a login name" in out
        for name in ("insp_ana", "insp_ben"):  # logins of the whole server, made before
            code, out = run(capsys, monkeypatch, "--db", admin, "server", "add-user", name,
                            "--role", "inspector", "--full-name", name, "--password-stdin",
                            stdin="long-enough-pw\n")  # fmt: skip
            assert code == 0 and "already had a login" in out, out
        code, out = run(capsys, monkeypatch, "--db", admin, "server", "people")
        assert "supervisor  sup_sam" in out and "insp_ana" in out  # made for the session
        # an inspector imports a sample; the supervisor assigns its facility to Ben
        ana = pg_cluster.address("insp_ana", database)
        sample = tmp_path / "sample.json"
        assert main(["sample", "-o", str(sample)]) == 0
        code, out = run(capsys, monkeypatch, "--db", ana, "import", str(sample))
        assert code == 0, out
        sam = pg_cluster.address("sup_sam", database)
        code, out = run(capsys, monkeypatch, "--db", sam, "assign", "Lumen", "--inspector",
                        "insp_ben", "--date", "2027-03-01",
                        "--purpose", "re-inspection")  # fmt: skip
        assert code == 0 and "Assigned Lumen Skin & Laser Studio to insp_ben" in out, out
        ben = pg_cluster.address("insp_ben", database)
        code, out = run(capsys, monkeypatch, "--db", ben, "assignments")
        assert "due 2027-03-01  insp_ben" in out and "Lumen" in out
        code, out = run(capsys, monkeypatch, "--db", ben, "list")
        assert "No audits" in out  # Ana's import is a draft: not Ben's to read
        code, out = run(capsys, monkeypatch, "--db", ben, "assign", "Lumen", "--inspector",
                        "insp_ben", "--date", "2027-03-01")  # fmt: skip
        assert code == 2 and "may not" in out
        code, out = run(capsys, monkeypatch, "--db", sam, "audits", "--status", "draft")
        assert "insp_ana" in out and "Page 1 of 1: 1 of 1 audit that match" in out
        code, out = run(capsys, monkeypatch, "--db", ana, "init")
        assert code == 2 and "server init" in out
    finally:
        engine = admin_engine(pg_cluster)
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
