"""The corrective action plan: a finding's actions, and how far the plan has got."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from clinic_audit.audit.model import (
    ActionProgress,
    ActionStatus,
    CorrectiveAction,
    RequiredCorrection,
)
from clinic_audit.rules.summary import Finding


def actions_by_finding(actions: list[CorrectiveAction]) -> dict[str, list[CorrectiveAction]]:
    """Each finding key's actions, in the order they were written."""
    by_key: dict[str, list[CorrectiveAction]] = {}
    for action in actions:
        by_key.setdefault(action.finding_key, []).append(action)
    return by_key


def findings_without_action(
    findings: list[Finding], actions: list[CorrectiveAction]
) -> list[Finding]:
    """The findings that count and have no corrective action written for them yet."""
    planned = {action.finding_key for action in actions}
    return [f for f in findings if f.counted_with is None and f.key not in planned]


def orphan_actions(
    finding_keys: set[str], actions: list[CorrectiveAction]
) -> list[CorrectiveAction]:
    """Actions written for findings that no longer stand (the item was answered again,
    the register row changed): kept and shown, never silently dropped."""
    return [action for action in actions if action.finding_key not in finding_keys]


@dataclass(frozen=True)
class PlanProgress:
    findings: int
    planned: int  # findings with at least one written action
    done: int  # planned findings whose written actions are all done


def plan_progress(finding_keys: list[str], actions: list[CorrectiveAction]) -> PlanProgress:
    """An action counts once something is written in it; a blank one plans nothing."""
    by_key = actions_by_finding([a for a in actions if a.action.strip()])
    planned = [by_key[key] for key in finding_keys if key in by_key]
    done = sum(all(a.status == ActionStatus.DONE for a in written) for written in planned)
    return PlanProgress(findings=len(finding_keys), planned=len(planned), done=done)


def is_overdue(action: CorrectiveAction, today: dt.date) -> bool:
    """Not done, and its due date has passed."""
    return action.status != ActionStatus.DONE and action.due is not None and action.due < today


def required_correction(
    finding: Finding, own: RequiredCorrection | None, requirement_of: Callable[[str], str]
) -> str:
    """What the facility must do, in words: the agency's own wording when written, else
    the requirement the finding breaks (the item's prompt; a register finding's item)."""
    if own is not None and own.correction.strip():
        return own.correction.strip()
    item_id = finding.item_id or finding.evidences
    if item_id is not None:
        return f"Meet the requirement: {requirement_of(item_id)}"
    return f"Correct: {finding.problem or finding.title}."


def with_progress(
    actions: list[CorrectiveAction], log: list[ActionProgress], zone: ZoneInfo | None = None
) -> list[CorrectiveAction]:
    """The actions as their log after finalizing leaves them: the last status recorded,
    closed on the day it was recorded done, with that entry's note as the evidence."""
    out = []
    for action in actions:
        entries = [entry for entry in log if entry.action_id == action.id]
        if not entries:
            out.append(action)
            continue
        last = entries[-1]
        update: dict[str, object] = {"status": last.status}
        if last.status == ActionStatus.DONE:
            when = last.at.astimezone(zone) if zone else last.at
            update |= {"closed_on": when.date(), "closing_evidence": last.note}
        else:
            update |= {"closed_on": None}
        out.append(action.model_copy(update=update))
    return out
