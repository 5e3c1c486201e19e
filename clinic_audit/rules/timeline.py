"""Does the record's own clock tell a possible story? Warnings, not refusals: a camera
clock can be wrong, and the inspector should see and explain it before a hearing does.

Checked: time out before time in; a photo dated before the inspection began, after it
ended, or after the record was finalized; a signature given before the inspection
began, or on a record that changed afterwards (an answer, note or photo dated after
it, or content that no longer matches what was signed); finalizing before signing; a
report built before the inspection began.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from clinic_audit.audit.model import Audit, PhotoRef, Signature
from clinic_audit.files.integrity import signature_is_current
from clinic_audit.rules.display import local_time, plural

CLOCK_SLACK = dt.timedelta(minutes=10)  # a camera or laptop clock a little off is no story
ROLE_NAMES = {"inspector": "the inspector", "representative": "the facility representative"}


def inspection_start(audit: Audit) -> dt.datetime:
    return dt.datetime.combine(audit.audit_date, audit.time_in or dt.time(0, 0), audit.zone)


def inspection_end(audit: Audit) -> dt.datetime | None:
    if audit.time_out is None:
        return None
    return dt.datetime.combine(audit.audit_date, audit.time_out, audit.zone)


def timeline_warnings(
    audit: Audit,
    label_of: Callable[[str], str] = str,
    report_at: dt.datetime | None = None,
    *,
    finalizing_at: dt.datetime | None = None,
) -> list[str]:
    """Every inconsistency in the record's times, each as a sentence that says what to
    check. ``label_of`` names an item ("RM-13"); ``report_at``: when a report is built;
    ``finalizing_at``: when the record is about to be finalized (the Review screen)."""
    zone = audit.zone
    start, end = inspection_start(audit), inspection_end(audit)
    warnings: list[str] = []
    if audit.time_in and audit.time_out and audit.time_out < audit.time_in:
        warnings.append(
            f"Time out ({audit.time_out:%H:%M}) is before time in ({audit.time_in:%H:%M}). "
            "Correct the times on the Review screen."
        )
    for item_id, photo in audit.photo_refs():
        warnings += _photo_warnings(audit, label_of(item_id), photo, start, end)
    for signature in audit.signatures:
        warnings += _signature_warnings(audit, signature, start, label_of)
    if report_at is not None and report_at < start - CLOCK_SLACK:
        warnings.append(
            f"This report was built at {local_time(report_at, zone)}, before the inspection "
            f"began ({local_time(start, zone)}). Check the computer's clock and the audit date."
        )
    if finalizing_at is not None and finalizing_at < start - CLOCK_SLACK:
        warnings.append(
            f"It is {local_time(finalizing_at, zone)}, before the inspection began "
            f"({local_time(start, zone)}): a record finalized now is dated before its "
            "inspection. Check the computer's clock, the audit date and the time in."
        )
    return warnings


def _aware(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _photo_warnings(
    audit: Audit, label: str, photo: PhotoRef, start: dt.datetime, end: dt.datetime | None
) -> list[str]:
    zone, found = audit.zone, []
    name = f"The photo {photo.filename or photo.sha256[:12]} of {label}"
    if photo.taken_at is not None:
        taken = _aware(photo.taken_at, zone)
        if taken < start - CLOCK_SLACK:
            found.append(
                f"{name} was taken at {local_time(taken, zone)}, before the inspection began "
                f"({local_time(start, zone)}). Check the camera's clock, or say in the "
                "caption that it is an older photo."
            )
        elif end is not None and taken > end + CLOCK_SLACK:
            found.append(
                f"{name} was taken at {local_time(taken, zone)}, after the inspection ended "
                f"({local_time(end, zone)}). Check the camera's clock and the time out."
            )
    if audit.finalized_at is not None:
        for what, moment in (("taken", photo.taken_at), ("attached", photo.attached_at)):
            if moment is not None and _aware(moment, zone) > audit.finalized_at + CLOCK_SLACK:
                found.append(
                    f"{name} was {what} at {local_time(moment, zone)}, after the record was "
                    f"finalized ({local_time(audit.finalized_at, zone)})."
                )
    return found


def _signature_warnings(
    audit: Audit, signature: Signature, start: dt.datetime, label_of: Callable[[str], str]
) -> list[str]:
    zone, found = audit.zone, []
    who = ROLE_NAMES.get(signature.role.value, signature.role.value)
    signed = signature.signed_at
    if signed < start - CLOCK_SLACK:
        found.append(
            f"{who.capitalize()} signed at {local_time(signed, zone)}, before the inspection "
            f"began ({local_time(start, zone)})."
        )
    if signature.record_sha256 is not None and not signature_is_current(audit, signature):
        found.append(
            f"The record changed after {who} signed at {local_time(signed, zone)}: what is "
            "signed is not what the record holds now."
        )
    later = [
        (label_of(item_id), moment)
        for item_id, response in audit.responses.items()
        for moment in [response.answered_at, *(p.attached_at for p in response.photos)]
        if moment is not None and moment > signed + CLOCK_SLACK
    ]
    if later:
        label, moment = max(later, key=lambda pair: pair[1])
        found.append(
            f"{plural(len(later), 'answer or photo change')} dated after {who} signed at "
            f"{local_time(signed, zone)}, the last on {label} at {local_time(moment, zone)}."
        )
    if audit.finalized_at is not None and audit.finalized_at < signed - CLOCK_SLACK:
        found.append(
            f"The record was finalized at {local_time(audit.finalized_at, zone)}, before "
            f"{who} signed at {local_time(signed, zone)}."
        )
    return found
