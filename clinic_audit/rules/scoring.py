"""The summary of an audit: which items apply, the findings, scores and the outcome.

A pure function of (checklist, audit, as-of date); the UI and the report only show it.
"""

from __future__ import annotations

import datetime as dt

from clinic_audit.audit.model import Audit
from clinic_audit.checklist.conditions import holds
from clinic_audit.checklist.model import Checklist, Item, Result, Section, Severity
from clinic_audit.rules.deadlines import deadline_for
from clinic_audit.rules.finding_keys import item_key
from clinic_audit.rules.register_rules import register_findings
from clinic_audit.rules.repeats import with_repeats
from clinic_audit.rules.summary import Finding, ItemStatus, Outcome, SectionScore, Summary


def summarize(checklist: Checklist, audit: Audit, as_of: dt.date | None = None) -> Summary:
    as_of = as_of or audit.audit_date
    keep_with_evidence = checklist.format >= 2
    statuses = [
        _status(section, item, audit, keep_with_evidence) for section, item in checklist.items()
    ]
    item_findings = [
        _item_finding(checklist, section, item)
        for (section, item), status in zip(checklist.items(), statuses, strict=True)
        if status.applicable and status.result == Result.FAIL
    ]
    registers = register_findings(checklist, audit, as_of)
    if checklist.outcome_rules.one_finding_per_fact:
        registers = _counted_once(registers, {f.item_id for f in item_findings})
    found = with_repeats(checklist, audit, item_findings + registers)
    findings = [
        _with_deadline(checklist, audit, f) for f in sorted(found, key=lambda f: f.severity.rank)
    ]
    weights = checklist.outcome_rules.severity_weights
    weight = {
        item.id: item.weight or weights.of(item.severity) for _section, item in checklist.items()
    }
    severity = {item.id: item.severity for _section, item in checklist.items()}
    sections = [
        _section_score(section, statuses, severity, weight) for section in checklist.sections
    ]
    score = _percent(statuses, weight)
    unanswered = [s.item_id for s in statuses if s.applicable and s.result is None]
    return Summary(
        as_of=as_of,
        items=statuses,
        sections=sections,
        findings=findings,
        score=score,
        outcome=_outcome(checklist, findings, score, bool(unanswered)),
        unanswered=unanswered,
        missing_evidence=[s.item_id for s in statuses if s.missing_note or s.missing_photo],
    )


def _with_deadline(checklist: Checklist, audit: Audit, finding: Finding) -> Finding:
    thresholds = checklist.pack.thresholds if checklist.pack is not None else None
    deadline = deadline_for(
        finding.severity,
        thresholds,
        audit.audit_date,
        audit.correction(finding.key),
        audit.reinspection_date,
    )
    return finding.model_copy(update={"deadline": deadline}) if deadline else finding


def _counted_once(registers: list[Finding], failed_items: set[str | None]) -> list[Finding]:
    """A register finding whose item failed too is counted in that item's finding."""
    return [
        f.model_copy(update={"counted_with": item_key(f.evidences)})
        if f.evidences is not None and f.evidences in failed_items
        else f
        for f in registers
    ]


def _status(section: Section, item: Item, audit: Audit, keep_with_evidence: bool) -> ItemStatus:
    """With ``keep_with_evidence`` (format 2), an item the inspector answered, or gave a
    note or photo, stays applicable even if its condition no longer holds: evidence
    recorded is never hidden."""
    response = audit.response(item.id)
    evidence = response.result is not None or bool(response.note.strip() or response.photos)
    applies = holds(item.applies_when, audit) or (keep_with_evidence and evidence)
    applicable = applies and response.result != Result.NOT_APPLICABLE
    failed = applicable and response.result == Result.FAIL
    return ItemStatus(
        section_id=section.id,
        item_id=item.id,
        applicable=applicable,
        result=response.result if applicable else Result.NOT_APPLICABLE,
        missing_note=failed and item.note_required_on_fail and not response.note.strip(),
        missing_photo=failed
        and item.photo_required_on_fail
        and not response.photos
        and not response.photo_waiver.strip(),
    )


def _item_finding(checklist: Checklist, section: Section, item: Item) -> Finding:
    return Finding(
        key=item_key(item.id),
        severity=item.severity,
        title=item.prompt,
        code=item.code or "",
        violation=item.violation or "",
        reference=checklist.reference_of(item),
        basis=item.basis,
        no_rule=item.no_rule or "",
        section_id=section.id,
        item_id=item.id,
    )


def _percent(statuses: list[ItemStatus], weight: dict[str, int]) -> float | None:
    """Weighted by each item's weight (its own, else its severity's), over applicable
    items answered pass or fail."""
    scored = [s for s in statuses if s.applicable and s.result in (Result.PASS, Result.FAIL)]
    total = sum(weight[s.item_id] for s in scored)
    passed = sum(weight[s.item_id] for s in scored if s.result == Result.PASS)
    return round(100.0 * passed / total, 1) if total else None


def _section_score(
    section: Section,
    statuses: list[ItemStatus],
    severity: dict[str, Severity],
    weight: dict[str, int],
) -> SectionScore:
    own = [s for s in statuses if s.section_id == section.id and s.applicable]
    return SectionScore(
        section_id=section.id,
        title=section.title,
        applicable=len(own),
        answered=sum(1 for s in own if s.result is not None),
        passed=sum(1 for s in own if s.result == Result.PASS),
        failed=sum(1 for s in own if s.result == Result.FAIL),
        not_observed=sum(1 for s in own if s.result == Result.NOT_OBSERVED),
        score=_percent(own, weight),
        has_critical_failure=any(
            s.result == Result.FAIL and severity[s.item_id] == Severity.CRITICAL for s in own
        ),
    )


def _outcome(
    checklist: Checklist, findings: list[Finding], score: float | None, incomplete: bool
) -> Outcome:
    rules = checklist.outcome_rules
    if rules.critical_forces_stop and any(f.severity == Severity.CRITICAL for f in findings):
        return Outcome.NON_COMPLIANT
    if incomplete:
        return Outcome.INCOMPLETE
    if score is not None and score < rules.minimum_score:
        return Outcome.NON_COMPLIANT
    return Outcome.COMPLIANT_WITH_ACTIONS if findings else Outcome.COMPLIANT
