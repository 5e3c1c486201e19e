"""What makes an inspection record a notice: the agency that issues it, the case, its
purpose, its hours and time zone, and the correction the agency requires of each finding.

The agency's details are copied into the record when a regulatory audit is made, so a
notice printed years later names the agency as it was when the notice was issued.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, StringConstraints

from clinic_audit.audit.base import EmbeddedBytes, FindingKey, FreeText, Name, Record

MAX_LOGO_BYTES = 512 * 1024


def _known_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"'{name}' is not a time zone name; write one such as America/Chicago"
        ) from None
    return name


TimeZoneName = Annotated[
    str, StringConstraints(min_length=1, max_length=60), AfterValidator(_known_zone)
]
"""An IANA time zone name ("America/Chicago"): every time the record prints is local to it."""


def time_zone_problem(name: str) -> str | None:
    """What is wrong with a typed time zone name, or None when it is one."""
    try:
        _known_zone(name.strip())
    except ValueError as error:
        return str(error)
    return None


def all_time_zones() -> list[str]:
    """Every IANA zone name this machine knows, America/… first (the US packs' places)."""
    from zoneinfo import available_timezones

    names = sorted(n for n in available_timezones() if "/" in n and not n.startswith("Etc/"))
    american = [n for n in names if n.startswith("America/")]
    return [*american, *(n for n in names if not n.startswith("America/")), "UTC"]


_CLOCK = re.compile(r"^\s*(\d{1,2})(?::?(\d{2}))?\s*([ap]\.?m\.?)?\s*$", re.IGNORECASE)


def parse_time_of_day(text: str) -> dt.time:
    """A typed time of day: 09:30, 9:30, 930, 13:15, 1:15 pm (ValueError if none)."""
    match = _CLOCK.match(text)
    if match is None:
        raise ValueError(f"'{text.strip()}' is not a time; type it as 09:30 or 1:15 pm")
    hour, minute = int(match[1]), int(match[2] or 0)
    if match[3]:
        if not 1 <= hour <= 12:
            raise ValueError(f"'{text.strip()}': with am or pm the hour is 1 to 12")
        hour = hour % 12 + (12 if match[3].lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"'{text.strip()}' is not a time of day; type it as 09:30 or 1:15 pm")
    return dt.time(hour, minute)


def machine_time_zone() -> str:
    """This computer's time zone name ("America/Chicago"), UTC when it has none."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:  # no zone configured, or one tzlocal cannot name: fall back
        return "UTC"
    try:
        return _known_zone(name) if name else "UTC"
    except ValueError:
        return "UTC"


class InspectionPurpose(StrEnum):
    ROUTINE = "routine"
    COMPLAINT = "complaint"
    FOLLOW_UP = "follow_up"
    PRE_LICENSING = "pre_licensing"
    SELF_AUDIT = "self_audit"

    @property
    def label(self) -> str:
        return {
            "routine": "Routine inspection",
            "complaint": "Complaint investigation",
            "follow_up": "Follow-up inspection",
            "pre_licensing": "Pre-licensing inspection",
            "self_audit": "Internal self-audit",
        }[self.value]


class Agency(Record):
    """The agency that issues the notice, as its letterhead reads."""

    name: Name
    address: FreeText = ""
    phone: FreeText = ""
    email: FreeText = ""
    website: FreeText = ""
    logo_png: EmbeddedBytes | None = Field(
        default=None,
        max_length=MAX_LOGO_BYTES,
        description="The agency's logo, a PNG of at most 600 px a side",
    )


class RequiredCorrection(Record):
    """What the agency requires of one finding, beyond what the pack sets by default: a
    deadline earlier than the pack's (never later), correction wording of its own, and
    the proof of correction it asks for."""

    finding_key: FindingKey
    due: dt.date | None = Field(
        default=None, description="Correct by this date (earlier than the pack's deadline)"
    )
    immediately: bool = Field(default=False, description="Correct at once, before microneedling")
    correction: FreeText = Field(default="", description="What must be done, in the agency's words")
    proof: FreeText = Field(default="", description="The proof of correction requested")
