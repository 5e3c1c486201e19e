"""What an audit must satisfy beyond the shape of each value: that it refers only to its
checklist and to its own register rows, and that its dates are plausible.

The models (``audit_model``) check each value on its own; these checks need the
checklist or today's date, so they run where those are known: on import
(``portable.parse_portable``) and whenever the store saves an audit (``Store.create``,
``Store.modify``). Each problem names the field it is about, and its message comes from
the catalog in ``messages``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from clinic_audit.audit.model import REGISTER_NAMES, Audit
from clinic_audit.checklist.model import Checklist
from clinic_audit.messages.catalogue import ErrorCode, FileProblem, message
from clinic_audit.rules.finding_keys import parse as parse_finding_key


@dataclass(frozen=True)
class DateWindow:
    """The dates at ``paths`` must lie between ``years_before`` years before and
    ``years_after`` years after ``anchor`` (today, or the audit's own date), and not
    before ``not_before``. Outside it they are refused, or only warned about when
    ``refuse`` is False. ``paths`` use ``*`` for every key of a mapping and ``[*]`` for
    every entry of a list."""

    paths: tuple[str, ...]
    rule: str
    anchor: str  # "today" or "audit_date"
    years_before: int | None
    years_after: int
    not_before: dt.date | None = None
    refuse: bool = True

    def bounds(self, anchor: dt.date) -> tuple[dt.date, dt.date]:
        """The earliest and the latest plausible date, given the anchor's date."""
        earliest = dt.date.min
        if self.years_before is not None:
            earliest = _years_from(anchor, -self.years_before)
        if self.not_before is not None:
            earliest = max(earliest, self.not_before)
        return earliest, _years_from(anchor, self.years_after)


EPOCH = dt.date(2000, 1, 1)

DATE_WINDOWS: tuple[DateWindow, ...] = (
    # Refused: the audit date is the day every register rule is judged on; one a decade
    # away from today is a slip of the keyboard or a forged record, not an inspection.
    DateWindow(
        paths=("audit_date",),
        rule="an audit date lies within 10 years of today",
        anchor="today",
        years_before=10,
        years_after=10,
    ),
    # Refused: a licence "expiring" 9999-12-31 or a product "expiring" in 2200 silently
    # suppresses the expired and expiring-soon findings; real ones lie within decades.
    DateWindow(
        paths=(
            "practitioners[*].licence_expiry",
            "practitioners[*].training_date",
            "products[*].expiry",
            "products[*].opened_on",
            "devices[*].last_spore_test",
            "actions[*].due",
        ),
        rule="a register or due date lies within 50 years of the audit date",
        anchor="audit_date",
        years_before=50,
        years_after=50,
    ),
    # Refused: the app stamps these from the computer's clock. None can be older than
    # the app; a clock a year fast is no slip of a time zone.
    DateWindow(
        paths=(
            "created_at",
            "finalized_at",
            "responses.*.answered_at",
            "responses.*.photos[*].attached_at",
            "signatures[*].signed_at",
        ),
        rule="a time the app recorded lies between 2000 and a year from today",
        anchor="today",
        years_before=None,
        years_after=1,
        not_before=EPOCH,
    ),
    # Warned only: the camera's own clock (EXIF), often never set; the photo stays
    # evidence, and the report shows the date as the camera gave it.
    DateWindow(
        paths=("responses.*.photos[*].taken_at",),
        rule="a camera date lies between 2000 and a year from today",
        anchor="today",
        years_before=None,
        years_after=1,
        not_before=EPOCH,
        refuse=False,
    ),
)


@dataclass(frozen=True)
class AuditProblem:
    """One problem of an audit: the field's path, the catalog code and its values."""

    path: str
    code: ErrorCode
    params: dict[str, Any] = field(hash=False)
    refuse: bool = True

    @property
    def key(self) -> tuple[object, ...]:
        """The same problem, wherever it has moved in lists (for 'is it new?')."""
        return (self.code, tuple(sorted(self.params.items())))

    def in_file(self, file: str) -> FileProblem:
        return FileProblem(file, self.code, self.params, path=self.path)

    def __str__(self) -> str:
        return f"{self.path}: {message(self.code, **self.params)}"


def reference_problems(audit: Audit, checklist: Checklist) -> list[AuditProblem]:
    """Answers only for items the checklist has; actions only for findings that can exist:
    an item of the checklist, or a row of this audit's registers."""
    items = {item.id for _section, item in checklist.items()}
    which = {"checklist": checklist.id, "version": checklist.version}
    problems = [
        AuditProblem(
            f"responses.{item_id}", ErrorCode.AUDIT_UNKNOWN_ITEM, which | {"item": item_id}
        )
        for item_id in audit.responses
        if item_id not in items
    ]
    rows = {name: {row.id for row in getattr(audit, name)} for name in REGISTER_NAMES}
    for index, action in enumerate(audit.actions):
        path = f"actions[{index}].finding_key"
        key = parse_finding_key(action.finding_key)  # its shape checked by the model
        if key.item_id is not None:
            if key.item_id not in items:
                problems.append(
                    AuditProblem(path, ErrorCode.AUDIT_UNKNOWN_ITEM, which | {"item": key.item_id})
                )
        elif key.row_id not in rows[str(key.register)]:
            problems.append(
                AuditProblem(
                    path, ErrorCode.AUDIT_UNKNOWN_ROW, {"register": key.register, "row": key.row_id}
                )
            )
    return problems


def date_problems(audit: Audit, today: dt.date) -> list[AuditProblem]:
    """Every date outside its window in ``DATE_WINDOWS``; ``refuse`` tells which to refuse.

    Register dates are judged from the audit date, or from today when the audit date is
    itself implausible (that is then the one problem to report, not every register date).
    """
    audit_window = next(w for w in DATE_WINDOWS if "audit_date" in w.paths)
    audit_day_ok = _within(audit.audit_date, audit_window.bounds(today))
    anchors = {"today": today, "audit_date": audit.audit_date if audit_day_ok else today}
    problems = []
    for window in DATE_WINDOWS:
        earliest, latest = window.bounds(anchors[window.anchor])
        code = (
            ErrorCode.AUDIT_IMPLAUSIBLE_DATE
            if window.refuse
            else ErrorCode.AUDIT_IMPLAUSIBLE_PHOTO_DATE
        )
        for pattern in window.paths:
            for path, value in _values_at(audit, pattern):
                if not isinstance(value, dt.date) or _within(value, (earliest, latest)):
                    continue  # None, or not a date at all (the model has refused that)
                params = {
                    "value": value.isoformat(),
                    "rule": window.rule,
                    "earliest": earliest.isoformat(),
                    "latest": latest.isoformat(),
                }
                problems.append(AuditProblem(path, code, params, refuse=window.refuse))
    return problems


def refusals(audit: Audit, checklist: Checklist, today: dt.date) -> list[AuditProblem]:
    """What makes the store refuse to save an audit."""
    dates = [p for p in date_problems(audit, today) if p.refuse]
    return reference_problems(audit, checklist) + dates


def _years_from(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February into a common year
        return day.replace(year=year, day=28)


def _within(value: dt.date, bounds: tuple[dt.date, dt.date]) -> bool:
    if isinstance(value, dt.datetime):  # aware times are judged in UTC, camera times as given
        value = (value.astimezone(dt.UTC) if value.tzinfo else value).date()
    return bounds[0] <= value <= bounds[1]


_PART = re.compile(r"\[\*\]|[^.\[\]]+")


def _values_at(audit: Audit, pattern: str) -> Iterator[tuple[str, object]]:
    def walk(value: Any, parts: list[str], path: str) -> Iterator[tuple[str, object]]:
        if not parts:
            yield path, value
        elif parts[0] == "*":
            for key, inner in value.items():
                yield from walk(inner, parts[1:], f"{path}.{key}")
        elif parts[0] == "[*]":
            for index, inner in enumerate(value):
                yield from walk(inner, parts[1:], f"{path}[{index}]")
        else:
            name = parts[0]
            yield from walk(getattr(value, name), parts[1:], f"{path}.{name}" if path else name)

    return walk(audit, _PART.findall(pattern), "")
