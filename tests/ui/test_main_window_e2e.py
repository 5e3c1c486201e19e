"""The whole app driven as an inspector would: from a new audit to a signed, read-only one."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from clinic_audit.audit.model import Reprocessing, SignatureRole, Status
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Result
from clinic_audit.ui.main_window import NAVIGATION, MainWindow
from tests.ui.conftest import make_jpeg, shown_main_window, type_date

LEFT = Qt.MouseButton.LeftButton
CHECKLIST = builtin_checklist()
TODAY = dt.date.today()
FIRST_ITEM = CHECKLIST.sections[0].items[0]  # needs a note and a photo when it fails


@pytest.fixture
def window(qtbot, app_ctx):
    with shown_main_window(qtbot, app_ctx) as window:
        yield window


def go(qtbot, window, screen):
    row = [name for name, _title, _keys in NAVIGATION].index(screen)
    rect = window.nav.visualItemRect(window.nav.item(row))
    qtbot.mouseClick(window.nav.viewport(), LEFT, pos=rect.center())
    assert window.current_screen() == screen


def key(qtbot, name):
    focused = QApplication.focusWidget()
    assert focused is not None, "no widget has the keyboard focus"
    qtbot.keyClick(focused, name)


def stored(app_ctx, audit_id):
    return app_ctx.audit(audit_id)


def draw_signature(pad):
    """A person's wavy stroke across the pad, as mouse events."""
    points = [QPointF(30 + 12 * n, 60 + (25 if n % 2 else -25)) for n in range(20)]

    def send(kind, point, buttons):
        event = QMouseEvent(kind, point, pad.mapToGlobal(point), LEFT, buttons, Qt.NoModifier)
        QApplication.sendEvent(pad, event)

    send(QEvent.Type.MouseButtonPress, points[0], LEFT)
    for point in points[1:]:
        send(QEvent.Type.MouseMove, point, LEFT)
    send(QEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)


def add_register_row(qtbot, window, register, fill):
    panel = window.registers.panel(register)
    window.registers.tabs.setCurrentWidget(panel)
    qtbot.mouseClick(panel.add_button, LEFT)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible())
    dialog = panel.dialog
    fill(dialog.inputs)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: panel.dialog is None)
    window.activateWindow()  # the window manager's job when a dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return panel


def set_date(qtbot, field, day):
    type_date(qtbot, field, day.isoformat())


def choose(combo, text):
    combo.setCurrentIndex(combo.findText(text))


@dataclass
class Journey:
    """One inspector's audit from a new audit to a finalized one, step by step."""

    qtbot: object
    ctx: object
    window: MainWindow
    tmp_path: Path
    monkeypatch: pytest.MonkeyPatch
    dialog_log: object
    audit_id: str = ""


@pytest.fixture
def journey(qtbot, app_ctx, window, tmp_path, monkeypatch, dialog_log):
    return Journey(qtbot, app_ctx, window, tmp_path, monkeypatch, dialog_log)


def step_1_new_audit_from_home(j: Journey) -> None:
    """A new audit, from the Home screen."""
    qtbot, window = j.qtbot, j.window
    qtbot.mouseClick(window.home.new_button, LEFT)
    assert window.current_screen() == "new_audit"
    form = window.new_audit
    for widget, text in (
        (form.facility_name, "Glow Aesthetics Medspa"),
        (form.inspector_name, "Dana Whitfield"),
        (form.inspector_organization, "State Health Services"),
        (form.representative_name, "Sam Ortiz"),
        (form.representative_role, "Owner"),
    ):
        widget.setFocus()
        qtbot.keyClicks(widget, text)
    form.facility_region.setFocus()
    qtbot.keyClicks(form.facility_region, "Texas")  # the pack follows the state
    assert form.facility_region.currentData() == "TX"
    assert form.pack_box.currentData() is not None
    with qtbot.waitSignal(form.created) as created:
        qtbot.mouseClick(form.create_button, LEFT)
    j.audit_id = created.args[0]
    assert window.current_screen() == "walkthrough"
    assert "Glow Aesthetics Medspa" in window.windowTitle()
    assert all(window.nav.item(row).flags() & Qt.ItemFlag.ItemIsEnabled for row in range(6))
    walk = window.walkthrough
    qtbot.waitUntil(lambda: walk.cards[walk.current_item].hasFocus())
    assert walk.current_item == FIRST_ITEM.id


