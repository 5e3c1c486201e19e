"""The scores by section (chart and table), and what is still unanswered or missing its
evidence."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from clinic_audit.reports.chart import section_chart
from clinic_audit.reports.context import ReportData
from clinic_audit.reports.flowables import Heading
from clinic_audit.reports.styles import (
    CELL_SIZE,
    FAIL_TINT,
    grid,
    grid_table_style,
)
from clinic_audit.reports.text import esc, fmt_score


def scores_section(data: ReportData) -> list:
    """The score of each section, as a chart and a table, then what is still unanswered
    or missing its evidence."""
    s, summary, words = data.styles, data.summary, data.wording
    story: list = [Heading(esc(words.scores), s.h1, outline=words.scores, key="scores")]
    minimum = data.checklist.outcome_rules.minimum_score
    story.append(section_chart(summary.sections, minimum, data.frame_width, s))
    story += [Spacer(1, 3 * mm), _section_table(data)]
    return story + _open_items(data)


def _section_table(data: ReportData) -> Table:
    s = data.styles
    head = ["Section", "Applicable", "Pass", "Fail", "Not observed", "Score"]
    rows: list[list] = [[s.head(text) for text in head]]
    for section in data.summary.sections:
        rows.append(
            [
                s.cell(section.title),
                str(section.applicable),
                str(section.passed),
                str(section.failed),
                str(section.not_observed),
                fmt_score(section.score),
            ]
        )
    rest = data.frame_width - 85 * mm
    widths = [rest, 21 * mm, 14 * mm, 14 * mm, 19 * mm, 17 * mm]
    table = grid(s.fonts.regular, rows, colWidths=widths, repeatRows=1)
    style = grid_table_style()
    style.add("FONT", (1, 1), (-1, -1), s.fonts.regular, CELL_SIZE)
    style.add("ALIGN", (1, 1), (-1, -1), "RIGHT")
    for row, section in enumerate(data.summary.sections, start=1):
        if section.failed:
            style.add("BACKGROUND", (3, row), (3, row), FAIL_TINT)
            style.add("FONT", (3, row), (3, row), s.fonts.bold, CELL_SIZE)
    table.setStyle(style)
    return table


def _open_items(data: ReportData) -> list:
    s, summary = data.styles, data.summary
    story: list = []
    if summary.unanswered:
        story.append(Paragraph(f"Not answered ({len(summary.unanswered)})", s.h2))
        story.append(
            s.muted(
                "These applicable items have no answer; the outcome stays incomplete until "
                "they are answered."
            )
        )
        story += [
            s.body(f"• {data.item_prompt(item_id)}", after=2) for item_id in summary.unanswered
        ]
    if summary.missing_evidence:
        story.append(Paragraph(f"Evidence missing ({len(summary.missing_evidence)})", s.h2))
        story.append(s.muted("These failed items lack the note or photo the checklist asks for."))
        for item_id in summary.missing_evidence:
            status = data.statuses[item_id]
            flags = (("note", status.missing_note), ("photo", status.missing_photo))
            missing = " and ".join(word for word, flag in flags if flag)
            story.append(
                s.text(
                    s.run(f"• {data.item_prompt(item_id)} "),
                    s.run(f"(no {missing})", "italic"),
                    after=2,
                )
            )
    return story
