"""The walk-through driven by keyboard and mouse; answers, notes and photos land in the store."""

import html

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from clinic_audit.audit.model import Audit, AuditKind, Facility
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Result
from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample
from clinic_audit.ui.screens.walkthrough import WalkthroughScreen
from tests.ui.conftest import SAMPLE_DAY, finalize_sample, make_jpeg

LEFT = Qt.MouseButton.LeftButton
CHECKLIST = builtin_checklist()
FIRST_SECTION = CHECKLIST.sections[0]
DEVICE_ONLY = "instruments-spore-test-weekly"  # applies only with a steam-sterilized device


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


@pytest.fixture
def screen(qtbot, app_ctx):
    screen = WalkthroughScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    qtbot.waitExposed(screen)
    yield screen
    screen.photos.wait()


def open_audit(qtbot, screen, audit_id):
    screen.show_audit(audit_id)
    screen.activateWindow()
    qtbot.waitUntil(lambda: screen.cards[screen.current_item].hasFocus())


def stored(app_ctx, audit_id, item_id):
    return app_ctx.audit(audit_id).response(item_id)


def key(qtbot, screen, name):
    qtbot.keyClick(QApplication.focusWidget() or screen, name)


def test_sections_show_progress_failures_and_the_live_score(qtbot, app_ctx, screen, sample_audit):
    open_audit(qtbot, screen, sample_audit.id)
    rows = [screen.sections.item(n).text() for n in range(screen.sections.count())]
    assert len(rows) == len(CHECKLIST.sections)
    room = rows[0]
    assert FIRST_SECTION.title in room
    assert f"{len(FIRST_SECTION.items)} / {len(FIRST_SECTION.items)} answered" in room
    assert "CRITICAL" in room
    assert "done" in rows[2] and "failed" not in rows[2]
    assert f"Score {app_ctx.summary(sample_audit).score_text}" in screen.score_bar.score.text()
    assert "Non-compliant" in screen.score_bar.score.text()
    assert "1 critical" in screen.score_bar.progress.text()


def test_keys_answer_and_move_through_the_items(qtbot, app_ctx, screen, blank):
    open_audit(qtbot, screen, blank.id)
    first, second, third, fourth = (item.id for item in FIRST_SECTION.items[:4])
    assert screen.current_item == first
    key(qtbot, screen, Qt.Key.Key_P)
    assert stored(app_ctx, blank.id, first).result == Result.PASS
    assert screen.current_item == second  # answering moves on
    key(qtbot, screen, Qt.Key.Key_N)
    assert stored(app_ctx, blank.id, second).result == Result.NOT_APPLICABLE
    key(qtbot, screen, Qt.Key.Key_K)
    assert screen.current_item == second
    key(qtbot, screen, Qt.Key.Key_Up)
    assert screen.current_item == first
    for name in (Qt.Key.Key_Down, Qt.Key.Key_J):
        key(qtbot, screen, name)
    assert screen.current_item == third
    key(qtbot, screen, Qt.Key.Key_Return)
    assert screen.current_item == fourth
    key(qtbot, screen, Qt.Key.Key_O)
    assert stored(app_ctx, blank.id, fourth).result == Result.NOT_OBSERVED
    assert screen.cards[fourth].buttons[Result.NOT_OBSERVED].isChecked()
    summary = app_ctx.summary(app_ctx.audit(blank.id))
    applicable = sum(1 for s in summary.items if s.applicable)  # N/A left the count
    assert f"2 of {applicable} applicable items answered" in screen.score_bar.progress.text()


def test_fail_asks_for_the_note_which_is_saved_as_typed(qtbot, app_ctx, screen, blank):
    open_audit(qtbot, screen, blank.id)
    item_id = screen.current_item
    card = screen.cards[item_id]
    key(qtbot, screen, Qt.Key.Key_F)
    assert stored(app_ctx, blank.id, item_id).result == Result.FAIL
    assert screen.current_item == item_id  # stays, the note is needed
    assert card.missing.isVisible()
    assert "a note" in card.missing.text() and "a photo" in card.missing.text()
    assert card.note.hasFocus()
    qtbot.keyClicks(card.note, "Dust and a used cartridge on the trolley")
    qtbot.waitUntil(
        lambda: (
            stored(app_ctx, blank.id, item_id).note == "Dust and a used cartridge on the trolley"
        )
    )
    assert "a note" not in card.missing.text()
    qtbot.keyClick(card.note, Qt.Key.Key_Escape)
    assert card.hasFocus()
    assert "Score 0.0%" in screen.score_bar.score.text()


