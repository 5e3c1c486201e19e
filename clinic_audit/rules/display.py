"""How derived values read wherever they are shown (screens, report, command line).

Light (no pydantic), since Home shows scores before the data models are loaded. US
English: the notice is a US document ("license", "12.5%").
"""

from __future__ import annotations

import datetime as dt

IRREGULAR = {"is": "are", "was": "were", "lacks": "lack", "has": "have", "entry": "entries"}


def score_text(score: float | None) -> str:
    """A score as every screen and the report print it."""
    return "—" if score is None else f"{score:.1f}%"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 day', '19 days', '2 failed items', '3 entries': never 'day(s)'."""
    if count == 1:
        return f"{count} {singular}"
    if plural_form is None:
        head, _, last = singular.rpartition(" ")
        word = IRREGULAR.get(last) or (
            last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else last + "s"
        )
        plural_form = f"{head} {word}" if head else word
    return f"{count} {plural_form}"


def long_date(day: dt.date) -> str:
    """'Wednesday, December 16, 2026': a deadline as a notice prints it."""
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def local_time(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """'2026-12-02 09:30 CST': a moment as the notice prints it, in the audit's zone. A
    naive moment (a camera clock) is read as local time there."""
    local = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
