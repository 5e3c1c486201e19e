"""Page templates: the header and footer of every page, and the "Page x of y" canvas."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from clinic_audit.reports.fonts import keep_unknown_characters
from clinic_audit.reports.styles import (
    ACCENT,
    FAIL_TINT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    RULE,
)
from clinic_audit.reports.text import fit, visual_order

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
FURNITURE = "page-header-footer"


@dataclass(frozen=True)
class PageInfo:
    """What the header and footer show on every page."""

    facility: str
    report_id: str
    document_title: str
    checklist: str
    generated: str
    draft: bool
    font: str
    bold: str


class ReportDoc(BaseDocTemplate):
    def __init__(self, output, info: PageInfo, page_size: str, metadata: dict[str, str]):
        size = PAGE_SIZES[page_size]
        super().__init__(
            output,
            pagesize=size,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=metadata["title"],
            author=metadata["author"],
            subject=metadata["subject"],
            creator=metadata["creator"],
            keywords=metadata["keywords"],
            lang="en",
        )
        self.info = info
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates([PageTemplate(id="body", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canvas: Canvas, doc) -> None:
        """Header and footer: the same on every page, so drawn once as a form and reused."""
        if not getattr(canvas, "_furniture_drawn", False):
            canvas.beginForm(FURNITURE)
            self._furniture(canvas, doc)
            canvas.endForm()
            canvas._furniture_drawn = True
        canvas.doForm(FURNITURE)

    def _furniture(self, canvas: Canvas, doc) -> None:
        info = self.info
        width, height = doc.pagesize
        left, right = MARGIN_X, width - MARGIN_X
        canvas.saveState()
        top = height - 12 * mm
        right_text = f"{info.document_title} · Report {info.report_id}"
        canvas.setFont(info.font, 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(right, top, right_text)
        room = right - left - canvas.stringWidth(right_text, info.font, 8) - 16
        canvas.setFont(info.bold, 8.5)
        canvas.setFillColor(ACCENT)
        facility = fit(info.facility, info.bold, 8.5, room)
        keep_unknown_characters(info.bold, facility)
        canvas.drawString(left, top, visual_order(facility))
        if info.draft:
            self._draft_flag(canvas, width, top)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 4, right, top - 4)
        bottom = MARGIN_BOTTOM - 10 * mm
        canvas.line(left, bottom + 10, right, bottom + 10)
        canvas.setFont(info.font, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(left, bottom, f"{info.checklist} · Generated {info.generated}")
        canvas.restoreState()

    def _draft_flag(self, canvas: Canvas, width: float, top: float) -> None:
        text = "DRAFT — not finalized"
        text_width = canvas.stringWidth(text, self.info.bold, 8)
        x = width / 2 - text_width / 2
        canvas.setFillColor(FAIL_TINT)
        canvas.rect(x - 4, top + 9, text_width + 8, 11, stroke=0, fill=1)
        canvas.setFillColor(ACCENT)
        canvas.setFont(self.info.bold, 8)
        canvas.drawString(x, top + 12, text)


def numbered_canvas(font: str):
    """A Canvas class that holds pages back until the end so each can say "Page x of y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict] = []

        def showPage(self):  # noqa: N802 - ReportLab's name
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                self._page_number(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _page_number(self, number: int, total: int) -> None:
            width = self._pagesize[0]
            self.saveState()
            self.setFont(font, 8)
            self.setFillColor(MUTED)
            self.drawRightString(
                width - MARGIN_X, MARGIN_BOTTOM - 10 * mm, f"Page {number} of {total}"
            )
            self.restoreState()

    return NumberedCanvas