def test_a_note_is_saved_at_once_when_focus_leaves_it(qtbot, app_ctx, screen, blank):
    open_audit(qtbot, screen, blank.id)
    first, second = (item.id for item in FIRST_SECTION.items[:2])
    qtbot.mouseClick(screen.cards[first].note, LEFT)
    qtbot.keyClicks(screen.cards[first].note, "Checked at 9:40")
    qtbot.mouseClick(screen.cards[second].buttons[Result.PASS], LEFT)
    assert stored(app_ctx, blank.id, first).note == "Checked at 9:40"  # no waiting for the timer
    assert stored(app_ctx, blank.id, second).result == Result.PASS
    assert screen.current_item == second


def test_tab_in_a_note_moves_on_instead_of_typing_a_tab(qtbot, app_ctx, screen, blank):
    open_audit(qtbot, screen, blank.id)
    item_id = screen.current_item
    card = screen.cards[item_id]
    qtbot.mouseClick(card.note, LEFT)
    qtbot.keyClicks(card.note, "Sharps bin full")
    qtbot.keyClick(card.note, Qt.Key.Key_Tab)
    assert not card.note.hasFocus()
    assert stored(app_ctx, blank.id, item_id).note == "Sharps bin full"  # no tab in it


def test_t_writes_a_note_without_answering_and_a_adds_a_photo(
    qtbot, app_ctx, screen, blank, tmp_path, monkeypatch
):
    photo = make_jpeg(tmp_path / "IMG_0002.jpg")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    open_audit(qtbot, screen, blank.id)
    item_id = screen.current_item
    card = screen.cards[item_id]
    key(qtbot, screen, Qt.Key.Key_T)
    assert card.note.hasFocus()
    qtbot.keyClicks(card.note, "Asked about the autoclave log")
    qtbot.keyClick(card.note, Qt.Key.Key_Escape)
    response = stored(app_ctx, blank.id, item_id)
    assert response.note == "Asked about the autoclave log" and response.result is None
    assert screen.current_item == item_id
    with qtbot.waitSignal(screen.photos.attached, timeout=10_000):
        key(qtbot, screen, Qt.Key.Key_A)
    assert [ref.filename for ref in stored(app_ctx, blank.id, item_id).photos] == ["IMG_0002.jpg"]


