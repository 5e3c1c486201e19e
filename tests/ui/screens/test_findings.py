"""Screen 5 driven as a person would: read the findings, write and track corrective actions."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from clinic_audit.audit.model import ActionStatus
from clinic_audit.checklist.model import Result, Severity
from clinic_audit.ui.screens.findings import FindingsScreen
from tests.ui.a11y import unnamed_controls
from tests.ui.conftest import finalize_sample, type_date

LEFT = Qt.MouseButton.LeftButton
CRITICAL_KEY = "item:room-no-food-with-blood-or-products"


@pytest.fixture
def screen(qtbot, app_ctx, sample_audit):
    screen = FindingsScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(1100, 900)
    screen.show()
    screen.activateWindow()
    qtbot.waitActive(screen)
    screen.show_audit(sample_audit.id)
    return screen


def register_key(screen):
    return next(key for key in screen.cards if key.startswith("register:"))


def stored_action(app_ctx, audit_id, key):
    return next((a for a in app_ctx.store.get(audit_id).actions if a.finding_key == key), None)


def test_every_finding_is_listed_critical_first_with_its_action(screen):
    cards = list(screen.cards.values())
    assert len(cards) == 6
    assert cards[0].finding.key == CRITICAL_KEY
    assert cards[0].severity_label.text() == "CRITICAL"
    assert [c.finding.severity for c in cards] == sorted(
        (c.finding.severity for c in cards), key=lambda s: s.rank
    )
    assert "Move food and drink" in cards[0].editors[0].action_edit.toPlainText()
    assert cards[0].editors[0].responsible_edit.text() == "Dr. Priya Raman"
    assert "Observed:" in cards[0].facts_label.text()
    assert "Reference:" in cards[0].facts_label.text()
    assert screen.counts_label.text().startswith("6 findings: ")
    assert "5 of 6 have an action · 0 done" in screen.counts_label.text()
    register_card = screen.card(register_key(screen))
    assert register_card.finding.severity == Severity.MINOR
    assert "Practitioners register" in register_card.facts_label.text()
    assert register_card.editors[0].action_edit.toPlainText() == ""


def test_writing_an_action_for_the_register_finding_saves_it(qtbot, screen, app_ctx):
    key = register_key(screen)
    card = screen.card(key)
    qtbot.mouseClick(card.editors[0].action_edit.viewport(), LEFT)
    qtbot.keyClicks(
        card.editors[0].action_edit, "Renew the license and show the board's confirmation."
    )
    qtbot.mouseClick(card.editors[0].responsible_edit, LEFT)  # leaving the text box saves it
    qtbot.waitUntil(lambda: stored_action(app_ctx, screen.audit_id, key) is not None)
    qtbot.keyClicks(card.editors[0].responsible_edit, "Maria Hernandez")
    qtbot.keyClick(card.editors[0].responsible_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(card.editors[0].due_edit.none_box, LEFT)  # untick "No due date"
    qtbot.waitUntil(lambda: stored_action(app_ctx, screen.audit_id, key).due is not None)
    action = stored_action(app_ctx, screen.audit_id, key)
    assert action.action == "Renew the license and show the board's confirmation."
    assert action.responsible == "Maria Hernandez"
    assert action.due == dt.date(2026, 6, 15)
    assert action.status == ActionStatus.OPEN
    assert "6 of 6 have an action" in screen.counts_label.text()


def test_a_pause_in_typing_saves_too(qtbot, screen, app_ctx):
    key = register_key(screen)
    card = screen.card(key)
    card.editors[0].action_edit.setFocus()
    qtbot.keyClicks(card.editors[0].action_edit, "Check renewal")
    qtbot.waitUntil(lambda: stored_action(app_ctx, screen.audit_id, key) is not None, timeout=3000)
    assert stored_action(app_ctx, screen.audit_id, key).action == "Check renewal"


def test_typing_is_saved_when_the_screen_goes_away(qtbot, screen, app_ctx):
    key = register_key(screen)
    card = screen.card(key)
    card.editors[0].action_edit.setFocus()
    qtbot.keyClicks(card.editors[0].action_edit, "Renew")
    screen.hide()  # switching screens or closing the window
    assert stored_action(app_ctx, screen.audit_id, key).action == "Renew"


def test_status_changes_with_one_click(qtbot, screen, app_ctx):
    card = screen.card(CRITICAL_KEY)
    qtbot.mouseClick(card.editors[0].status_buttons[ActionStatus.IN_PROGRESS], LEFT)
    assert stored_action(app_ctx, screen.audit_id, CRITICAL_KEY).status == (
        ActionStatus.IN_PROGRESS
    )
    qtbot.mouseClick(card.editors[0].status_buttons[ActionStatus.DONE], LEFT)
    assert stored_action(app_ctx, screen.audit_id, CRITICAL_KEY).status == ActionStatus.DONE
    assert card.editors[0].status_buttons[ActionStatus.DONE].isChecked()
    assert "· 1 done" in screen.counts_label.text()


def test_a_refresh_does_not_overwrite_what_is_being_typed(qtbot, screen, app_ctx):
    card = screen.card(CRITICAL_KEY)
    card.editors[0].action_edit.setFocus()
    card.editors[0].action_edit.selectAll()
    qtbot.keyClicks(card.editors[0].action_edit, "Half-typed")
    other = stored_action(app_ctx, screen.audit_id, "item:room-blood-spill-kit")
    app_ctx.service.put_action(screen.audit_id, other.model_copy(update={"responsible": "Al"}))
    app_ctx.notify_changed(screen.audit_id)
    assert card.editors[0].action_edit.toPlainText() == "Half-typed"
    assert screen.card("item:room-blood-spill-kit").editors[0].responsible_edit.text() == "Al"


def test_a_new_failure_elsewhere_adds_its_card(screen, app_ctx):
    audit = app_ctx.store.get(screen.audit_id)
    item_id = next(i for i, r in audit.responses.items() if r.result == Result.PASS)
    app_ctx.service.answer(screen.audit_id, item_id, Result.FAIL, note="Seen today")
    app_ctx.notify_changed(screen.audit_id)
    assert len(screen.cards) == 7
    assert "Seen today" in screen.card(f"item:{item_id}").facts_label.text()


def test_every_control_has_an_accessible_name(screen):
    assert unnamed_controls(screen) == []


def finalize(app_ctx, audit_id):
    finalize_sample(app_ctx, audit_id)


def test_a_finalized_audit_is_read_only(qtbot, screen, app_ctx):
    finalize(app_ctx, screen.audit_id)
    app_ctx.notify_changed(screen.audit_id)
    assert screen.read_only_note.isVisible()
    card = screen.card(CRITICAL_KEY)
    assert (
        card.editors[0].action_edit.isReadOnly() and card.editors[0].responsible_edit.isReadOnly()
    )
    assert not card.editors[0].status_buttons[ActionStatus.DONE].isEnabled()
    assert not card.editors[0].due_edit.none_box.isEnabled()
    assert not card.add_button.isVisible()


def test_a_refused_save_says_why_and_keeps_the_text(qtbot, screen, app_ctx):
    card = screen.card(CRITICAL_KEY)
    finalize_sample(app_ctx, screen.audit_id, notify=False)  # in another window
    card.editors[0].responsible_edit.setFocus()
    card.editors[0].responsible_edit.selectAll()
    qtbot.keyClicks(card.editors[0].responsible_edit, "Someone else")
    qtbot.keyClick(card.editors[0].responsible_edit, Qt.Key.Key_Return)
    assert card.editors[0].error_label.isVisible()
    assert "finalized" in card.editors[0].error_label.text()
    assert card.editors[0].responsible_edit.text() == "Someone else"


def stored_actions(app_ctx, audit_id, key):
    return [a for a in app_ctx.store.get(audit_id).actions if a.finding_key == key]


def test_a_finding_can_have_several_actions_each_tracked(qtbot, screen, app_ctx):
    card = screen.card(CRITICAL_KEY)
    assert len(card.editors) == 1 and not card.editors[0].remove_button.isVisible()
    qtbot.mouseClick(card.add_button, LEFT)
    first, second = card.editors
    assert second.action_edit.hasFocus()
    assert first.title_label.text() == "Corrective action 1:"
    assert second.title_label.text() == "Corrective action 2:"
    assert first.remove_button.isVisible() and second.remove_button.isVisible()
    qtbot.keyClicks(second.action_edit, "Train staff on the fridge rules")
    qtbot.mouseClick(second.responsible_edit, LEFT)  # leaving the text box saves it
    actions = stored_actions(app_ctx, screen.audit_id, CRITICAL_KEY)
    assert [a.action for a in actions][1:] == ["Train staff on the fridge rules"]
    assert "5 of 6 have an action · 0 done" in screen.counts_label.text()
    qtbot.mouseClick(first.status_buttons[ActionStatus.DONE], LEFT)
    assert "0 done" in screen.counts_label.text()  # one of its two actions is still open
    qtbot.mouseClick(second.status_buttons[ActionStatus.DONE], LEFT)
    assert "5 of 6 have an action · 1 done" in screen.counts_label.text()
    # Opened again, the finding shows both.
    again = FindingsScreen(app_ctx)
    qtbot.addWidget(again)
    again.show_audit(screen.audit_id)
    shown = [e.action_edit.toPlainText() for e in again.card(CRITICAL_KEY).editors]
    assert shown[1] == "Train staff on the fridge rules" and "Move food" in shown[0]


def test_an_action_is_removed_after_asking_and_a_blank_one_at_once(
    qtbot, screen, app_ctx, dialog_log
):
    card = screen.card(CRITICAL_KEY)
    qtbot.mouseClick(card.add_button, LEFT)
    qtbot.mouseClick(card.editors[1].remove_button, LEFT)  # never written: no question
    assert dialog_log.shown == [] and len(card.editors) == 1
    assert len(stored_actions(app_ctx, screen.audit_id, CRITICAL_KEY)) == 1
    qtbot.mouseClick(card.add_button, LEFT)
    qtbot.keyClicks(card.editors[1].action_edit, "Buy a separate staff fridge")
    card.editors[1].responsible_edit.setFocus()
    assert len(stored_actions(app_ctx, screen.audit_id, CRITICAL_KEY)) == 2
    dialog_log.confirm_answer = False
    qtbot.mouseClick(card.editors[0].remove_button, LEFT)
    assert "Remove the corrective action “Move food" in dialog_log.text()
    assert len(stored_actions(app_ctx, screen.audit_id, CRITICAL_KEY)) == 2
    dialog_log.confirm_answer = True
    qtbot.mouseClick(card.editors[0].remove_button, LEFT)
    remaining = stored_actions(app_ctx, screen.audit_id, CRITICAL_KEY)
    assert [a.action for a in remaining] == ["Buy a separate staff fridge"]
    assert [e.action_edit.toPlainText() for e in card.editors] == ["Buy a separate staff fridge"]
    assert card.editors[0].title_label.text() == "Corrective action:"
    assert not card.editors[0].remove_button.isVisible()
    trail = [entry.action for entry in app_ctx.store.trail(screen.audit_id)]
    assert trail[-1] == "remove corrective action"


def major_card(screen):
    return next(c for c in screen.cards.values() if c.finding.severity == Severity.MAJOR)


def test_the_inspector_sets_an_earlier_deadline_and_the_card_shows_it(
    qtbot, screen, app_ctx, sample_audit
):
    card = major_card(screen)
    editor = card.correction_editor
    assert "Required correction — deadline:" in editor.deadline_label.text()
    earlier = sample_audit.audit_date + dt.timedelta(days=2)
    with qtbot.waitSignal(app_ctx.audit_changed):
        type_date(qtbot, editor.earlier, earlier.isoformat(), enter=True)
    stored = app_ctx.opened_store.get(sample_audit.id).correction(card.finding.key)
    assert stored is not None and stored.due == earlier
    assert f"{earlier:%B} {earlier.day}, {earlier.year}" in editor.deadline_label.text()
    with qtbot.waitSignal(app_ctx.audit_changed):
        qtbot.mouseClick(editor.immediately, LEFT)
    stored = app_ctx.opened_store.get(sample_audit.id).correction(card.finding.key)
    assert stored.immediately and "Immediately" in editor.deadline_label.text()


def test_a_later_deadline_than_the_pack_allows_is_refused_and_nothing_changes(
    qtbot, screen, app_ctx, sample_audit
):
    card = major_card(screen)
    editor = card.correction_editor
    before = app_ctx.opened_store.revision(sample_audit.id)
    later = sample_audit.audit_date + dt.timedelta(days=200)
    type_date(qtbot, editor.earlier, later.isoformat(), enter=True)
    qtbot.waitUntil(editor.error_label.isVisible)
    assert "later than" in editor.error_label.text()
    assert app_ctx.opened_store.revision(sample_audit.id) == before
    assert editor.earlier.value() == (
        sample_audit.correction(card.finding.key).due
        if sample_audit.correction(card.finding.key)
        else None
    )


def test_a_done_action_records_when_it_was_closed_and_its_evidence(qtbot, screen, app_ctx):
    card = screen.card(CRITICAL_KEY)
    editor = card.editors[0]
    assert not editor.closing_row.isVisible()
    with qtbot.waitSignal(app_ctx.audit_changed):
        qtbot.mouseClick(editor.status_buttons[ActionStatus.DONE], LEFT)
    assert editor.closing_row.isVisible()
    stored = stored_action(app_ctx, screen.audit_id, CRITICAL_KEY)
    assert stored.status == ActionStatus.DONE and stored.closed_on == dt.date.today()
    editor.evidence_edit.setFocus()
    qtbot.keyClicks(editor.evidence_edit, "Photo of the separate staff fridge")
    with qtbot.waitSignal(app_ctx.audit_changed):
        qtbot.keyClick(editor.evidence_edit, Qt.Key.Key_Return)
    stored = stored_action(app_ctx, screen.audit_id, CRITICAL_KEY)
    assert stored.closing_evidence == "Photo of the separate staff fridge"
    with qtbot.waitSignal(app_ctx.audit_changed):
        qtbot.mouseClick(editor.status_buttons[ActionStatus.OPEN], LEFT)
    stored = stored_action(app_ctx, screen.audit_id, CRITICAL_KEY)
    assert stored.closed_on is None and not editor.closing_row.isVisible()


def test_the_correction_in_the_agencys_words_and_the_proof_are_stored(
    qtbot, screen, app_ctx, sample_audit
):
    card = major_card(screen)
    editor = card.correction_editor
    editor.wording.setFocus()
    qtbot.keyClicks(editor.wording, "Log every cycle with its load number and result.")
    assert editor.pending_key in app_ctx.pending  # typed, not saved: the window says so
    with qtbot.waitSignal(app_ctx.audit_changed):
        qtbot.keyClick(editor.wording, Qt.Key.Key_Return)
    assert editor.pending_key not in app_ctx.pending
    stored = app_ctx.opened_store.get(sample_audit.id).correction(card.finding.key)
    assert stored.correction == "Log every cycle with its load number and result."
    editor.proof.setFocus()
    editor.proof.selectAll()
    qtbot.keyClicks(editor.proof, "The next page of the log")
    with qtbot.waitSignal(app_ctx.audit_changed):
        screen.flush_pending()  # leaving the screen commits what is typed
    stored = app_ctx.opened_store.get(sample_audit.id).correction(card.finding.key)
    assert stored.proof == "The next page of the log"
    assert stored.correction == "Log every cycle with its load number and result."


def test_after_finalizing_progress_goes_to_the_log_not_the_record(qtbot, screen, app_ctx):
    from clinic_audit.files.integrity import audit_digest

    finalize(app_ctx, screen.audit_id)
    app_ctx.notify_changed(screen.audit_id)
    digest = audit_digest(app_ctx.opened_store.get(screen.audit_id))
    editor = screen.card(CRITICAL_KEY).editors[0]
    progress = editor.progress
    assert progress is not None and progress.isVisible()
    progress.status.setCurrentIndex(progress.status.findData(ActionStatus.DONE))
    qtbot.mouseClick(progress.record_button, LEFT)  # done without a note
    assert "cannot be closed without evidence" in progress.error.text()
    progress.note.setFocus()
    qtbot.keyClicks(progress.note, "Staff fridge bought and labeled")
    with qtbot.waitSignal(app_ctx.audit_changed):
        qtbot.mouseClick(progress.record_button, LEFT)
    log = app_ctx.opened_store.action_log(screen.audit_id)
    assert [(e.status, e.note) for e in log] == [
        (ActionStatus.DONE, "Staff fridge bought and labeled")
    ]
    assert "Staff fridge bought and labeled" in progress.log_label.text()
    assert audit_digest(app_ctx.opened_store.get(screen.audit_id)) == digest


def test_a_proof_photo_is_enough_to_close_an_action_after_finalizing(
    qtbot, screen, app_ctx, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    from tests.ui.conftest import make_jpeg

    finalize(app_ctx, screen.audit_id)
    app_ctx.notify_changed(screen.audit_id)
    progress = screen.card(CRITICAL_KEY).editors[0].progress
    photo = make_jpeg(tmp_path / "fridge.jpg")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(photo), ""))
    qtbot.mouseClick(progress.photo_button, LEFT)
    qtbot.waitUntil(lambda: progress.photo_button.text().startswith("Photo: fridge.jpg"))
    progress.status.setCurrentIndex(progress.status.findData(ActionStatus.DONE))
    with qtbot.waitSignal(app_ctx.audit_changed):
        qtbot.mouseClick(progress.record_button, LEFT)
    entry = app_ctx.opened_store.action_log(screen.audit_id)[-1]
    assert entry.status == ActionStatus.DONE and entry.photo_sha256 is not None
    assert app_ctx.opened_store.photo_jpeg(entry.photo_sha256)
    assert "with a proof photo" in progress.log_label.text()
