"""The floor for the report benchmark: plain ReportLab, hand-tuned, the same text and images.

No platypus: text is wrapped with simpleSplit and drawn line by line on the canvas, pages
are laid out in one pass and drawn in a second (so each can say "Page x of y"), the same
DejaVu fonts are embedded, ASCII85 is off, and each stored JPEG is embedded once, as it
is, through the fastest route ReportLab has (an object with jpeg_fh(), named by str()).
It is what the real report could cost if layout were free of flowables; the real report
must stay within 1.5 times it.

    python benchmarks/report_floor.py [--photos 60] [--runs 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_sample import report_inputs, sample_store  # noqa: E402

rl_config.useA85 = 0
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"R": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "M": "DejaVuSansMono.ttf"}
WIDTH, HEIGHT = A4
LEFT, RIGHT, TOP, BOTTOM = 18 * mm, WIDTH - 18 * mm, HEIGHT - 22 * mm, 20 * mm
THUMB_W, THUMB_H = 38 * mm, 28.5 * mm


class Jpeg:
    def __init__(self, key, load):
        self.key, self.load = key, load

    def __str__(self):
        return self.key

    def jpeg_fh(self):
        return io.BytesIO(self.load())


class Layout:
    """Pages as lists of drawing operations; the first pass of two."""

    def __init__(self, photos):
        self.photos = photos
        self.pages: list[list] = [[]]
        self.y = TOP

    def room(self, height):
        if self.y - height < BOTTOM:
            self.new_page()

    def new_page(self):
        if self.pages[-1]:
            self.pages.append([])
        self.y = TOP

    def text(self, text, font="R", size=9.5, indent=0.0, gap=2.0):
        if not text:
            return
        leading = size * 1.3
        for paragraph in text.split("\n"):
            for line in simpleSplit(paragraph, font, size, RIGHT - LEFT - indent) or [""]:
                self.room(leading)
                self.y -= leading
                self.pages[-1].append(("t", font, size, LEFT + indent, self.y, line))
        self.y -= gap

    def image(self, source, x, width, height, advance=True):
        self.pages[-1].append(("i", source, x, self.y - height, width, height))
        if advance:
            self.y -= height + 4


def floor_pdf(audit, checklist, summary, photos) -> bytes:
    out = Layout(photos)
    lines_for_cover(out, audit, checklist, summary)
    for finding in summary.findings:
        out.text(f"{finding.severity.value.upper()} {finding.title}", "B")
        out.text(finding.detail)
        out.text(f"Citation: {finding.reference}", size=8.5, indent=12)
    out.new_page()
    actions = {a.finding_key: a for a in audit.actions}
    for number, finding in enumerate(summary.findings, start=1):
        note = audit.response(finding.item_id).note if finding.item_id else ""
        action = actions.get(finding.key)
        out.text(f"{number}. {finding.title}", "B", 8)
        out.text(f"{finding.detail} Observed: {note}", size=8, indent=12)
        out.text(finding.reference, size=8, indent=12)
        if action:
            out.text(f"{action.action} — {action.responsible}, due {action.due}", size=8, indent=12)
    out.new_page()
    lines_for_items(out, audit, checklist, summary)
    out.new_page()
    for register in (audit.practitioners, audit.products, audit.devices):
        for row in register:
            out.text(" · ".join(str(v) for v in row.model_dump().values() if v), size=8)
            for finding in summary.findings_for_row(row.id):
                out.text(f"{finding.title}. {finding.detail} {finding.reference}", size=8)
    out.new_page()
    for item_id, ref in audit.photo_refs():
        height = (TOP - BOTTOM) / 2 - 30 * mm
        width = min(RIGHT - LEFT, height * ref.width / ref.height)
        out.room(height + 40)
        source = Jpeg(f"photo:{ref.sha256}", lambda r=ref: photos.photo_jpeg(r.sha256))
        out.image(source, LEFT + (RIGHT - LEFT - width) / 2, width, height)
        out.text(f"Photo · {checklist.item(item_id).prompt}", size=8.5)
        out.text(f"Caption: {ref.caption} Taken: {ref.taken_at} File: {ref.filename}", size=8.5)
        out.text(f"SHA-256 of the original: {ref.sha256}", size=7, gap=10)
    out.new_page()
    for signature in audit.signatures:
        out.text(signature.role.value, "B", 12)
        out.room(60)
        if signature.image_png:
            out.image(ImageReader(io.BytesIO(signature.image_png)), LEFT, 198, 60)
        out.text(f"Name: {signature.name} Signed: {signature.signed_at}")
    from clinic_audit.integrity import audit_digest

    out.text(f"Audit record SHA-256: {audit_digest(audit)}", "M", 8.5)
    return draw(out, audit)


def lines_for_cover(out, audit, checklist, summary):
    out.text("Notice of inspection findings", "B", 22)
    out.text(f"{audit.kind.label} · {checklist.title}, version {checklist.version}", size=11.5)
    out.text(audit.facility.name, "B", 15)
    out.text(audit.facility.address)
    for value in (
        audit.facility.licence_number,
        audit.facility.contact,
        audit.inspector.name,
        audit.inspector.organisation,
        audit.representative.name,
        audit.id,
    ):
        out.text(value, size=8)
    out.text(f"OUTCOME: {summary.outcome.label.upper()}", "B", 17)
    out.text(f"Overall score {summary.score} %")
    out.new_page()
    for section in summary.sections:
        out.text(
            f"{section.title} {section.applicable} {section.passed} {section.failed} "
            f"{section.not_observed} {section.score}",
            size=8,
        )


def lines_for_items(out, audit, checklist, summary):
    statuses = {s.item_id: s for s in summary.items}
    for section in checklist.sections:
        out.text(section.title, "B", 12)
        out.text(section.purpose, size=8.5)
        for item in section.items:
            response = audit.response(item.id)
            result = statuses[item.id].result
            out.text(f"{result.label if result else 'Unanswered'}  {item.prompt}", indent=0)
            out.text(
                f"{item.severity.value} item · Citation: {item.reference} · answered "
                f"{response.answered_at}",
                size=7.5,
                indent=28 * mm,
            )
            out.text(f"Note: {response.note}" if response.note else "", size=9, indent=28 * mm)
            if response.photos:
                out.room(THUMB_H + 12)
                x = LEFT + 28 * mm
                for ref in response.photos:
                    source = Jpeg(
                        f"thumb:{ref.sha256}", lambda r=ref: out.photos.photo_thumb(r.sha256)
                    )
                    out.image(source, x, THUMB_W, THUMB_H, advance=False)
                    x += THUMB_W + 4
                out.y -= THUMB_H + 12


def draw(out: Layout, audit) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    total = len(out.pages)
    for number, page in enumerate(out.pages, start=1):
        canvas.setFont("B", 8.5)
        canvas.drawString(LEFT, HEIGHT - 12 * mm, audit.facility.name)
        canvas.setFont("R", 7.5)
        canvas.drawRightString(RIGHT, 10 * mm, f"Page {number} of {total}")
        for op in page:
            if op[0] == "t":
                _, font, size, x, y, line = op
                canvas.setFont(font, size)
                canvas.drawString(x, y, line)
            else:
                _, source, x, y, width, height = op
                canvas.drawImage(source, x, y, width, height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def register_fonts():
    for name, file in FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(DEJAVU / file)))


def timed(audit, checklist, summary, photos, runs: int) -> tuple[float, int]:
    sizes, seconds = [], []
    for _ in range(runs):
        started = time.perf_counter()
        pdf = floor_pdf(audit, checklist, summary, photos)
        seconds.append(time.perf_counter() - started)
        sizes.append(len(pdf))
    return statistics.median(seconds), sizes[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=Path, default=None, help="keep sample stores here")
    args = parser.parse_args()
    register_fonts()
    with tempfile.TemporaryDirectory() as temp:
        store, audit_id = sample_store(args.folder or Path(temp), args.photos)
        inputs = report_inputs(store, audit_id)
        timed(*inputs, runs=1)  # warm-up: font subsets, imports
        median, size = timed(*inputs, runs=args.runs)
        store.close()
    print(
        f"floor, {args.photos} photos: median {median:.3f} s over {args.runs} runs, "
        f"{size / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