def test_the_photo_dialog_offers_phone_photos_in_either_case(qtbot, screen, blank, monkeypatch):
    offered = []

    def dialog(_parent, _title, _folder, filters):
        offered.append(filters)
        return [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", dialog)
    open_audit(qtbot, screen, blank.id)
    qtbot.mouseClick(screen.cards[screen.current_item].photos.add_button, LEFT)
    assert offered and all(kind in offered[0] for kind in ("*.heic", "*.HEIC", "*.JPG"))


def test_mouse_answers_update_the_score_and_section_in_place(qtbot, app_ctx, screen, blank):
    open_audit(qtbot, screen, blank.id)
    qtbot.waitUntil(lambda: screen.page.complete)  # the cards below come in idle moments
    cards_before = dict(screen.cards)
    for item in FIRST_SECTION.items:
        qtbot.mouseClick(screen.cards[item.id].buttons[Result.PASS], LEFT)
    assert all(stored(app_ctx, blank.id, i.id).result == Result.PASS for i in FIRST_SECTION.items)
    assert screen.cards == cards_before  # updated in place, not rebuilt
    assert "✓ done" in screen.sections.item(0).text()
    assert "Score 100.0%" in screen.score_bar.score.text()
    assert "Incomplete" in screen.score_bar.score.text()


def test_u_jumps_to_the_next_unanswered_item_in_another_section(qtbot, app_ctx, screen, blank):
    for item in FIRST_SECTION.items:
        app_ctx.service.answer(blank.id, item.id, Result.PASS)
    open_audit(qtbot, screen, blank.id)
    assert screen.section_id == CHECKLIST.sections[1].id  # opens at the first unanswered item
    screen.go_to_item(FIRST_SECTION.items[0].id)
    key(qtbot, screen, Qt.Key.Key_U)
    assert screen.current_item == CHECKLIST.sections[1].items[0].id
    assert screen.sections.currentRow() == 1


def test_items_that_do_not_apply_are_greyed_and_skipped(qtbot, app_ctx, screen, blank):
    open_audit(qtbot, screen, blank.id)
    screen.go_to_item(DEVICE_ONLY)
    card = screen.cards[DEVICE_ONLY]
    assert card.condition.isVisible()
    assert "Not applicable (condition)" in card.condition.text()
    assert "devices register" in card.condition.text()
    assert not any(button.isEnabled() for button in card.buttons.values())
    screen.answer_current(Result.PASS)
    assert stored(app_ctx, blank.id, DEVICE_ONLY).result is None
    order = [item.id for _section, item in CHECKLIST.items()]
    first_conditional = order.index(DEVICE_ONLY)
    while CHECKLIST.item(order[first_conditional - 1]).applies_when is not None:
        first_conditional -= 1
    after = next(i for i in order[first_conditional:] if CHECKLIST.item(i).applies_when is None)
    screen.go_to_item(order[first_conditional - 1])
    key(qtbot, screen, Qt.Key.Key_Down)
    assert screen.current_item == after  # the greyed items in between are skipped
    key(qtbot, screen, Qt.Key.Key_Up)
    assert screen.current_item == order[first_conditional - 1]


def test_add_a_photo_through_the_file_dialog_then_remove_it(
    qtbot, app_ctx, screen, blank, tmp_path, monkeypatch, dialog_log
):
    photo = make_jpeg(tmp_path / "IMG_0001.jpg")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    open_audit(qtbot, screen, blank.id)
    item_id = screen.current_item
    card = screen.cards[item_id]
    with qtbot.waitSignal(screen.photos.attached, timeout=10_000):
        qtbot.mouseClick(card.photos.add_button, LEFT)
    refs = stored(app_ctx, blank.id, item_id).photos
    assert [ref.filename for ref in refs] == ["IMG_0001.jpg"]
    assert len(card.photos.thumbs) == 1
    assert not card.photos.thumbs[0].icon().isNull()
    assert app_ctx.settings.value("paths/last_folder") == str(tmp_path)
    qtbot.mouseClick(card.photos.remove_buttons[0], LEFT)
    assert "Remove this photo" in dialog_log.text()
    assert stored(app_ctx, blank.id, item_id).photos == []
    qtbot.waitUntil(lambda: card.photos.thumbs == [])


def test_drop_image_files_onto_an_item(qtbot, app_ctx, screen, blank, tmp_path):
    files = [make_jpeg(tmp_path / f"drop{n}.jpg", colour=(n * 60, 80, 90)) for n in (1, 2)]
    open_audit(qtbot, screen, blank.id)
    target = FIRST_SECTION.items[2].id
    qtbot.waitUntil(lambda: target in screen.cards and screen.cards[target].isVisible())
    card = screen.cards[target]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in files])
    action, buttons, keys = Qt.DropAction.CopyAction, LEFT, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(20, 20), action, mime, buttons, keys)
    QApplication.sendEvent(card, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(20, 20), action, mime, buttons, keys)
    with qtbot.waitSignals([screen.photos.attached] * 2, timeout=10_000):
        QApplication.sendEvent(card, drop)
    qtbot.waitUntil(lambda: len(stored(app_ctx, blank.id, target).photos) == 2)
    assert screen.current_item == target
    qtbot.waitUntil(lambda: len(card.photos.thumbs) == 2)


def test_a_file_that_is_no_photo_is_explained(
    qtbot, app_ctx, screen, blank, tmp_path, monkeypatch, dialog_log
):
    fake = tmp_path / "notes.jpg"
    fake.write_text("this is a text file")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(fake)], ""))
    open_audit(qtbot, screen, blank.id)
    with qtbot.waitSignal(screen.photos.failed, timeout=10_000):
        qtbot.mouseClick(screen.cards[screen.current_item].photos.add_button, LEFT)
    assert "notes.jpg: this is not an image" in dialog_log.text()
    assert stored(app_ctx, blank.id, screen.current_item).photos == []


