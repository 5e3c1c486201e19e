"""Settings › General: the theme changes the open window as it is chosen (Cancel puts it
back), and the page size, time zone and folders saved there are what the screens use."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from clinic_audit.ui import preferences
from clinic_audit.ui.style.theme import TONES, apply_theme, is_dark
from tests.ui.conftest import shown_main_window

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, app_ctx, sample_audit):
    with shown_main_window(qtbot, app_ctx) as window:
        window.open_audit(sample_audit.id)
        yield window
        apply_theme(QApplication.instance(), "light", fusion=True)  # the next test's palette


def general(qtbot, window):
    window.show_settings()
    dialog = window.settings_dialog
    qtbot.waitExposed(dialog)
    dialog.show_page("general")
    return dialog, dialog.page("general")


def pick(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def hint_colour(window) -> str:
    hint = next(
        w
        for w in window.walkthrough.findChildren(type(window.audit_label))
        if w.property("tone") == "muted"
    )
    return hint.styleSheet()


def test_dark_applies_at_once_and_cancel_puts_light_back(qtbot, window):
    assert not is_dark()
    card = next(iter(window.walkthrough.cards.values()))
    light_text = card.palette().color(QPalette.ColorRole.Window).lightness()
    assert TONES["muted"][0] in hint_colour(window)
    dialog, page = general(qtbot, window)
    pick(page.theme, "dark")
    assert is_dark()
    qtbot.waitUntil(lambda: TONES["muted"][1] in hint_colour(window))  # the key hints' tone
    card = next(iter(window.walkthrough.cards.values()))  # made again in the dark colours
    assert card.palette().color(QPalette.ColorRole.Window).lightness() < light_text
    assert TONES["critical"][1] in window.walkthrough.stack.styleSheet()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not is_dark()
    qtbot.waitUntil(lambda: TONES["muted"][0] in hint_colour(window))
    assert preferences.theme(window.settings) == "system"


def test_dark_saved_with_ok_is_kept(qtbot, window):
    dialog, page = general(qtbot, window)
    pick(page.theme, "dark")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert is_dark() and preferences.theme(window.settings) == "dark"
    _dialog, page = general(qtbot, window)
    assert page.theme.currentData() == "dark"


def test_page_size_and_time_zone_are_what_new_reports_and_audits_use(qtbot, window, tmp_path):
    dialog, page = general(qtbot, window)
    pick(page.page_size, "A4")
    page.time_zone.setCurrentText("America/Denver")
    page.report_folder.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    window.show_screen("report")
    assert window.report.page_size.currentData() == "A4"  # the sample's Texas pack: Letter
    assert window.report.path_edit.text().startswith(str(tmp_path))
    window.show_new_audit()
    assert window.new_audit.time_zone.currentText() == "America/Denver"


def test_a_bad_time_zone_or_missing_folder_keeps_the_dialog_open(qtbot, window, tmp_path):
    dialog, page = general(qtbot, window)
    page.time_zone.setCurrentText("Mars/Olympus")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and "Time zone:" in dialog.error_label.text()
    page.time_zone.setCurrentText("Europe/Paris")
    page.photo_folder.setText(str(tmp_path / "gone"))
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and "there is no folder" in dialog.error_label.text()
    assert not preferences.time_zone(window.settings)


def test_the_suggested_reports_folder_is_shown_whole(qtbot, window):
    from clinic_audit.ui import preferences

    dialog, page = general(qtbot, window)
    field = page.report_folder
    shown = field.placeholderText()
    assert shown.endswith("Clinic Audit reports")
    assert field.fontMetrics().horizontalAdvance(shown) < field.width() - 8  # not cut off
    assert str(preferences.suggested_report_folder()) in field.toolTip()
    dialog.reject()
