"""When each finding must be corrected: the pack's deadline for its severity, or an
earlier one the inspector set (never a later one).

Working days are Monday to Friday, counted from the day after the inspection; public
holidays are not known here and are not taken off (the notice prints the date itself,
so nobody has to count).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from clinic_audit.audit.notice import RequiredCorrection
from clinic_audit.checklist.pack_model import Basis, Deadline, Thresholds
from clinic_audit.enums import Severity
from clinic_audit.rules.display import long_date, plural

DeadlineKind = Literal["immediately", "by_date", "next_inspection"]


class CorrectionDeadline(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: DeadlineKind
    due: dt.date | None  # the inspection day for "immediately"; None: next inspection undated
    text: str  # for one finding: "By Wednesday, December 16, 2026 (10 working days …)."
    # The pack's own words for each severity's deadline are in its thresholds (the notice
    # prints them once, in its legend).
    set_by: Literal["pack", "inspector"]
    basis: list[Basis] = []

    @property
    def short_text(self) -> str:
        """For a table cell: "Immediately", "2026-12-16", "Next inspection"."""
        if self.kind == "immediately":
            return "Immediately"
        if self.kind == "next_inspection":
            return "Next inspection" + (f" ({self.due.isoformat()})" if self.due else "")
        return self.due.isoformat() if self.due else "—"

    def is_later_than(self, other: CorrectionDeadline) -> bool:
        """Whether this deadline gives more time than ``other``."""
        return _horizon(self) > _horizon(other)


def _horizon(deadline: CorrectionDeadline) -> dt.date:
    """The last day the deadline allows: an undated "next inspection" is open-ended."""
    if deadline.due is not None:
        return deadline.due
    return dt.date.min if deadline.kind == "immediately" else dt.date.max


def add_working_days(start: dt.date, days: int) -> dt.date:
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def pack_deadline(
    severity: Severity,
    thresholds: Thresholds,
    audit_date: dt.date,
    reinspection: dt.date | None = None,
) -> CorrectionDeadline:
    rule = _rule_for(severity, thresholds)
    if rule.kind == "immediately":
        return CorrectionDeadline(
            kind="immediately",
            due=audit_date,
            text="Immediately; microneedling stops until it is corrected.",
            set_by="pack",
            basis=rule.basis,
        )
    if rule.kind == "next_inspection":
        when = f", on or after {long_date(reinspection)}" if reinspection else ""
        return CorrectionDeadline(
            kind="next_inspection",
            due=reinspection,
            text=f"By the next inspection{when}.",
            set_by="pack",
            basis=rule.basis,
        )
    days = rule.days or 0
    if rule.kind == "working_days":
        due = add_working_days(audit_date, days)
        span = plural(days, "working day")
    else:
        due = audit_date + dt.timedelta(days=days)
        span = plural(days, "calendar day")
    return CorrectionDeadline(
        kind="by_date",
        due=due,
        text=f"By {long_date(due)} ({span} from the inspection).",
        set_by="pack",
        basis=rule.basis,
    )


def inspector_deadline(
    correction: RequiredCorrection, audit_date: dt.date
) -> CorrectionDeadline | None:
    if correction.immediately:
        return CorrectionDeadline(
            kind="immediately",
            due=audit_date,
            text="Immediately, before microneedling resumes (set by the inspector).",
            set_by="inspector",
        )
    if correction.due is None:
        return None
    return CorrectionDeadline(
        kind="by_date",
        due=correction.due,
        text=f"By {long_date(correction.due)} (set by the inspector).",
        set_by="inspector",
    )


def deadline_for(
    severity: Severity,
    thresholds: Thresholds | None,
    audit_date: dt.date,
    correction: RequiredCorrection | None,
    reinspection: dt.date | None = None,
) -> CorrectionDeadline | None:
    """The deadline that applies: the inspector's when set (it is never later than the
    pack's: the service refuses that), else the pack's; None without either."""
    own = inspector_deadline(correction, audit_date) if correction is not None else None
    if own is not None:
        return own
    if thresholds is None:
        return None
    return pack_deadline(severity, thresholds, audit_date, reinspection)


def _rule_for(severity: Severity, thresholds: Thresholds) -> Deadline:
    return next(d for d in thresholds.correction_deadlines if d.severity == severity)
