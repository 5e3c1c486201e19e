"""Screen 4 driven as a person would: add, edit and remove register rows, see their findings."""

import datetime as dt
import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from clinic_audit.audit.model import LicenceType, Status
from clinic_audit.ui.models.registers import NO_FINDINGS, PractitionersModel
from clinic_audit.ui.screens.registers import RegistersScreen
from tests.ui.a11y import unnamed_controls
from tests.ui.conftest import finalize_sample, type_date

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def screen(qtbot, app_ctx, sample_audit):
    screen = RegistersScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    qtbot.waitExposed(screen)
    screen.show_audit(sample_audit.id)
    return screen


def click_row(qtbot, panel, row):
    view = panel.view
    rect = view.visualRect(panel.model.index(row, 0))
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())


def findings_text(panel, row):
    return panel.model.index(row, panel.model.COL_FINDINGS).data()


def open_dialog(qtbot, panel, button):
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible())
    return panel.dialog


def test_the_sample_register_finding_shows_in_its_row_and_tab(screen):
    panel = screen.panel("practitioners")
    assert panel.model.rowCount() == 3
    texts = [findings_text(panel, row) for row in range(3)]
    assert texts.count(NO_FINDINGS) == 2
    assert "Minor: license expires 2026-" in "".join(texts)
    assert screen.tabs.tabText(0) == "Practitioners (3) — 1 finding"
    assert screen.tabs.tabText(2).startswith("Devices (2)")
    assert not screen.read_only_note.isVisible()


def test_adding_a_practitioner_with_a_lapsed_licence_flags_the_row(qtbot, screen, app_ctx):
    panel = screen.panel("practitioners")
    dialog = open_dialog(qtbot, panel, panel.add_button)
    qtbot.keyClicks(dialog.inputs["name"], "Jo Expired")
    qtbot.keyClicks(dialog.inputs["role"], "Registered nurse")
    licence = dialog.inputs["licence_type"]
    licence.setCurrentIndex(licence.findText("Registered nurse"))
    qtbot.keyClicks(dialog.inputs["licence_number"], "RN-555")
    expiry = dialog.inputs["licence_expiry"]
    type_date(qtbot, expiry, "2026-03-01")  # which unticks "Not recorded"
    qtbot.keyClicks(dialog.inputs["supervising_physician"], "Dr. Priya Raman")
    training = dialog.inputs["training_date"]
    qtbot.mouseClick(training.none_box, LEFT)  # untick "Not recorded": the audit date
    supervision = dialog.inputs["supervision"]
    supervision.setCurrentIndex(supervision.findText("Physician on site"))
    depth = dialog.inputs["max_depth_mm"]
    depth.selectAll()
    qtbot.keyClicks(depth, "1.0")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: panel.dialog is None)

    stored = app_ctx.store.get(screen.audit_id).practitioners[-1]
    assert stored.max_depth_mm == 1.0
    assert (stored.name, stored.licence_type, stored.licence_expiry) == (
        "Jo Expired",
        LicenceType.REGISTERED_NURSE,
        dt.date(2026, 3, 1),
    )
    row = panel.model.row_of(stored.id)
    assert findings_text(panel, row) == "Critical: license expired 2026-03-01"
    assert panel.selected_row().id == stored.id
    assert screen.tabs.tabText(0) == "Practitioners (4) — 2 findings"


def test_a_refused_form_stays_open_with_the_reason_and_the_typing(qtbot, screen, app_ctx):
    panel = screen.panel("products")
    dialog = open_dialog(qtbot, panel, panel.add_button)
    qtbot.keyClicks(dialog.inputs["lot"], "LOT-77")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "Product name: cannot be empty." in dialog.error_label.text()
    assert dialog.inputs["lot"].text() == "LOT-77"
    assert len(app_ctx.store.get(screen.audit_id).products) == 3


def test_editing_a_row_clears_its_finding(qtbot, screen, app_ctx):
    panel = screen.panel("practitioners")
    flagged = next(r for r in range(3) if findings_text(panel, r) != NO_FINDINGS)
    click_row(qtbot, panel, flagged)
    dialog = open_dialog(qtbot, panel, panel.edit_button)
    assert dialog.inputs["name"].text() == panel.model.row_at(flagged).name
    type_date(qtbot, dialog.inputs["licence_expiry"], "2029-01-31")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: panel.dialog is None)
    assert findings_text(panel, flagged) == NO_FINDINGS
    stored = app_ctx.store.get(screen.audit_id).practitioners[flagged]
    assert stored.licence_expiry == dt.date(2029, 1, 31)
    assert screen.tabs.tabText(0) == "Practitioners (3)"


def test_removing_asks_first_and_cancel_keeps_the_row(qtbot, screen, app_ctx):
    panel = screen.panel("devices")
    click_row(qtbot, panel, 0)
    name = panel.selected_row().name
    qtbot.mouseClick(panel.remove_button, LEFT)
    box = panel.findChild(QMessageBox)
    assert name in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert len(app_ctx.store.get(screen.audit_id).devices) == 2

    qtbot.mouseClick(panel.remove_button, LEFT)
    box = next(b for b in panel.findChildren(QMessageBox) if b.isVisible())
    yes = next(b for b in box.buttons() if b.text() == "Remove device")
    yes.click()
    devices = app_ctx.store.get(screen.audit_id).devices
    assert len(devices) == 1 and devices[0].name != name
    assert panel.model.rowCount() == 1


