"""The table of contents: every part of the report with its page, each a link. On a
page of its own, so that filling it in (the second pass) moves no other page."""

from __future__ import annotations

from reportlab.platypus import PageBreak, Paragraph, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from clinic_audit.reports.context import ReportData


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
    return [PageBreak(), Paragraph("Contents", s.h1), contents]
