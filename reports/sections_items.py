"""Every item of every section with its result, note and photo thumbnails."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from clinic_audit.audit.model import PhotoRef
from clinic_audit.checklist.model import Item, Result, Section
from clinic_audit.reports.context import ReportData, finding_anchor, item_anchor, photo_anchor
from clinic_audit.reports.flowables import Anchor, Heading, ThumbnailStrip
from clinic_audit.reports.styles import ITEM_INDENT, MUTED, RESULT_COLOURS, SEVERITY_COLOURS
from clinic_audit.reports.text import esc, fmt_score
from clinic_audit.reports.textblock import KeepBlock, TextBlock
from clinic_audit.rules.display import plural
from clinic_audit.rules.finding_keys import item_key

THUMB_BOX = (38 * mm, 28.5 * mm)
THUMBS_PER_ROW = 4


def items_section(data: ReportData) -> list:
    s, words = data.styles, data.wording
    story: list = [Heading(esc(words.items), s.h1, outline=words.items, key="results")]
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
    marker = s.run(s.result_mark(result), "bold", 8, RESULT_COLOURS[result])
    flowables: list = [
        Anchor(item_anchor(item.id)),
        TextBlock(
            [*([s.run(f"{item.code}  ", "bold")] if item.code else []), s.run(item.prompt, weight)],
            12.3,
            ITEM_INDENT,
            space_before=5,
            marker=marker,
        ),
    ]
    detail = f" · Source: {data.checklist.reference_of(item)}"
    if status is not None and not status.applicable and response.result is None:
        detail += " · does not apply to this facility"
    if response.answered_at:
        detail += f" · answered {data.time(response.answered_at)}"
    severity = s.run(
        f"{item.severity.value.capitalize()} item", "bold", 8.5, SEVERITY_COLOURS[item.severity]
    )
    flowables.append(
        TextBlock([severity, s.run(detail, size=8.5, colour=MUTED)], 10.8, ITEM_INDENT)
    )
    if response.note.strip():
        note = [s.run("Note: ", "italic", 9), s.run(response.note, size=9)]
        flowables.append(TextBlock(note, 11.8, ITEM_INDENT, space_before=1))
    if response.photo_waiver.strip():
        waiver = [s.run("No photo: ", "bold", 9), s.run(response.photo_waiver, size=9)]
        flowables.append(TextBlock(waiver, 11.8, ITEM_INDENT, space_before=1))
    if status is not None and status.missing:
        text = [
            s.run("Evidence missing: ", "bold", 9),
            s.run(f"the checklist asks for {status.missing_text}.", size=9),
        ]
        flowables.append(TextBlock(text, 11.8, ITEM_INDENT, space_before=1))
    links = _links(data, item)
    if links is not None:
        flowables.append(links)
    printed = [n for n in data.photo_numbers_of(item.id) if data.printed_photo(n)]
    if printed:
        flowables.append(_thumbnails(data, item, response.photos))
    if len(printed) < len(response.photos):
        left = len(response.photos) - len(printed)
        unprinted = f"{plural(left, 'photo')} of this item in the record, not printed here."
        flowables.append(TextBlock([s.run(unprinted, "italic", 8.5, MUTED)], 10.8, ITEM_INDENT))
    return flowables


def _links(data: ReportData, item: Item):
    s = data.styles
    targets = []
    number = data.finding_numbers.get(item_key(item.id))
    if number is not None:
        word = data.wording.finding_word.lower()
        targets.append(s.link(f"{word} {number}", finding_anchor(number)))
    for photo in data.photo_numbers_of(item.id):
        if data.printed_photo(photo):
            targets.append(s.link(f"photo {photo}", photo_anchor(photo)))
    if not targets:
        return None
    style = s.small_para.clone("item_links", leftIndent=ITEM_INDENT, spaceBefore=1)
    return Paragraph("See: " + ", ".join(targets), style)


def _thumbnails(data: ReportData, item: Item, photos: list[PhotoRef]) -> ThumbnailStrip:
    s = data.styles
    strip = []
    for index, ref in enumerate(photos):
        number = data.photo_numbers[(item.id, index)]
        if data.printed_photo(number):
            strip.append((data.full(ref), (ref.width, ref.height), f"Photo {number}"))
    return ThumbnailStrip(strip, THUMB_BOX, THUMBS_PER_ROW, ITEM_INDENT, s.fonts.regular, MUTED)
