"""Repeat violations: a finding whose item failed at the facility's last finalized audit,
or at one within the pack's window (the item followed across checklist versions by its
stable code and ``replaces``). A pack may raise a repeat one severity."""

from __future__ import annotations

import datetime as dt

from clinic_audit.audit.model import Audit
from clinic_audit.checklist.model import Checklist
from clinic_audit.enums import Severity
from clinic_audit.rules.summary import Finding

DEFAULT_WINDOW_MONTHS = 24
RAISED = {Severity.MINOR: Severity.MAJOR, Severity.MAJOR: Severity.CRITICAL}


def window_start(day: dt.date, months: int) -> dt.date:
    """The day ``months`` calendar months before ``day`` (the month's last day if shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def repeat_window(checklist: Checklist) -> tuple[int, bool]:
    """The pack's repeat window in months, and whether a repeat is raised a severity."""
    thresholds = checklist.pack.thresholds if checklist.pack is not None else None
    if thresholds is None:
        return DEFAULT_WINDOW_MONTHS, False
    return thresholds.repeat_window_months, thresholds.repeat_escalates


def counts_as_prior(audit_date: dt.date, earlier: dt.date, last: dt.date, months: int) -> bool:
    """An earlier finalized audit's failures count for repeats when it is the facility's
    last finalized audit, or within the window."""
    return earlier < audit_date and (earlier == last or earlier >= window_start(audit_date, months))


def with_repeats(checklist: Checklist, audit: Audit, findings: list[Finding]) -> list[Finding]:
    """``prior_failures`` holds only what counts (see ``counts_as_prior``), copied in when
    the audit was made."""
    if not audit.prior_failures:
        return findings
    _months, escalates = repeat_window(checklist)
    priors = [p for p in audit.prior_failures if p.audit_date < audit.audit_date]
    out = []
    for finding in findings:
        item_id = finding.item_id or finding.evidences
        if item_id is None or finding.counted_with is not None:
            out.append(finding)
            continue
        item = checklist.item(item_id)
        same = {item_id, *item.replaces}
        matches = [p for p in priors if p.item_id in same or (p.code and p.code == finding.code)]
        if not matches:
            out.append(finding)
            continue
        update: dict[str, object] = {"repeat_of": max(p.audit_date for p in matches)}
        if escalates and finding.severity in RAISED:
            update |= {"severity": RAISED[finding.severity], "escalated_from": finding.severity}
        out.append(finding.model_copy(update=update))
    return out
