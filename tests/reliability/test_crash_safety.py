"""Kill a process that is editing the store (SIGKILL) at random points; nothing saved is lost."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store.database import Store
from tests.factories import blank_audit

KILLS = int(os.environ.get("CLINIC_AUDIT_CRASH_KILLS", "8"))  # raise it for a soak by hand
WORKER = Path(__file__).with_name("edit_worker.py")


def test_edits_reported_saved_survive_sigkill(tmp_path):
    db = tmp_path / "crash.sqlite3"
    checklist = builtin_checklist()
    store = Store.open(db, create=True)
    audit_id = AuditService(store, "setup").create(blank_audit(checklist)).id
    store.close()
    items = [item.id for _s, item in checklist.items() if not item.applies_when]
    rng = random.Random(20261123)
    next_edit, last_saved = 0, -1
    latest_saved: dict[str, int] = {}
    saved_counts: list[int] = []
    for _kill in range(KILLS):
        worker = subprocess.Popen(
            [sys.executable, str(WORKER), str(db), audit_id, str(next_edit)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        wait_for = rng.randrange(1, 40)
        saved_counts.append(wait_for)
        for _line in range(wait_for):
            line = worker.stdout.readline()
            assert line.startswith("saved "), line
            last_saved = int(line.split()[1])
            latest_saved[items[last_saved % len(items)]] = last_saved
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        worker.stdout.close()

        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        store = Store.open(db)
        audit = store.get(audit_id)
        for item, number in latest_saved.items():
            note = audit.responses[item].note
            assert int(note.split()[1]) >= number, (item, number, note)
        store.close()
        next_edit = last_saved + 1000  # fresh numbers: an edit in flight may or may not land
    print(f"\n{KILLS} kills; edits reported saved: {sum(saved_counts)}; all present after each")
