"""Whatever a user typed comes out as typed, never crashes the build, never leaves the page."""

import re
import unicodedata

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth

from clinic_audit.audit.model import AuditKind, CorrectiveAction, Facility
from clinic_audit.reports import build_report
from clinic_audit.reports.fonts import load_fonts
from clinic_audit.reports.styles import build_styles
from clinic_audit.reports.text import visual_order
from clinic_audit.reports.textblock import TextBlock

from .conftest import (
    FakePhotos,
    body_text,
    failed_action,
    flat,
    pdf_pages,
    practitioner,
    report_inputs,
    small_audit,
    squeezed,
)

LONG_WORD = "Z" * 400
LONG_ACTION = " ".join(f"step{n} check-and-record" for n in range(200))[:3000]
WORDS = ["alpha", "βeta", "Nguyễn", "María", "&", "<b>", 'quote"d', "x<y"]
LONG_NOTE = " ".join(f"{WORDS[n % len(WORDS)]}{n}" for n in range(1500))[:10_000]
HOSTILE = {
    "markup": "<b>not bold</b> & <i>x</i> </para> <br/> &amp; &lt; <font color=red>",
    "quotes": "He said \"stop\" and 'wait' — “curly” ‘single’",
    "line breaks": "line one\nline two\r\nline three\n\nafter a blank line",
    "names": "Nguyễn Thị Lan · María José Hernández · Đặng Văn Hùng · Peña",
    "right to left": "שלום עולם مرحبا بالعالم",
    "emoji": "emoji 😀 🙂 ✅ 👍🏽 done",
    "long word": f"before {LONG_WORD} after",
}


def hostile_audit(checklist, kind=AuditKind.REGULATORY):
    note = "\n".join(HOSTILE.values())
    audit = small_audit(
        checklist,
        kind=kind,
        note=note,
        fail_items=3,
        facility=Facility(name=f'Clínica <Nguyễn> & "Sons" 😀 {"Y" * 300}', address=note),
    )
    failed = [item_id for item_id, r in audit.responses.items() if r.result.value == "fail"]
    audit.responses[failed[1]].note = LONG_NOTE
    photos = FakePhotos()
    ref = photos.add()
    ref.caption = f"{HOSTILE['markup']} {LONG_WORD}"
    audit.responses[failed[0]].photos.append(ref)
    audit.actions.append(failed_action(audit, checklist, LONG_NOTE))
    audit.actions.append(
        CorrectiveAction(
            finding_key=f"item:{failed[2]}", action="Fix it", responsible="Đặng " + "Ж" * 400
        )
    )
    audit.actions.append(failed_action(audit, checklist, f"{LONG_ACTION} {LONG_WORD}"))
    audit.practitioners.append(practitioner(f"Nguyễn <b>Lan</b> {LONG_WORD}"))
    return audit, photos


@pytest.fixture(scope="module")
def hostile_pages(checklist):
    audit, photos = hostile_audit(checklist)
    return audit, pdf_pages(build_report(*report_inputs(checklist, audit, photos)))


@pytest.fixture(scope="module")
def hostile_report(hostile_pages):
    audit, pages = hostile_pages
    return audit, body_text(pages)


@pytest.fixture(scope="module")
def hostile_self_audit(checklist):
    audit, photos = hostile_audit(checklist, AuditKind.SELF_AUDIT)
    return audit, pdf_pages(build_report(*report_inputs(checklist, audit, photos)))


@pytest.mark.parametrize("case", [k for k in HOSTILE if k != "long word"])
def test_hostile_text_reads_back_as_typed(hostile_report, case):
    _audit, text = hostile_report
    # Arabic is drawn in its joined (presentation) forms, which NFKC maps back to letters.
    assert flat(HOSTILE[case]) in unicodedata.normalize("NFKC", flat(text))


def test_a_400_character_word_is_split_across_lines_not_cut(hostile_report):
    _audit, text = hostile_report
    assert squeezed(HOSTILE["long word"]) in squeezed(text)
    # a table cell; its row runs over a page, where pypdf interleaves the cells' lines
    assert "Đặng" + "Ж" * 20 in squeezed(text) and text.count("Ж") == 400
    assert f"Nguyễn<b>Lan</b>{LONG_WORD}" in squeezed(text)  # a register row


