"""The score-by-section bar chart (reportlab.graphics), drawn from the computed section scores."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from clinic_audit.checklist.model import Result
from clinic_audit.reports.fonts import keep_unknown_characters
from clinic_audit.reports.styles import ACCENT, MUTED, RESULT_COLOURS, RULE, SHADE, Styles
from clinic_audit.reports.text import fit
from clinic_audit.rules.display import score_text
from clinic_audit.rules.summary import SectionScore

BAR_HEIGHT = 11
ROW = 19
LABEL_SIZE = 7.5


def section_chart(
    sections: list[SectionScore], minimum: float, width: float, styles: Styles
) -> Drawing:
    fonts = styles.fonts
    label_width = width * 0.42
    value_width = 80
    bar_x = label_width + 6
    bar_width = width - bar_x - value_width
    height = ROW * len(sections) + 22
    drawing = Drawing(width, height, initialFontName=fonts.regular)
    for row, section in enumerate(sections):
        y = height - 8 - ROW * (row + 1)
        label = fit(section.title, fonts.regular, LABEL_SIZE, label_width)
        keep_unknown_characters(fonts.regular, label)
        drawing.add(String(0, y + 3, label, fontName=fonts.regular, fontSize=LABEL_SIZE))
        drawing.add(Rect(bar_x, y, bar_width, BAR_HEIGHT, fillColor=SHADE, strokeColor=None))
        if section.score is not None:
            drawing.add(
                Rect(
                    bar_x,
                    y,
                    bar_width * section.score / 100,
                    BAR_HEIGHT,
                    fillColor=_colour(section),
                    strokeColor=None,
                )
            )
        value = _value_text(section, fonts)
        drawing.add(
            String(bar_x + bar_width + 4, y + 3, value, fontName=fonts.bold, fontSize=LABEL_SIZE)
        )
    pass_x = bar_x + bar_width * minimum / 100
    drawing.add(
        Line(
            pass_x,
            6,
            pass_x,
            height - 4,
            strokeColor=MUTED,
            strokeWidth=0.8,
            strokeDashArray=[2, 2],
        )
    )
    drawing.add(
        String(
            pass_x,
            0,
            f"required {minimum:g} %",
            fontName=fonts.regular,
            fontSize=6.5,
            fillColor=MUTED,
            textAnchor="middle",
        )
    )
    drawing.add(Line(bar_x, 6, bar_x, height - 4, strokeColor=RULE, strokeWidth=0.5))
    return drawing


def _colour(section: SectionScore):
    if section.has_critical_failure:
        return RESULT_COLOURS[Result.FAIL]
    return colors.HexColor("#b45309") if section.failed else ACCENT


def _value_text(section: SectionScore, fonts) -> str:
    if section.score is None:
        return "not scored"
    text = score_text(section.score)
    if section.has_critical_failure:
        text += " " + fonts.mark("✗", "X") + " critical"
    return text
