"""Start-up: process start to the home window shown, against a bare PySide6 window.

Run: python benchmarks/startup.py [--runs 7] [--audits 0]. Both programs run offscreen
in fresh processes, alternating; the figure is the median. The bare window is the floor:
Python + Qt start + one QMainWindow shown. The goal is at most 1.3x that floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

def shown():
    print(time.time(), flush=True)
    QApplication.quit()
"""

BARE = (
    PROBE
    + """
from PySide6.QtWidgets import QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, shown)
app.exec()
"""
)

APP = (
    PROBE
    + """
original_exec = QApplication.exec
def exec_then_probe(*args):
    QTimer.singleShot(0, shown)
    return original_exec()
QApplication.exec = exec_then_probe
from clinic_audit.cli import main
main(["--db", sys.argv[1], "gui"])
"""
)


def time_to_window(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    ).stdout
    return float(out.strip().splitlines()[-1]) - started


def fill_store(path: Path, audits: int) -> None:
    from clinic_audit.sample import build_sample
    from clinic_audit.store import Store

    store = Store.open(path)
    sample = build_sample(photos=0)
    for number in range(audits):
        copy = sample.model_copy(update={"id": f"{number:032x}"}, deep=True)
        copy.facility.name = f"Clinic {number:04d}"
        store.create(copy, "bench")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--audits", type=int, default=0, help="audits in the store first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "startup.sqlite3"
        fill_store(db, args.audits)
        time_to_window(APP, str(db))  # warm the file cache once for both
        time_to_window(BARE)
        bare, app = [], []
        for _run in range(args.runs):
            bare.append(time_to_window(BARE))
            app.append(time_to_window(APP, str(db)))
    floor, ours = statistics.median(bare), statistics.median(app)
    print(f"bare PySide6 window shown:        median {floor * 1000:.0f} ms ({args.runs} runs)")
    print(
        f"Clinic Audit home shown ({args.audits} audits): median {ours * 1000:.0f} ms "
        f"= {ours / floor:.2f}x the bare window (goal <= 1.3x)"
    )


if __name__ == "__main__":
    main()
