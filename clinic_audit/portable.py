"""The portable audit file: one JSON document with its photos embedded as base64 JPEG."""

from __future__ import annotations

import hashlib
import io
import json

from PIL import Image, UnidentifiedImageError
from pydantic import Field, ValidationError

from clinic_audit.audit_model import Audit, EmbeddedBytes, Sha256
from clinic_audit.messages import BadFileError, FileProblem
from clinic_audit.photos import NormalizedPhoto, thumbnail
from clinic_audit.store import Store
from clinic_audit.validation_messages import problems_from

MAX_FILE_BYTES = 1_000_000_000


class PortableAudit(Audit):
    """An audit as handed from one person to another; ``photo_data`` maps sha256 to JPEG."""

    photo_data: dict[Sha256, EmbeddedBytes] = Field(default_factory=dict)


def export_audit(store: Store, audit_id: str) -> bytes:
    audit = store.get(audit_id)
    photo_data = {ref.sha256: store.photo_jpeg(ref.sha256) for _item, ref in audit.photo_refs()}
    portable = PortableAudit(**audit.model_dump(), photo_data=photo_data)
    return portable.model_dump_json(indent=1).encode()


def parse_portable(data: bytes, file: str) -> PortableAudit:
    """Validate a portable file completely (JSON, models, photos) before anything is stored."""
    if len(data) > MAX_FILE_BYTES:
        raise _bad(file, "file_too_large", size=len(data), limit=MAX_FILE_BYTES)
    if not data.strip():
        raise _bad(file, "file_empty")
    try:
        value = json.loads(data)
    except UnicodeDecodeError as error:
        raise _bad(file, "file_not_utf8", offset=error.start) from None
    except json.JSONDecodeError as error:
        fix = (
            "The file is cut off; copy or export it again."
            if error.pos >= len(data.rstrip()) - 1
            else f"Look at line {error.lineno}, column {error.colno}."
        )
        raise _bad(file, "audit_not_json", problem=error.msg, fix=fix) from None
    if not isinstance(value, dict):
        raise _bad(
            file, "yaml_not_mapping", kind="a list" if isinstance(value, list) else "a value"
        )
    try:
        portable = PortableAudit.model_validate(value)
    except ValidationError as error:
        raise BadFileError(problems_from(error, file, PortableAudit)) from None
    problems = []
    for _item, ref in portable.photo_refs():
        jpeg = portable.photo_data.get(ref.sha256)
        short = ref.sha256[:12] + "…"
        if jpeg is None:
            problems.append(FileProblem(file, "audit_photo_missing", {"sha": short}))
        elif hashlib.sha256(jpeg).hexdigest() != ref.jpeg_sha256:
            problems.append(FileProblem(file, "audit_photo_mismatch", {"sha": short}))
        elif not _is_jpeg(jpeg):
            problems.append(FileProblem(file, "audit_photo_not_image", {"sha": short}))
    if problems:
        raise BadFileError(problems)
    return portable


def import_audit(store: Store, data: bytes, file: str, actor: str) -> Audit:
    portable = parse_portable(data, file)
    if not store.has_checklist(portable.checklist_id, portable.checklist_version):
        raise _bad(
            file,
            "audit_unknown_checklist",
            checklist=portable.checklist_id,
            version=portable.checklist_version,
        )
    if any(row.id == portable.id for row in store.list()):
        raise _bad(file, "audit_exists", id=portable.id)
    audit = Audit.model_validate(portable.model_dump(exclude={"photo_data"}))
    photos = {
        ref.sha256: NormalizedPhoto(
            sha256=ref.sha256,
            jpeg=portable.photo_data[ref.sha256],
            jpeg_sha256=ref.jpeg_sha256,
            width=ref.width,
            height=ref.height,
            taken_at=ref.taken_at,
            thumb=thumbnail(portable.photo_data[ref.sha256]),
        )
        for _item, ref in audit.photo_refs()
    }
    return store.create(audit, actor, list(photos.values()))


def _is_jpeg(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return image.format == "JPEG"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def _bad(file: str, code: str, **params) -> BadFileError:
    return BadFileError([FileProblem(file, code, params)])
