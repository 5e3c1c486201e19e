"""New audit: fill the form as an inspector would; bad checklist files are explained."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from clinic_audit.audit.model import AuditKind, Facility
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.ui.screens.new_audit import NewAuditScreen
from tests.ui.conftest import type_date

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def screen(qtbot, app_ctx):
    screen = NewAuditScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def type_into(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_create_stores_the_audit_and_remembers_the_inspector(qtbot, screen, app_ctx):
    type_into(qtbot, screen.facility_name, "Glow Aesthetics Medspa")
    type_into(qtbot, screen.facility_address, "12 Main Street")
    type_into(qtbot, screen.facility_licence, "MSP-2025-0412")
    type_into(qtbot, screen.facility_contact, "+1 555 0100")
    qtbot.mouseClick(screen.self_audit, LEFT, pos=QPoint(8, screen.self_audit.height() // 2))
    type_date(qtbot, screen.audit_date, "2026-05-04")
    type_into(qtbot, screen.inspector_name, "Dana Whitfield")
    type_into(qtbot, screen.inspector_organization, "State Health Services")
    type_into(qtbot, screen.representative_name, "Dr. Priya Raman")
    type_into(qtbot, screen.representative_role, "Medical director")
    with qtbot.waitSignal(screen.created) as created:
        qtbot.mouseClick(screen.create_button, LEFT)
    audit = app_ctx.audit(created.args[0])
    assert audit.facility.name == "Glow Aesthetics Medspa"
    assert audit.facility.address == "12 Main Street"
    assert audit.facility.licence_number == "MSP-2025-0412"
    assert audit.facility.contact == "+1 555 0100"
    assert audit.kind == AuditKind.SELF_AUDIT
    assert audit.audit_date == dt.date(2026, 5, 4)
    assert (audit.inspector.name, audit.inspector.organisation) == (
        "Dana Whitfield",
        "State Health Services",
    )
    assert (audit.representative.name, audit.representative.role) == (
        "Dr. Priya Raman",
        "Medical director",
    )
    assert (audit.checklist_id, audit.checklist_version) == (
        builtin_checklist().id,
        builtin_checklist().version,
    )
    # The next audit, even in a new window (a new run), starts with the same inspector.
    again = NewAuditScreen(app_ctx)
    qtbot.addWidget(again)
    assert again.inspector_name.text() == "Dana Whitfield"
    assert again.inspector_organization.text() == "State Health Services"
    assert again.facility_name.text() == ""


def test_a_facility_name_is_required(qtbot, screen, app_ctx):
    with qtbot.assertNotEmitted(screen.created):
        qtbot.mouseClick(screen.create_button, LEFT)
    assert screen.name_error.isVisible()
    assert "name of the facility" in screen.name_error.text()
    assert app_ctx.store.list() == []
    type_into(qtbot, screen.facility_name, "Corner Clinic")
    with qtbot.waitSignal(screen.created):
        qtbot.mouseClick(screen.create_button, LEFT)
    assert not screen.name_error.isVisible()
    assert [row.facility_name for row in app_ctx.store.list()] == ["Corner Clinic"]


def test_enter_in_a_field_creates_and_tab_reaches_create_before_cancel(qtbot, screen, app_ctx):
    screen.activateWindow()
    screen.representative_role.setFocus()
    qtbot.waitUntil(screen.representative_role.hasFocus)
    qtbot.keyClick(screen.representative_role, Qt.Key.Key_Tab)
    assert screen.create_button.hasFocus()
    qtbot.keyClick(screen.create_button, Qt.Key.Key_Tab)
    assert screen.cancel_button.hasFocus()
    with qtbot.assertNotEmitted(screen.created):  # Enter with no name: the error, no audit
        qtbot.keyClick(screen.facility_licence, Qt.Key.Key_Return)
    assert screen.name_error.isVisible() and app_ctx.store.list() == []
    type_into(qtbot, screen.facility_name, "Corner Clinic")
    with qtbot.waitSignal(screen.created):
        qtbot.keyClick(screen.inspector_name, Qt.Key.Key_Return)
    assert [row.facility_name for row in app_ctx.store.list()] == ["Corner Clinic"]


def test_the_date_defaults_to_today_and_cancel_says_so(qtbot, screen):
    assert screen.audit_date.value() == dt.date.today()
    assert screen.audit_date.edit.text() == dt.date.today().isoformat()
    with qtbot.waitSignal(screen.cancelled):
        qtbot.mouseClick(screen.cancel_button, LEFT)


def test_a_bad_checklist_file_lists_every_problem_and_keeps_the_form(
    qtbot, screen, tmp_path, monkeypatch, dialog_log
):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Bad Id\ntitle: x\nversion: one\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    count = screen.checklist_box.count()
    qtbot.mouseClick(screen.checklist_file_button, LEFT)
    shown = dialog_log.text()
    assert "bad.yaml cannot be used" in shown
    for expected in ("Bad Id", "one", "scope", "sections"):
        assert expected in shown
    assert screen.checklist_box.count() == count


def test_a_checklist_from_a_file_is_used_for_the_audit(
    qtbot, screen, app_ctx, tmp_path, monkeypatch
):
    newest = builtin_checklist()
    text = newest.model_dump_json(by_alias=True)
    custom = tmp_path / "state-variant.yaml"
    variant = text.replace(f'"version":"{newest.version}"', '"version":"1.1.0"')
    custom.write_text(variant)  # JSON is YAML
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(custom), ""))
    qtbot.mouseClick(screen.checklist_file_button, LEFT)
    assert "1.1.0" in screen.checklist_box.currentText()
    assert "state-variant.yaml" in screen.checklist_box.currentText()
    type_into(qtbot, screen.facility_name, "Corner Clinic")
    with qtbot.waitSignal(screen.created) as created:
        qtbot.mouseClick(screen.create_button, LEFT)
    assert app_ctx.audit(created.args[0]).checklist_version == "1.1.0"


def test_every_field_has_an_accessible_name(screen):
    kinds = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton)
    compound = (QComboBox,)
    fields = [
        w
        for w in screen.findChildren(QWidget)
        if isinstance(w, kinds) and not isinstance(w.parentWidget(), compound)
    ]
    assert len(fields) >= 14
    for widget in fields:
        assert widget.accessibleName(), widget


def test_the_state_suggests_its_pack_and_the_audit_is_made_under_it(qtbot, screen, app_ctx):
    def choose_state(code):
        screen.facility_region.setCurrentIndex(screen.facility_region.findData(code))

    assert screen.pack_box.currentData() is None  # no state yet: guidance only
    choose_state("TX")
    assert screen.pack_box.currentData().id == "texas"
    assert "Texas" in screen.pack_note.text()
    choose_state("OH")  # a state without a pack of its own
    assert screen.pack_box.currentData().id == "generic-us"
    choose_state("TX")
    type_into(qtbot, screen.facility_name, "Hill Country Skin")
    with qtbot.waitSignal(screen.created) as created:
        qtbot.mouseClick(screen.create_button, LEFT)
    audit = app_ctx.audit(created.args[0])
    assert (audit.pack_id, audit.pack_version, audit.facility.region) == ("texas", "1.0.0", "TX")
    checklist = app_ctx.service.checklist_of(audit)
    assert checklist.pack is not None and checklist.pack.jurisdiction.region == "TX"


def test_a_regulatory_audit_records_case_purpose_hours_zone_and_credential(qtbot, screen, app_ctx):
    type_into(qtbot, screen.facility_name, "Glow Aesthetics Medspa")
    assert screen.case_number.isVisible() and screen.purpose.isVisible()
    type_into(qtbot, screen.case_number, "SHA-2026-0077")
    screen.purpose.setCurrentIndex(screen.purpose.findText("Complaint investigation"))
    type_into(qtbot, screen.time_in, "9:30 am")
    screen.time_zone.setFocus()
    screen.time_zone.lineEdit().selectAll()
    qtbot.keyClicks(screen.time_zone.lineEdit(), "America/Denver")
    type_into(qtbot, screen.inspector_credential, "SHA-4471")
    type_into(qtbot, screen.inspector_contact, "+1 512 555 0199")
    with qtbot.waitSignal(screen.created) as created:
        qtbot.mouseClick(screen.create_button, LEFT)
    audit = app_ctx.opened_store.get(created.args[0])
    assert audit.case_number == "SHA-2026-0077"
    assert audit.purpose.label == "Complaint investigation"
    assert (audit.time_in, audit.time_zone) == (dt.time(9, 30), "America/Denver")
    assert (audit.inspector.credential, audit.inspector.contact_info) == (
        "SHA-4471",
        "+1 512 555 0199",
    )
    assert audit.agency is not None and audit.agency.name.startswith("Springfield Health")
    again = NewAuditScreen(app_ctx)
    qtbot.addWidget(again)
    assert again.inspector_credential.text() == "SHA-4471"


def test_a_self_audit_hides_the_case_and_has_no_agency(qtbot, screen, app_ctx):
    type_into(qtbot, screen.facility_name, "Glow Aesthetics Medspa")
    qtbot.mouseClick(screen.self_audit, LEFT, pos=QPoint(8, screen.self_audit.height() // 2))
    assert not screen.case_number.isVisible() and not screen.purpose.isVisible()
    with qtbot.waitSignal(screen.created) as created:
        qtbot.mouseClick(screen.create_button, LEFT)
    audit = app_ctx.opened_store.get(created.args[0])
    assert audit.purpose.value == "self_audit" and audit.agency is None


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("time_in", "25:10", "Time in: '25:10' is not a time of day"),
        ("time_zone", "Mars/Olympus", "Time zone: 'Mars/Olympus' is not a time zone name"),
    ],
)
def test_a_bad_time_or_zone_is_explained_and_nothing_is_created(
    qtbot, screen, app_ctx, field, typed, message
):
    type_into(qtbot, screen.facility_name, "Glow Aesthetics Medspa")
    widget = getattr(screen, field)
    edit = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    edit.selectAll()
    edit.setFocus()
    qtbot.keyClicks(edit, typed)
    with qtbot.assertNotEmitted(screen.created):
        qtbot.mouseClick(screen.create_button, LEFT)
    assert screen.audit_error.isVisible() and message in screen.audit_error.text()
    assert app_ctx.opened_store.list() == []


def test_the_first_regulatory_audit_asks_for_the_agency_once(
    qtbot, screen, app_ctx, agency_configured
):
    agency_configured.unlink()
    type_into(qtbot, screen.facility_name, "Glow Aesthetics Medspa")
    qtbot.mouseClick(screen.create_button, LEFT)
    dialog = screen.agency_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "head every notice" in dialog.intro.text()
    page = dialog.page("agency")
    assert dialog.tabs.currentWidget() is page
    type_into(qtbot, page.name, "Clark County Health District")
    type_into(qtbot, page.phone, "+1 702 555 0100")
    with qtbot.waitSignal(screen.created) as created:
        qtbot.mouseClick(dialog.ok_button, LEFT)
    audit = app_ctx.opened_store.get(created.args[0])
    assert audit.agency.name == "Clark County Health District"
    assert "Clark County Health District" in agency_configured.read_text()
    # The second regulatory audit is not asked again, even with the agency removed.
    agency_configured.unlink()
    screen.reset()
    type_into(qtbot, screen.facility_name, "Second Medspa")
    with qtbot.waitSignal(screen.created):
        qtbot.mouseClick(screen.create_button, LEFT)
    assert len(app_ctx.opened_store.list()) == 2


def test_cancelling_the_agency_question_still_creates_the_audit(
    qtbot, screen, app_ctx, agency_configured
):
    agency_configured.unlink()
    type_into(qtbot, screen.facility_name, "Glow Aesthetics Medspa")
    qtbot.mouseClick(screen.create_button, LEFT)
    qtbot.waitUntil(screen.agency_dialog.isVisible)
    with qtbot.waitSignal(screen.created) as created:
        screen.agency_dialog.reject()
    assert app_ctx.opened_store.get(created.args[0]).agency is None
    assert not agency_configured.exists()


def test_a_self_audit_never_asks_for_the_agency(qtbot, screen, app_ctx, agency_configured):
    agency_configured.unlink()
    type_into(qtbot, screen.facility_name, "Glow Aesthetics Medspa")
    qtbot.mouseClick(screen.self_audit, LEFT, pos=QPoint(8, screen.self_audit.height() // 2))
    with qtbot.waitSignal(screen.created):
        qtbot.mouseClick(screen.create_button, LEFT)
    assert not hasattr(screen, "agency_dialog")


def test_a_known_license_under_another_name_asks_before_filing_under_it(qtbot, screen, app_ctx):
    from PySide6.QtWidgets import QMessageBox

    from tests.factories import blank_audit

    known = app_ctx.service.create(
        blank_audit(
            builtin_checklist(),
            facility=Facility(name="Glow Aesthetics", address="12 Main St", licence_number="MSP-7"),
        )
    )
    type_into(qtbot, screen.facility_name, "Glow Medspa & Laser")
    type_into(qtbot, screen.facility_licence, "MSP-7")
    qtbot.mouseClick(screen.create_button, LEFT)
    box = screen.facility_question
    qtbot.waitUntil(box.isVisible)
    assert "License MSP-7 belongs to Glow Aesthetics (12 Main St)" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert len(app_ctx.opened_store.list()) == 1  # nothing made
    qtbot.mouseClick(screen.create_button, LEFT)
    box = screen.facility_question
    with qtbot.waitSignal(screen.created) as created:
        next(b for b in box.buttons() if b.text() == "File under it").click()
    store = app_ctx.opened_store
    assert store.facility_of(created.args[0]).id == store.facility_of(known.id).id


def test_an_existing_facility_is_picked_and_the_audit_filed_under_it(qtbot, app_ctx):
    from tests.factories import blank_audit

    known = app_ctx.service.create(
        blank_audit(
            builtin_checklist(),
            facility=Facility(name="Glow Aesthetics", address="12 Main St", licence_number="MSP-7"),
        )
    )
    screen = NewAuditScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    box = screen.known_facility
    index = box.findText("Glow Aesthetics (MSP-7)")
    assert index > 0
    box.setCurrentIndex(index)
    box.activated.emit(index)
    assert screen.facility_name.text() == "Glow Aesthetics"
    assert screen.facility_licence.text() == "MSP-7"
    with qtbot.waitSignal(screen.created) as created:
        qtbot.mouseClick(screen.create_button, LEFT)
    store = app_ctx.opened_store
    assert store.facility_of(created.args[0]).id == store.facility_of(known.id).id