def step_2_three_sections_by_keyboard(j: Journey) -> None:
    """The first three sections with the keyboard; the first item fails, with note and photo."""
    qtbot, app_ctx, window = j.qtbot, j.ctx, j.window
    tmp_path = j.tmp_path
    monkeypatch = j.monkeypatch
    audit_id = j.audit_id
    walk = window.walkthrough
    key(qtbot, Qt.Key.Key_F)
    qtbot.keyClicks(QApplication.focusWidget(), "Used gauze and dust on the trolley")
    key(qtbot, Qt.Key.Key_Escape)
    photo = make_jpeg(tmp_path / "trolley.jpg")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    card = walk.cards[FIRST_ITEM.id]
    with qtbot.waitSignal(walk.photos.attached, timeout=10_000):
        qtbot.mouseClick(card.photos.add_button, LEFT)
    assert not card.missing.isVisible()
    key(qtbot, Qt.Key.Key_Return)
    by_keyboard = {section.id for section in CHECKLIST.sections[:3]}
    for _press in range(100):
        if walk.section_id not in by_keyboard:
            break
        key(qtbot, Qt.Key.Key_P)
    assert walk.section_id == CHECKLIST.sections[3].id
    audit = stored(app_ctx, audit_id)
    assert audit.response(FIRST_ITEM.id).result == Result.FAIL
    assert audit.response(FIRST_ITEM.id).note == "Used gauze and dust on the trolley"
    assert [p.filename for p in audit.response(FIRST_ITEM.id).photos] == ["trolley.jpg"]
    for section in CHECKLIST.sections[:3]:
        row = next(s for s in app_ctx.summary(audit).sections if s.section_id == section.id)
        assert row.answered == row.applicable


def step_3_the_other_sections_by_mouse(j: Journey) -> None:
    """The other sections with the mouse."""
    qtbot, window = j.qtbot, j.window
    walk = window.walkthrough
    for row in range(3, len(CHECKLIST.sections)):
        rect = walk.sections.visualItemRect(walk.sections.item(row))
        qtbot.mouseClick(walk.sections.viewport(), LEFT, pos=rect.center())
        assert walk.section_id == CHECKLIST.sections[row].id
        qtbot.waitUntil(lambda: walk.page.complete)  # its cards come while the loop is idle
        for card in list(walk.cards.values()):
            if card.answerable:
                qtbot.mouseClick(card.buttons[Result.PASS], LEFT)
    assert "Score" in walk.score_bar.score.text()
    assert "Non-compliant" not in walk.score_bar.score.text()


def step_4_registers(j: Journey) -> None:
    """The registers: each gets a row; an expired licence shows as a finding at once."""
    qtbot, app_ctx, window = j.qtbot, j.ctx, j.window
    audit_id = j.audit_id
    go(qtbot, window, "registers")

    def practitioner(inputs):
        qtbot.keyClicks(inputs["name"], "Jo Expired")
        choose(inputs["licence_type"], "Registered nurse")
        qtbot.keyClicks(inputs["licence_number"], "RN-555")
        set_date(qtbot, inputs["licence_expiry"], TODAY - dt.timedelta(days=10))
        set_date(qtbot, inputs["training_date"], TODAY - dt.timedelta(days=200))
        qtbot.keyClicks(inputs["supervising_physician"], "Dr. Priya Raman")
        choose(inputs["supervision"], "Physician on site")
        inputs["max_depth_mm"].selectAll()
        qtbot.keyClicks(inputs["max_depth_mm"], "1.0")

    panel = add_register_row(qtbot, window, "practitioners", practitioner)
    assert "license expired" in panel.model.index(0, panel.model.COL_FINDINGS).data()
    assert "1 finding" in window.registers.tabs.tabText(0)

    def product(inputs):
        qtbot.keyClicks(inputs["name"], "Hyaluronic serum")
        qtbot.keyClicks(inputs["lot"], "HA-2291")
        set_date(qtbot, inputs["expiry"], TODAY + dt.timedelta(days=300))
        inputs["labelled_sterile"].click()
        inputs["labelled_for_broken_skin"].click()

    add_register_row(qtbot, window, "products", product)

    def device(inputs):
        qtbot.keyClicks(inputs["name"], "Dermapen 4")
        qtbot.keyClicks(inputs["fda_clearance"], "DEN160029")
        inputs["reprocessing"].setCurrentIndex(
            inputs["reprocessing"].findData(Reprocessing.STEAM_STERILIZATION)
        )
        set_date(qtbot, inputs["last_spore_test"], TODAY - dt.timedelta(days=2))

    add_register_row(qtbot, window, "devices", device)
    audit = stored(app_ctx, audit_id)
    assert [len(audit.practitioners), len(audit.products), len(audit.devices)] == [1, 1, 1]


