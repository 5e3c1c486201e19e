"""A mistyped store path is refused, not taken for a new, empty store; run as a user runs it.

The environment variable reaches the program only in a process of its own, so these run
``python -m clinic_audit`` with the environment a user would have.
"""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_audit.store.database import Store, StoreError

ROOT = Path(__file__).parents[2]


def clinic_audit(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "CLINIC_AUDIT_DB"} | env
    return subprocess.run(
        [sys.executable, "-m", "clinic_audit", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        timeout=120,
    )


def test_a_missing_store_in_the_environment_is_refused_and_not_created(tmp_path):
    missing = tmp_path / "stroe" / "clinic.sqlite3"
    done = clinic_audit("list", env={"CLINIC_AUDIT_DB": str(missing)}, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"clinic-audit: No store at {missing} (there is no folder ")
    assert f"clinic-audit --db {missing} init" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert not missing.parent.exists()


def test_an_empty_environment_variable_is_an_error_not_the_default(tmp_path):
    data = tmp_path / "data"
    done = clinic_audit(
        "list", env={"CLINIC_AUDIT_DB": "", "XDG_DATA_HOME": str(data)}, cwd=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr == (
        "clinic-audit: the store path is empty (CLINIC_AUDIT_DB is set to nothing); "
        "give a file name or unset CLINIC_AUDIT_DB\n"
    )
    assert not data.exists()


def test_create_and_init_make_the_store_the_environment_names(tmp_path):
    for args, name in ((["--create", "list"], "a.sqlite3"), (["init"], "b.sqlite3")):
        store = tmp_path / "new" / name
        done = clinic_audit(*args, env={"CLINIC_AUDIT_DB": str(store)}, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert store.is_file() and stat.S_IMODE(store.stat().st_mode) == 0o600
    assert f"Created an empty store at {store}" in done.stdout


def test_the_default_store_is_still_made_the_first_time(tmp_path):
    data = tmp_path / "data"
    done = clinic_audit("list", env={"XDG_DATA_HOME": str(data)}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "No audits in the store yet" in done.stdout
    default = data / "clinic-audit" / "clinic-audit.sqlite3"
    assert stat.S_IMODE(default.stat().st_mode) == 0o600


def test_the_store_refuses_a_missing_file_unless_told_to_create_it(tmp_path):
    missing = tmp_path / "no-such-folder" / "store.sqlite3"
    with pytest.raises(StoreError, match="No store at .*store.sqlite3 .there is no folder"):
        Store.open(missing)
    assert not missing.parent.exists()
    Store.open(missing, create=True).close()
    assert missing.is_file()
    Store.open(missing).close()  # there now: opened as it is
