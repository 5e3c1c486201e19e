"""The one stylesheet of the report: colors, sizes, paragraph styles, text blocks, tables.

Headings and the outcome badge are Paragraphs (with escaped text); everything else,
user text included, is drawn as TextBlocks, which take plain text and no markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from clinic_audit.checklist.model import Result, Severity
from clinic_audit.reports.fonts import Fonts
from clinic_audit.reports.textblock import DIGEST_PLACEHOLDER, DigestRun, Run, TextBlock
from clinic_audit.rules.summary import Outcome

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4a4a4a")
RULE = colors.HexColor("#b8b8b8")
SHADE = colors.HexColor("#eeeeee")
ACCENT = colors.HexColor("#1f3a5f")
FAIL_TINT = colors.HexColor("#fbe3e3")
WHITE = colors.white

OUTCOME_COLOURS = {
    Outcome.COMPLIANT: colors.HexColor("#1b6e35"),
    Outcome.COMPLIANT_WITH_ACTIONS: colors.HexColor("#8a5300"),
    Outcome.NON_COMPLIANT: colors.HexColor("#a3141f"),
    Outcome.INCOMPLETE: colors.HexColor("#4a4a4a"),
}
SEVERITY_COLOURS = {
    Severity.CRITICAL: colors.HexColor("#a3141f"),
    Severity.MAJOR: colors.HexColor("#b45309"),
    Severity.MINOR: colors.HexColor("#34526f"),
}
RESULT_COLOURS = {
    Result.PASS: colors.HexColor("#1b6e35"),
    Result.FAIL: colors.HexColor("#a3141f"),
    Result.NOT_APPLICABLE: colors.HexColor("#666666"),
    Result.NOT_OBSERVED: colors.HexColor("#8a5300"),
    None: colors.HexColor("#4a4a4a"),
}

BODY_SIZE = 9.5
SMALL_SIZE = 8.5
CELL_SIZE = 8.5  # legal text (citations, severities) is never smaller
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
ITEM_INDENT = 28 * mm


@dataclass(frozen=True)
class Styles:
    fonts: Fonts
    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    badge: ParagraphStyle
    badge_detail: ParagraphStyle
    para: ParagraphStyle  # generated text with links (no user text: that is a TextBlock)
    small_para: ParagraphStyle
    contents: list[ParagraphStyle]  # table of contents, by level

    def run(self, text: str, weight: str = "regular", size: float = BODY_SIZE, colour=INK) -> Run:
        """Plain text in one of the fonts (regular, bold, italic, bold_italic, mono)."""
        return Run(text, getattr(self.fonts, weight), size, colour)

    def digest_run(self, resolve: Callable[[], str], size: float = BODY_SIZE) -> DigestRun:
        """A SHA-256 in groups of 8, worked out only when it is drawn (``DigestRun``)."""
        return DigestRun(DIGEST_PLACEHOLDER, self.fonts.mono, size, INK, resolve)

    def text(self, *runs: Run, indent=0.0, before=0.0, after=0.0, marker=None) -> TextBlock:
        leading = max(run.size for run in runs) * 1.28
        return TextBlock(list(runs), leading, indent, before, after, marker)

    def body(self, text: str, weight: str = "regular", after: float = 4) -> TextBlock:
        return self.text(self.run(text, weight), after=after)

    def muted(self, text: str, after: float = 3) -> TextBlock:
        return self.text(self.run(text, size=SMALL_SIZE, colour=MUTED), after=after)

    def cell(self, text: str, weight: str = "regular", colour=INK) -> TextBlock:
        return self.text(self.run(text, weight, CELL_SIZE, colour))

    def head(self, text: str) -> TextBlock:
        return self.text(self.run(text, "bold", CELL_SIZE, WHITE))

    def labelled(self, label: str, text: str, size: float = SMALL_SIZE, **kw) -> TextBlock:
        """ "Label: text", the label in bold."""
        return self.text(self.run(f"{label}: ", "bold", size), self.run(text, size=size), **kw)

    def severity_mark(self, severity: Severity) -> str:
        symbol = {"critical": "◆", "major": "▲", "minor": "●"}[severity.value]
        ascii_form = {"critical": "**", "major": "*", "minor": "-"}[severity.value]
        return f"{self.fonts.mark(symbol, ascii_form)} {severity.value.upper()}"

    def link(self, text: str, key: str) -> str:
        """Markup for an internal link (``text`` already escaped)."""
        return f'<a href="#{key}" color="#1f3a5f"><u>{text}</u></a>'

    def severity_run(self, severity: Severity, size: float = CELL_SIZE) -> Run:
        return self.run(self.severity_mark(severity), "bold", size, SEVERITY_COLOURS[severity])

    def result_mark(self, result: Result | None) -> str:
        if result is None:
            return f"{self.fonts.mark('○', 'o')} UNANSWERED"
        symbol, ascii_form, word = {
            Result.PASS: ("✓", "+", "PASS"),
            Result.FAIL: ("✗", "X", "FAIL"),
            Result.NOT_APPLICABLE: ("–", "-", "N/A"),
            Result.NOT_OBSERVED: ("?", "?", "NOT OBSERVED"),
        }[result]
        return f"{self.fonts.mark(symbol, ascii_form)} {word}"


def build_styles(fonts: Fonts) -> Styles:
    def style(name: str, size: float, **kw) -> ParagraphStyle:
        base = {
            "fontName": fonts.bold,
            "fontSize": size,
            "leading": size * 1.25,
            "textColor": ACCENT,
            "splitLongWords": 1,
            "keepWithNext": 1,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    return Styles(
        fonts=fonts,
        title=style("title", 22, spaceAfter=2),
        h1=style("h1", 15, spaceBefore=4, spaceAfter=8),
        h2=style("h2", 12, spaceBefore=10, spaceAfter=4),
        h3=style("h3", 10, textColor=INK, spaceBefore=6, spaceAfter=3),
        badge=style("badge", 17, textColor=WHITE, alignment=TA_CENTER, keepWithNext=0),
        badge_detail=style(
            "badge_detail",
            10.5,
            fontName=fonts.regular,
            textColor=WHITE,
            alignment=TA_CENTER,
            keepWithNext=0,
        ),
        para=style("para", BODY_SIZE, fontName=fonts.regular, textColor=INK, keepWithNext=0),
        small_para=style(
            "small_para", SMALL_SIZE, fontName=fonts.regular, textColor=INK, keepWithNext=0
        ),
        contents=[
            style(
                "toc0",
                10.5,
                fontName=fonts.bold,
                textColor=INK,
                leftIndent=0,
                keepWithNext=0,
                spaceBefore=3,
            ),
            style(
                "toc1", 9.5, fontName=fonts.regular, textColor=INK, leftIndent=14, keepWithNext=0
            ),
        ],
    )


def grid_table_style(header_rows: int = 1) -> TableStyle:
    """Ruled table with a dark header row that repeats on each page."""
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("BOX", (0, 0), (-1, -1), 0.6, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    )


def grid(font: str, rows, **kw) -> Table:
    """A Table whose cells name the report's font: a plain Table names Helvetica for every
    cell it draws (even cells holding flowables), which is not embedded."""
    table = Table(rows, **kw)
    table.setStyle([("FONT", (0, 0), (-1, -1), font, CELL_SIZE)])
    return table