def test_the_keyboard_edits_and_removes_rows(qtbot, screen, app_ctx):
    screen.tabs.setCurrentIndex(2)
    panel = screen.panel("devices")
    panel.view.setFocus()
    panel.view.selectRow(1)
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible())
    assert panel.dialog.inputs["name"].text() == panel.model.row_at(1).name
    qtbot.keyClick(panel.dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.dialog is None)
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    box = next(b for b in panel.findChildren(QMessageBox) if b.isVisible())
    next(b for b in box.buttons() if b.text() == "Remove device").click()
    assert len(app_ctx.store.get(screen.audit_id).devices) == 1


def test_every_control_has_an_accessible_name(qtbot, screen):
    assert unnamed_controls(screen) == []
    panel = screen.panel("products")
    dialog = open_dialog(qtbot, panel, panel.add_button)
    assert unnamed_controls(dialog) == []


def test_a_finalized_audit_is_read_only(qtbot, screen, app_ctx, sample_audit):
    finalize_sample(app_ctx, sample_audit.id)
    assert screen.read_only_note.isVisible()
    for panel in screen.panels.values():
        panel.view.selectRow(0)
        assert not panel.add_button.isEnabled()
        assert not panel.edit_button.isEnabled()
        assert not panel.remove_button.isEnabled()
    panel = screen.panel("practitioners")
    qtbot.mouseDClick(
        panel.view.viewport(),
        LEFT,
        pos=panel.view.visualRect(panel.model.index(0, PractitionersModel.COL_NAME)).center(),
    )
    assert panel.dialog is None


def test_saving_into_an_audit_finalized_meanwhile_explains_and_keeps_the_form(
    qtbot, screen, app_ctx, sample_audit
):
    panel = screen.panel("practitioners")
    dialog = open_dialog(qtbot, panel, panel.add_button)
    qtbot.keyClicks(dialog.inputs["name"], "Late Arrival")
    finalize_sample(app_ctx, sample_audit.id, notify=False)  # another window
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible()
    assert "finalized" in dialog.error_label.text()
    assert dialog.inputs["name"].text() == "Late Arrival"
    assert app_ctx.store.get(sample_audit.id).status == Status.FINALIZED


def _rng():
    return random.Random(1)


def test_a_row_that_makes_items_apply_says_which(qtbot, app_ctx):
    from clinic_audit.audit.model import Audit, AuditKind, Facility
    from clinic_audit.checklist.loader import builtin_checklist

    checklist = builtin_checklist()
    blank = app_ctx.service.create(
        Audit(checklist_id=checklist.id, checklist_version=checklist.version,
              kind=AuditKind.SELF_AUDIT, facility=Facility(name="Corner Clinic"),
              audit_date=dt.date(2026, 6, 15))
    )  # fmt: skip
    screen = RegistersScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    qtbot.waitExposed(screen)
    screen.show_audit(blank.id)
    screen.tabs.setCurrentIndex(2)
    panel = screen.panel("devices")
    dialog = open_dialog(qtbot, panel, panel.add_button)
    qtbot.keyClicks(dialog.inputs["name"], "Dermapen 4")
    reprocessing = dialog.inputs["reprocessing"]
    reprocessing.setCurrentIndex(reprocessing.findData("steam_sterilization"))
    if reprocessing.currentIndex() < 0:
        reprocessing.setCurrentIndex(reprocessing.findText("Steam sterilization"))
    with qtbot.waitSignal(app_ctx.saved) as saved:
        qtbot.mouseClick(dialog.save_button, LEFT)
    label = checklist.label_of("instruments-spore-test-weekly")
    assert saved.args[0].startswith("Saved — ")
    assert label in saved.args[0] and "answer" in saved.args[0] and "walk-through" in saved.args[0]
    panel.view.selectRow(0)
    with qtbot.waitSignal(app_ctx.saved) as removed:
        panel._remove(panel.selected_row())
    assert label in removed.args[0] and "no longer appl" in removed.args[0]


def test_the_keyboard_alone_switches_registers_and_edits_the_first_row(qtbot, screen):
    screen.activateWindow()
    screen.tabs.setCurrentIndex(0)
    first = screen.panel("practitioners")
    first.view.setFocus()
    qtbot.waitUntil(first.view.hasFocus)
    for keys, expected in (
        ((Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier), 1),
        ((Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier), 2),
        ((Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier), 1),
        ((Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier), 0),
    ):
        qtbot.keyClick(QApplication.focusWidget(), keys[0], keys[1])
        assert screen.tabs.currentIndex() == expected, keys
    panel = screen.panel("devices")
    screen.tabs.setCurrentIndex(2)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)  # no click first: the first row is current
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible())
    assert panel.dialog.inputs["name"].text() == panel.model.row_at(0).name
    qtbot.keyClick(panel.dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.dialog is None)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Tab)  # Tab leaves the table
    assert not panel.view.hasFocus()
