"""The table of contents: every part of the report with its page, each a link."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from clinic_audit.reports.context import ReportData

ROOM = 95 * mm  # on the page before when it fits there whole, else on a page of its own


def contents_section(data: ReportData) -> list:
    s = data.styles
    contents = TableOfContents(dotsMinLevel=0)
    contents.levelStyles = s.contents
    contents.tableStyle = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), s.fonts.regular, 10),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return [CondPageBreak(ROOM), Paragraph("Contents", s.h1), contents]
