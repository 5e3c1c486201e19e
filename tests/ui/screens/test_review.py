"""Screen 6 driven as a person would: see what is left, sign on the pads, finalize."""

import random

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from clinic_audit.audit.model import SignatureRole, Status
from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample, make_photo
from clinic_audit.ui.screens.review import ReviewScreen
from tests.ui.a11y import unnamed_controls
from tests.ui.conftest import SAMPLE_DAY

LEFT = Qt.MouseButton.LeftButton
INSPECTOR, REPRESENTATIVE = SignatureRole.INSPECTOR, SignatureRole.REPRESENTATIVE
MISSING_PHOTO_ITEM = "room-blood-spill-kit"


@pytest.fixture
def unsigned_audit(app_ctx):
    portable = build_sample(photos=2, audit_date=SAMPLE_DAY)
    portable.signatures = []
    return import_audit(app_ctx.store, portable.model_dump_json().encode(), "u.json", "tester")


def make_screen(qtbot, ctx, audit_id):
    screen = ReviewScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1100, 1400)
    screen.show()
    qtbot.waitExposed(screen)
    screen.show_audit(audit_id)
    return screen


def sign(qtbot, box):
    pad = box.pad
    qtbot.mousePress(pad, LEFT, pos=QPoint(40, 100))
    for x, y in ((90, 60), (150, 110), (220, 70), (300, 100)):
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, LEFT, pos=QPoint(300, 100))
    qtbot.mouseClick(box.save_button, LEFT)


def add_missing_photo(ctx, audit_id):
    ctx.service.attach_photo(audit_id, MISSING_PHOTO_ITEM, make_photo(1, "kit", random.Random(1)))
    ctx.notify_changed(audit_id)


def visible_box(screen):
    return next(b for b in screen.findChildren(QMessageBox) if b.isVisible())


def test_the_summary_and_what_is_missing(qtbot, app_ctx, sample_audit):
    screen = make_screen(qtbot, app_ctx, sample_audit.id)
    assert app_ctx.summary(sample_audit).score_text in screen.score_label.text()
    assert "Non-compliant" in screen.outcome_label.text()
    assert "1 critical" in screen.counts_label.text()
    assert screen.sections_table.rowCount() == len(app_ctx.summary(sample_audit).sections)
    assert "critical failure" in screen.sections_table.item(0, 0).text()
    assert screen.todo_list.count() == 1
    assert screen.todo_list.item(0).text().startswith("Failed, needs a photo: ")
    assert "1 failed item lacks" in screen.blockers_label.text()


def test_clicking_a_missing_item_asks_to_jump_there(qtbot, app_ctx, sample_audit):
    screen = make_screen(qtbot, app_ctx, sample_audit.id)
    rect = screen.todo_list.visualItemRect(screen.todo_list.item(0))
    with qtbot.waitSignal(screen.jump_to_item) as jumped:
        qtbot.mouseClick(screen.todo_list.viewport(), LEFT, pos=rect.center())
    assert jumped.args == [MISSING_PHOTO_ITEM]


def test_an_unanswered_item_is_listed_and_leaves_when_answered(qtbot, app_ctx, sample_audit):
    item_id = next(iter(sample_audit.responses))
    app_ctx.service.answer(sample_audit.id, item_id, None)
    screen = make_screen(qtbot, app_ctx, sample_audit.id)
    texts = [screen.todo_list.item(i).text() for i in range(screen.todo_list.count())]
    assert any(t.startswith("Not answered: ") for t in texts)
    add_missing_photo(app_ctx, sample_audit.id)
    assert screen.todo_list.count() == 1


def test_signing_with_the_mouse_saves_the_signature(qtbot, app_ctx, unsigned_audit):
    screen = make_screen(qtbot, app_ctx, unsigned_audit.id)
    box = screen.boxes[INSPECTOR]
    assert box.name_edit.text() == "Dana Whitfield"  # prefilled from the audit
    assert not box.save_button.isEnabled()
    sign(qtbot, box)
    stored = app_ctx.store.get(unsigned_audit.id).signature(INSPECTOR)
    assert stored.name == "Dana Whitfield"
    assert stored.image_png.startswith(b"\x89PNG")
    assert box.saved_image.isVisible() and not box.pad.isVisible()
    assert box.status_label.text().startswith("✓ Signed by Dana Whitfield on ")
    assert "The inspector has not signed" not in screen.blockers_label.text()
    assert "The facility representative has not signed" in screen.blockers_label.text()


def test_a_signature_needs_a_name_and_keeps_the_drawing(qtbot, app_ctx, unsigned_audit):
    screen = make_screen(qtbot, app_ctx, unsigned_audit.id)
    box = screen.boxes[REPRESENTATIVE]
    box.name_edit.clear()
    sign(qtbot, box)
    assert "Type the name" in box.status_label.text()
    assert not box.pad.is_empty()
    assert app_ctx.store.get(unsigned_audit.id).signature(REPRESENTATIVE) is None
    qtbot.keyClicks(box.name_edit, "Priya Raman")
    qtbot.mouseClick(box.save_button, LEFT)
    assert app_ctx.store.get(unsigned_audit.id).signature(REPRESENTATIVE).name == "Priya Raman"


