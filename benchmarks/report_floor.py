"""The floor for the report benchmark: plain ReportLab, hand-tuned, the same text and images.

No platypus: text is wrapped with simpleSplit and drawn line by line on the canvas, pages
are laid out in one pass and drawn in a second (so each can say "Page x of y"), the same
DejaVu fonts are embedded, ASCII85 is off, and each stored JPEG is embedded once, as it
is, through the fastest route ReportLab has (an object with jpeg_fh(), named by str());
the header and footer are one form drawn on every page. It draws the report's strings
(within a few per cent of the same extracted text), without tables, chart or badge.
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

from clinic_audit.checklist.model import Severity  # noqa: E402

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


SEVERITY_ORDER = list(Severity)
MARKS = {
    "pass": "✓ PASS",
    "fail": "✗ FAIL",
    "not_applicable": "– N/A",
    "not_observed": "? NOT OBSERVED",
    None: "○ UNANSWERED",
}
SEVERITY = {"critical": "◆ CRITICAL", "major": "▲ MAJOR", "minor": "● MINOR"}


def when(moment) -> str:
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M") + " (camera clock)"
    local = moment.astimezone()
    return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or "")


def floor_pdf(audit, checklist, summary, photos) -> bytes:
    """The report's text and images, laid out and drawn by hand."""
    out = Layout(photos)
    cover(out, audit, checklist, summary)
    out.new_page()
    summary_part(out, checklist, summary)
    out.new_page()
    findings_part(out, audit, summary)
    out.new_page()
    items_part(out, audit, checklist, summary)
    out.new_page()
    registers_part(out, audit, summary)
    out.new_page()
    appendix_part(out, audit, checklist, summary, photos)
    out.new_page()
    for signature in audit.signatures:
        out.text(signature.role.value.capitalize(), "B", 12)
        out.room(60)
        if signature.image_png:
            out.image(ImageReader(io.BytesIO(signature.image_png)), LEFT, 198, 60)
        out.text(f"Name: {signature.name}\nSigned: {when(signature.signed_at)}")
    from clinic_audit.files.integrity import audit_digest

    out.text("Record integrity", "B", 15)
    out.text(f"This report was built from the audit record {audit.id}.")
    out.text(f"Audit record SHA-256: {audit_digest(audit)}", "M", 8.5)
    return draw(out, audit, checklist)


def cover(out, audit, checklist, summary):
    out.text("Notice of inspection findings", "B", 22)
    out.text(f"{audit.kind.label} · {checklist.title}, version {checklist.version}", size=11.5)
    out.text(audit.facility.name, "B", 15)
    out.text(audit.facility.address)
    inspector, rep = audit.inspector, audit.representative
    for label, value in (
        ("Facility licence", audit.facility.licence_number),
        ("Contact", audit.facility.contact),
        ("Kind of audit", audit.kind.label),
        ("Audit date", audit.audit_date.isoformat()),
        ("Inspector", f"{inspector.name} — {inspector.role}, {inspector.organisation}"),
        ("Facility representative", f"{rep.name} — {rep.role}, {rep.organisation}"),
        ("Status", "Draft (not finalized)"),
        ("Report ID", f"{audit.id[:8]} (audit record {audit.id})"),
    ):
        out.text(f"{label}  {value}", size=8)
    out.text(f"OUTCOME: ✗ {summary.outcome.label.upper()}", "B", 17)
    out.text(f"Overall score: {summary.score:.1f} % (weighted by severity).")
    counts = ", ".join(f"{summary.count(s)} {s.value}" for s in SEVERITY_ORDER)
    out.text(f"{len(summary.findings)} findings: {counts}.")


def summary_part(out, checklist, summary):
    out.text("Summary of findings", "B", 15)
    titles = {section.id: section.title for section in checklist.sections}
    for number, f in enumerate(summary.findings, start=1):
        where = f"register: {f.register_name}" if f.register_name else titles[f.section_id]
        out.text(f"{number}. {SEVERITY[f.severity.value]} — {f.title} ({where})", "B")
        out.text(f.detail, size=8.5, indent=12)
        out.text(f"Citation: {f.reference}", size=8.5, indent=12)
    out.text("Score by section", "B", 12)
    for s in summary.sections:
        out.text(
            f"{s.title} {s.applicable} {s.passed} {s.failed} {s.not_observed} {s.score:.1f} %",
            size=8,
        )


def findings_part(out, audit, summary):
    out.text("Findings and required corrective actions", "B", 15)
    actions = {a.finding_key: a for a in audit.actions}
    for number, f in enumerate(summary.findings, start=1):
        note = audit.response(f.item_id).note if f.item_id else ""
        action = actions.get(f.key)
        out.text(f"{number}. {f.title}", "B", 8)
        out.text(f"{f.detail}\nObserved: {note}", size=8, indent=12)
        out.text(f"{SEVERITY[f.severity.value]} {f.reference}", size=8, indent=12)
        if action:
            out.text(f"{action.action} [Open] {action.responsible} {action.due}", size=8, indent=12)


