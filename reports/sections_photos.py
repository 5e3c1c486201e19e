"""The photographs: failures' evidence first, each large with its item, caption, capture
time in the audit's zone and its fingerprints — of the original file as attached, of the
stored image, and of the JPEG embedded in this PDF (a copy at PRINT_DPI for the size it is
printed at, or the stored image byte for byte; anyone can extract it and check it) — then
the other photos as a contact sheet, six a page."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table

from clinic_audit.audit.model import PhotoRef
from clinic_audit.checklist.model import Item, Section
from clinic_audit.files.photos import PRINT_DPI
from clinic_audit.reports.context import ReportData, finding_anchor, item_anchor, photo_anchor
from clinic_audit.reports.flowables import Anchor, Heading, JpegImage
from clinic_audit.reports.styles import grid
from clinic_audit.reports.text import esc
from clinic_audit.reports.textblock import KeepBlock, TextBlock
from clinic_audit.rules.display import plural
from clinic_audit.rules.finding_keys import item_key

CAPTION_ROOM = 48 * mm  # kept under each large photo for its caption, so two fit a page
SHEET_COLUMNS, SHEET_ROWS = 2, 3


def grouped(digest: str) -> str:
    """A hash in groups of 8, so it can be read out and compared."""
    return " ".join(digest[start : start + 8] for start in range(0, len(digest), 8))


def _large_box(data: ReportData) -> tuple[float, float]:
    return data.frame_width, data.frame_height / 2 - CAPTION_ROOM


SHEET_PADDING = (2, 6, 3, 8)  # a contact-sheet cell's left, right, top, bottom padding


def _sheet_caption(data: ReportData, number, section, item, ref) -> TextBlock:
    return TextBlock(_caption(data, number, section, item, ref, False), 9.6, space_before=3)


def _sheet_box(data: ReportData) -> tuple[float, float]:
    """The box a contact sheet fits each photo in: the cell's width, and what a third of
    the page leaves once the tallest caption and its links are laid out (so that six
    photos fit a page on A4 and Letter alike)."""
    left, right, top, bottom = SHEET_PADDING
    width = data.frame_width / SHEET_COLUMNS - left - right
    tallest = 0.0
    for number, section, item, ref in data.photo_list():
        if not data.failed(item.id):
            caption = _sheet_caption(data, number, section, item, ref)
            links = _back_links(data, item)
            height = caption.wrap(width, data.frame_height)[1] + caption.getSpaceBefore()
            tallest = max(tallest, height + links.wrap(width, data.frame_height)[1])
    return width - 4 * mm, data.frame_height / SHEET_ROWS - tallest - top - bottom - 4


def request_prints(data: ReportData) -> None:
    """Start the print copy of every photo the evidence pages show, at the size they show
    it (the largest it is printed anywhere), so they are made while the rest is laid out;
    the pages draw each photo in the box asked for here (``PrintedPhotos.box``)."""
    large, sheet = _large_box(data), None
    for _number, _section, item, ref in data.photo_list():
        if data.failed(item.id):
            data.printed.request(ref, large)
        elif not data.failure_photos_only:
            sheet = sheet or _sheet_box(data)
            data.printed.request(ref, sheet)


def _intro(data: ReportData) -> str:
    if data.full_resolution:
        return (
            "Each photo is printed from the stored image, byte for byte. Its first "
            "fingerprint is the SHA-256 of the file as attached; the second is the SHA-256 "
            "of the stored JPEG, which is the one embedded in this PDF: anyone can extract "
            "it and check it."
        )
    return (
        f"Each photo is printed at {PRINT_DPI} dpi for the size it has here, re-encoded "
        "from the stored image (the record keeps the stored image at its full "
        "resolution). Its fingerprints are the SHA-256 of the file as attached, of the "
        "stored JPEG, and of the JPEG embedded in this PDF, which anyone can extract and "
        "check."
    )


def photos_section(data: ReportData) -> list:
    s, words = data.styles, data.wording
    photos = data.photo_list()
    if not photos:
        return []
    failed = [p for p in photos if data.failed(p[2].id)]
    others = [p for p in photos if not data.failed(p[2].id)]
    story: list = [Heading(esc(words.photos), s.h1, outline=words.photos, key="photos")]
    story.append(s.muted(_intro(data)))
    if failed:
        story.append(
            Heading("Evidence of the findings", s.h2, outline="Evidence of the findings", level=1)
        )
        for entry in failed:
            story.append(KeepBlock(_large(data, *entry), data.frame_height))
    if others and data.failure_photos_only:
        story.append(
            s.muted(
                f"{plural(len(others), 'other photo')} (of items that passed or were not "
                f"scored) {'is' if len(others) == 1 else 'are'} in the record and left out "
                "of this report."
            )
        )
    elif others:
        story.append(Heading("Other photos", s.h2, outline="Other photos", level=1))
        story.append(_sheet(data, others))
    return story


def _caption(
    data: ReportData, number: int, section: Section, item: Item, ref: PhotoRef, large: bool
) -> list:
    size = 9 if large else 7.5
    s = data.styles
    status = data.statuses.get(item.id)
    mark = s.result_mark(status.result) if status else ""
    code = item.code or data.checklist.number_of(item.id)
    runs = [
        s.run(f"Photo {number}", "bold", size + 0.5),
        s.run(f"  {code} · {mark} · {section.title}\n", size=size),
    ]
    if ref.caption.strip():
        runs += [s.run("Caption: ", "bold", size), s.run(ref.caption.strip() + "\n", size=size)]
    runs += [
        s.run("Taken: ", "bold", size),
        s.run(taken_text(data, ref), size=size),
        s.run(" · Attached: ", "bold", size),
        s.run(data.time(ref.attached_at), size=size),
    ]
    if ref.attached_by:
        runs.append(s.run(f" by {ref.attached_by}", size=size))
    device = " ".join(x for x in (ref.camera_make, ref.camera_model) if x)
    if device:
        runs += [s.run(" · Device: ", "bold", size), s.run(device, size=size)]
    if ref.filename.strip():
        runs += [s.run(" · File: ", "bold", size), s.run(ref.filename.strip(), size=size)]

    def printed() -> str:
        return data.printed.copy(ref).sha256

    if not large:  # a contact sheet's cell: the two a reader checks, as they wrap there
        runs += [
            s.run("\nSHA-256 of the original file: ", "bold", size),
            s.run(grouped(ref.sha256), "mono", size),
            s.run("\nSHA-256 of the JPEG in this PDF: ", "bold", size),
            s.digest_run(printed, size),
        ]
        return runs
    if data.full_resolution:
        intro = "of the file as attached, and of the stored JPEG, printed here as it is:"
        lines = [("Original", s.run(grouped(ref.sha256), "mono", size))]
        lines.append(("Stored, in this PDF", s.run(grouped(ref.jpeg_sha256), "mono", size)))
    else:
        intro = "of the file as attached, of the stored JPEG, and of the JPEG in this PDF:"
        lines = [
            ("Original", s.run(grouped(ref.sha256), "mono", size)),
            ("Stored", s.run(grouped(ref.jpeg_sha256), "mono", size)),
            ("In this PDF", s.digest_run(printed, size)),
        ]
    runs += [s.run("\nSHA-256 ", "bold", size), s.run(intro, size=size)]
    for label, digest in lines:
        runs += [s.run(f"\n{label}: ", "bold", size), digest]
    return runs
    if printed.reduced:
        intro = (
            "of the file as attached, of the stored JPEG, and of the JPEG in this PDF "
            f"({printed.width}×{printed.height} pixels):"
        )
        lines = [("Original", ref.sha256), ("Stored", ref.jpeg_sha256)]
        lines.append(("In this PDF", printed.sha256))
    else:
        intro = "of the file as attached, and of the stored JPEG, printed here as it is:"
        lines = [("Original", ref.sha256), ("Stored, in this PDF", ref.jpeg_sha256)]
    runs += [s.run("\nSHA-256 ", "bold", size), s.run(intro, size=size)]
    for label, digest in lines:
        runs += [s.run(f"\n{label}: ", "bold", size), s.run(grouped(digest), "mono", size)]
    return runs


def _back_links(data: ReportData, item: Item) -> Paragraph:
    s = data.styles
    targets = [s.link(f"item {data.label_of(item.id)}", item_anchor(item.id))]
    number = data.finding_numbers.get(item_key(item.id))
    if number is not None:
        word = data.wording.finding_word.lower()
        targets.insert(0, s.link(f"{word} {number}", finding_anchor(number)))
    return Paragraph("Back to " + " · ".join(targets), s.small_para)


def _large(data, number, section, item, ref) -> list:
    s = data.styles
    caption = TextBlock(_caption(data, number, section, item, ref, True), 11.8, space_before=2 * mm)
    return [
        Anchor(photo_anchor(number)),
        JpegImage(data.full(ref), (ref.width, ref.height), data.printed.box(ref)),
        caption,
        _back_links(data, item),
        s.text(s.run(" "), after=6),
    ]


def _sheet(data: ReportData, entries) -> Table:
    """Six a page: each cell a photo, its anchor, a short caption and both fingerprints."""
    s = data.styles
    cell_width = data.frame_width / SHEET_COLUMNS
    cells = []
    for number, section, item, ref in entries:
        caption = _sheet_caption(data, number, section, item, ref)
        cells.append(
            KeepBlock(
                [
                    Anchor(photo_anchor(number)),
                    JpegImage(data.full(ref), (ref.width, ref.height), data.printed.box(ref)),
                    caption,
                    _back_links(data, item),
                ],
                data.frame_height,
            )
        )
    rows: list[list] = [cells[i : i + SHEET_COLUMNS] for i in range(0, len(cells), SHEET_COLUMNS)]
    if len(rows[-1]) < SHEET_COLUMNS:
        rows[-1] += [""] * (SHEET_COLUMNS - len(rows[-1]))
    table = grid(s.fonts.regular, rows, colWidths=[cell_width] * SHEET_COLUMNS)
    left, right, top, bottom = SHEET_PADDING
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), left),
            ("RIGHTPADDING", (0, 0), (-1, -1), right),
            ("TOPPADDING", (0, 0), (-1, -1), top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ]
    )
    return table


def taken_text(data: ReportData, ref: PhotoRef) -> str:
    """When the photo was taken: with the camera's zone when it recorded one (then the
    moment is known, and shown in the audit's zone too), else as its clock read."""
    if ref.taken_at is None:
        return "not recorded"
    if ref.taken_offset is None:
        return data.time(ref.taken_at) + " (camera clock, zone not recorded)"
    sign = -1 if ref.taken_offset.startswith("-") else 1
    hours, minutes = (int(part) for part in ref.taken_offset[1:].split(":"))
    zone = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    moment = ref.taken_at.replace(tzinfo=zone)
    return f"{data.time(moment)} (camera clock, its zone UTC{ref.taken_offset})"