def step_5_what_the_sterilizer_adds(j: Journey) -> None:
    """The steam steriliser makes more items apply: Review lists them, a click goes there."""
    qtbot, app_ctx, window = j.qtbot, j.ctx, j.window
    audit_id = j.audit_id
    go(qtbot, window, "review")
    review = window.review
    assert review.todo_list.count() > 0
    for _round in range(30):
        if review.todo_list.count() == 0:
            break
        entry = review.todo_list.item(0)
        rect = review.todo_list.visualItemRect(entry)
        qtbot.mouseClick(review.todo_list.viewport(), LEFT, pos=rect.center())
        assert window.current_screen() == "walkthrough"
        key(qtbot, Qt.Key.Key_P)
        go(qtbot, window, "review")
    summary = app_ctx.summary(stored(app_ctx, audit_id))
    assert summary.unanswered == [] and summary.missing_evidence == []


def step_6_corrective_action(j: Journey) -> None:
    """A corrective action for the failed item."""
    qtbot, app_ctx, window = j.qtbot, j.ctx, j.window
    audit_id = j.audit_id
    go(qtbot, window, "findings")
    finding_card = window.findings.card(f"item:{FIRST_ITEM.id}")
    qtbot.mouseClick(finding_card.editors[0].action_edit.viewport(), LEFT)
    qtbot.keyClicks(finding_card.editors[0].action_edit, "Clean the trolley between every client")
    qtbot.mouseClick(finding_card.editors[0].responsible_edit, LEFT)
    qtbot.keyClicks(finding_card.editors[0].responsible_edit, "Sam Ortiz")
    qtbot.keyClick(finding_card.editors[0].responsible_edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: len(stored(app_ctx, audit_id).actions) == 1)
    action = stored(app_ctx, audit_id).actions[0]
    assert (action.action, action.responsible) == (
        "Clean the trolley between every client",
        "Sam Ortiz",
    )
    assert any(key.startswith("register:practitioners:") for key in window.findings.cards)


def step_7_signed_and_finalized(j: Journey) -> None:
    """Both sign on the pads, then the audit is finalized."""
    qtbot, app_ctx, window = j.qtbot, j.ctx, j.window
    dialog_log = j.dialog_log
    audit_id = j.audit_id
    review = window.review
    go(qtbot, window, "review")
    for role, name in (
        (SignatureRole.INSPECTOR, "Dana Whitfield"),
        (SignatureRole.REPRESENTATIVE, "Sam Ortiz"),
    ):
        box = review.boxes[role]
        assert box.name_edit.text() == name
        draw_signature(box.pad)
        qtbot.mouseClick(box.save_button, LEFT)
        assert stored(app_ctx, audit_id).signature(role).name == name
    with qtbot.waitSignal(review.finalized):
        qtbot.mouseClick(review.finalize_button, LEFT)  # the question answered "Finalize"
    assert "Finalize the audit" in dialog_log.text()
    assert stored(app_ctx, audit_id).status == Status.FINALIZED
    assert "finalized" in window.audit_label.text()


def step_8_reopened_read_only(j: Journey) -> None:
    """Reopened from Home, everything is read-only."""
    qtbot, app_ctx, window = j.qtbot, j.ctx, j.window
    dialog_log = j.dialog_log
    audit_id = j.audit_id
    walk = window.walkthrough
    review = window.review
    window.close_audit()
    assert window.current_screen() == "home"
    assert not window.nav.item(1).flags() & Qt.ItemFlag.ItemIsEnabled
    home = window.home
    index = home.proxy.mapFromSource(home.model.index(home.model.row_of(audit_id), 0))
    rect = home.table.visualRect(index)
    qtbot.mouseClick(home.table.viewport(), LEFT, pos=rect.center())
    qtbot.keyClick(home.table, Qt.Key.Key_Return)
    assert window.audit_id == audit_id and window.current_screen() == "walkthrough"
    assert walk.read_only_note.isVisible()
    assert not any(b.isEnabled() for c in walk.cards.values() for b in c.buttons.values())
    assert walk.current_item == FIRST_ITEM.id  # it failed, so a key press would change it
    key(qtbot, Qt.Key.Key_P)
    assert stored(app_ctx, audit_id).response(FIRST_ITEM.id).result == Result.FAIL
    go(qtbot, window, "registers")  # screens show a change when they are next shown
    assert not window.registers.panel("devices").add_button.isEnabled()
    go(qtbot, window, "findings")
    assert window.findings.card(f"item:{FIRST_ITEM.id}").editors[0].action_edit.isReadOnly()
    go(qtbot, window, "review")
    assert review.read_only_note.isVisible() and not review.finalize_button.isVisible()
    shown = [title for title, _text in dialog_log.shown]
    assert shown == ["Finalize the audit"]  # the one question, and no error on the way


