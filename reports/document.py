"""The document: page size, the header and footer of every page, the DRAFT watermark,
"Page x of y", and the outline and table of contents.

The report is built in passes (``multiBuild``): the first finds on which page each
heading lands and how many pages there are, the next prints the table of contents and
"Page x of y" with those numbers, and passes repeat until nothing moves. Each page is
drawn once, when it is made, so a bookmark lands on the page its heading is on.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import XMP
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import IndexingFlowable

from clinic_audit.reports.flowables import Heading
from clinic_audit.reports.fonts import keep_unknown_characters
from clinic_audit.reports.styles import ACCENT, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MUTED, RULE
from clinic_audit.reports.text import fit, visual_order

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
WATERMARK = colors.Color(0.72, 0.1, 0.12, alpha=0.13)


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


class PageCount(IndexingFlowable):
    """Not drawn: tells the document how many pages the last pass made, and keeps
    passes going until the count the footers printed is the count there is. The first
    pass only lays out (``layout_only``): it finds the pages, and draws no text or image,
    which is most of a pass's time."""

    _satisfied = False

    def __init__(self, doc: ReportDoc):
        super().__init__()
        self.doc = doc
        self.passes = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        return None

    def beforeBuild(self):  # noqa: N802 - platypus' name
        self.passes += 1
        self.doc.layout_only = self.passes == 1

    def afterBuild(self):  # noqa: N802
        made = self.doc.page
        self._satisfied = self.doc.page_total == made
        self.doc.page_total = made

    def isSatisfied(self):  # noqa: N802
        return self._satisfied


class ReportDoc(BaseDocTemplate):
    def __init__(self, output, info: PageInfo, page_size: str, metadata: dict[str, str], font: str):
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
            lang="en-US",
            initialFontName=font,  # else every page names Helvetica, which is not embedded
        )
        self.info = info
        self.page_total: int | None = None
        self.metadata_packet: str | None = None
        self.layout_only = False
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

    def beforeDocument(self):  # noqa: N802 - platypus' name
        """Each pass has a new canvas: give each the XMP metadata (only the last is kept)
        and say whether it is a pass that only lays out."""
        self.canv.layout_only = self.layout_only
        if self.metadata_packet is not None:
            packet = self.metadata_packet
            self.canv._doc.Catalog.Metadata = XMP(creator=lambda _doc: packet.encode())

    def afterFlowable(self, flowable):  # noqa: N802 - platypus' name
        """A heading that names an outline entry goes into the table of contents too."""
        if isinstance(flowable, Heading) and flowable.outline and flowable.in_contents:
            self.notify("TOCEntry", (flowable.level, flowable.outline, self.page, flowable.key))

    def _decorate(self, canvas: Canvas, doc) -> None:
        if self.info.draft:
            self._watermark(canvas)
        self._furniture(canvas)

    def _watermark(self, canvas: Canvas) -> None:
        width, height = self.pagesize
        canvas.saveState()
        canvas.translate(width / 2, height / 2)
        canvas.rotate(52)
        canvas.setFillColor(WATERMARK)
        canvas.setFont(self.info.bold, 118)
        canvas.drawCentredString(0, -40, "DRAFT")
        canvas.restoreState()

    def _furniture(self, canvas: Canvas) -> None:
        info = self.info
        width, height = self.pagesize
        left, right = MARGIN_X, width - MARGIN_X
        canvas.saveState()
        top = height - 12 * mm
        status = "DRAFT — not final" if info.draft else "Final"
        right_text = f"{info.document_title} · Report {info.report_id} · {status}"
        canvas.setFont(info.font, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(right, top, right_text)
        room = right - left - canvas.stringWidth(right_text, info.font, 8.5) - 16
        canvas.setFont(info.bold, 8.5)
        canvas.setFillColor(ACCENT)
        facility = fit(info.facility, info.bold, 8.5, room)
        keep_unknown_characters(info.bold, facility)
        canvas.drawString(left, top, visual_order(facility))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 4, right, top - 4)
        bottom = MARGIN_BOTTOM - 10 * mm
        canvas.line(left, bottom + 10, right, bottom + 10)
        canvas.setFont(info.font, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(left, bottom, f"{info.checklist} · Generated {info.generated}")
        total = self.page_total or "…"
        canvas.drawRightString(right, bottom, f"Page {canvas.getPageNumber()} of {total}")
        canvas.restoreState()
