"""Whatever else the process does with the store's files, nothing acknowledged is lost.

The app's process loses its POSIX locks when anything in it closes a descriptor of the
store's files (a Qt file dialog on the store's folder does); other processes then use the
store at the same time; the app is killed. Every edit it reported saved must be there.
"""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.files.portable import export_audit
from clinic_audit.files.sample import build_sample
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store.database import Store, StoreError
from tests.factories import blank_audit

ROOT = Path(__file__).parents[2]
WORKER = Path(__file__).with_name("lock_worker.py")
ITEMS = [item.id for _s, item in builtin_checklist().items() if not item.applies_when]

pytestmark = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux")


def new_store(db: Path, audits: int = 1) -> list[str]:
    with Store.open(db, create=True) as store:
        service = AuditService(store, "setup")
        return [service.create(blank_audit(builtin_checklist())).id for _ in range(audits)]


def start_worker(db: Path, audit_id: str, damage: str) -> tuple[subprocess.Popen, int]:
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), str(db), audit_id, damage],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    ready = worker.stdout.readline().split()
    assert ready[0] == "ready", ready
    return worker, int(ready[1])


def edit(worker: subprocess.Popen, number: int) -> None:
    worker.stdin.write(f"edit {number}\n")
    worker.stdin.flush()
    assert worker.stdout.readline() == f"saved {number}\n"


def cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clinic_audit", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )


def kill(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    worker.stdin.close()
    worker.stdout.close()


def assert_edits_present(db: Path, audit_id: str, numbers: range) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Store.open(db) as store:
        audit = store.get(audit_id)
    latest = {ITEMS[n % len(ITEMS)]: n for n in numbers}
    for item, number in latest.items():
        assert audit.responses[item].note == f"edit {number}", (item, number)


@pytest.mark.parametrize("damage", ["dialog", "descriptors"])
def test_lost_locks_then_cli_then_kill_loses_nothing(tmp_path, damage):
    db = tmp_path / "store.db"
    (audit_id,) = new_store(db)
    worker, classic_locks_left = start_worker(db, audit_id, damage)
    try:
        if damage == "descriptors":
            assert classic_locks_left == 0  # the hole is real: SQLite's own locks are gone
        wal = os.stat(f"{db}-wal").st_ino
        edit(worker, 1)
        assert "Test Clinic" in cli(db, "list").stdout
        cli(db, "export", audit_id[:8], "-o", str(tmp_path / "copy.json"))
        assert os.stat(f"{db}-wal").st_ino == wal  # the WAL the app writes is still there
        for number in range(2, 30):
            edit(worker, number)
        assert cli(db, "list").returncode == 0
        edit(worker, 30)
    finally:
        kill(worker)
    assert_edits_present(db, audit_id, range(1, 31))


def test_two_app_processes_and_a_cli_import_lose_nothing(tmp_path):
    db = tmp_path / "store.db"
    first_id, second_id = new_store(db, audits=2)
    first, _ = start_worker(db, first_id, "descriptors")
    second, _ = start_worker(db, second_id, "descriptors")
    sample = tmp_path / "sample.json"
    sample.write_bytes(build_sample(photos=2).model_dump_json().encode())
    try:
        importing = subprocess.Popen(
            [sys.executable, "-m", "clinic_audit", "--db", str(db), "import", str(sample)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(1, 40):
            edit(first, number)
            edit(second, number + 1000)
        out, err = importing.communicate(timeout=60)
        assert importing.returncode == 0, err
    finally:
        kill(first)
        kill(second)
    assert_edits_present(db, first_id, range(1, 40))
    assert_edits_present(db, second_id, range(1001, 1040))
    with Store.open(db) as store:
        assert len(store.list()) == 3


def test_the_last_process_to_close_writes_everything_into_the_database_file(tmp_path):
    db = tmp_path / "store.db"
    (audit_id,) = new_store(db)
    store = Store.open(db)
    AuditService(store, "tester").set_note(audit_id, ITEMS[0], "kept in the file")
    store.close()
    assert os.path.getsize(f"{db}-wal") == 0  # checkpointed, and the WAL left in place
    alone = tmp_path / "copy" / "store.db"
    alone.parent.mkdir()
    alone.write_bytes(db.read_bytes())  # the database file alone, as a person copies it
    with Store.open(alone) as copy:
        assert copy.get(audit_id).responses[ITEMS[0]].note == "kept in the file"


def test_closing_while_another_process_writes_leaves_its_wal_alone(tmp_path):
    db = tmp_path / "store.db"
    (audit_id,) = new_store(db)
    worker, _ = start_worker(db, audit_id, "descriptors")
    try:
        wal = os.stat(f"{db}-wal").st_ino
        Store.open(db).close()  # e.g. a CLI command; the worker's locks were lost
        assert os.stat(f"{db}-wal").st_ino == wal
        for number in range(1, 10):
            edit(worker, number)
    finally:
        kill(worker)
    assert_edits_present(db, audit_id, range(1, 10))


def test_a_write_into_a_wal_removed_from_under_the_store_is_refused(tmp_path):
    db = tmp_path / "store.db"
    (audit_id,) = new_store(db)
    with Store.open(db) as store:
        service = AuditService(store, "tester")
        service.set_note(audit_id, ITEMS[0], "before")
        os.rename(f"{db}-wal", f"{db}-wal.moved")
        with pytest.raises(StoreError, match=r"store\.db-wal of the store was removed"):
            service.set_note(audit_id, ITEMS[0], "after")
        os.rename(f"{db}-wal.moved", f"{db}-wal")
        assert "before" in export_audit(store, audit_id).decode()