STEPS = [
    step_1_new_audit_from_home,
    step_2_three_sections_by_keyboard,
    step_3_the_other_sections_by_mouse,
    step_4_registers,
    step_5_what_the_sterilizer_adds,
    step_6_corrective_action,
    step_7_signed_and_finalized,
    step_8_reopened_read_only,
]


def test_a_whole_audit_from_new_to_signed_and_read_only(journey):
    for step in STEPS:
        step(journey)


def test_closing_the_window_saves_the_note_being_typed(qtbot, app_ctx, sample_audit, window):
    window.open_audit(sample_audit.id)
    walk = window.walkthrough
    walk.go_to_item(FIRST_ITEM.id)
    note = walk.cards[FIRST_ITEM.id].note
    qtbot.mouseClick(note.viewport(), LEFT)
    qtbot.keyClicks(note, " Checked again at closing time.")
    window.close()  # before the 500 ms pause that would save it
    assert stored(app_ctx, sample_audit.id).response(FIRST_ITEM.id).note.endswith("closing time.")


def test_without_an_audit_only_home_can_be_chosen(window):
    assert window.current_screen() == "home"
    for row, (name, _title, _keys) in enumerate(NAVIGATION):
        enabled = bool(window.nav.item(row).flags() & Qt.ItemFlag.ItemIsEnabled)
        assert enabled == (name == "home")
        assert window.screen_actions[name].isEnabled() == (name == "home")
    assert not window.next_unanswered_action.isEnabled()


def test_the_status_bar_says_when_work_was_saved(qtbot, app_ctx, sample_audit, window):
    window.open_audit(sample_audit.id)
    walk = window.walkthrough
    item = next(card for card in walk.cards.values() if card.answerable)
    qtbot.mouseClick(item.buttons[Result.NOT_OBSERVED], LEFT)
    assert window.saved_label.text().startswith("✓ All changes saved · ")
    number = CHECKLIST.label_of(item.item_id)
    assert window.statusBar().currentMessage() == (
        f"Changed {number} from PASS to NOT OBSERVED — Ctrl+Z to undo"
    )


def test_review_links_and_the_menu_jump_to_unanswered_items(qtbot, app_ctx, sample_audit, window):
    item_id = CHECKLIST.sections[4].items[2].id
    app_ctx.service.answer(sample_audit.id, item_id, None)
    window.open_audit(sample_audit.id, screen="review")
    window.review.jump_to_item.emit(item_id)
    assert window.current_screen() == "walkthrough" and window.walkthrough.current_item == item_id
    window.walkthrough.go_to_item(FIRST_ITEM.id)
    window.show_screen("home")
    window.next_unanswered_action.trigger()
    assert window.current_screen() == "walkthrough" and window.walkthrough.current_item == item_id


def test_deleting_the_open_audit_closes_it(qtbot, app_ctx, sample_audit, window, dialog_log):
    window.open_audit(sample_audit.id)
    window.show_screen("home")
    window.home.select(sample_audit.id)
    qtbot.mouseClick(window.home.delete_button, LEFT)
    assert "Delete the draft audit" in dialog_log.text()
    assert window.audit_id is None
    assert window.windowTitle() == "Clinic Audit"


def test_window_geometry_is_remembered(qtbot, app_ctx, window):
    window.resize(798, 530)  # the offscreen screen is only 800 × 600
    window.close()
    assert isinstance(app_ctx.settings.value("window/geometry"), QByteArray)
    again = MainWindow(app_ctx)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (798, 530)


def test_menu_titles_show_a_literal_ampersand_not_a_mnemonic(window):
    texts = {name: action.text() for name, action in window.screen_actions.items()}
    assert texts["findings"] == "Findings && actions"  # shown as "Findings & actions"
    assert all("&" not in text.replace("&&", "") for text in texts.values())
