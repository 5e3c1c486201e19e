"""Home: the audits in the store; filter, sort, open, import, export and delete them."""

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from clinic_audit.audit.model import Audit, AuditKind, Facility
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.files.portable import parse_portable
from clinic_audit.ui.models.audit_list import COL_FACILITY, COL_SCORE, COL_STATUS
from clinic_audit.ui.screens.home import HomeScreen
from tests.ui.conftest import SAMPLE_DAY, finalize_sample, sample_bytes

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def home(qtbot, app_ctx):
    screen = HomeScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(1100, 600)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def add_blank(ctx, name: str) -> Audit:
    checklist = builtin_checklist()
    audit = Audit(
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        kind=AuditKind.SELF_AUDIT,
        facility=Facility(name=name),
        audit_date=SAMPLE_DAY,
    )
    created = ctx.service.create(audit)
    ctx.notify_changed(created.id)
    return created


def shown_column(home, column):
    proxy = home.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def click_row(qtbot, home, row):
    rect = home.table.visualRect(home.proxy.index(row, COL_FACILITY))
    qtbot.mouseClick(home.table.viewport(), LEFT, pos=rect.center())


def test_empty_store_says_how_to_start(home):
    assert home.empty_label.isVisible()
    assert "New audit" in home.empty_label.text()
    assert not home.open_button.isEnabled()
    assert not home.delete_button.isEnabled()


def test_lists_every_audit_and_updates_when_one_is_added(app_ctx, sample_audit, home):
    assert shown_column(home, COL_FACILITY) == ["Lumen Skin & Laser Studio"]
    add_blank(app_ctx, "Corner Clinic")
    shown = sorted(shown_column(home, COL_FACILITY))
    assert shown == ["Corner Clinic", "Lumen Skin & Laser Studio"]
    assert not home.empty_label.isVisible()


def test_filter_box_narrows_the_list(qtbot, app_ctx, sample_audit, home):
    add_blank(app_ctx, "Corner Clinic")
    qtbot.keyClicks(home.filter_edit, "corner")
    assert shown_column(home, COL_FACILITY) == ["Corner Clinic"]
    home.filter_edit.clear()
    qtbot.keyClicks(home.filter_edit, "non-compliant")
    assert shown_column(home, COL_FACILITY) == ["Lumen Skin & Laser Studio"]


def test_clicking_a_column_header_sorts_by_it(qtbot, app_ctx, sample_audit, home):
    add_blank(app_ctx, "Corner Clinic")
    header = home.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_SCORE) + header.sectionSize(COL_SCORE) // 2
    qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, 5))
    first = shown_column(home, COL_SCORE)
    qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, 5))
    assert shown_column(home, COL_SCORE) == list(reversed(first))
    assert set(first) == {"—", app_ctx.summary(app_ctx.audit(sample_audit.id)).score_text}


def test_open_by_button_and_by_double_click(qtbot, sample_audit, home):
    click_row(qtbot, home, 0)
    with qtbot.waitSignal(home.open_requested) as opened:
        qtbot.mouseClick(home.open_button, LEFT)
    assert opened.args == [sample_audit.id]
    rect = home.table.visualRect(home.proxy.index(0, COL_FACILITY))
    with qtbot.waitSignal(home.open_requested) as opened:
        qtbot.mouseDClick(home.table.viewport(), LEFT, pos=rect.center())
    assert opened.args == [sample_audit.id]


def test_at_start_the_list_has_focus_and_enter_opens_its_first_row(qtbot, app_ctx, sample_audit):
    screen = HomeScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    screen.focus_default()
    qtbot.waitUntil(screen.table.hasFocus)
    assert screen.selected_row() is not None and screen.selected_row().id == sample_audit.id
    assert screen.open_button.isEnabled()
    with qtbot.waitSignal(screen.open_requested) as opened:
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert opened.args == [sample_audit.id]


def test_delete_a_draft_after_confirmation(qtbot, home, app_ctx, dialog_log):
    blank = add_blank(app_ctx, "Corner Clinic")
    click_row(qtbot, home, 0)
    dialog_log.confirm_answer = False
    qtbot.mouseClick(home.delete_button, LEFT)
    assert "Delete the draft audit of Corner Clinic" in dialog_log.text()
    assert [row.id for row in app_ctx.store.list()] == [blank.id]
    dialog_log.confirm_answer = True
    with qtbot.waitSignal(home.deleted) as deleted:
        qtbot.mouseClick(home.delete_button, LEFT)
    assert deleted.args == [blank.id]
    assert app_ctx.store.list() == []
    assert home.proxy.rowCount() == 0


def test_a_finalized_audit_cannot_be_deleted(qtbot, app_ctx, sample_audit, home):
    finalize_sample(app_ctx, sample_audit.id)
    click_row(qtbot, home, 0)
    assert shown_column(home, COL_STATUS) == ["Finalized"]
    assert home.open_button.isEnabled()
    assert not home.delete_button.isEnabled()
    assert "cannot be deleted" in home.delete_button.toolTip()