def test_a_big_photo_is_prepared_without_freezing_the_window(
    qtbot, app_ctx, screen, blank, tmp_path, monkeypatch
):
    big = make_jpeg(tmp_path / "big.jpg", size=(5000, 3750))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(big)], ""))
    open_audit(qtbot, screen, blank.id)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    card = screen.cards[screen.current_item]
    with qtbot.waitSignal(screen.photos.attached, timeout=20_000):
        qtbot.mouseClick(card.photos.add_button, LEFT)
        assert card.photos.busy.isVisible()  # "Adding 1 photo…" while it works
    timer.stop()
    assert len(ticks) >= 3  # the event loop kept running meanwhile
    assert not card.photos.busy.isVisible()
    assert stored(app_ctx, blank.id, screen.current_item).photos[0].width == 2048


def test_a_finalized_audit_is_read_only(qtbot, app_ctx, screen, sample_audit):
    finalize_sample(app_ctx, sample_audit.id)
    screen.show_audit(sample_audit.id)
    assert screen.read_only_note.isVisible()
    assert "read-only" in screen.score_bar.read_only.text()
    item_id = screen.current_item
    card = screen.cards[item_id]
    assert not any(button.isEnabled() for button in card.buttons.values())
    assert card.note.isReadOnly()
    assert not card.photos.add_button.isVisible()
    assert not card.clear_button.isEnabled()
    before = stored(app_ctx, sample_audit.id, item_id).result
    screen.cards[item_id].setFocus()
    for name in (Qt.Key.Key_F, Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
        key(qtbot, screen, name)
    assert stored(app_ctx, sample_audit.id, item_id).result == before


def test_a_slipped_answer_is_cleared_and_its_note_kept(qtbot, app_ctx, screen, blank):
    open_audit(qtbot, screen, blank.id)
    first, second = (item.id for item in FIRST_SECTION.items[:2])
    assert not screen.cards[first].clear_button.isEnabled()  # nothing to clear yet
    key(qtbot, screen, Qt.Key.Key_F)
    qtbot.keyClicks(screen.cards[first].note, "Sharps bin overfulll")
    qtbot.keyClick(screen.cards[first].note, Qt.Key.Key_Backspace)  # editing, not clearing
    qtbot.keyClick(screen.cards[first].note, Qt.Key.Key_Escape)
    assert stored(app_ctx, blank.id, first).result == Result.FAIL
    key(qtbot, screen, Qt.Key.Key_Backspace)
    response = stored(app_ctx, blank.id, first)
    assert response.result is None and response.note == "Sharps bin overfull"
    card = screen.cards[first]
    assert card.result is None and not card.clear_button.isEnabled()
    assert "0 of" in screen.score_bar.progress.text()
    assert first in app_ctx.summary(app_ctx.audit(blank.id)).unanswered
    assert screen.current_item == first  # stays, to be answered again
    last = [entry for entry in app_ctx.store.trail(blank.id) if entry.path.endswith(".result")]
    assert (last[-1].actor, last[-1].old, last[-1].new) == ("tester", "fail", None)
    # by mouse, on another item
    qtbot.mouseClick(screen.cards[second].buttons[Result.PASS], LEFT)
    assert screen.cards[second].clear_button.isEnabled()
    qtbot.mouseClick(screen.cards[second].clear_button, LEFT)
    assert stored(app_ctx, blank.id, second).result is None
    assert screen.current_item == second


def test_every_control_of_a_card_has_an_accessible_name(qtbot, screen, sample_audit):
    screen.show_audit(sample_audit.id)
    for card in screen.cards.values():
        assert card.accessibleName()
        assert card.note.accessibleName()
        assert all(button.accessibleName() for button in card.buttons.values())
        assert card.clear_button.accessibleName()
        assert card.photos.add_button.accessibleName()
        assert all(thumb.accessibleName() for thumb in card.photos.thumbs)
    assert screen.sections.accessibleName()


def test_arrow_keys_in_the_section_list_move_between_sections(qtbot, app_ctx, screen, blank):
    open_audit(qtbot, screen, blank.id)
    screen.sections.setFocus()
    qtbot.keyClick(screen.sections, Qt.Key.Key_Down)
    assert screen.section_id == CHECKLIST.sections[1].id
    assert screen.current_item == CHECKLIST.sections[1].items[0].id
    assert screen.sections.hasFocus()  # the list keeps the keys until the person leaves it
    qtbot.keyClick(screen.sections, Qt.Key.Key_P)  # still answers the current item
    assert stored(app_ctx, blank.id, CHECKLIST.sections[1].items[0].id).result == Result.PASS


def test_seen_on_site_makes_the_prp_items_apply(qtbot, app_ctx, screen, blank):
    open_audit(qtbot, screen, blank.id)
    prp_items = [
        item.id
        for _s, item in CHECKLIST.items()
        if item.applies_when is not None and "'seen': 'prp'" in str(item.applies_when.model_dump())
    ]
    assert prp_items, "the newest checklist has items that apply when PRP is seen"
    before = app_ctx.summary(app_ctx.audit(blank.id))
    assert not any(s.applicable for s in before.items if s.item_id in prp_items)
    box = screen.seen.boxes["prp"]
    assert screen.seen.isVisible() and box.accessibleName().startswith("Seen on site: ")
    qtbot.mouseClick(box, LEFT)
    audit = app_ctx.store.get(blank.id)
    assert audit.seen_on_site == ["prp"]
    after = app_ctx.summary(audit)
    assert all(s.applicable for s in after.items if s.item_id in prp_items)
    assert len(after.unanswered) == len(before.unanswered) + len(prp_items)


def test_under_a_pack_each_card_shows_the_law_apart_from_the_guidance(qtbot, app_ctx, screen):
    sample = build_sample(photos=0, audit_date=SAMPLE_DAY, pack="texas")
    sample.signatures = []
    audit = import_audit(app_ctx.store, sample.model_dump_json().encode(), "tx.json", "tester")
    open_audit(qtbot, screen, audit.id)
    screen.go_to_item("room-no-food-with-blood-or-products")
    details = screen.cards["room-no-food-with-blood-or-products"].details.text()
    assert "<b>Law:</b> 29 CFR 1910.1030(d)(2)(x)" in details
    assert "See also: OSHA 2012 [S28]" in details
    no_rule = next(
        item
        for _s, item in app_ctx.store.checklist_for(audit).items()
        if item.no_rule and not item.basis
    )
    screen.go_to_item(no_rule.id)
    assert html.escape(no_rule.no_rule) in screen.cards[no_rule.id].details.text()


def test_a_photo_that_cannot_be_taken_is_waived_with_a_reason(
    qtbot, app_ctx, screen, blank, monkeypatch
):
    item = next(i for i in FIRST_SECTION.items if i.photo_required_on_fail and not i.applies_when)
    open_audit(qtbot, screen, blank.id)
    screen.go_to_item(item.id)
    card = screen.cards[item.id]
    assert not card.waive_button.isVisible()  # only once it fails without a photo
    key(qtbot, screen, Qt.Key.Key_F)
    qtbot.keyClicks(card.note, "Blood on the treatment trolley.")
    card.note.clearFocus()
    qtbot.waitUntil(lambda: stored(app_ctx, blank.id, item.id).note != "")
    assert card.missing.isVisible() and "a photo" in card.missing.text()
    assert card.waive_button.isVisible() and card.waive_button.text() == "No photo possible…"
    asked = []

    def pick(_parent, _title, label, reasons, _current, editable):
        asked.append((label, reasons, editable))
        return reasons[0], True

    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getItem", pick)
    qtbot.mouseClick(card.waive_button, LEFT)
    assert asked and asked[0][2] is True  # the inspector may write their own reason
    assert stored(app_ctx, blank.id, item.id).photo_waiver == "The clinic refused photography."
    qtbot.waitUntil(lambda: not card.missing.isVisible())
    assert card.waiver.isVisible() and "refused photography" in card.waiver.text()
    assert card.waive_button.text() == "Change the reason…"
    assert item.id not in app_ctx.summary(app_ctx.audit(blank.id)).missing_evidence
