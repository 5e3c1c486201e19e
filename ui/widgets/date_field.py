"""One date-entry field for every date in the app: typed text, or a calendar.

The typed text is read as a whole when the person presses Return, leaves the field or
pauses (where the screen asks for that), never digit by digit, so what was typed is what
is stored. Accepted:

- ISO, year-month-day: ``2025-03-14`` (also ``2025-3-14``);
- the locale's short date format (``QLocale.dateFormat(ShortFormat)``), with a two- or a
  four-digit year: en_US ``3/14/25`` or ``3/14/2025``, en_GB ``14/03/2025`` or
  ``14/03/25``, de_DE ``14.03.25`` or ``14.03.2025``.

A two-digit year is the one, of the previous, this and the next century, that puts the
date nearest to today: in 2026, ``25`` is 2025 and ``76`` is 2076, but ``77`` is 1977.
While the person types, the field shows the date that will be stored (``= 2025-03-14``),
and once committed the text is rewritten as that ISO date. A date that does not exist
(2025-02-30, 13/13/2025), a year outside 1900–2199 or text that is not a date is refused
in place: a message under the field names it and the formats it takes, and the date
stored before stays as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from contextlib import suppress
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.ui.style.theme import tint

MIN_HEIGHT = 36
FIRST_YEAR, LAST_YEAR = 1900, 2199
MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)
ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Marks some locales put in their formats (right-to-left, narrow no-break space): they are
# not typed, so they are neither required nor refused.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"))
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})
_TOKENS = {"d": "d", "dd": "d", "M": "M", "MM": "M", "yy": "y", "yyyy": "y"}
_WORDS = {"d": "day", "M": "month", "y": "year"}


class DateProblem(ValueError):
    """Text that is not a date this field takes; ``reason`` says why, or is empty."""

    def __init__(self, reason: str = ""):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LocaleFormat:
    """A numeric short date format in Qt's notation, such as ``M/d/yy`` or ``dd.MM.yyyy``."""

    pattern: str
    parts: tuple[tuple[str, str], ...]  # ("token", "M") or ("text", "/")

    @classmethod
    def from_pattern(cls, pattern: str) -> LocaleFormat | None:
        """None for a format with parts other than numbers (month names, weekdays)."""
        parts: list[tuple[str, str]] = []
        for run in re.finditer(r"'(?:[^']|'')*'|d+|M+|y+|.", pattern):
            text = run.group()
            if text[0] in "dMy":
                if text not in _TOKENS:
                    return None
                parts.append(("token", text))
                continue
            if text.startswith("'"):
                text = text[1:-1].replace("''", "'") or "'"
            if parts and parts[-1][0] == "text":  # ". " of "yy. M. d." is one separator
                text = parts.pop()[1] + text
            parts.append(("text", text))
        if sorted(_TOKENS[t] for kind, t in parts if kind == "token") != ["M", "d", "y"]:
            return None
        return cls(pattern, tuple(parts))

    @property
    def order(self) -> str:
        """In words: ``month/day/year``."""
        tokens = [_TOKENS[t] for kind, t in self.parts if kind == "token"]
        return "/".join(_WORDS[t] for t in tokens)

    def regex(self) -> re.Pattern:
        pieces: list[str] = []
        for kind, text in self.parts:
            if kind == "token":
                pieces.append(r"(\d{4}|\d{2})" if text[0] == "y" else r"(\d{1,2})")
                continue
            literal = _clean(text).strip()
            if literal:
                pieces.append(r"\s*" + re.escape(literal) + r"\s*")
            elif _clean(text):  # a space between two numbers: needed, or 1432025 would do
                pieces.append(r"\s+")
        # What follows the last number (e.g. the "." of "yy. M. d.") may be left out.
        last = max(i for i, (kind, _t) in enumerate(self.parts) if kind == "token")
        tail = "".join(pieces[last + 1 :])
        return re.compile("".join(pieces[: last + 1]) + (f"(?:{tail})?" if tail else ""))

    def format(self, date: dt.date, long_year: bool = True) -> str:
        out = []
        for kind, text in self.parts:
            if kind == "text":
                out.append(text)
            elif text[0] == "y":
                out.append(f"{date.year:04d}" if long_year or text == "yyyy" else f"{date:%y}")
            else:
                number = date.day if text[0] == "d" else date.month
                out.append(f"{number:02d}" if len(text) == 2 else str(number))
        return _clean("".join(out))

    def placeholder(self, long_year: bool = False) -> str:
        """``m/d/yy`` for en_US, ``dd/mm/yyyy`` for en_GB."""
        out = []
        for kind, text in self.parts:
            if kind == "text":
                out.append(text)
            else:
                out.append("yyyy" if long_year and text == "yy" else text.lower())
        return _clean("".join(out))


