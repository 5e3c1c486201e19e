"""The facility screen: a clinic inspected three times shows its history, chart and
actions; all facilities' overdue actions export as CSV."""

import csv
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from clinic_audit.enums import Severity
from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample
from clinic_audit.ui.screens.facility import FacilityScreen
from clinic_audit.ui.screens.home import HomeScreen

FIRST = dt.date(2025, 3, 10)


@pytest.fixture
def audits(app_ctx):
    ids = []
    for number, days in enumerate((0, 150, 300)):
        sample = build_sample(photos=1, audit_date=FIRST + dt.timedelta(days=days), seed=number + 1)
        ids.append(import_audit(app_ctx.store, sample.model_dump_json().encode(), "s", "t").id)
    other = build_sample(photos=1, audit_date=FIRST, facility_name="Other Spa", seed=9)
    other.facility.licence_number = "OTHER-1"
    import_audit(app_ctx.store, other.model_dump_json().encode(), "o", "t")
    return ids


@pytest.fixture
def screen(qtbot, app_ctx, audits):
    screen = FacilityScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def test_a_facility_shows_every_inspection_its_chart_and_actions(qtbot, screen, app_ctx, audits):
    home = HomeScreen(app_ctx)
    qtbot.addWidget(home)
    home.select(audits[1])
    with qtbot.waitSignal(home.facility_requested) as asked:
        qtbot.mouseClick(home.facility_button, Qt.MouseButton.LeftButton)
    screen.show_facility_of(asked.args[0])
    assert screen.audits.isVisible() and screen.audits.rowCount() == 3
    dates = [screen.audits.item(row, 0).text() for row in range(3)]
    assert dates == ["2026-01-04", "2025-08-07", "2025-03-10"]  # newest first
    assert [day for day, _s, _c in screen.chart.points] == sorted(dates)
    assert (
        "Lumen Skin & Laser Studio" in screen.details.text()
        and "3 inspections" in screen.details.text()
    )
    assert "1 critical" in screen.chart.accessibleDescription()
    assert screen.actions_table.rowCount() > 0
    facilities = {
        screen.actions_table.item(r, 1).text() for r in range(screen.actions_table.rowCount())
    }
    assert facilities == {"Lumen Skin & Laser Studio"}
    with qtbot.waitSignal(screen.open_requested) as opened:
        screen.audits.doubleClicked.emit(screen.audits.model().index(0, 0))
    assert opened.args[0] == audits[2]


def test_all_facilities_overdue_export_as_csv(qtbot, screen, app_ctx, tmp_path, monkeypatch):
    screen.show_facility()
    assert not screen.audits.isVisible()
    qtbot.mouseClick(screen.overdue_only, Qt.MouseButton.LeftButton)
    rows = screen.actions_table.rowCount()
    assert rows > 0 and "OVERDUE" in screen.actions_table.item(0, 5).text()
    names = {screen.actions_table.item(r, 1).text() for r in range(rows)}
    assert names == {"Lumen Skin & Laser Studio", "Other Spa"}
    out = tmp_path / "overdue.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    exported = list(csv.DictReader(out.open()))
    assert len(exported) == rows and all(int(r["days_overdue"]) > 0 for r in exported)


def test_the_history_shown_again_is_not_read_again_unless_an_audit_changed(
    qtbot, screen, app_ctx, audits, monkeypatch
):
    from clinic_audit.checklist.model import Result

    screen.show_facility_of(audits[0])
    read: list[str] = []
    get = app_ctx.store.get
    monkeypatch.setattr(app_ctx.store, "get", lambda i: read.append(i) or get(i))
    screen.show_facility_of(audits[0])
    assert read == [] and screen.audits.rowCount() == 3
    audit = get(audits[2])
    item = next(i for i, r in audit.responses.items() if r.result == Result.PASS)
    app_ctx.service.clear_signatures(audits[2])
    app_ctx.service.answer(audits[2], item, Result.FAIL)
    screen.refresh()
    assert read == [audits[2]]
    changed = app_ctx.service.summary(get(audits[2]))
    counts = ", ".join(f"{changed.count(s)} {s.value}" for s in Severity)
    assert screen.audits.item(0, 5).text() == counts


def test_a_long_history_is_read_a_few_audits_at_a_time_then_listed(
    qtbot, screen, app_ctx, audits, monkeypatch
):
    from clinic_audit.ui.screens import facility as module

    monkeypatch.setattr(module, "READ_AT_ONCE", 1)
    monkeypatch.setattr(module, "AUDITS_PER_STEP", 1)
    screen.show_facility_of(audits[0])
    assert screen.details.text() == "Reading the inspections: 0 of 3…"
    assert not screen.audits.isVisible()
    qtbot.waitUntil(lambda: screen.audits.isVisible(), timeout=10_000)
    assert screen.audits.rowCount() == 3 and "3 inspections" in screen.details.text()
    screen.show_facility_of(audits[0])  # read now: listed at once
    assert screen.audits.isVisible() and screen.audits.rowCount() == 3
