"""Responsiveness: the longest the GUI's event loop stalls while a person works.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/responsiveness.py [--answers 50]
[--photos 3] [--reports 2] [--sample-photos 6]. It drives the real MainWindow offscreen
with the sample audit (6 photos) imported into a temp store. A QTimer ticks every 5 ms;
the longest gap between two ticks while one action is handled is that action's stall:
  (a) answering items in the walk-through by key presses (P or O, alternating per item),
  (b) attaching a 24-megapixel JPEG (as a file dropped on an item),
  (c) building the PDF report with the Report screen's "Build PDF report" button,
  (d) opening the facility screen of a facility with ``--history`` audits (default 100;
      issue 19: open in under 0.3 s), from the Home screen,
  (e) syncing with a PostgreSQL server from Home's sync bar (a throwaway cluster, as the
      tests make one; skipped with ``--no-sync`` or where PostgreSQL is not installed):
      the first sync pushes every audit of the store and their photos, the next finds
      nothing to do. Whole-process sync figures are benchmarks/sync.py's.
Prints the median and the max stall per activity. The goal: every stall under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Run from compiled bytecode, as an installed app does, even where the environment says not
# to write it (PYTHONDONTWRITEBYTECODE): compiling a module holds Python's lock for its
# whole duration and would show as stalls that users do not have. The first run fills it.
sys.dont_write_bytecode = False
sys.pycache_prefix = os.path.join(tempfile.gettempdir(), "clinic-audit-benchmark-bytecode")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from clinic_audit.checklist.model import Result  # noqa: E402
from clinic_audit.files.portable import import_audit  # noqa: E402
from clinic_audit.files.sample import build_sample  # noqa: E402
from clinic_audit.store.database import Store  # noqa: E402
from clinic_audit.ui.app import application  # noqa: E402
from clinic_audit.ui.context import AppContext  # noqa: E402
from clinic_audit.ui.main_window import MainWindow  # noqa: E402
from clinic_audit.ui.workers.store_opener import warm_up  # noqa: E402

TICK_MS = 5
GOAL_MS = 100


class StallMeter:
    """The longest gap between two ticks of a 5 ms timer since the last ``reset()``."""

    def __init__(self):
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = 0.0
        self.worst = 0.0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _now(self) -> float:
        return self.clock.nsecsElapsed() / 1e6

    def _tick(self) -> None:
        now = self._now()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def reset(self) -> None:
        spin(2 * TICK_MS)  # start right after a tick
        self.last = self._now()
        self.worst = 0.0

    def take(self) -> float:
        self.worst = max(self.worst, self._now() - self.last)
        return self.worst


def spin(ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds (the GUI paints, timers fire)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(done, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the GUI did not finish in time")
        spin(TICK_MS)


def make_photo(path: Path, seed: int) -> Path:
    """A 6000 x 4000 (24 MP) camera-like JPEG: smooth shapes plus sensor noise."""
    from PIL import Image, ImageDraw, ImageFilter

    small = Image.effect_noise((1500, 1000), 40 + seed).convert("RGB")
    draw = ImageDraw.Draw(small)
    for n in range(12):
        x, y = (n * 131 + seed * 57) % 1400, (n * 89 + seed * 31) % 900
        draw.ellipse((x, y, x + 220, y + 160), fill=(40 + 17 * n, 90 + seed * 9, 160 - 9 * n))
    big = small.filter(ImageFilter.GaussianBlur(3)).resize((6000, 4000))
    noise = Image.effect_noise((6000, 4000), 18).convert("RGB")
    Image.blend(big, noise, 0.12).save(path, "JPEG", quality=92)
    return path


def answer_items(window: MainWindow, meter: StallMeter, count: int) -> list[float]:
    walk = window.walkthrough
    stalls = []
    for _n in range(count):
        item_id = walk.current_item
        current = walk.audit.response(item_id).result
        key = Qt.Key.Key_O if current == Result.PASS else Qt.Key.Key_P
        focused = QApplication.focusWidget() or walk
        meter.reset()
        QTest.keyClick(focused, key)
        spin(30)  # a very fast inspector: the next key 30 ms after this one is handled
        stalls.append(meter.take())
        if walk.current_item == item_id:  # the last item: start again from the top
            walk.go_to_item(walk.checklist.sections[0].items[0].id)
    return stalls


def attach_photos(window: MainWindow, meter: StallMeter, folder: Path, count: int) -> list:
    walk = window.walkthrough
    stalls = []
    for n in range(count):
        path = make_photo(folder / f"photo-{n}.jpg", n)
        item_id = walk.current_item
        before = len(walk.audit.response(item_id).photos)
        meter.reset()
        walk.attach_files(item_id, [str(path)])
        wait_until(lambda i=item_id, b=before: len(walk.audit.response(i).photos) > b)
        spin(50)
        stalls.append(meter.take())
    return stalls


def build_reports(window: MainWindow, meter: StallMeter, folder: Path, count: int) -> list:
    window.show_screen("report")
    screen = window.report
    stalls = []
    for n in range(count):
        screen.path_edit.setText(str(folder / f"report-{n}.pdf"))
        meter.reset()
        QTest.mouseClick(screen.build_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: not screen.runner.busy, timeout_s=600)
        spin(50)
        stalls.append(meter.take())
        if not (folder / f"report-{n}.pdf").is_file():
            raise SystemExit(f"No report was built: {screen.status_label.text()}")
    return stalls


def past_audits(store: Store, count: int) -> str:
    """``count`` earlier inspections of the sample's facility, a month apart; the id of one."""
    import datetime as dt

    first = None
    for n in range(count):
        day = dt.date(2026, 11, 1) - dt.timedelta(days=30 * (n + 1))
        sample = build_sample(photos=0, audit_date=day, seed=100 + n)
        audit = import_audit(store, sample.model_dump_json().encode(), "past.json", "bench")
        first = first or audit.id
    assert first is not None
    return first