def _clean(text: str) -> str:
    return text.translate(_INVISIBLE).translate(_SPACES)


def parse_date(text: str, local: LocaleFormat | None, today: dt.date) -> dt.date | None:
    """The date ``text`` names (None if it is blank); DateProblem if it names none."""
    text = _clean(text).strip()
    if not text:
        return None
    if match := ISO.fullmatch(text):
        year, month, day = (int(group) for group in match.groups())
        return _checked(year, month, day)
    if local is not None and (match := local.regex().fullmatch(text)):
        numbers: dict[str, str] = {}
        tokens = [t for kind, t in local.parts if kind == "token"]
        for token, group in zip(tokens, match.groups(), strict=True):
            numbers[_TOKENS[token]] = group
        month, day = int(numbers["M"]), int(numbers["d"])
        if len(numbers["y"]) == 4:
            return _checked(int(numbers["y"]), month, day)
        return _two_digit_year(int(numbers["y"]), month, day, today)
    raise DateProblem()


def _two_digit_year(short: int, month: int, day: int, today: dt.date) -> dt.date:
    """Of the previous, this and the next century, the date nearest to today."""
    century = today.year // 100 * 100
    years = [century - 100 + short, century + short, century + 100 + short]
    dates = []
    for year in years:
        with suppress(DateProblem):
            dates.append(_checked(year, month, day))
    if not dates:
        _checked(min(years, key=lambda year: abs(year - today.year)), month, day)  # raises
    return min(dates, key=lambda date: abs(date - today))


