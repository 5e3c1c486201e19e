"""Work put off until it is needed: hidden screens, the shared audit, cards built ahead.

No timings here (those live in benchmarks/responsiveness.py): these tests check that
what is put off still happens, and that a person never sees stale or missing content.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Result
from clinic_audit.store.database import AuditNotFoundError
from clinic_audit.ui.main_window import NAVIGATION, MainWindow

LEFT = Qt.MouseButton.LeftButton
CHECKLIST = builtin_checklist()


@pytest.fixture
def window(qtbot, app_ctx, sample_audit):
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.open_audit(sample_audit.id)
    yield window
    window.walkthrough.photos.wait()


def go(qtbot, window, screen):
    row = [name for name, _title, _keys in NAVIGATION].index(screen)
    rect = window.nav.visualItemRect(window.nav.item(row))
    qtbot.mouseClick(window.nav.viewport(), LEFT, pos=rect.center())
    assert window.current_screen() == screen


def passed_item(ctx, audit_id) -> str:
    audit = ctx.audit(audit_id)
    return next(i.id for _s, i in CHECKLIST.items() if audit.response(i.id).result == Result.PASS)


def test_a_hidden_screen_shows_a_change_when_it_is_shown_again(
    qtbot, app_ctx, sample_audit, window
):
    go(qtbot, window, "findings")
    before = set(window.findings.cards)
    go(qtbot, window, "walkthrough")
    item_id = passed_item(app_ctx, sample_audit.id)
    window.walkthrough.go_to_item(item_id)
    card = window.walkthrough.cards[item_id]
    qtbot.mouseClick(card.buttons[Result.FAIL], LEFT)
    assert window.findings.refresher.stale  # hidden: not refreshed for each answer
    assert set(window.findings.cards) == before
    go(qtbot, window, "findings")
    assert set(window.findings.cards) == before | {f"item:{item_id}"}
    assert not window.findings.refresher.stale


def test_home_lists_a_change_made_while_it_was_hidden(qtbot, app_ctx, sample_audit, window):
    row = window.home.model.row_of(sample_audit.id)
    before = window.home.model.row_at(row).score
    item_id = passed_item(app_ctx, sample_audit.id)
    window.walkthrough.go_to_item(item_id)
    qtbot.mouseClick(window.walkthrough.cards[item_id].buttons[Result.FAIL], LEFT)
    go(qtbot, window, "home")
    after = window.home.model.row_at(window.home.model.row_of(sample_audit.id)).score
    assert after < before


def test_screens_share_one_audit_and_summary_until_the_audit_changes(app_ctx, sample_audit):
    audit = app_ctx.audit(sample_audit.id)
    assert app_ctx.audit(sample_audit.id) is audit
    summary = app_ctx.summary(audit)
    assert app_ctx.summary(audit) is summary
    item_id = passed_item(app_ctx, sample_audit.id)
    app_ctx.service.answer(sample_audit.id, item_id, Result.FAIL)
    changed = app_ctx.audit(sample_audit.id)  # a change made by anyone, notified or not
    assert changed is not audit
    assert changed.response(item_id).result == Result.FAIL
    assert app_ctx.summary(changed).score < summary.score
    app_ctx.store.delete(sample_audit.id, "tester")
    with pytest.raises(AuditNotFoundError):
        app_ctx.audit(sample_audit.id)


def test_sections_ahead_are_built_while_the_window_is_idle(qtbot, window):
    walk = window.walkthrough
    qtbot.waitUntil(
        lambda: (
            len(walk._pages) == len(CHECKLIST.sections)
            and all(page.complete for page in walk._pages.values())
        ),
        timeout=20_000,
    )
    # The cards of the shown section all appear, a few at once, the rest one by one.
    qtbot.waitUntil(lambda: all(card.isVisible() for card in walk.cards.values()))
    shown = next(s for s in CHECKLIST.sections if s.id == walk.section_id)
    assert list(walk.cards) == [item.id for item in shown.items]


def test_a_card_reached_by_keys_before_it_was_shown_is_shown(qtbot, window):
    walk = window.walkthrough
    last_section = CHECKLIST.sections[-1]
    walk.go_to_item(last_section.items[0].id)
    assert walk.section_id == last_section.id
    for _press in range(len(last_section.items) - 1):
        qtbot.keyClick(QApplication.focusWidget() or walk, Qt.Key.Key_Down)
        assert walk.cards[walk.current_item].isVisible()
    assert walk.current_item == last_section.items[-1].id


def test_cards_are_built_ahead_only_while_the_walk_through_is_shown(qtbot, window):
    walk = window.walkthrough
    assert walk._build_ahead_timer.isActive()
    go(qtbot, window, "report")  # e.g. to build the PDF: the time goes to that now
    qtbot.waitUntil(lambda: not walk._build_ahead_timer.isActive())
    go(qtbot, window, "walkthrough")
    qtbot.waitUntil(
        lambda: (
            len(walk._pages) == len(CHECKLIST.sections)
            and all(page.complete for page in walk._pages.values())
        ),
        timeout=20_000,
    )
