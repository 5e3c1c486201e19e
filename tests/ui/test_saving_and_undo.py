""" "Saved" is true, a recorded answer is never silently overwritten, and a signed record
stays as it was signed: the main window driven with keys and clicks, checked in the store."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from clinic_audit.audit.model import Audit, AuditKind, Facility, SignatureRole
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Result
from clinic_audit.ui.main_window import MainWindow
from tests.ui.conftest import SAMPLE_DAY, sign_both

LEFT = Qt.MouseButton.LeftButton
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
CHECKLIST = builtin_checklist()
FIRST = CHECKLIST.sections[0].items[0].id
CODE = CHECKLIST.label_of(FIRST)


@pytest.fixture
def window(qtbot, app_ctx):
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    yield window
    window.walkthrough.photos.wait()


@pytest.fixture
def blank(app_ctx):
    audit = Audit(
        checklist_id=CHECKLIST.id,
        checklist_version=CHECKLIST.version,
        kind=AuditKind.REGULATORY,
        facility=Facility(name="Corner Clinic"),
        audit_date=SAMPLE_DAY,
    )
    return app_ctx.service.create(audit)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    focused = QApplication.focusWidget()
    assert focused is not None, "no widget has the keyboard focus"
    qtbot.keyClick(focused, key, modifier)


def response(app_ctx, audit_id, item_id):
    return app_ctx.store.get(audit_id).response(item_id)


def open_walkthrough(qtbot, window, audit_id):
    window.open_audit(audit_id)
    walk = window.walkthrough
    qtbot.waitUntil(lambda: walk.cards[walk.current_item].hasFocus())
    return walk


# "Saving…" until the commit has returned ------------------------------------------------


def test_a_note_being_typed_says_saving_until_it_is_on_disk(qtbot, app_ctx, blank, window):
    walk = open_walkthrough(qtbot, window, blank.id)
    note = walk.cards[FIRST].note
    qtbot.mouseClick(note.viewport(), LEFT)
    qtbot.keyClicks(note, "Trolley wiped")
    assert window.saved_label.text() == "Saving…"
    assert response(app_ctx, blank.id, FIRST).note == ""
    qtbot.waitUntil(lambda: window.saved_label.text().startswith("✓ All changes saved · "))
    assert response(app_ctx, blank.id, FIRST).note == "Trolley wiped"


def test_changing_screen_writes_the_note_at_once(qtbot, app_ctx, blank, window):
    walk = open_walkthrough(qtbot, window, blank.id)
    note = walk.cards[FIRST].note
    qtbot.mouseClick(note.viewport(), LEFT)
    qtbot.keyClicks(note, "Seen at 9:40")
    window.show_screen("registers")  # well within the half second before it would save
    assert response(app_ctx, blank.id, FIRST).note == "Seen at 9:40"
    assert window.saved_label.text().startswith("✓ All changes saved")


def test_changing_section_writes_the_note_at_once(qtbot, app_ctx, blank, window):
    walk = open_walkthrough(qtbot, window, blank.id)
    qtbot.mouseClick(walk.cards[FIRST].note.viewport(), LEFT)
    qtbot.keyClicks(walk.cards[FIRST].note, "Spill kit missing")
    walk.select_section(CHECKLIST.sections[2].id)
    assert response(app_ctx, blank.id, FIRST).note == "Spill kit missing"


def test_a_corrective_action_being_typed_says_saving_and_is_written_on_leaving(
    qtbot, app_ctx, blank, window
):
    app_ctx.service.answer(blank.id, FIRST, Result.FAIL, note="Dust on the trolley")
    window.open_audit(blank.id, screen="findings")
    editor = window.findings.card(f"item:{FIRST}").editors[0]
    qtbot.mouseClick(editor.action_edit.viewport(), LEFT)
    qtbot.keyClicks(editor.action_edit, "Wipe down between clients")
    assert window.saved_label.text() == "Saving…"
    qtbot.keyClick(editor.action_edit, Qt.Key.Key_Tab)  # Tab moves on, it is no character
    assert editor.action_edit.toPlainText() == "Wipe down between clients"
    assert QApplication.focusWidget() is not editor.action_edit
    qtbot.keyClicks(QApplication.focusWidget(), "Dr. Raman")
    assert window.saved_label.text() == "Saving…"
    window.show_screen("walkthrough")
    action = app_ctx.store.get(blank.id).actions[0]
    assert (action.action, action.responsible) == ("Wipe down between clients", "Dr. Raman")
    assert window.saved_label.text().startswith("✓ All changes saved")


def test_a_refused_change_never_reads_as_saved(qtbot, app_ctx, blank, window, dialog_log):
    walk = open_walkthrough(qtbot, window, blank.id)
    sign_both(app_ctx, blank.id)  # from another window: this one was not told
    qtbot.mouseClick(walk.cards[FIRST].note.viewport(), LEFT)
    qtbot.keyClicks(walk.cards[FIRST].note, "Too late")
    walk.flush_notes()
    assert "signed by" in dialog_log.text()
    assert window.saved_label.text().startswith("⚠ The last change was not saved")
    assert response(app_ctx, blank.id, FIRST).note == ""


# a recorded answer is not silently overwritten ------------------------------------------


def test_a_fail_turned_into_a_pass_is_named_and_undone_with_one_key(qtbot, app_ctx, blank, window):
    walk = open_walkthrough(qtbot, window, blank.id)
    app_ctx.service.answer(blank.id, FIRST, Result.FAIL, note="Blood on the headrest")
    app_ctx.notify_changed(blank.id)
    walk.go_to_item(FIRST)
    press(qtbot, Qt.Key.Key_P)
    assert response(app_ctx, blank.id, FIRST).result == Result.PASS
    assert (
        window.statusBar().currentMessage() == f"Changed {CODE} from FAIL to PASS — Ctrl+Z to undo"
    )
    assert window.undo_action.text() == f"&Undo the answer of {CODE}"
    press(qtbot, Qt.Key.Key_Z, CTRL)
    undone = response(app_ctx, blank.id, FIRST)
    assert (undone.result, undone.note) == (Result.FAIL, "Blood on the headrest")
    assert f"Undid the answer of {CODE}" in window.statusBar().currentMessage()
    assert walk.cards[FIRST].result == Result.FAIL  # the screen shows what is stored
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert response(app_ctx, blank.id, FIRST).result == Result.PASS
    actions = [entry.action for entry in app_ctx.store.trail(blank.id)]
    assert f"undo: answer of {CODE}" in actions and f"redo: answer of {CODE}" in actions


def test_undo_covers_notes_photos_rows_and_actions_and_is_cleared_with_the_audit(
    qtbot, app_ctx, blank, window, sample_audit
):
    from clinic_audit.audit.model import Practitioner

    open_walkthrough(qtbot, window, blank.id)
    app_ctx.service.set_note(blank.id, FIRST, "first note")
    app_ctx.service.put_row(blank.id, "practitioners", Practitioner(name="Ann Lee"))
    app_ctx.notify_changed(blank.id)
    assert window.undo_action.text() == "&Undo the change in practitioners"
    window.undo_action.trigger()
    assert app_ctx.store.get(blank.id).practitioners == []
    window.undo_action.trigger()
    assert response(app_ctx, blank.id, FIRST).note == ""
    assert not window.undo_action.isEnabled() and window.redo_action.isEnabled()
    window.open_audit(sample_audit.id)  # another audit: nothing of the first to undo
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()


def test_after_an_answer_the_cursor_goes_to_the_next_unanswered_item(qtbot, app_ctx, blank, window):
    walk = open_walkthrough(qtbot, window, blank.id)
    presses = 0
    while unanswered := app_ctx.summary(app_ctx.audit(blank.id)).unanswered:
        assert walk.current_item == unanswered[0]  # the first pass goes in order
        press(qtbot, Qt.Key.Key_P)
        presses += 1
    summary = app_ctx.summary(app_ctx.audit(blank.id))
    applicable = [s.item_id for s in summary.items if s.applicable]
    assert presses == len(applicable)  # one key per item
    second, later = applicable[2], applicable[20]
    for item_id in (second, later):
        app_ctx.service.answer(blank.id, item_id, None)
    app_ctx.notify_changed(blank.id)
    before = app_ctx.store.get(blank.id).responses
    walk.go_to_item(applicable[0])
    press(qtbot, Qt.Key.Key_U)
    assert walk.current_item == second
    press(qtbot, Qt.Key.Key_N)
    assert walk.current_item == later  # not onto the answered item after it
    press(qtbot, Qt.Key.Key_O)
    after = app_ctx.store.get(blank.id).responses
    changed = {i for i in after if after[i].result != before[i].result}
    assert changed == {second, later}
    assert "Every applicable item is answered" in window.statusBar().currentMessage()


# a signature covers exactly what was signed ---------------------------------------------


def test_a_signed_audit_is_locked_until_its_signatures_are_cleared(
    qtbot, app_ctx, sample_audit, window
):
    sign_both(app_ctx, sample_audit.id)
    walk = open_walkthrough(qtbot, window, sample_audit.id)
    before = response(app_ctx, sample_audit.id, walk.current_item).result
    assert walk.read_only_note.isVisible() and "Signed by" in walk.read_only_note.text()
    assert not walk.cards[walk.current_item].buttons[Result.FAIL].isEnabled()
    press(qtbot, Qt.Key.Key_F)
    assert response(app_ctx, sample_audit.id, walk.current_item).result == before
    assert "draft, signed" in window.audit_label.text()

    window.show_screen("review")
    review = window.review
    box = review.boxes[SignatureRole.INSPECTOR]
    assert "It covers revision" in box.status_label.text()
    assert review.clear_signatures_button.isVisible()
    qtbot.mouseClick(review.clear_signatures_button, LEFT)
    confirm = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
    clear = next(b for b in confirm.buttons() if b.text() == "Clear the signatures")
    with qtbot.waitSignal(app_ctx.audit_changed):
        clear.click()
    assert app_ctx.store.get(sample_audit.id).signatures == []
    assert not review.clear_signatures_button.isVisible()
    assert "The inspector has not signed." in review.blockers_label.text()
    window.show_screen("walkthrough")
    assert not walk.read_only_note.isVisible()
    assert walk.cards[walk.current_item].buttons[Result.FAIL].isEnabled()
