"""Page 1 of an internal self-audit (a readiness review: no legal text), and what both
first pages share: the two-column details table and the outcome with its score."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table

from clinic_audit.audit.model import Person
from clinic_audit.checklist.model import Severity
from clinic_audit.reports.context import ReportData
from clinic_audit.reports.flowables import Heading, OutcomeBadge
from clinic_audit.reports.styles import ACCENT, CELL_SIZE, OUTCOME_COLOURS, RULE, grid
from clinic_audit.reports.text import esc, fmt_score
from clinic_audit.rules.display import long_date, plural
from clinic_audit.rules.summary import Outcome

OUTCOME_SYMBOLS = {
    Outcome.COMPLIANT: ("✓", "OK:"),
    Outcome.COMPLIANT_WITH_ACTIONS: ("!", "!"),
    Outcome.NON_COMPLIANT: ("✗", "X"),
    Outcome.INCOMPLETE: ("?", "?"),
}
LABEL_WIDTH = 28 * mm
CELL_PADDING = 6  # a table cell's default left and right padding, points


def cover(data: ReportData) -> list:
    """The first page of a self-audit."""
    s, audit, checklist = data.styles, data.audit, data.checklist
    title = data.wording.document_title
    story: list = [
        Heading(esc(title), s.title, outline=title),
        s.text(
            s.run(f"Internal self-audit · report {data.report_id}", "bold", 9.5, ACCENT),
            s.run("" if data.final else " · DRAFT", "bold", 9.5, ACCENT),
            after=4 * mm,
        ),
    ]
    facility = [
        ("Facility", audit.facility.name),
        ("Address", audit.facility.address.strip() or "—"),
        ("Facility license", audit.facility.licence_number.strip() or "—"),
    ]
    rules = f"{checklist.title}, version {checklist.version}"
    if checklist.pack is not None:
        rules = f"{checklist.pack.title}, version {checklist.pack.version}; {rules}"
    review = [
        ("Date", long_date(audit.audit_date)),
        ("Time in – out", hours_text(data)),
        (data.wording.inspector_role, person_text(audit.inspector)),
        (data.wording.representative_label, person_text(audit.representative)),
        ("Checked against", rules),
    ]
    story += [details_table(data, facility, review), Spacer(1, 5 * mm)]
    story += outcome_block(data)
    story += [Spacer(1, 3 * mm), s.muted(data.wording.intro)]
    return story


def details_table(
    data: ReportData, left: list[tuple[str, str]], right: list[tuple[str, str]]
) -> Table:
    """Two columns of "label value" lines: who and where, and what and when."""
    s = data.styles
    gap = 6 * mm
    left_width = (data.frame_width - gap) * 0.46
    right_width = data.frame_width - gap - left_width

    def column(rows: list[tuple[str, str]], width: float) -> Table:
        fit = width - LABEL_WIDTH - 2 * CELL_PADDING
        table = grid(
            s.fonts.regular,
            [
                [s.cell(label, "bold"), s.cell(_fit_addresses(value, fit, s.fonts.regular))]
                for label, value in rows
            ],
            colWidths=[LABEL_WIDTH, width - LABEL_WIDTH],
            hAlign="LEFT",
        )
        table.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
        return table

    outer = grid(
        s.fonts.regular,
        [[column(left, left_width), column(right, right_width)]],
        colWidths=[left_width + gap, right_width],
        hAlign="LEFT",
    )
    outer.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return outer


def hours_text(data: ReportData) -> str:
    audit = data.audit
    zone = audit.zone
    moment = dt.datetime.combine(audit.audit_date, audit.time_in or dt.time(12), zone)
    where = f"{moment.tzname()} ({audit.time_zone or 'UTC'})"
    start = f"{audit.time_in:%H:%M}" if audit.time_in else "not recorded"
    end = f"{audit.time_out:%H:%M}" if audit.time_out else "not recorded"
    return f"{start} – {end} {where}"


def _fit_addresses(text: str, width: float, font: str) -> str:
    """An e-mail address too wide for its cell breaks after its "@", not inside a name."""
    words = []
    for word in text.split(" "):
        if "@" in word and stringWidth(word, font, CELL_SIZE) > width:
            word = word.replace("@", "@\n", 1)
        words.append(word)
    return " ".join(words)


def person_text(person: Person) -> str:
    parts = [person.name.strip() or "not recorded"]
    extra = [x.strip() for x in (person.role, person.organisation) if x.strip()]
    if extra:
        parts.append(", ".join(extra))
    return "\n".join(parts)


def outcome_block(data: ReportData) -> list:
    """The outcome badge, the score, and when a critical finding overrides the score."""
    s, summary = data.styles, data.summary
    minimum = data.checklist.outcome_rules.minimum_score
    story: list = [_badge(data), Spacer(1, 3 * mm)]
    story.append(
        s.text(
            s.run(f"Overall score: {fmt_score(summary.score)}", "bold"),
            s.run(f" (weighted by severity; the checklist requires at least {minimum:g}%). "),
            s.run(
                "A critical finding makes the outcome non-compliant whatever the score: "
                "microneedling stops until every critical finding is corrected.",
            ),
            after=3,
        )
    )
    counts = ", ".join(f"{summary.count(severity)} {severity.value}" for severity in Severity)
    word = data.wording.finding_word.lower()
    story.append(
        s.text(
            s.run(plural(len(summary.counted), word), "bold"),
            s.run(f": {counts}."),
            after=3,
        )
    )
    if summary.unanswered:
        story.append(
            s.body(
                f"{plural(len(summary.unanswered), 'applicable item')} not answered: listed "
                "after the scores.",
                after=3,
            )
        )
    return story


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
        return f"{plural(critical, 'critical finding')}: microneedling stops until corrected."
    if summary.outcome == Outcome.INCOMPLETE:
        return f"{plural(len(summary.unanswered), 'applicable item')} not answered yet."
    return f"Overall score {fmt_score(summary.score)}"