def _checked(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise DateProblem(f"there is no month {month}")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateProblem(f"the year must be from {FIRST_YEAR} to {LAST_YEAR}")
    days = monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateProblem(f"{MONTHS[month - 1]} {year} has {days} days")
    return dt.date(year, month, day)


def accepted_formats(local: LocaleFormat | None, example: dt.date) -> str:
    """The formats in words, with ``example`` written in each: for a message."""
    iso = f"{example.isoformat()} (year-month-day)"
    if local is None or local.format(example) == example.isoformat():
        return iso
    forms = [local.format(example, long_year=True), local.format(example, long_year=False)]
    if forms[0] == forms[1]:
        forms.pop()
    return f"{iso} or {' or '.join(forms)} ({local.order})"


class DateField(QWidget):
    """A date typed (ISO or the locale's short form) or picked from a calendar; where
    ``optional``, also no date at all (the ``none_text`` box, or the text cleared).

    ``changed`` follows every new date the person commits (Return, leaving the field, the
    calendar, the box); ``edited`` every keystroke of typing, before it is committed."""

    changed = Signal()
    edited = Signal()

    def __init__(
        self,
        label: str,
        default: dt.date,
        parent: QWidget | None = None,
        *,
        optional: bool = True,
        none_text: str = "Not recorded",
        min_height: int = MIN_HEIGHT,
    ):
        super().__init__(parent)
        self.label = label
        self.optional = optional
        self._default = default
        self._value: dt.date | None = default
        self._problem: str | None = None
        self._locale = QLocale()  # not ``locale``: that is QWidget's locale() method
        self.local_format = LocaleFormat.from_pattern(
            self._locale.dateFormat(QLocale.FormatType.ShortFormat)
        )
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(label)
        self.edit.setMinimumHeight(min_height)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("0000-00-00") + 24)
        self.edit.setPlaceholderText(self._placeholder())
        self.edit.setToolTip(f"Type the date as {accepted_formats(self.local_format, _example())}")
        self.edit.setAccessibleDescription(self.edit.toolTip())
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self.commit)
        self.edit.installEventFilter(self)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setIcon(_calendar_icon(self.palette().buttonText().color()))
        self.calendar_button.setIconSize(QSize(20, 20))
        self.calendar_button.setMinimumWidth(max(min_height, 28))
        self.calendar_button.setAccessibleName(f"{label}: choose from a calendar")
        self.calendar_button.setToolTip("Choose the date from a calendar (Alt+Down in the field)")
        self.calendar_button.setMinimumHeight(min_height)
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.calendar: QCalendarWidget | None = None
        self.none_box: QCheckBox | None = None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        if optional:
            self.none_box = QCheckBox(none_text, self)
            self.none_box.setAccessibleName(f"{label}: {none_text.lower()}")
            self.none_box.setMinimumHeight(min_height)
            self.none_box.clicked.connect(self._none_clicked)
            row.addWidget(self.none_box)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setAccessibleName(f"{label}: note")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.setFocusProxy(self.edit)
        self._show(default)

    # what is stored ----------------------------------------------------------------

    def value(self) -> dt.date | None:
        """The date last committed (never text that is still being typed or was refused)."""
        return self._value

    def set_value(self, value: dt.date | None, keep_typing: bool = False) -> None:
        """Show ``value`` without emitting ``changed`` (that is for the person's edits).
        ``keep_typing``: text the person has typed and not committed stays in the field."""
        if value is None and not self.optional:
            raise ValueError(f"{self.label} needs a date")
        typing = keep_typing and (self.is_dirty() or self._problem is not None)
        self._value = value
        if value is not None:
            self._default = value
        if not typing:
            self._show(value)

    def is_dirty(self) -> bool:
        """Whether the text differs from the date committed."""
        return _clean(self.edit.text()).strip() != _iso(self._value)

    def problem(self) -> str | None:
        """The message shown for text that was refused, None if there is none."""
        return self._problem

    def commit(self, show_problem: bool = True, reformat: bool = True) -> bool:
        """Read the typed text: a date (or, where optional, none) is kept, and ``changed``
        emitted if it is new; other text is refused (shown under the field unless not
        ``show_problem``) and the date kept before stays. True if the text was taken."""
        try:
            date = parse_date(self.edit.text(), self.local_format, dt.date.today())
            if date is None and not self.optional:
                raise DateProblem("a date is needed")
        except DateProblem as problem:
            if show_problem:
                self._show_problem(self._message(problem))
            return False
        if reformat:
            self._show(date)
        elif self._problem is not None:
            self._show_note(self._hint(date))
        self._take(date)
        return True

    # what the person does ------------------------------------------------------------

    def open_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = _CalendarPopup(self)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
        try:
            shown = parse_date(self.edit.text(), self.local_format, dt.date.today())
        except DateProblem:
            shown = None
        self.calendar.setSelectedDate(_qdate(shown or self._value or self._default))
        self.calendar.adjustSize()
        where = self.edit.mapToGlobal(QPoint(0, self.edit.height()))
        screen = self.screen().availableGeometry()
        size = self.calendar.sizeHint()
        x = max(screen.left(), min(where.x(), screen.right() - size.width()))
        y = where.y()
        if y + size.height() > screen.bottom():  # no room below the field: above it
            y = max(screen.top(), y - self.edit.height() - size.height())
        self.calendar.move(x, y)
        self.calendar.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt's name
        if (
            watched is self.edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            alt_down = event.key() == Qt.Key.Key_Down and (
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def _picked(self, date: QDate) -> None:
        if self.calendar is not None:
            self.calendar.close()
        picked = cast(dt.date, date.toPython())  # typed as object in PySide6's stubs
        self._show(picked)
        self._take(picked)
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def _none_clicked(self, checked: bool) -> None:
        date = None if checked else self._default
        self._show(date)
        self._take(date)
        if not checked:
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _typed(self, _text: str) -> None:
        try:
            date = parse_date(self.edit.text(), self.local_format, dt.date.today())
        except DateProblem:
            if self._problem is None:
                self.note.hide()
        else:
            self._show_note(self._hint(date))
        self.edited.emit()

    # showing -----------------------------------------------------------------------

    def _take(self, date: dt.date | None) -> None:
        if self.none_box is not None:
            self.none_box.setChecked(date is None)
        if date is not None:
            self._default = date
        if date != self._value:
            self._value = date
            self.changed.emit()

    def _show(self, date: dt.date | None) -> None:
        """The text of ``date``, with no note."""
        self.edit.setText(_iso(date))
        if self.none_box is not None:
            self.none_box.setChecked(date is None)
        self._show_note(None)

    def _hint(self, date: dt.date | None) -> str | None:
        """What will be stored, if the text does not say it in those very words."""
        if date is None:
            return "= no date" if self.optional and self._value is not None else None
        if _clean(self.edit.text()).strip() == date.isoformat():
            return None
        long = self._locale.toString(_qdate(date), QLocale.FormatType.LongFormat)
        return f"= {date.isoformat()} ({long})"

    def _show_note(self, hint: str | None) -> None:
        self._problem = None
        self.edit.setAccessibleDescription(self.edit.toolTip())
        if hint is None:
            self.note.hide()
            return
        tint(self.note, "muted")
        self.note.setText(hint)
        self._fit_note()
        self.note.show()

    def _show_problem(self, message: str) -> None:
        self._problem = message
        tint(self.note, "critical", "font-weight: bold")
        self.note.setText(message)
        self._fit_note()
        self.note.show()
        self.edit.setAccessibleDescription(message)

    def resizeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().resizeEvent(event)
        if self.note.text():
            self._fit_note()

    def _fit_note(self) -> None:
        """As tall as its wrapped lines need, so that a dialog grows to show all of it:
        windows do not follow a word-wrapped label's height for their width themselves."""
        self.note.setMinimumHeight(max(0, self.note.heightForWidth(max(self.width(), 120))))

    def _message(self, problem: DateProblem) -> str:
        text = _clean(self.edit.text()).strip()
        formats = accepted_formats(self.local_format, _example())
        if not text:
            return f"{self.label}: a date is needed. Type it as {formats}."
        shown = text if len(text) <= 40 else text[:39] + "…"
        reason = f": {problem.reason}" if problem.reason else ""
        kept = f" The date stays {_iso(self._value)}." if self._value else ""
        return f"{self.label}: '{shown}' is not a date{reason}. Type it as {formats}.{kept}"

    def _placeholder(self) -> str:
        if self.local_format is None or self.local_format.placeholder(True) == "yyyy-mm-dd":
            return "yyyy-mm-dd"
        return f"yyyy-mm-dd or {self.local_format.placeholder()}"


class _CalendarPopup(QCalendarWidget):
    """The month of the field's date; a click or Return chooses, Escape closes."""

    def __init__(self, field: DateField):
        super().__init__(field)
        self.field = field
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setAccessibleName(f"{field.label}: calendar")
        self.setGridVisible(True)
        self.setMinimumDate(QDate(FIRST_YEAR, 1, 1))
        self.setMaximumDate(QDate(LAST_YEAR, 12, 31))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            self.field.edit.setFocus(Qt.FocusReason.PopupFocusReason)
            return
        super().keyPressEvent(event)


def _calendar_icon(colour: QColor) -> QIcon:
    """A small wall calendar: two rings, a header bar and a grid of days."""
    pixmap = QPixmap(40, 40)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 3))
    painter.drawRoundedRect(4, 8, 32, 28, 4, 4)
    painter.fillRect(4, 8, 32, 8, colour)
    for x in (12, 28):
        painter.drawLine(x, 3, x, 11)
    for row in range(2):
        for column in range(4):
            painter.fillRect(9 + column * 7, 20 + row * 7, 4, 4, colour)
    painter.end()
    return QIcon(pixmap)


def _qdate(date: dt.date) -> QDate:
    """QDate(date) as PySide6 takes it, in the form its stubs know."""
    return QDate(date.year, date.month, date.day)


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def _example() -> dt.date:
    """14 March: a day above 12 shows which number is the day."""
    return dt.date(2025, 3, 14)