def test_clear_empties_the_pad(qtbot, app_ctx, unsigned_audit):
    screen = make_screen(qtbot, app_ctx, unsigned_audit.id)
    box = screen.boxes[INSPECTOR]
    qtbot.mousePress(box.pad, LEFT, pos=QPoint(40, 100))
    qtbot.mouseRelease(box.pad, LEFT, pos=QPoint(80, 90))
    qtbot.mouseClick(box.clear_button, LEFT)
    assert box.pad.is_empty() and not box.save_button.isEnabled()


def test_finalize_is_refused_with_the_reasons(qtbot, app_ctx, unsigned_audit):
    screen = make_screen(qtbot, app_ctx, unsigned_audit.id)
    qtbot.mouseClick(screen.finalize_button, LEFT)
    box = visible_box(screen)
    assert "cannot be finalized yet" in box.text()
    assert "The inspector has not signed." in box.text()
    box.button(QMessageBox.StandardButton.Ok).click()
    assert app_ctx.store.get(unsigned_audit.id).status == Status.DRAFT


def test_sign_both_finalize_and_everything_is_read_only(qtbot, app_ctx, unsigned_audit):
    screen = make_screen(qtbot, app_ctx, unsigned_audit.id)
    add_missing_photo(app_ctx, unsigned_audit.id)
    sign(qtbot, screen.boxes[INSPECTOR])
    sign(qtbot, screen.boxes[REPRESENTATIVE])
    assert screen.blockers_label.text().startswith("Ready to finalize")

    qtbot.mouseClick(screen.finalize_button, LEFT)
    confirm = visible_box(screen)
    assert "cannot be changed afterwards" in confirm.text()
    confirm.button(QMessageBox.StandardButton.Cancel).click()
    assert app_ctx.store.get(unsigned_audit.id).status == Status.DRAFT

    qtbot.mouseClick(screen.finalize_button, LEFT)
    confirm = visible_box(screen)
    finalize = next(b for b in confirm.buttons() if b.text() == "Finalize")
    with qtbot.waitSignal(screen.finalized) as done:
        finalize.click()
    assert done.args == [unsigned_audit.id]
    assert app_ctx.store.get(unsigned_audit.id).status == Status.FINALIZED
    assert screen.read_only_note.isVisible()
    assert not screen.finalize_button.isVisible()
    assert screen.blockers_label.text().startswith("Finalized on ")
    for box in screen.boxes.values():
        assert not box.pad.isVisible()
        assert box.saved_image.isVisible() and not box.saved_image.pixmap().isNull()
        assert not box.resign_button.isVisible() and not box.save_button.isVisible()


def test_every_control_has_an_accessible_name(qtbot, app_ctx, unsigned_audit):
    screen = make_screen(qtbot, app_ctx, unsigned_audit.id)
    assert unnamed_controls(screen) == []


def test_signing_again_replaces_the_signature(qtbot, app_ctx, signed_sample):
    screen = make_screen(qtbot, app_ctx, signed_sample.id)
    box = screen.boxes[INSPECTOR]
    before = app_ctx.store.get(signed_sample.id).signature(INSPECTOR).image_png
    assert box.resign_button.isVisible() and not box.pad.isVisible()
    qtbot.mouseClick(box.resign_button, LEFT)
    assert box.pad.isVisible() and box.name_edit.text() == "Dana Whitfield"
    qtbot.mouseClick(box.keep_button, LEFT)
    assert box.saved_image.isVisible() and not box.pad.isVisible()
    qtbot.mouseClick(box.resign_button, LEFT)
    sign(qtbot, box)
    after = app_ctx.store.get(signed_sample.id).signature(INSPECTOR).image_png
    assert after != before
    assert box.saved_image.isVisible()


def test_time_out_now_and_the_reinspection_date_are_saved(qtbot, app_ctx, unsigned_audit):
    import datetime as dt

    from tests.ui.conftest import type_date

    store = app_ctx.opened_store
    screen = make_screen(qtbot, app_ctx, unsigned_audit.id)
    assert screen.visit.time_in.text() == "09:30"
    assert "America/Chicago" in screen.visit.time_in_label.text()
    with qtbot.waitSignal(app_ctx.audit_changed):
        qtbot.mouseClick(screen.visit.now_button, LEFT)
    saved = store.get(unsigned_audit.id).time_out
    assert saved is not None and screen.visit.time_out.text() == f"{saved:%H:%M}"
    day = SAMPLE_DAY + dt.timedelta(days=30)
    with qtbot.waitSignal(app_ctx.audit_changed):
        type_date(qtbot, screen.visit.reinspection, day.isoformat(), enter=True)
    assert store.get(unsigned_audit.id).reinspection_date == day

    screen.visit.time_out.setFocus()
    screen.visit.time_out.selectAll()
    qtbot.keyClicks(screen.visit.time_out, "25:61")
    qtbot.keyClick(screen.visit.time_out, Qt.Key.Key_Return)
    assert "Time out: '25:61' is not a time of day" in screen.visit.error_label.text()
    assert store.get(unsigned_audit.id).time_out == saved