def open_facility(window: MainWindow, meter: StallMeter, audit_id: str, count: int):
    """Opening the facility's history from Home: the time until it is painted, until its
    every inspection is listed (read a few at a time the first time), and the stall."""
    painted, listed, stalls = [], [], []
    clock = QElapsedTimer()
    for _n in range(count):
        window.show_screen("home")
        spin(50)
        meter.reset()
        clock.start()
        window.show_facility_of(audit_id)
        QApplication.processEvents()  # the screen is painted
        painted.append(clock.nsecsElapsed() / 1e6)
        screen = window.screens.facility
        wait_until(lambda s=screen: s.audits.isVisible() and s.audits.rowCount() > 0)
        listed.append(clock.nsecsElapsed() / 1e6)
        spin(30)
        stalls.append(meter.take())
    return painted, listed, stalls


def sync_twice(window: MainWindow, meter: StallMeter, address: str) -> list[tuple[str, float]]:
    """Sync from Home's sync bar, as a person clicks it: the stall of each sync, and its time."""
    window.show_screen("home")
    bar = window.home.sync_bar
    window.ctx.settings.setValue("server/address", address)
    out = []
    for what in ("first sync (pushes everything)", "second sync (nothing new)"):
        spin(50)
        meter.reset()
        started = time.perf_counter()
        QTest.mouseClick(bar.button, Qt.MouseButton.LeftButton)
        wait_until(lambda: not bar.worker.running, timeout_s=600)
        took = time.perf_counter() - started
        spin(50)
        out.append((f"{what}, {took:.1f} s", meter.take()))
        print(f"({what}: {bar.status.text()})")
        if "failed" in bar.status.text().lower() or "could not" in bar.status.text().lower():
            raise SystemExit(f"The sync did not work: {bar.status.text()}")
    return out


def start_server(folder: Path):
    """A throwaway PostgreSQL cluster set up as an agency's server with one inspector;
    (cluster, the inspector's address), or None without PostgreSQL."""
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    from clinic_audit.store.server_admin import add_user, init_server
    from tests.server.cluster import ADMIN, ADMIN_PASSWORD, Cluster, server_bin

    bin_dir = server_bin()
    if bin_dir is None:
        return None
    cluster = Cluster(bin_dir).start()
    os.environ["PGPASSWORD"] = ADMIN_PASSWORD
    address = cluster.address(ADMIN, "ca_bench")
    server = init_server(address, "sup_bench", "Sam", "supervisor-password")
    add_user(server, "insp_bench", "inspector", "Ana", "inspector-password")
    server.close()
    os.environ["PGPASSWORD"] = "inspector-password"  # how libpq finds the inspector's password
    return cluster, cluster.address("insp_bench", "ca_bench")


def line(what: str, stalls: list[float]) -> str:
    worst = max(stalls)
    verdict = "OK" if worst < GOAL_MS else f"over the {GOAL_MS} ms goal"
    return (
        f"{what:<34} median {statistics.median(stalls):6.1f} ms   max {worst:6.1f} ms "
        f"({len(stalls)} times) {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument("--photos", type=int, default=3)
    parser.add_argument("--reports", type=int, default=2)
    parser.add_argument("--sample-photos", type=int, default=6, help="photos in the sample")
    parser.add_argument("--history", type=int, default=100, help="audits of the facility")
    parser.add_argument("--no-sync", action="store_true", help="leave the server sync out")
    args = parser.parse_args()
    app = application()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store = Store.open(folder / "store.sqlite3", create=True)
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(store, "bench", settings)
        unsigned = build_sample(photos=args.sample_photos)
        unsigned.signatures = []  # a signed audit takes no answers or photos
        sample = unsigned.model_dump_json().encode()
        audit = import_audit(store, sample, "sample.json", "bench")
        started = time.perf_counter()
        past = past_audits(store, args.history - 1)
        print(f"(made {args.history - 1} earlier audits in {time.perf_counter() - started:.0f} s)")
        window = MainWindow(ctx)
        window.resize(1280, 800)
        window.show()
        window.activateWindow()
        spin(100)
        warm_up()  # as the app does once Home is painted (imports, then gc.freeze)
        window.open_audit(audit.id)
        spin(200)
        meter = StallMeter()
        results = [
            line("answering an item (key press)", answer_items(window, meter, args.answers)),
            line("attaching a 24 MP JPEG", attach_photos(window, meter, folder, args.photos)),
            line("building the PDF report", build_reports(window, meter, folder, args.reports)),
        ]
        painted, listed, stalls = open_facility(window, meter, past, 6)
        results.append(line(f"opening a facility of {args.history} audits", stalls))
        results.append(
            f"{'  the first time: painted':<34} {painted[0]:6.1f} ms, all listed "
            f"{listed[0]:6.1f} ms (goal 300 ms)"
        )
        results.append(
            f"{'  again: all listed':<34} median {statistics.median(listed[1:]):6.1f} ms   "
            f"max {max(listed[1:]):6.1f} ms"
        )
        server = None if args.no_sync else start_server(folder)
        if server is not None:
            try:
                for what, stall in sync_twice(window, meter, server[1]):
                    results.append(line(what, [stall]))
            finally:
                window.home.sync_bar.wait()
                server[0].remove()
        window.close()
        store.close()
    del app
    print(f"Event-loop stalls (5 ms ticks; {os.cpu_count()} CPUs):")
    for text in results:
        print("  " + text)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
