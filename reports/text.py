"""User text made safe for ReportLab Paragraph markup, and the report's date formats."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from clinic_audit.rules.display import score_text

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")


def esc(text: str | None) -> str:
    """Markup for text exactly as typed: <, & and quotes escaped, line breaks kept.

    Control characters cannot be drawn and would confuse the markup parser, so they
    are dropped; tabs become spaces. Words longer than a line are split by the
    styles' splitLongWords.
    """
    if not text:
        return ""
    return "<br/>".join(escape(line, {'"': "&quot;"}) for line in clean(text).split("\n"))


def clean(text: str) -> str:
    """Text as typed, with one kind of line break, tabs as spaces, no control characters."""
    if text.isprintable():
        return text
    text = _NEWLINES.sub("\n", text).replace("\t", "    ")
    return _CONTROL.sub("", text)


def fit(text: str, font: str, size: float, width: float) -> str:
    """Plain text cut with an ellipsis to fit ``width`` points (for canvas drawing)."""
    text = _CONTROL.sub("", _NEWLINES.sub(" ", text).replace("\n", " "))
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def fmt_date(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def fmt_time(moment: dt.datetime | None) -> str:
    """Aware times in the local time zone with its name; naive ones as the camera gave them."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M") + " (camera clock)"
    local = moment.astimezone()
    return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or local.strftime("%z"))


def fmt_score(score: float | None) -> str:
    return "not scored" if score is None else score_text(score)


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


_RTL_LETTER = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_RTL_RUN = re.compile(f"[{_RTL_LETTER}](?:[{_RTL_LETTER}\\s\u064b-\u065f]*[{_RTL_LETTER}])?")


def visual_order(line: str) -> str:
    """A drawn line with its Hebrew and Arabic runs reversed into reading order.

    ReportLab draws characters left to right as stored, and does not join letters;
    without this, right-to-left words print backwards and Arabic as loose letters. Runs
    are reversed whole (marks kept after their letters), Arabic letters first replaced
    by their joined (presentation) forms; the line stays left-aligned.
    """
    if line.isascii():
        return line
    return _RTL_RUN.sub(lambda match: "".join(reversed(_clusters(_joined(match.group())))), line)


def _joined(run: str) -> str:
    if not _ARABIC.search(run):
        return run
    return _arabic_reshaper().reshape(run)


@cache
def _arabic_reshaper():
    from arabic_reshaper import ArabicReshaper  # here: only reports with Arabic text need it

    return ArabicReshaper(configuration={"delete_harakat": False})  # keep the vowel marks


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f]")


def _clusters(text: str) -> list[str]:
    clusters: list[str] = []
    for character in text:
        if clusters and unicodedata.combining(character):
            clusters[-1] += character
        else:
            clusters.append(character)
    return clusters
