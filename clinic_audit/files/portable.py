"""The portable audit file: one JSON document with its photos embedded as base64 JPEG."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PIL import Image, UnidentifiedImageError
from pydantic import Field, ValidationError

from clinic_audit.audit.checks import date_problems, reference_problems
from clinic_audit.audit.model import MAX_ENTRIES, Audit, EmbeddedBytes, Sha256
from clinic_audit.checklist.model import Checklist
from clinic_audit.checklist.pack_model import Pack
from clinic_audit.checklist.packs import builtin_packs
from clinic_audit.facility.model import FacilityRecord
from clinic_audit.files.photos import NormalizedPhoto, thumbnail
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem
from clinic_audit.messages.validation import problems_from
from clinic_audit.store.errors import StoreError

if TYPE_CHECKING:  # a report of a portable file opens no store, so loads no SQLAlchemy
    from clinic_audit.store.database import Store

MAX_FILE_BYTES = 1_000_000_000
MAX_DEPTH = 64
"""A real audit file is 5 levels deep (audit, responses, item, photos, photo)."""
MAX_TOKENS = 500_000
"""Strings, brackets and commas in the whole document. An audit with 1,000 photos has
some 50,000, one with the built-in checklist at every other limit of ``MAX_ENTRIES``
some 240,000; counting to the limit takes at most some 0.5 s, and ``json.loads`` is
never given more."""

ChecklistLookup = Callable[[Audit], Checklist | None]
"""The checklist an audit is scored with (its version, under its pack), None if unknown."""


PORTABLE_ONLY = {"photo_data", "pack", "revision", "facility_record"}  # beside the record


class PortableAudit(Audit):
    """An audit as handed from one person to another; ``photo_data`` maps sha256 to JPEG."""

    photo_data: dict[Sha256, EmbeddedBytes] = Field(
        default_factory=dict, max_length=MAX_ENTRIES["photo_data"]
    )
    pack: Pack | None = Field(
        default=None,
        description="The jurisdiction pack the audit was made under, when it is not "
        "shipped with Clinic Audit (an agency's own), so the file can be read anywhere",
    )
    revision: int | None = Field(
        default=None,
        ge=1,
        description="The record's revision in the store it was exported from: a report "
        "built from the file prints it, and an import continues from it",
    )
    facility_record: FacilityRecord | None = Field(
        default=None,
        description="The facility the audit is filed under in the store it came from, with "
        "its id, so an import files it under the same facility",
    )


def export_audit(store: Store, audit_id: str) -> bytes:
    return portable_record(store, audit_id).model_dump_json(indent=1).encode()


def portable_record(store: Store, audit_id: str, with_photos: bool = True) -> PortableAudit:
    """The audit as a portable file holds it: with its photos (unless ``with_photos`` is
    False: a report embeds its record without them), its pack when not a shipped one,
    and its revision."""
    audit = store.get(audit_id)
    photo_data = (
        {ref.sha256: store.photo_jpeg(ref.sha256) for _item, ref in audit.photo_refs()}
        if with_photos
        else {}
    )
    pack = None
    key = (audit.pack_id, audit.pack_version)
    if audit.pack_id is not None and audit.pack_version is not None and key not in builtin_packs():
        pack = store.pack(audit.pack_id, audit.pack_version)
    return PortableAudit(
        **audit.model_dump(),
        photo_data=photo_data,
        pack=pack,
        revision=store.revision(audit_id),
        facility_record=store.facility_of(audit_id),
    )


def parse_portable(
    data: bytes,
    file: str,
    checklists: ChecklistLookup | None = None,
    today: dt.date | None = None,
) -> PortableAudit:
    """Validate a portable file completely before anything is stored or shown.

    Always: its size, nesting depth and number of entries (before it is parsed), the
    JSON, the models (ids, keys, lengths) and the embedded photos. With ``checklists``,
    also that the audit's checklist is known and that the audit refers only to it and
    to its own register rows. With ``today``, also that its dates are plausible (see
    ``audit_checks.DATE_WINDOWS``); ``verify`` and ``report`` leave that out, as they
    show an old record as it is. Every problem found is reported at once.
    """
    if len(data) > MAX_FILE_BYTES:
        raise _bad(file, ErrorCode.FILE_TOO_LARGE, size=len(data), limit=MAX_FILE_BYTES)
    if not data.strip():
        raise _bad(file, ErrorCode.FILE_EMPTY)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _bad(file, ErrorCode.FILE_NOT_UTF8, offset=error.start) from None
    _check_shape(text, file)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        fix = (
            "The file is cut off; copy or export it again."
            if error.pos >= len(text.rstrip()) - 1
            else f"Look at line {error.lineno}, column {error.colno}."
        )
        raise _bad(file, ErrorCode.AUDIT_NOT_JSON, problem=error.msg, fix=fix) from None
    except ValueError:  # an integer of more digits than Python converts (4,300)
        raise _bad(
            file,
            ErrorCode.AUDIT_NOT_JSON,
            problem="a number has thousands of digits",
            fix="No audit holds such a number; this file was not written by Clinic Audit.",
        ) from None
    if not isinstance(value, dict):
        raise _bad(
            file,
            ErrorCode.YAML_NOT_MAPPING,
            kind="a list" if isinstance(value, list) else "a value",
        )
    try:
        portable = PortableAudit.model_validate(value)
    except ValidationError as error:
        raise BadFileError(problems_from(error, file, PortableAudit)) from None
    problems = []
    if checklists is not None:
        checklist = checklists(portable)
        if checklist is None:
            raise _bad(
                file,
                ErrorCode.AUDIT_UNKNOWN_CHECKLIST,
                checklist=portable.checklist_id,
                version=portable.checklist_version,
            )
        problems += [p.in_file(file) for p in reference_problems(portable, checklist)]
    if today is not None:
        problems += [p.in_file(file) for p in date_problems(portable, today) if p.refuse]
    for _item, ref in portable.photo_refs():
        jpeg = portable.photo_data.get(ref.sha256)
        short = ref.sha256[:12] + "…"
        if jpeg is None:
            problems.append(FileProblem(file, ErrorCode.AUDIT_PHOTO_MISSING, {"sha": short}))
        elif hashlib.sha256(jpeg).hexdigest() != ref.jpeg_sha256:
            problems.append(FileProblem(file, ErrorCode.AUDIT_PHOTO_MISMATCH, {"sha": short}))
        elif not _is_jpeg(jpeg):
            problems.append(FileProblem(file, ErrorCode.AUDIT_PHOTO_NOT_IMAGE, {"sha": short}))
    if problems:
        raise BadFileError(problems)
    return portable


def photo_date_warnings(audit: Audit, file: str, today: dt.date) -> list[FileProblem]:
    """Dates that are implausible but imported as they are (camera clocks)."""
    return [p.in_file(file) for p in date_problems(audit, today) if not p.refuse]


def checklists_of(store: Store) -> ChecklistLookup:
    """Look an audit's checklist up in a store (which knows the built-in ones too); a
    pack the file carries counts as installed for the look-up."""

    def lookup(audit: Audit) -> Checklist | None:
        carried = getattr(audit, "pack", None)
        try:
            if carried is not None and audit.pack_id == carried.id:
                from clinic_audit.checklist.packs import resolve

                return resolve(
                    carried, store.checklist(audit.checklist_id, audit.checklist_version)
                )
            return store.checklist_for(audit)
        except (StoreError, ValidationError):
            return None

    return lookup


def import_audit(store: Store, data: bytes, file: str, actor: str) -> Audit:
    portable = parse_portable(data, file, checklists_of(store), dt.date.today())
    if any(row.id == portable.id for row in store.list()):
        raise _bad(file, ErrorCode.AUDIT_EXISTS, id=portable.id)
    if portable.pack is not None:
        store.add_pack(portable.pack)
    audit = Audit.model_validate(portable.model_dump(exclude=PORTABLE_ONLY))
    photos = {
        ref.sha256: NormalizedPhoto(
            sha256=ref.sha256,
            jpeg=portable.photo_data[ref.sha256],
            jpeg_sha256=ref.jpeg_sha256,
            width=ref.width,
            height=ref.height,
            taken_at=ref.taken_at,
            taken_offset=ref.taken_offset,
            camera_make=ref.camera_make,
            camera_model=ref.camera_model,
            thumb=thumbnail(portable.photo_data[ref.sha256]),
        )
        for _item, ref in audit.photo_refs()
    }
    return store.create(
        audit,
        actor,
        list(photos.values()),
        revision=portable.revision or 1,
        facility=portable.facility_record,
    )


def is_pdf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"%PDF-"


_STRUCTURE = re.compile(r"[\[\]{},]")
_STRING_REST = re.compile(r'[^"\\]*+(?:\\.[^"\\]*+)*+"')  # after its opening quote
_LIMITS = {name: MAX_ENTRIES[name] for name in PortableAudit.model_fields if name in MAX_ENTRIES}


def _check_shape(text: str, file: str) -> None:
    """Refuse a document nested too deep, made of too many pieces, or with more entries in
    a field than ``MAX_ENTRIES`` allows, from its characters alone, before ``json.loads``
    spends time, memory or recursion on it. Stops at the first excess. Strings (the
    photos' base64) are skipped with ``str.find``; malformed JSON is left to
    ``json.loads`` to explain."""
    depth = tokens = entries = 0
    key_at = (0, 0)  # where the last string on the top level is: the key of what follows
    field = ""
    at = 0
    while at < len(text):
        quote = text.find('"', at)
        stop = len(text) if quote < 0 else quote
        for mark in _STRUCTURE.finditer(text, at, stop):
            tokens += 1
            if tokens > MAX_TOKENS:
                raise _bad(file, ErrorCode.AUDIT_TOO_MANY_VALUES, limit=MAX_TOKENS)
            char = mark.group()
            if char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    raise _bad(file, ErrorCode.AUDIT_TOO_DEEP, limit=MAX_DEPTH)
                if depth == 2:
                    field, entries = _key(text, *key_at), 0
            elif char in "]}":
                depth -= 1
            elif depth == 2 and field in _LIMITS:
                entries += 1
                if entries >= _LIMITS[field]:  # n commas: n + 1 entries
                    limit = {"limit": _LIMITS[field]}
                    raise BadFileError([FileProblem(file, ErrorCode.TOO_LONG, limit, path=field)])
        if quote < 0:
            return
        tokens += 1
        if tokens > MAX_TOKENS:
            raise _bad(file, ErrorCode.AUDIT_TOO_MANY_VALUES, limit=MAX_TOKENS)
        at = _string_end(text, quote)
        if depth == 1:
            key_at = (quote, at)


def _string_end(text: str, quote: int) -> int:
    """Just after the string that opens at ``quote``; the end of the text if it is cut off."""
    close = text.find('"', quote + 1)
    if close < 0:
        return len(text)
    if text.find("\\", quote + 1, close) < 0:  # no escapes: the usual case, and fast
        return close + 1
    found = _STRING_REST.match(text, quote + 1)
    return found.end() if found else len(text)


def _key(text: str, start: int, end: int) -> str:
    """The top-level key whose string is at text[start:end]; '' if it cannot be one."""
    if not 2 <= end - start <= 40:
        return ""
    try:
        return json.loads(text[start:end])
    except ValueError:
        return ""


def _is_jpeg(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return image.format == "JPEG"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def _bad(file: str, code: ErrorCode, **params: Any) -> BadFileError:
    return BadFileError([FileProblem(file, code, params)])
