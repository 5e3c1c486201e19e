"""A follow-up inspection as an inspector runs it: from Home on a finalized audit, each
earlier finding recorded corrected (with what shows it) or not, a repeat flagged."""

import pytest
from PySide6.QtCore import Qt

from clinic_audit.audit.follow_up import CorrectionFound
from clinic_audit.checklist.model import Result
from clinic_audit.ui.screens.findings import FindingsScreen
from clinic_audit.ui.screens.home import HomeScreen
from tests.ui.conftest import finalize_sample

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def follow_up_id(qtbot, app_ctx, sample_audit):
    finalize_sample(app_ctx, sample_audit.id)
    home = HomeScreen(app_ctx)
    qtbot.addWidget(home)
    home.show()
    qtbot.waitExposed(home)
    home.select(sample_audit.id)
    assert home.follow_up_button.isEnabled()
    with qtbot.waitSignal(home.open_requested) as opened:
        qtbot.mouseClick(home.follow_up_button, LEFT)
    return opened.args[0]


def test_home_starts_a_follow_up_only_of_a_finalized_audit(qtbot, app_ctx, follow_up_id):
    follow_up = app_ctx.opened_store.get(follow_up_id)
    assert follow_up.purpose.value == "follow_up" and follow_up.earlier_findings
    home = HomeScreen(app_ctx)
    qtbot.addWidget(home)
    home.select(follow_up_id)  # a draft: nothing to follow up yet
    assert not home.follow_up_button.isEnabled()


def test_each_earlier_finding_is_recorded_and_a_repeat_is_flagged(qtbot, app_ctx, follow_up_id):
    screen = FindingsScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(1100, 900)
    screen.show()
    qtbot.waitExposed(screen)
    screen.show_audit(follow_up_id)
    assert screen.earlier.isVisible()
    first_key, second_key = list(screen.earlier.rows)[:2]
    first = screen.earlier.rows[first_key]
    qtbot.mouseClick(first.buttons[CorrectionFound.CORRECTED], LEFT)  # no note yet
    assert first.error.isVisible() and "without evidence" in first.error.text()
    assert not first.buttons[CorrectionFound.CORRECTED].isChecked()
    first.note.setFocus()
    qtbot.keyClicks(first.note, "A separate staff fridge now stands in the break room")
    qtbot.mouseClick(first.buttons[CorrectionFound.CORRECTED], LEFT)
    stored = app_ctx.opened_store.get(follow_up_id).earlier(first_key)
    assert stored.found == CorrectionFound.CORRECTED
    assert stored.note == "A separate staff fridge now stands in the break room"

    item_id = second_key.removeprefix("item:")
    second = screen.earlier.rows[second_key]
    qtbot.mouseClick(second.buttons[CorrectionFound.NOT_CORRECTED], LEFT)
    app_ctx.service.answer(follow_up_id, item_id, Result.FAIL, "Still overfilled")
    app_ctx.notify_changed(follow_up_id)
    card = screen.card(second_key)
    assert "REPEAT VIOLATION:" in card.facts_label.text()


def test_a_photo_of_the_correction_is_enough_evidence(
    qtbot, app_ctx, follow_up_id, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    from tests.ui.conftest import make_jpeg

    screen = FindingsScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.show_audit(follow_up_id)
    key = next(k for k in screen.earlier.rows if k.startswith("item:"))
    row = screen.earlier.rows[key]
    qtbot.mouseClick(row.buttons[CorrectionFound.CORRECTED], LEFT)
    assert "without evidence" in row.error.text()
    photo = make_jpeg(tmp_path / "now.jpg")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(photo), ""))
    with qtbot.waitSignal(app_ctx.audit_changed, timeout=10_000):
        qtbot.mouseClick(row.photo_button, LEFT)  # the photo first, then Corrected again
    qtbot.mouseClick(row.buttons[CorrectionFound.CORRECTED], LEFT)
    assert not row.error.isVisible()
    stored = app_ctx.opened_store.get(follow_up_id)
    earlier = stored.earlier(key)
    assert earlier.found == CorrectionFound.CORRECTED and earlier.photo_sha256
    item_photos = stored.response(key.removeprefix("item:")).photos
    assert earlier.photo_sha256 in [p.sha256 for p in item_photos]
