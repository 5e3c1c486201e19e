"""The cover page: who, where, when, and the outcome in a large badge."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from clinic_audit.audit.model import Person, Status
from clinic_audit.checklist.model import Severity
from clinic_audit.reports.context import ReportData
from clinic_audit.reports.flowables import Heading, OutcomeBadge
from clinic_audit.reports.styles import MUTED, OUTCOME_COLOURS, RULE
from clinic_audit.reports.text import esc, fmt_date, fmt_score, fmt_time
from clinic_audit.rules.summary import Outcome

OUTCOME_SYMBOLS = {
    Outcome.COMPLIANT: ("✓", "OK:"),
    Outcome.COMPLIANT_WITH_ACTIONS: ("!", "!"),
    Outcome.NON_COMPLIANT: ("✗", "X"),
    Outcome.INCOMPLETE: ("?", "?"),
}


def cover(data: ReportData) -> list:
    s, audit, summary = data.styles, data.audit, data.summary
    words = data.wording
    subtitle = f"{audit.kind.label} · {data.checklist.title}, version {data.checklist.version}"
    story: list = [
        Heading(esc(words.document_title), s.title, outline=words.document_title),
        s.text(s.run(subtitle, size=11.5, colour=MUTED), after=5 * mm),
        s.text(s.run(audit.facility.name, "bold", 15), after=3),
    ]
    if audit.facility.address.strip():
        story.append(s.body(audit.facility.address))
    story += [Spacer(1, 4 * mm), _details(data), Spacer(1, 7 * mm), _badge(data)]
    story.append(Spacer(1, 4 * mm))
    minimum = data.checklist.outcome_rules.minimum_score
    story.append(
        s.text(
            s.run(f"Overall score: {fmt_score(summary.score)}", "bold"),
            s.run(f" (weighted by severity; the checklist requires at least {minimum:g} %)."),
            after=4,
        )
    )
    counts = ", ".join(f"{summary.count(severity)} {severity.value}" for severity in Severity)
    total = len(summary.findings)
    story.append(
        s.text(
            s.run(f"{total} finding{'s' if total != 1 else ''}", "bold"),
            s.run(f": {counts}."),
            after=4,
        )
    )
    if summary.unanswered:
        story.append(
            s.body(f"{len(summary.unanswered)} item(s) not answered — listed in the summary.")
        )
    story += [Spacer(1, 6 * mm), s.muted(words.intro)]
    if audit.status != Status.FINALIZED:
        story.append(
            s.muted(
                "Draft. This audit has not been finalized: its answers can still change, "
                "and this report is not the final record."
            )
        )
    return story


def _details(data: ReportData) -> Table:
    s, audit = data.styles, data.audit
    status = (
        f"Finalized {fmt_time(audit.finalized_at)}"
        if audit.status == Status.FINALIZED
        else "Draft (not finalized)"
    )
    rows = [
        ("Facility licence", audit.facility.licence_number or "—"),
        ("Contact", audit.facility.contact or "—"),
        ("Kind of audit", audit.kind.label),
        ("Audit date", fmt_date(audit.audit_date)),
        (data.wording.inspector_role, _person(audit.inspector)),
        (data.wording.representative_label, _person(audit.representative)),
        ("Status", status),
        ("Report ID", f"{data.report_id} (audit record {audit.id})"),
    ]
    table = Table(
        [[s.cell(label, "bold"), s.cell(value)] for label, value in rows],
        colWidths=[42 * mm, data.frame_width - 42 * mm],
        hAlign="LEFT",
        splitInRow=1,
    )
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ]
    )
    return table


def _person(person: Person) -> str:
    parts = [person.name] if person.name.strip() else ["not recorded"]
    extra = [x for x in (person.role, person.organisation) if x.strip()]
    if extra:
        parts.append(", ".join(extra))
    return " — ".join(parts)


def _badge(data: ReportData) -> OutcomeBadge:
    s, outcome = data.styles, data.summary.outcome
    symbol, ascii_form = OUTCOME_SYMBOLS[outcome]
    label = Paragraph(
        f"OUTCOME: {esc(s.fonts.mark(symbol, ascii_form))} {esc(outcome.label.upper())}", s.badge
    )
    detail = Paragraph(esc(_badge_detail(data)), s.badge_detail)
    return OutcomeBadge(label, detail, OUTCOME_COLOURS[outcome])


def _badge_detail(data: ReportData) -> str:
    summary = data.summary
    critical = summary.count(Severity.CRITICAL)
    if summary.outcome == Outcome.NON_COMPLIANT and critical:
        return f"{critical} critical finding{'s' if critical != 1 else ''}: see the summary."
    if summary.outcome == Outcome.INCOMPLETE:
        return f"{len(summary.unanswered)} applicable item(s) are not answered yet."
    return f"Overall score {fmt_score(summary.score)}"
