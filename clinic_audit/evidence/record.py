"""The audit record inside its report: the portable JSON and a photo manifest, embedded
as associated files of the PDF (/AF, /AFRelationship /Source: the report was made from
them), so that the report alone is the evidence and can be imported again.

Photos as printed, by default: the report draws each photo once (one image object per
photo, see ``reports.flowables.JpegSource``), a copy at print resolution or with full
resolution the stored JPEG byte for byte, and the record relies on those images rather
than embedding them a second time; the manifest lists, per photo, the SHA-256 of the
original file, of the stored JPEG, and of the image printed in the PDF with its size (none
for a photo left out with --photos failures). ``full_evidence`` also embeds every stored
JPEG as a file of its own, so that every photo comes back as stored.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from clinic_audit.audit.model import Audit
from clinic_audit.files.integrity import audit_digest
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem

RECORD_FILE = "audit-record.json"
MANIFEST_FILE = "evidence-photos.json"
PHOTO_FILE = "photo-{jpeg_sha256}.jpg"

Attachment = tuple[str, bytes, str, str]  # name, data, MIME type, description


def pdf_jpegs(pdf: bytes) -> dict[str, bytes]:
    """Every JPEG image object on the PDF's pages, by the SHA-256 of its bytes as they
    are in the file (a JPEG is stored in a PDF as it is: DCTDecode)."""
    from pypdf import PdfReader

    found: dict[str, bytes] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        for ref in xobjects.get_object().values() if xobjects else []:
            image = ref.get_object()
            filters = image.get("/Filter")
            if isinstance(filters, str):
                filters = [filters]
            if image.get("/Subtype") == "/Image" and list(filters or []) == ["/DCTDecode"]:
                data = image.get_data()
                found[hashlib.sha256(data).hexdigest()] = data
    return found


def record_attachments(
    portable: Any, printed: Mapping[str, Any], photos: Any, full_evidence: bool = False
) -> list[Attachment]:
    """The files to embed in a report: the record (a PortableAudit, its photo bytes left
    out), the photo manifest, and with ``full_evidence`` every stored JPEG. ``printed``:
    by the stored JPEG's SHA-256, the image the pages show (with sha256, width, height)."""
    record = portable.model_copy(update={"photo_data": {}})
    entries = []
    files: list[Attachment] = []
    for _item, ref in portable.photo_refs():
        shown = printed.get(ref.jpeg_sha256)
        entries.append(
            {
                "sha256": ref.sha256,
                "jpeg_sha256": ref.jpeg_sha256,
                "printed_sha256": shown.sha256 if shown else None,
                "printed_size": [shown.width, shown.height] if shown else None,
                "embedded": full_evidence,
            }
        )
        if full_evidence:
            files.append(
                (
                    PHOTO_FILE.format(jpeg_sha256=ref.jpeg_sha256),
                    photos.photo_jpeg(ref.sha256),
                    "image/jpeg",
                    f"Stored photo of the record (original SHA-256 {ref.sha256})",
                )
            )
    digest = audit_digest(record)
    manifest = {"record_sha256": digest, "photos": entries}
    return [
        (
            RECORD_FILE,
            record.model_dump_json(indent=1).encode(),
            "application/json",
            f"The audit record this report was built from (record SHA-256 {digest})",
        ),
        (
            MANIFEST_FILE,
            json.dumps(manifest, indent=1).encode(),
            "application/json",
            "The record's photos: original, stored and printed SHA-256",
        ),
        *files,
    ]


