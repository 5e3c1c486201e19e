"""Start-up: process start to the home window shown, against a bare PySide6 window.

Run: python benchmarks/startup.py [--runs 7] [--audits 0]. Both programs run offscreen
in fresh processes, alternating; the figures are medians. The bare window is the floor:
Python + Qt start + one QMainWindow shown. The app runs what `clinic-audit` with no
arguments runs (clinic_audit.cli.main.main, the store found in the user's data folder, here
XDG_DATA_HOME in a temporary folder) and gives three times: the window shown (the first pass of the
event loop after show(), as for the bare window; the goal is at most 1.3x the floor),
Home listing every audit of the store (painted; read from the file before the store
is open), and the store open with every button usable.
Both run as an installed app does, from compiled bytecode: the probes get a private
bytecode cache (PYTHONPYCACHEPREFIX), filled by one warm-up run of each.
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

BYTECODE = ""  # the probes' bytecode cache, in the run's temp folder

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

# The app's own entry point imports clinic_audit.cli.main before Qt, as the probe does here.
APP = (
    "from clinic_audit.cli.main import main\n"
    + PROBE
    + """
def window_shown():
    print(time.time(), flush=True)
    window = next(w for w in QApplication.topLevelWidgets() if hasattr(w, "ready"))
    window.listed.connect(lambda: QTimer.singleShot(0, lambda: list_shown(window)))
    window.ready.connect(lambda: QTimer.singleShot(0, lambda: store_open(window)))

def list_shown(window):
    print(time.time(), window.home.model.rowCount(), flush=True)

def store_open(window):
    print(time.time(), window.home.model.rowCount(), flush=True)
    QApplication.quit()

original_exec = QApplication.exec
def exec_then_probe(*args):
    QTimer.singleShot(0, window_shown)
    return original_exec()
QApplication.exec = exec_then_probe
main([])  # as `clinic-audit` with no arguments: the store in the user's data folder
"""
)


def run_probe(code: str, *args: str) -> tuple[float, list[str]]:
    """Start a fresh Python running ``code``: the clock when it started, and what it printed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=BYTECODE)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120
    )
    lines = done.stdout.split()
    if done.returncode != 0 or not lines:
        raise SystemExit(f"The probe failed (exit {done.returncode}):\n{done.stderr}")
    return started, lines


def time_to_window() -> float:
    started, (shown,) = run_probe(BARE)
    return float(shown) - started


def time_to_app(audits: int) -> tuple[float, float, float]:
    """Seconds to the window shown, to Home listing the audits, to the store open."""
    started, (shown, listed, listed_rows, opened, opened_rows) = run_probe(APP)
    if int(listed_rows) != audits or int(opened_rows) != audits:
        raise SystemExit(f"Home listed {listed_rows}, then {opened_rows} audits, not {audits}.")
    return float(shown) - started, float(listed) - started, float(opened) - started


def fill_store(path: Path, audits: int) -> None:
    from clinic_audit.files.sample import build_sample
    from clinic_audit.store.database import Store

    store = Store.open(path, create=True)
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
    global BYTECODE
    with tempfile.TemporaryDirectory() as folder:
        BYTECODE = str(Path(folder) / "bytecode")
        os.environ["XDG_DATA_HOME"] = str(Path(folder) / "data")  # the probes' data folder
        from clinic_audit.store.location import default_db_path

        db = default_db_path()
        fill_store(db, args.audits)
        time_to_app(args.audits)  # warm the file and bytecode caches once for both
        time_to_window()
        bare, shown, listed, opened = [], [], [], []
        for _run in range(args.runs):
            bare.append(time_to_window())
            app_shown, app_listed, app_opened = time_to_app(args.audits)
            shown.append(app_shown)
            listed.append(app_listed)
            opened.append(app_opened)
    floor = statistics.median(bare)
    ours = statistics.median(shown)
    print(f"bare PySide6 window shown:   median {floor * 1000:4.0f} ms ({args.runs} runs)")
    print(
        f"Clinic Audit window shown:   median {ours * 1000:4.0f} ms "
        f"= {ours / floor:.2f}x the bare window (goal <= 1.3x)"
    )
    ratios = [app / base for app, base in zip(shown, bare, strict=True)]
    print(
        f"  each run against the bare window run just before it: median "
        f"{statistics.median(ratios):.2f}x (range {min(ratios):.2f}-{max(ratios):.2f}x)"
    )
    print(
        f"Home lists the {args.audits} audits: median {statistics.median(listed) * 1000:4.0f} ms "
        f"(max {max(listed) * 1000:.0f} ms; goal with 2,000 audits < 500 ms)"
    )
    print(
        f"store open, all usable:      median {statistics.median(opened) * 1000:4.0f} ms "
        f"(max {max(opened) * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
