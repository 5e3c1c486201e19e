"""Every date field: what a person types, in ISO or the locale's short form, is what is stored.

Driven with the keyboard as a person types (click in, Ctrl+A, type); the locale is set
with QLocale.setDefault before the screen is made, and put back afterwards.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication

from clinic_audit.ui.screens.findings import FindingsScreen
from clinic_audit.ui.screens.new_audit import NewAuditScreen
from clinic_audit.ui.screens.registers import RegistersScreen
from clinic_audit.ui.widgets.date_field import (
    FIRST_YEAR,
    LAST_YEAR,
    DateProblem,
    LocaleFormat,
    parse_date,
)
from tests.ui.a11y import unnamed_controls
from tests.ui.conftest import type_date

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
MARCH_14 = dt.date(2025, 3, 14)

# (locale, typed, stored): ISO, en_US M/d/yy and M/d/yyyy, en_GB dd/MM/yyyy (and dd/MM/yy).
TYPED = [
    ("en_US", "2025-03-14", MARCH_14),
    ("en_US", "3/14/25", MARCH_14),
    ("en_US", "3/14/2025", MARCH_14),
    ("en_US", "03/14/2025", MARCH_14),
    ("en_GB", "14/03/2025", MARCH_14),
    ("en_GB", "14/3/25", MARCH_14),
    ("en_GB", "2025-03-14", MARCH_14),
]
IMPOSSIBLE = [
    ("en_US", "2025-02-30", "February 2025 has 28 days"),
    ("en_US", "13/13/2025", "there is no month 13"),
    ("en_GB", "13/13/2025", "there is no month 13"),
    ("en_GB", "31/04/2025", "April 2025 has 30 days"),
    ("en_US", "garbage", "'garbage' is not a date."),
    ("en_US", "0205-03-14", "the year must be from 1900 to 2199"),
]
FORMATS = {
    "en_US": "2025-03-14 (year-month-day) or 3/14/2025 or 3/14/25 (month/day/year)",
    "en_GB": "2025-03-14 (year-month-day) or 14/03/2025 (day/month/year)",
}


@pytest.fixture
def locale(request):
    """``@pytest.mark.parametrize("locale", ["en_GB"], indirect=True)``; en_US unless told."""
    before = QLocale()
    name = getattr(request, "param", "en_US")
    QLocale.setDefault(QLocale(name))
    yield name
    QLocale.setDefault(before)


def with_locale(names: str, cases):
    """Parametrize ``locale`` and ``names``; the locale goes to the ``locale`` fixture."""
    return pytest.mark.parametrize(f"locale,{names}", cases, indirect=["locale"])


# reading the text ----------------------------------------------------------------------

US, GB = LocaleFormat.from_pattern("M/d/yy"), LocaleFormat.from_pattern("dd/MM/yyyy")
IN_2026 = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("25", dt.date(2025, 3, 14)),
        ("00", dt.date(2000, 3, 14)),
        ("76", dt.date(2076, 3, 14)),  # 49.8 years ahead is nearer than 50.2 back
        ("77", dt.date(1977, 3, 14)),
        ("99", dt.date(1999, 3, 14)),
    ],
)
def test_a_two_digit_year_is_the_one_nearest_today(typed, stored):
    assert parse_date(f"3/14/{typed}", US, IN_2026) == stored
    assert parse_date(f"14/03/{typed}", GB, IN_2026) == stored


def test_a_two_digit_29_february_takes_the_nearest_leap_year():
    assert parse_date("2/29/00", US, IN_2026) == dt.date(2000, 2, 29)
    with pytest.raises(DateProblem, match="February 2025 has 28 days"):
        parse_date("2/29/25", US, IN_2026)


def test_blank_is_no_date_and_spaces_and_marks_are_forgiven():
    assert parse_date("   ", US, IN_2026) is None
    assert parse_date(" 3 / 14 / 2025 ", US, IN_2026) == dt.date(2025, 3, 14)
    arabic = LocaleFormat.from_pattern("d\u200f/M\u200f/yyyy")
    assert parse_date("14\u200f/3\u200f/2025", arabic, IN_2026) == dt.date(2025, 3, 14)
    korean = LocaleFormat.from_pattern("yy. M. d.")
    assert parse_date("25. 3. 14.", korean, IN_2026) == dt.date(2025, 3, 14)
    assert parse_date("25.3.14", korean, IN_2026) == dt.date(2025, 3, 14)


@pytest.mark.parametrize("typed", ["3/14", "3/14/202", "2025-03", "20250314", "14.03.2025"])
def test_text_in_no_accepted_format_is_refused(typed):
    with pytest.raises(DateProblem):
        parse_date(typed, US, IN_2026)


@pytest.mark.parametrize("name", ["en_US", "en_GB", "de_DE", "ko_KR", "hu_HU", "bg_BG", "ar_EG"])
@given(day=st.dates(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)))
def test_what_the_locale_writes_is_read_back_as_the_same_date(name, day):
    qt = QLocale(name)
    pattern = qt.dateFormat(QLocale.FormatType.ShortFormat)
    long_year = pattern.replace("yyyy", "yy").replace("yy", "yyyy")
    local = LocaleFormat.from_pattern(pattern)
    assert parse_date(qt.toString(QDate(day), long_year), local, IN_2026) == day
    assert parse_date(day.isoformat(), local, IN_2026) == day
    if abs(day - IN_2026) < dt.timedelta(days=49 * 365):  # the two-digit year is enough
        assert parse_date(qt.toString(QDate(day), pattern), local, IN_2026) == day


# the register dialogs ----------------------------------------------------------------


@pytest.fixture
def registers(qtbot, locale, app_ctx, sample_audit):
    screen = RegistersScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    qtbot.waitExposed(screen)
    screen.show_audit(sample_audit.id)
    return screen


def open_dialog(qtbot, screen, register, row=None):
    panel = screen.panel(register)
    screen.tabs.setCurrentWidget(panel)
    if row is None:
        qtbot.mouseClick(panel.add_button, LEFT)
    else:
        panel.view.selectRow(row)
        qtbot.mouseClick(panel.edit_button, LEFT)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible())
    panel.dialog.activateWindow()  # the window manager's job; offscreen, the test's
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel.dialog)
    return panel, panel.dialog


def save(qtbot, panel, dialog):
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: panel.dialog is None)


def stored_practitioner(app_ctx, screen, name):
    return next(p for p in app_ctx.store.get(screen.audit_id).practitioners if p.name == name)


@with_locale("typed,stored", TYPED)
def test_a_date_typed_in_a_register_dialog_is_the_date_stored(
    qtbot, registers, app_ctx, locale, typed, stored
):
    panel, dialog = open_dialog(qtbot, registers, "practitioners")
    qtbot.keyClicks(dialog.inputs["name"], "Jo Typed")
    expiry = dialog.inputs["licence_expiry"]
    type_date(qtbot, expiry, typed)
    if typed != stored.isoformat():  # the person sees at once what will be stored
        assert expiry.note.isVisible() and expiry.note.text().startswith(f"= {stored}")
    save(qtbot, panel, dialog)
    assert stored_practitioner(app_ctx, registers, "Jo Typed").licence_expiry == stored


@with_locale(
    "typed,stored", [("en_US", "12/31/26", "2026-12-31"), ("en_GB", "01/02/2026", "2026-02-01")]
)
def test_ctrl_a_over_a_stored_date_replaces_all_of_it(
    qtbot, registers, app_ctx, locale, typed, stored
):
    panel, dialog = open_dialog(qtbot, registers, "practitioners", row=0)
    name = dialog.inputs["name"].text()
    expiry = dialog.inputs["licence_expiry"]
    assert expiry.value() is not None and expiry.edit.text() == expiry.value().isoformat()
    type_date(qtbot, expiry, typed, enter=True)  # Return commits the date, then saves
    qtbot.waitUntil(lambda: panel.dialog is None)
    assert stored_practitioner(app_ctx, registers, name).licence_expiry.isoformat() == stored


def test_typing_over_the_selected_year_changes_the_year(qtbot, registers, app_ctx, locale):
    panel, dialog = open_dialog(qtbot, registers, "practitioners", row=0)
    name = dialog.inputs["name"].text()
    expiry = dialog.inputs["licence_expiry"]
    before = expiry.value()
    qtbot.mouseClick(expiry.edit, LEFT)
    qtbot.keyClick(expiry.edit, Qt.Key.Key_Home)
    for _ in range(4):
        qtbot.keyClick(expiry.edit, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(expiry.edit, "2031")
    save(qtbot, panel, dialog)
    assert stored_practitioner(app_ctx, registers, name).licence_expiry == before.replace(year=2031)


@with_locale("typed,reason", IMPOSSIBLE)
def test_an_impossible_date_is_refused_in_place_and_nothing_is_stored(
    qtbot, registers, app_ctx, locale, typed, reason
):
    panel, dialog = open_dialog(qtbot, registers, "practitioners", row=0)
    before = app_ctx.store.get(registers.audit_id).model_dump()
    expiry = dialog.inputs["licence_expiry"]
    kept = expiry.value()
    type_date(qtbot, expiry, typed)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible() and panel.dialog is dialog
    message = expiry.note.text()
    assert expiry.note.isVisible() and message == expiry.problem()
    assert message.startswith(f"License expires: '{typed}' is not a date")
    assert reason in message and FORMATS[locale] in message
    assert f"The date stays {kept}." in message
    assert dialog.error_label.isVisible() and message in dialog.error_label.text()
    assert expiry.edit.text() == typed and expiry.value() == kept  # the typing is kept
    assert QApplication.focusWidget() is expiry.edit
    assert app_ctx.store.get(registers.audit_id).model_dump() == before
    # Corrected, it is saved.
    type_date(qtbot, expiry, "2030-01-31")
    assert not expiry.note.isVisible()
    save(qtbot, panel, dialog)
    assert app_ctx.store.get(registers.audit_id).practitioners[0].licence_expiry == dt.date(
        2030, 1, 31
    )


def test_a_date_cleared_is_not_recorded(qtbot, registers, app_ctx, locale):
    panel, dialog = open_dialog(qtbot, registers, "practitioners", row=0)
    expiry = dialog.inputs["licence_expiry"]
    assert expiry.value() is not None and not expiry.none_box.isChecked()
    qtbot.mouseClick(expiry.edit, LEFT)
    qtbot.keyClick(expiry.edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(expiry.edit, Qt.Key.Key_Delete)
    qtbot.keyClick(expiry.edit, Qt.Key.Key_Tab)  # leaving the field commits it
    assert expiry.none_box.isChecked() and expiry.value() is None
    save(qtbot, panel, dialog)
    assert app_ctx.store.get(registers.audit_id).practitioners[0].licence_expiry is None


# A popup window: the offscreen platform says it can neither raise it nor grab the keyboard.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing|propagateSizeHints)")
def test_the_calendar_opens_from_the_keyboard_and_picks_a_day(qtbot, registers, app_ctx, locale):
    panel, dialog = open_dialog(qtbot, registers, "products", row=0)
    expiry = dialog.inputs["expiry"]
    before = expiry.value()
    qtbot.mouseClick(expiry.edit, LEFT)
    qtbot.keyClick(expiry.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = expiry.calendar
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate().toPython() == before
    days = calendar.focusWidget()  # the grid of days, which has the keyboard
    qtbot.keyClick(days, Qt.Key.Key_Right)
    qtbot.keyClick(days, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    day_after = before + dt.timedelta(days=1)
    assert expiry.edit.text() == day_after.isoformat() and expiry.value() == day_after
    save(qtbot, panel, dialog)
    assert app_ctx.store.get(registers.audit_id).products[0].expiry == day_after


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing|propagateSizeHints)")
def test_escape_closes_the_calendar_and_changes_nothing(qtbot, registers, app_ctx, locale):
    panel, dialog = open_dialog(qtbot, registers, "products", row=0)
    expiry = dialog.inputs["expiry"]
    before = expiry.value()
    qtbot.mouseClick(expiry.calendar_button, LEFT)
    qtbot.waitUntil(expiry.calendar.isVisible)
    qtbot.keyClick(expiry.calendar.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(expiry.calendar.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not expiry.calendar.isVisible())
    assert dialog.isVisible() and expiry.value() == before
    assert expiry.edit.text() == before.isoformat()


def test_the_date_fields_keep_their_accessible_names(qtbot, registers, locale):
    _panel, dialog = open_dialog(qtbot, registers, "practitioners")
    assert unnamed_controls(dialog) == []
    expiry = dialog.inputs["licence_expiry"]
    assert expiry.edit.accessibleName() == "License expires"
    assert expiry.none_box.accessibleName() == "License expires: not recorded"
    assert expiry.calendar_button.accessibleName() == "License expires: choose from a calendar"
    assert FORMATS["en_US"] in expiry.edit.accessibleDescription()


# the corrective action's due date ------------------------------------------------------


@pytest.fixture
def findings(qtbot, locale, app_ctx, sample_audit):
    screen = FindingsScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(1100, 900)
    screen.show()
    screen.activateWindow()
    qtbot.waitActive(screen)
    screen.show_audit(sample_audit.id)
    return screen


def first_action(app_ctx, screen):
    key = next(iter(screen.cards))
    return next(a for a in app_ctx.store.get(screen.audit_id).actions if a.finding_key == key)


@with_locale("typed,stored", TYPED)
def test_a_due_date_typed_is_saved_once_typing_stops(
    qtbot, findings, app_ctx, locale, typed, stored
):
    due = next(iter(findings.cards.values())).editors[0].due_edit
    type_date(qtbot, due, typed)  # no Return: saved after the pause
    qtbot.waitUntil(lambda: first_action(app_ctx, findings).due == stored, timeout=5000)
    assert due.edit.text() == typed  # not rewritten under the person's fingers…
    qtbot.keyClick(due.edit, Qt.Key.Key_Return)
    assert due.edit.text() == stored.isoformat()  # …but once they are done with it


@with_locale("typed,reason", IMPOSSIBLE)
def test_an_impossible_due_date_is_refused_and_the_stored_one_kept(
    qtbot, findings, app_ctx, locale, typed, reason
):
    due = next(iter(findings.cards.values())).editors[0].due_edit
    before = first_action(app_ctx, findings)
    type_date(qtbot, due, typed, enter=True)
    assert due.note.isVisible()
    assert due.note.text().startswith(f"Due date: '{typed}' is not a date")
    assert reason in due.note.text() and FORMATS[locale] in due.note.text()
    assert first_action(app_ctx, findings) == before
    assert due.edit.text() == typed and due.value() == before.due


def test_a_refresh_keeps_a_due_date_being_corrected(qtbot, findings, app_ctx, locale):
    due = next(iter(findings.cards.values())).editors[0].due_edit
    type_date(qtbot, due, "2/30/2025", enter=True)
    app_ctx.notify_changed(findings.audit_id)  # e.g. another field of the card was saved
    assert due.edit.text() == "2/30/2025" and due.problem() is not None


# the new audit's date ----------------------------------------------------------------


@pytest.fixture
def new_audit(qtbot, locale, app_ctx):
    screen = NewAuditScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    screen.show()
    qtbot.waitExposed(screen)
    qtbot.keyClicks(screen.facility_name, "Corner Clinic")
    return screen


@with_locale("typed,stored", TYPED)
def test_the_new_audit_date_typed_is_the_date_stored(
    qtbot, new_audit, app_ctx, locale, typed, stored
):
    type_date(qtbot, new_audit.audit_date, typed)
    with qtbot.waitSignal(new_audit.created) as created:
        qtbot.mouseClick(new_audit.create_button, LEFT)
    assert app_ctx.audit(created.args[0]).audit_date == stored


@with_locale("typed,reason", [*IMPOSSIBLE, ("en_US", "", "a date is needed")])
def test_an_impossible_audit_date_creates_nothing(qtbot, new_audit, app_ctx, locale, typed, reason):
    field = new_audit.audit_date
    type_date(qtbot, field, typed)
    if not typed:
        qtbot.keyClick(field.edit, Qt.Key.Key_Delete)
    with qtbot.assertNotEmitted(new_audit.created):
        qtbot.mouseClick(new_audit.create_button, LEFT)
    assert field.note.isVisible() and field.note.text().startswith("Audit date: ")
    assert reason in field.note.text() and FORMATS[locale] in field.note.text()
    assert app_ctx.store.list() == []
    assert field.value() == dt.date.today()