def attach(pdf: bytes, attachments: list[Attachment]) -> bytes:
    """``pdf`` with ``attachments`` embedded, in one incremental update (unsigned)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    from clinic_audit.evidence.signing import embed

    out = io.BytesIO(pdf)
    writer = IncrementalPdfFileWriter(out)
    for attachment in attachments:
        embed(writer, *attachment)
    writer.write_in_place()
    return out.getvalue()


@dataclass
class EmbeddedRecord:
    """What a report carries of its record; ``problems`` are what does not match."""

    record: Any | None  # PortableAudit, photo_data filled from the report where it can be
    problems: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)  # jpeg sha256 of photos from pages
    embedded: list[str] = field(default_factory=list)  # from the full-evidence files
    missing: list[str] = field(default_factory=list)  # in neither
    # photos the report carries only as print copies, by original SHA-256: the JPEG bytes
    # (their SHA-256 is not the stored one the record names; see ``with_print_copies``)
    print_copies: dict[str, bytes] = field(default_factory=dict)


def embedded_record(pdf: bytes, file: str, printed_digest: str | None) -> EmbeddedRecord:
    """Read the record out of a report and check it against what the report prints: the
    record's digest, and every photo's hash. None for a report that embeds no record."""
    from pydantic import ValidationError
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from clinic_audit.files.portable import PortableAudit

    try:
        attachments = PdfReader(io.BytesIO(pdf)).attachments
        record_data = attachments.get(RECORD_FILE)
        manifest_data = attachments.get(MANIFEST_FILE)
    except (PdfReadError, OSError, ValueError, KeyError) as error:
        raise BadFileError(
            [FileProblem(file, ErrorCode.FILE_UNREADABLE, {"reason": f"not a PDF: {error}"})]
        ) from None
    if not record_data:
        return EmbeddedRecord(None)
    found = EmbeddedRecord(None)
    try:
        record = PortableAudit.model_validate_json(record_data[-1])
    except ValidationError:
        found.problems.append("embedded record: it is not a valid audit record")
        return found
    digest = audit_digest(record)
    if printed_digest is not None and digest != printed_digest:
        found.problems.append(
            f"embedded record: its SHA-256 is {digest}, the report prints {printed_digest}"
        )
    try:
        manifest = json.loads(manifest_data[-1]) if manifest_data else {"photos": []}
        entries = {entry["jpeg_sha256"]: entry for entry in manifest["photos"]}
    except (ValueError, KeyError, TypeError):
        found.problems.append("embedded photo list: it cannot be read")
        entries = {}
    jpegs = pdf_jpegs(pdf)
    photo_data: dict[str, bytes] = {}
    for _item, ref in record.photo_refs():
        short = ref.jpeg_sha256[:12] + "…"
        entry = entries.get(ref.jpeg_sha256, {})
        stored = attachments.get(PHOTO_FILE.format(jpeg_sha256=ref.jpeg_sha256))
        if stored:
            if hashlib.sha256(stored[-1]).hexdigest() != ref.jpeg_sha256:
                found.problems.append(
                    f"embedded photo {short}: its bytes do not have the SHA-256 the record "
                    "gives for it"
                )
                continue
            photo_data[ref.sha256] = stored[-1]
            found.embedded.append(ref.jpeg_sha256)
        elif entry.get("embedded"):
            found.problems.append(f"embedded photo {short}: listed as embedded, but missing")
        if entry.get("printed_sha256"):
            if entry["printed_sha256"] not in jpegs:
                found.problems.append(
                    f"printed photo {short}: no image in the report has the SHA-256 listed "
                    "for it (the image was replaced)"
                )
                continue
            found.printed.append(ref.jpeg_sha256)
            if ref.sha256 in photo_data:
                pass
            elif entry["printed_sha256"] == ref.jpeg_sha256:
                photo_data[ref.sha256] = jpegs[ref.jpeg_sha256]
            else:
                found.print_copies[ref.sha256] = jpegs[entry["printed_sha256"]]
        if ref.sha256 not in photo_data and ref.sha256 not in found.print_copies:
            found.missing.append(ref.jpeg_sha256)
    found.record = record.model_copy(update={"photo_data": photo_data})
    return found


def with_print_copies(found: EmbeddedRecord) -> Any:
    """The record of ``found`` with the photos it has only as print copies in place of
    their stored JPEGs (each photo's stored SHA-256 and size become the print copy's; its
    original SHA-256, caption and times stay): what can be imported from such a report.
    Its digest is then not the one the report prints."""
    from PIL import Image

    record = found.record
    if record is None or not found.print_copies:
        return record
    data = record.model_dump(mode="json", exclude={"photo_data"})
    photo_data = dict(record.photo_data)
    for response in data["responses"].values():
        for photo in response["photos"]:
            jpeg = found.print_copies.get(photo["sha256"])
            if jpeg is None:
                continue
            with Image.open(io.BytesIO(jpeg)) as image:
                photo["width"], photo["height"] = image.size
            photo["jpeg_sha256"] = hashlib.sha256(jpeg).hexdigest()
            photo_data[photo["sha256"]] = jpeg
    return type(record).model_validate({**data, "photo_data": photo_data})


def record_of(audit: Audit, revision: int | None = None, pack: Any = None) -> Any:
    """The portable form of ``audit`` for embedding (its photo bytes are not needed)."""
    from clinic_audit.files.portable import PortableAudit

    if isinstance(audit, PortableAudit):
        return audit.model_copy(update={"revision": audit.revision or revision})
    return PortableAudit(**audit.model_dump(), pack=pack, revision=revision)