def items_part(out, audit, checklist, summary):
    statuses = {s.item_id: s for s in summary.items}
    numbers = {}
    out.text("Inspection results, section by section", "B", 15)
    for index, section in enumerate(checklist.sections, start=1):
        score = next(s for s in summary.sections if s.section_id == section.id)
        out.text(f"{index}. {section.title}", "B", 12)
        out.text(
            f"Score {score.score:.1f} % · {score.applicable} applicable · {score.passed} "
            f"pass · {score.failed} fail · {score.not_observed} not observed",
            "B",
            8.5,
        )
        out.text(section.purpose, size=8.5)
        for item in section.items:
            response = audit.response(item.id)
            result = statuses[item.id].result
            out.room(12.4)
            out.pages[-1].append(
                ("t", "B", 7.5, LEFT, out.y - 12.4, MARKS[result and result.value])
            )
            out.text(item.prompt, "B" if result and result.value == "fail" else "R", indent=28 * mm)
            out.text(
                f"{item.severity.value.capitalize()} item · Citation: {item.reference} · "
                f"answered {when(response.answered_at)}",
                size=7.5,
                indent=28 * mm,
            )
            out.text(f"Note: {response.note}" if response.note else "", size=9, indent=28 * mm)
            if response.photos:
                out.room(THUMB_H + 12)
                x = LEFT + 28 * mm
                for ref in response.photos:
                    numbers[ref.sha256] = len(numbers) + 1
                    source = Jpeg(
                        f"thumb:{ref.sha256}", lambda r=ref: out.photos.photo_thumb(r.sha256)
                    )
                    out.image(source, x, THUMB_W, THUMB_H, advance=False)
                    out.pages[-1].append(
                        (
                            "t",
                            "R",
                            7,
                            x,
                            out.y - THUMB_H - 8,
                            f"Photo {numbers[ref.sha256]} · see the appendix",
                        )
                    )
                    x += THUMB_W + 4
                out.y -= THUMB_H + 12


def registers_part(out, audit, summary):
    out.text("Registers: practitioners, products, devices", "B", 15)
    for title, register in (
        ("Practitioners", audit.practitioners),
        ("Products", audit.products),
        ("Devices", audit.devices),
    ):
        out.text(f"{title} ({len(register)})", "B", 12)
        for row in register:
            values = (str(v) for k, v in row.model_dump().items() if v and k != "id")
            out.text(" ".join(values), size=8)
            for f in summary.findings_for_row(row.id):
                out.text(
                    f"{SEVERITY[f.severity.value]} — {f.title}. {f.detail} Citation: {f.reference}",
                    size=8,
                )


def appendix_part(out, audit, checklist, summary, photos):
    out.text("Photo appendix", "B", 15)
    statuses = {s.item_id: s for s in summary.items}
    number = 0
    for section, item in checklist.items():
        for ref in audit.response(item.id).photos:
            number += 1
            height = (TOP - BOTTOM) / 2 - 30 * mm
            width = min(RIGHT - LEFT, height * ref.width / ref.height)
            out.room(height + 60)
            source = Jpeg(f"photo:{ref.sha256}", lambda r=ref: photos.photo_jpeg(r.sha256))
            out.image(source, LEFT + (RIGHT - LEFT - width) / 2, width, height)
            result = statuses[item.id].result
            out.text(
                f"Photo {number} — {MARKS[result and result.value]} · {section.title}\n"
                f"Item: {item.prompt}\nCaption: {ref.caption}\nTaken: {when(ref.taken_at)}"
                f" · Attached: {when(ref.attached_at)} · File: {ref.filename}",
                size=8.5,
            )
            grouped = " ".join(ref.sha256[i : i + 8] for i in range(0, 64, 8))
            out.text(f"SHA-256 of the original: {grouped}", size=7, gap=10)


def draw(out: Layout, audit, checklist) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.beginForm("furniture")  # the same header and footer on every page: drawn once
    canvas.setFont("B", 8.5)
    canvas.drawString(LEFT, HEIGHT - 12 * mm, audit.facility.name)
    canvas.setFont("R", 8)
    canvas.drawRightString(
        RIGHT, HEIGHT - 12 * mm, f"Notice of inspection findings · Report {audit.id[:8]}"
    )
    canvas.drawCentredString(WIDTH / 2, HEIGHT - 8 * mm, "DRAFT — not finalized")
    canvas.setFont("R", 7.5)
    canvas.drawString(
        LEFT,
        10 * mm,
        f"Checklist {checklist.id} {checklist.version} · Generated {when(audit.created_at)}",
    )
    canvas.endForm()
    total = len(out.pages)
    for number, page in enumerate(out.pages, start=1):
        canvas.doForm("furniture")
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
