"""The photo appendix: each photo large, with its item, caption and times."""

from __future__ import annotations

from reportlab.lib.units import mm

from clinic_audit.reports.context import ReportData
from clinic_audit.reports.flowables import Heading, JpegImage
from clinic_audit.reports.styles import MUTED
from clinic_audit.reports.text import esc, fmt_time
from clinic_audit.reports.textblock import KeepBlock, TextBlock


def grouped(digest: str) -> str:
    """A photo's hash in groups of 8, so the report's one 64-digit run is the record's."""
    return " ".join(digest[start : start + 8] for start in range(0, len(digest), 8))


CAPTION_ROOM = 36 * mm  # space kept under each photo for its caption, so two fit a page


def photos_section(data: ReportData) -> list:
    s, words = data.styles, data.wording
    photos = data.photo_list()
    if not photos:
        return []
    story: list = [Heading(esc(words.photos), s.h1, outline=words.photos)]
    story.append(
        s.muted(
            f"{len(photos)} photo{'s' if len(photos) != 1 else ''}, numbered as in the "
            "section-by-section results, printed from the stored images without re-compression."
        )
    )
    box = (data.frame_width, data.frame_height / 2 - CAPTION_ROOM)
    for number, section, item, ref in photos:
        result = data.statuses[item.id].result if item.id in data.statuses else None
        mark = f" — {s.result_mark(result)}" if result else ""
        runs = [
            s.run(f"Photo {number}", "bold", 8.5),
            s.run(f"{mark} · {section.title}\n", size=8.5),
            s.run("Item: ", "bold", 8.5),
            s.run(item.prompt + "\n", size=8.5),
        ]
        if ref.caption.strip():
            runs += [s.run("Caption: ", "bold", 8.5), s.run(ref.caption + "\n", size=8.5)]
        runs += [s.run("Taken: ", "bold", 8.5), s.run(fmt_time(ref.taken_at), size=8.5)]
        runs += [s.run(" · Attached: ", "bold", 8.5), s.run(fmt_time(ref.attached_at), size=8.5)]
        if ref.filename:
            runs += [s.run(" · File: ", "bold", 8.5), s.run(ref.filename, size=8.5)]
        runs += [
            s.run("\n", size=8.5),
            s.run(f"SHA-256 of the original: {grouped(ref.sha256)}", size=7, colour=MUTED),
        ]
        story.append(
            KeepBlock(
                [
                    JpegImage(data.full(ref), (ref.width, ref.height), box),
                    TextBlock(runs, 11, space_before=2 * mm, space_after=10),
                ],
                data.frame_height,
            )
        )
    return story