def test_a_10000_character_note_runs_over_pages_whole(hostile_report):
    _audit, text = hostile_report
    assert flat(LONG_NOTE) in flat(text)  # the note, in the section-by-section results
    assert text.count("alpha0") == 3  # there, in its violation, and the action's plan


def test_a_3000_character_action_is_printed_whole_in_its_statement(hostile_report):
    _audit, text = hostile_report
    assert squeezed(f"{LONG_ACTION} {LONG_WORD}") in squeezed(text)


def _fragment_pages(pages: list[str]) -> list[int]:
    """Pages (but the last) holding next to nothing: a stray line, or repeated table
    headers over empty cells."""
    short = []
    for number, page in enumerate(pages[:-1], start=1):
        lines = [
            line
            for line in page.splitlines()
            if not re.fullmatch(r"Page \d+ of \d+|DRAFT.*|.*· Generated .*|.*· Report .*", line)
        ]
        letters = sum(len(line.strip()) for line in lines)
        if letters < 120:
            short.append(number)
    return short


@pytest.mark.parametrize("which", ["hostile_pages", "hostile_self_audit"])
def test_long_text_leaves_no_page_with_only_a_fragment(which, request):
    _audit, pages = request.getfixturevalue(which)
    assert _fragment_pages(pages) == []
    if which == "hostile_self_audit":
        plan = flat("\n".join(pages))
        assert "(in full below)" in plan  # the table's cell, cut; the statement has it all
        assert squeezed(LONG_ACTION) in squeezed("\n".join(pages))


def test_facility_name_with_markup_and_emoji(hostile_report):
    audit, text = hostile_report
    assert flat(audit.facility.name) in flat(text) or squeezed(audit.facility.name) in squeezed(
        text
    )


def test_control_characters_are_dropped_not_fatal(checklist):
    audit = small_audit(checklist, note="bell\x07 null\x00 tab\there\x1b[0m")
    text = flat("\n".join(pdf_pages(build_report(*report_inputs(checklist, audit)))))
    assert "bell null tab here[0m" in text


def test_right_to_left_runs_are_drawn_in_reading_order():
    assert visual_order("abc שלום עולם def") == "abc םלוע םולש def"
    assert visual_order("plain ascii") == "plain ascii"
    shin, lamed, vav, mem = "\u05e9\u05b8\u05c1", "\u05dc", "\u05d5\u05b9", "\u05dd"
    assert visual_order(shin + lamed + vav + mem) == mem + vav + lamed + shin  # points stay


def test_arabic_letters_are_drawn_joined_in_reading_order():
    salam = "\u0633\u0644\u0627\u0645"  # seen, lam, alef, meem: "salaam"
    drawn = visual_order(f"Dr. {salam} Khan")
    # left to right as drawn: meem (alone: alef does not join what follows), lam-alef
    # (the joined ligature), seen (initial form, joined to it)
    assert drawn == "Dr. \ufee1\ufefc\ufeb3 Khan"
    assert unicodedata.normalize("NFKC", drawn[4:7][::-1]) == salam


@pytest.mark.parametrize(
    "text",
    [LONG_WORD, LONG_NOTE, HOSTILE["line breaks"], "😀" * 300, "a " * 2000, "", "\n\n\n"],
)
def test_text_block_lines_never_exceed_the_width(text):
    fonts = load_fonts()
    styles = build_styles(fonts)
    width = A4[0] / 3
    block = TextBlock([styles.run(text)], 12)
    _w, height = block.wrap(width, 10_000)
    for line in block._lines:
        drawn = "".join(segment for _run, segment in line)
        assert stringWidth(drawn, fonts.regular, 9.5) <= width + 0.01
    assert height == 12 * len(block._lines)
    kept = "".join("".join(segment for _run, segment in line) for line in block._lines)
    assert squeezed(kept) == squeezed(text)


def test_text_block_splits_between_lines():
    styles = build_styles(load_fonts())
    block = TextBlock([styles.run(LONG_NOTE)], 12, space_before=5, space_after=7)
    block.wrap(300, 10_000)
    head, tail = block.split(300, 120)
    assert len(head._lines) == 10
    assert len(head._lines) + len(tail._lines) == len(block._lines)
    assert (head.getSpaceAfter(), tail.getSpaceBefore()) == (0, 0)
    assert block.split(300, 5) == []