def test_import_a_file(qtbot, home, app_ctx, tmp_path, monkeypatch):
    path = tmp_path / "lumen.json"
    path.write_bytes(sample_bytes())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(home.import_button, LEFT)
    assert [row.facility_name for row in app_ctx.store.list()] == ["Lumen Skin & Laser Studio"]
    assert home.selected_row().facility_name == "Lumen Skin & Laser Studio"
    assert app_ctx.settings.value("paths/last_folder") == str(tmp_path)


def test_a_report_imports_with_its_print_copies_said(
    qtbot, home, app_ctx, tmp_path, monkeypatch, dialog_log
):
    from clinic_audit.reports.build import write_report

    source = tmp_path / "lumen.json"
    source.write_bytes(sample_bytes())
    report = write_report(portable_file=source, output=tmp_path / "lumen.pdf").path
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(report), ""))
    qtbot.mouseClick(home.import_button, LEFT)
    assert [row.facility_name for row in app_ctx.store.list()] == ["Lumen Skin & Laser Studio"]
    assert home.selected_row().facility_name == "Lumen Skin & Laser Studio"
    title, text = dialog_log.shown[-1]
    assert title == "Imported from the report"
    assert "as print copies" in text and "its SHA-256 differs" in text


def test_a_bad_file_shows_all_its_problems_and_imports_nothing(
    qtbot, home, app_ctx, tmp_path, monkeypatch, dialog_log
):
    document = json.loads(sample_bytes())
    document["kind"] = "spot_check"
    del document["facility"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(home.import_button, LEFT)
    shown = dialog_log.text()
    assert "Nothing was imported" in shown
    assert "spot_check" in shown and "facility" in shown
    assert app_ctx.store.list() == []


def test_a_hostile_file_is_refused_by_the_same_checks(
    qtbot, home, app_ctx, tmp_path, monkeypatch, dialog_log
):
    document = json.loads(sample_bytes())
    document["responses"]["made-up"] = {"result": "pass"}
    document["practitioners"][0]["licence_expiry"] = "9999-12-31"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(document))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(home.import_button, LEFT)
    shown = dialog_log.text()
    assert "Nothing was imported" in shown
    assert "at responses.made-up: the checklist" in shown
    assert "at practitioners[0].licence_expiry: the date 9999-12-31 is implausible" in shown
    assert app_ctx.store.list() == []


def test_import_of_an_unreadable_path_says_so(qtbot, home, tmp_path, monkeypatch, dialog_log):
    missing = tmp_path / "gone.json"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(missing), ""))
    qtbot.mouseClick(home.import_button, LEFT)
    assert "cannot read the file" in dialog_log.text()


def test_export_writes_a_file_that_imports_again(qtbot, sample_audit, home, tmp_path, monkeypatch):
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    suggested = []

    def save_dialog(_parent, _title, name, _filter):
        suggested.append(name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    click_row(qtbot, home, 0)
    qtbot.mouseClick(home.export_button, LEFT)
    assert suggested[0].endswith(f"lumen-skin-laser-studio-{SAMPLE_DAY}.json")
    exported = parse_portable(target.read_bytes(), str(target))
    assert exported.id == sample_audit.id
    assert len(exported.photo_data) == 2


def test_every_button_has_an_accessible_name(home):
    for button in (
        home.new_button,
        home.open_button,
        home.import_button,
        home.export_button,
        home.delete_button,
    ):
        assert button.accessibleName()
    assert home.filter_edit.accessibleName() and home.table.accessibleName()


def test_the_filter_finds_audits_by_license_number_and_inspector(qtbot, home, app_ctx):
    from clinic_audit.audit.model import Person

    checklist = builtin_checklist()
    for name, licence, inspector in (
        ("Glow Aesthetics", "MSP-0412", "Dana Whitfield"),
        ("Lumen Studio", "MSP-0999", "Ray Ortiz"),
    ):
        created = app_ctx.service.create(
            Audit(
                checklist_id=checklist.id,
                checklist_version=checklist.version,
                kind=AuditKind.REGULATORY,
                facility=Facility(name=name, licence_number=licence),
                inspector=Person(name=inspector),
                audit_date=SAMPLE_DAY,
            )
        )
        app_ctx.notify_changed(created.id)
    home.refresh()
    for typed, expected in (("msp-0999", "Lumen Studio"), ("whitfield", "Glow Aesthetics")):
        home.filter_edit.clear()
        qtbot.keyClicks(home.filter_edit, typed)
        assert home.proxy.rowCount() == 1
        cells = [home.proxy.index(0, c).data() for c in range(home.proxy.columnCount())]
        assert expected in cells


def test_home_counts_open_findings_overdue_actions_and_repeats(qtbot, app_ctx, sample_audit):
    import datetime as dt

    from clinic_audit.rules.action_plan import is_overdue

    home = HomeScreen(app_ctx)
    qtbot.addWidget(home)
    home.show()
    qtbot.waitUntil(lambda: home.counts_label.text().startswith("Across 1 facility:"))
    summary = app_ctx.summary(app_ctx.audit(sample_audit.id))
    late = sum(is_overdue(a, dt.date.today()) for a in sample_audit.actions)
    text = home.counts_label.text()
    assert f"{len(summary.counted)} open findings" in text
    assert f"{late} overdue action" in text and "0 repeat violations" in text
