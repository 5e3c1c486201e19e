"""What a facility's audits add up to: one line per inspection, its open findings and
actions, and the corrective actions that are overdue across every facility."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from clinic_audit.audit.model import ActionProgress, ActionStatus, Audit, CorrectiveAction, Status
from clinic_audit.checklist.model import Checklist, Severity
from clinic_audit.facility.model import FacilityRecord
from clinic_audit.rules.action_plan import is_overdue, with_progress
from clinic_audit.rules.scoring import summarize
from clinic_audit.rules.summary import Summary


@dataclass(frozen=True)
class Inspection:
    """One audit of the facility, as its history lists it."""

    audit: Audit
    summary: Summary
    actions: list[CorrectiveAction]  # as the progress logged after finalizing leaves them

    def counts(self) -> str:
        """ "1 critical, 3 major, 2 minor"."""
        return ", ".join(f"{self.summary.count(s)} {s.value}" for s in Severity)


@dataclass(frozen=True)
class OpenAction:
    facility: str
    audit: Audit
    action: CorrectiveAction
    finding: str

    def days_overdue(self, today: dt.date) -> int:
        return (today - self.action.due).days if self.action.due else 0


def inspections(
    audits: list[Audit],
    checklist_for: Callable[[Audit], Checklist],
    log_of: Callable[[str], list[ActionProgress]] = lambda _id: [],
) -> list[Inspection]:
    """The audits with their summaries, oldest first."""
    scored = [(audit, summarize(checklist_for(audit), audit)) for audit in audits]
    return inspections_of(scored, {audit.id: log_of(audit.id) for audit in audits})


def inspections_of(
    scored: list[tuple[Audit, Summary]], logs: Mapping[str, list[ActionProgress]]
) -> list[Inspection]:
    """``inspections`` of audits already summarized, with the progress logged after
    finalizing (by audit id; none for an audit not in ``logs``), oldest first."""
    ordered = sorted(scored, key=lambda pair: (pair[0].audit_date, pair[0].created_at))
    return [
        Inspection(audit, summary, with_progress(audit.actions, logs.get(audit.id, []), audit.zone))
        for audit, summary in ordered
    ]


class ScoredAudits:
    """Audits read from a store with their summaries, kept while each is unchanged (the
    store's save time says so), so a history shown again is not read and scored again.
    Only the audits of the facilities last asked for are kept (``keep_only``)."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, Audit, Summary]] = {}
        self._asked: set[str] = set()

    def of_facility(self, store, facility_id: str) -> list[tuple[Audit, Summary]]:
        found = []
        for audit_id, changed in store.audit_versions_of(facility_id):
            found.append(self.read(store, audit_id, changed))
        return found

    def unread(self, store, facility_id: str) -> list[tuple[str, str]]:
        """The facility's audits (id, version) not kept yet, or changed since."""
        return [
            (audit_id, changed)
            for audit_id, changed in store.audit_versions_of(facility_id)
            if self._kept.get(audit_id, ("",))[0] != changed
        ]

    def read(self, store, audit_id: str, changed: str) -> tuple[Audit, Summary]:
        """The audit and its summary, read and scored unless kept at this version."""
        kept = self._kept.get(audit_id)
        if kept is None or kept[0] != changed:
            audit = store.get(audit_id)
            kept = (changed, audit, summarize(store.checklist_for(audit), audit))
            self._kept[audit_id] = kept
        self._asked.add(audit_id)
        return kept[1], kept[2]

    def keep_only_asked(self) -> None:
        """Forget the audits not asked for since the last call (facilities not shown)."""
        self._kept = {key: value for key, value in self._kept.items() if key in self._asked}
        self._asked = set()

    def clear(self) -> None:
        self._kept.clear()
        self._asked.clear()


def open_actions(facility: FacilityRecord, history: list[Inspection]) -> list[OpenAction]:
    """Every action not done, in the facility's audits, by due date (undated last)."""
    out = []
    for inspection in history:
        titles = {
            f.key: " ".join(part for part in (f.code, f.violation or f.title) if part)
            for f in inspection.summary.findings
        }
        for action in inspection.actions:
            if action.status != ActionStatus.DONE:
                out.append(
                    OpenAction(
                        facility.name,
                        inspection.audit,
                        action,
                        titles.get(action.finding_key, action.finding_key),
                    )
                )
    return sorted(out, key=lambda o: (o.action.due is None, o.action.due or dt.date.max))


def overdue(actions: list[OpenAction], today: dt.date) -> list[OpenAction]:
    return [o for o in actions if is_overdue(o.action, today)]


CSV_COLUMNS = (
    "facility",
    "audit",
    "audit_date",
    "status_of_audit",
    "finding",
    "action",
    "responsible",
    "due",
    "status",
    "days_overdue",
)


def actions_csv(actions: list[OpenAction], today: dt.date) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for o in actions:
        late = o.days_overdue(today) if is_overdue(o.action, today) else 0
        writer.writerow(
            [
                o.facility,
                o.audit.id[:8],
                o.audit.audit_date.isoformat(),
                "finalized" if o.audit.status == Status.FINALIZED else "draft",
                o.finding,
                o.action.action,
                o.action.responsible,
                o.action.due.isoformat() if o.action.due else "",
                o.action.status.value,
                late,
            ]
        )
    return out.getvalue()
