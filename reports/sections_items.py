"""Every item of every section with its result, note and photo thumbnails."""

from __future__ import annotations

from reportlab.lib.units import mm

from clinic_audit.audit.model import PhotoRef
from clinic_audit.checklist.model import Item, Result, Section
from clinic_audit.reports.context import ReportData
from clinic_audit.reports.flowables import Heading, ThumbnailStrip
from clinic_audit.reports.styles import ITEM_INDENT, MUTED, RESULT_COLOURS, SEVERITY_COLOURS
from clinic_audit.reports.text import esc, fmt_score, fmt_time
from clinic_audit.reports.textblock import KeepBlock, TextBlock

THUMB_BOX = (38 * mm, 28.5 * mm)
THUMBS_PER_ROW = 4


def items_section(data: ReportData) -> list:
    s, words = data.styles, data.wording
    story: list = [Heading(esc(words.items), s.h1, outline=words.items)]
    story.append(
        s.muted(
            f"Each item shows its result in words ({s.result_mark(Result.PASS)}, "
            f"{s.result_mark(Result.FAIL)}, N/A, NOT OBSERVED) so a black-and-white print "
            "keeps it; the prompts of failed items are also in bold."
        )
    )
    scores = {score.section_id: score for score in data.summary.sections}
    for number, section in enumerate(data.checklist.sections, start=1):
        score = scores.get(section.id)
        title = f"{number}. {section.title}"
        story.append(Heading(esc(title), s.h2, outline=title, level=1))
        if score is not None:
            counts = (
                f"Score {fmt_score(score.score)} · {score.applicable} applicable · "
                f"{score.passed} pass · {score.failed} fail · {score.not_observed} not observed"
            )
            story.append(TextBlock([s.run(counts, "bold", 8.5, MUTED)], 11, space_after=2))
        story.append(TextBlock([s.run(section.purpose, size=8.5, colour=MUTED)], 11))
        for item in section.items:
            story.append(KeepBlock(_item(data, section, item), data.frame_height))
    return story


def _item(data: ReportData, section: Section, item: Item) -> list:
    s = data.styles
    status = data.statuses.get(item.id)
    response = data.audit.response(item.id)
    result = status.result if status else response.result
    weight = "bold" if result == Result.FAIL else "regular"
    marker = s.run(s.result_mark(result), "bold", 7.5, RESULT_COLOURS[result])
    flowables: list = [
        TextBlock(
            [*([s.run(f"{item.code}  ", "bold")] if item.code else []), s.run(item.prompt, weight)],
            12.3,
            ITEM_INDENT,
            space_before=5,
            marker=marker,
        )
    ]
    detail = f" · {data.wording.reference_label}: {data.checklist.reference_of(item)}"
    if status is not None and not status.applicable and response.result is None:
        detail += " · does not apply to this facility"
    if response.answered_at:
        detail += f" · answered {fmt_time(response.answered_at)}"
    severity = s.run(
        f"{item.severity.value.capitalize()} item", size=7.5, colour=SEVERITY_COLOURS[item.severity]
    )
    flowables.append(TextBlock([severity, s.run(detail, size=7.5, colour=MUTED)], 9.5, ITEM_INDENT))
    if response.note.strip():
        note = [s.run("Note: ", "italic", 9), s.run(response.note, size=9)]
        flowables.append(TextBlock(note, 11.8, ITEM_INDENT, space_before=1))
    if status is not None and status.missing:
        text = [
            s.run("Evidence missing: ", "bold", 9),
            s.run(f"the checklist asks for {status.missing_text}.", size=9),
        ]
        flowables.append(TextBlock(text, 11.8, ITEM_INDENT, space_before=1))
    if response.photos:
        flowables.append(_thumbnails(data, item, response.photos))
    return flowables


def _thumbnails(data: ReportData, item: Item, photos: list[PhotoRef]) -> ThumbnailStrip:
    s = data.styles
    strip = []
    for index, ref in enumerate(photos):
        number = data.photo_numbers[(item.id, index)]
        strip.append(
            (data.thumb(ref), (ref.width, ref.height), f"Photo {number} · see the appendix")
        )
    return ThumbnailStrip(strip, THUMB_BOX, THUMBS_PER_ROW, ITEM_INDENT, s.fonts.regular, MUTED)