def test_a_timeline_warning_asks_finalize_anyway_and_cancel_keeps_the_draft(
    qtbot, app_ctx, unsigned_audit
):
    screen = make_screen(qtbot, app_ctx, unsigned_audit.id)
    add_missing_photo(app_ctx, unsigned_audit.id)
    screen.visit.time_out.setFocus()
    screen.visit.time_out.selectAll()
    qtbot.keyClicks(screen.visit.time_out, "08:00")
    with qtbot.waitSignal(app_ctx.audit_changed):
        qtbot.keyClick(screen.visit.time_out, Qt.Key.Key_Return)
    qtbot.waitUntil(screen.timeline_label.isVisible)
    assert "Time out (08:00) is before time in (09:30)" in screen.timeline_label.text()
    sign(qtbot, screen.boxes[INSPECTOR])
    sign(qtbot, screen.boxes[REPRESENTATIVE])
    qtbot.mouseClick(screen.finalize_button, LEFT)
    box = visible_box(screen)
    assert box.windowTitle() == "Finalize anyway?"
    assert "Time out (08:00) is before time in (09:30)" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert app_ctx.store.get(unsigned_audit.id).status == Status.DRAFT
    qtbot.mouseClick(screen.finalize_button, LEFT)
    box = visible_box(screen)
    with qtbot.waitSignal(screen.finalized):
        next(b for b in box.buttons() if b.text() == "Finalize anyway").click()
    assert app_ctx.store.get(unsigned_audit.id).status == Status.FINALIZED


def test_time_in_is_corrected_here_and_a_typed_time_waits_for_no_one(
    qtbot, app_ctx, unsigned_audit
):
    """The timeline check says "Correct the times on the Review screen": both are here.
    While a time is being typed the window does not say saved; leaving the screen saves it."""
    import datetime as dt

    screen = make_screen(qtbot, app_ctx, unsigned_audit.id)
    edit = screen.visit.time_in
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "9:05 am")
    assert "visit:time_in" in app_ctx.pending  # "Saving…", never "saved"
    with qtbot.waitSignal(app_ctx.audit_changed):
        screen.flush_pending()  # the main window does this when the screen changes or closes
    assert app_ctx.store.get(unsigned_audit.id).time_in == dt.time(9, 5)
    assert "visit:time_in" not in app_ctx.pending
    assert edit.text() == "09:05"

    edit.selectAll()
    qtbot.keyClicks(edit, "9:99")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "Time in: '9:99' is not a time of day" in screen.visit.error_label.text()
    assert app_ctx.store.get(unsigned_audit.id).time_in == dt.time(9, 5)
    assert "visit:time_in" not in app_ctx.pending


def test_a_self_audits_findings_without_an_action_are_listed_and_reached_by_keyboard(
    qtbot, app_ctx
):
    from clinic_audit.audit.model import AuditKind
    from clinic_audit.ui.main_window import MainWindow

    portable = build_sample(photos=2, audit_date=SAMPLE_DAY, kind=AuditKind.SELF_AUDIT)
    planned = portable.actions[0].finding_key
    portable.actions = [a for a in portable.actions if a.finding_key == planned]
    portable.signatures = []
    audit = import_audit(app_ctx.store, portable.model_dump_json().encode(), "s.json", "tester")
    summary = app_ctx.summary(audit)
    unplanned = [f for f in summary.counted if f.key != planned]
    assert unplanned
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_audit(audit.id, screen="review")
    screen = window.review
    texts = [screen.todo_list.item(r).text() for r in range(screen.todo_list.count())]
    warned = [t for t in texts if t.startswith("No corrective action yet")]
    assert len(warned) == len(unplanned)
    assert all(f.title in " ".join(warned) for f in unplanned)
    assert "without a corrective action" in screen.todo_intro.text()
    assert not any("corrective action" in b for b in app_ctx.service.finalize_blockers(audit))
    assert screen.todo_list.height() >= screen.todo_list.sizeHintForRow(0) * min(len(texts), 8)
    row = texts.index(warned[0])
    screen.todo_list.setFocus()
    screen.todo_list.setCurrentRow(row)
    qtbot.keyClick(screen.todo_list, Qt.Key.Key_Return)
    assert window.current_screen() == "findings"
    card = window.findings.card(unplanned[0].key)
    qtbot.waitUntil(lambda: card.editors[0].action_edit.hasFocus())


def test_a_regulatory_finding_without_a_deadline_is_listed_as_needed(qtbot, app_ctx):
    portable = build_sample(photos=2, audit_date=SAMPLE_DAY, pack=None)  # no pack: no deadlines
    portable.signatures = []
    audit = import_audit(app_ctx.store, portable.model_dump_json().encode(), "r.json", "tester")
    undated = [f for f in app_ctx.summary(audit).counted if f.deadline is None]
    assert undated
    screen = make_screen(qtbot, app_ctx, audit.id)
    texts = [screen.todo_list.item(r).text() for r in range(screen.todo_list.count())]
    assert sum(t.startswith("No correction deadline (needed to finalize)") for t in texts) == len(
        undated
    )
