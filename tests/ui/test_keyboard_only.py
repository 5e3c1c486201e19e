"""The whole app with the keyboard alone: every screen is reached by its key, focus lands
where a person starts there, Tab walks its controls without getting stuck, and every
focus stop looks different when it has the focus (a visible focus ring)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QPlainTextEdit, QWidget

from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample
from tests.ui.conftest import SAMPLE_DAY, shown_main_window

CTRL = Qt.KeyboardModifier.ControlModifier
TAB_STOPS = 12  # Tab presses walked on each screen


@pytest.fixture
def window(qtbot, app_ctx):
    sample = build_sample(photos=2, audit_date=SAMPLE_DAY)
    sample.signatures = []
    import_audit(app_ctx.store, sample.model_dump_json().encode(), "s.json", "tester")
    with shown_main_window(qtbot, app_ctx, (1280, 800)) as window:
        yield window


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget:
    qtbot.keyClick(focused(), key, modifier)
    return focused()


def inside(widget: QWidget, screen: QWidget) -> bool:
    return screen is widget or screen.isAncestorOf(widget)


def looks(widget: QWidget) -> QImage:
    QApplication.processEvents()
    return widget.grab().toImage()


def walk_with_tab(qtbot, window, screen: QWidget) -> list[QWidget]:
    """Tab through a screen: each stop visible, inside the window, drawn differently
    while it has the focus; focus never stays put."""
    stops = []
    for _ in range(TAB_STOPS):
        before = focused()
        with_focus = looks(before)
        after = press(qtbot, Qt.Key.Key_Tab)
        assert after is not before, f"Tab is stuck on {before.accessibleName() or before}"
        assert after.isVisible() and window.isAncestorOf(after)
        if isinstance(before, QAbstractButton | QLineEdit | QPlainTextEdit):
            assert looks(before) != with_focus, f"no focus ring on {before.accessibleName()}"
        stops.append(after)
    assert any(inside(stop, screen) for stop in stops)
    return stops


def test_every_screen_from_the_keyboard_alone(qtbot, window):
    home = window.home
    qtbot.waitUntil(lambda: home.table.hasFocus())
    assert home.table.currentIndex().row() == 0
    walk_with_tab(qtbot, window, home)
    window.home.table.setFocus()  # back where the screen starts, as Ctrl+0 puts it
    press(qtbot, Qt.Key.Key_0, CTRL)
    assert home.table.hasFocus()

    press(qtbot, Qt.Key.Key_Return)  # opens the first audit in the walk-through
    assert window.current_screen() == "walkthrough"
    walkthrough = window.walkthrough
    qtbot.waitUntil(lambda: focused() is walkthrough.cards[walkthrough.current_item])
    card = focused()
    assert card.property("current") is True  # the current card's 2-px highlight border
    walk_with_tab(qtbot, window, walkthrough)

    press(qtbot, Qt.Key.Key_1, CTRL)
    registers = window.registers
    assert window.current_screen() == "registers"
    assert focused() is registers.panel("practitioners").view
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert focused() is registers.panel(list(registers.panels)[1]).view
    walk_with_tab(qtbot, window, registers)

    press(qtbot, Qt.Key.Key_3, CTRL)
    findings = window.findings
    assert window.current_screen() == "findings"
    first = next(iter(findings.cards.values()))
    assert first.isAncestorOf(focused())  # its deadline field, or its first action
    walk_with_tab(qtbot, window, findings)

    press(qtbot, Qt.Key.Key_4, CTRL)
    review = window.review
    assert window.current_screen() == "review"
    assert focused() is review.todo_list and review.todo_list.currentRow() == 0
    walk_with_tab(qtbot, window, review)

    press(qtbot, Qt.Key.Key_5, CTRL)
    report = window.report
    assert window.current_screen() == "report"
    assert focused() is report.build_button and report.build_button.autoDefault()
    walk_with_tab(qtbot, window, report)

    press(qtbot, Qt.Key.Key_N, CTRL)
    new_audit = window.new_audit
    assert window.current_screen() == "new_audit"
    assert focused() is new_audit.facility_name
    walk_with_tab(qtbot, window, new_audit)
