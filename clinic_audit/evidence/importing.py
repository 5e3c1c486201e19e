"""Import an audit from its report: the record the report carries, its photos taken from
the printed pages or from the embedded stored files (``evidence.record``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from clinic_audit.audit.model import Audit
from clinic_audit.evidence.record import EmbeddedRecord, embedded_record, with_print_copies
from clinic_audit.evidence.verify import Status, check_report_bytes
from clinic_audit.files.portable import import_audit
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem
from clinic_audit.store.database import Store


def import_report(store: Store, data: bytes, file: str, actor: str) -> tuple[Audit, EmbeddedRecord]:
    """Import the record a report carries (``evidence.record``), its photos taken from
    the printed pages or the embedded stored files; refused when the report was changed
    after it was made, carries no record, or lacks photos. Returns the audit and what
    came back from where (an ``EmbeddedRecord``). Photos the report has only as print
    copies come in as those copies (``with_print_copies``): the imported record then
    differs from the report's in those photos' stored SHA-256 and size."""
    check = check_report_bytes(data, file)
    if check.status is Status.TAMPERED:
        raise _bad(file, ErrorCode.REPORT_TAMPERED, reason=check.reason)
    inside = embedded_record(data, file, check.printed_digest)
    if inside.record is None:
        raise _bad(file, ErrorCode.REPORT_NO_RECORD)
    if inside.missing:
        raise _bad(file, ErrorCode.REPORT_PHOTOS_MISSING, count=len(inside.missing))
    record = with_print_copies(inside)
    audit = import_audit(store, record.model_dump_json().encode(), file, actor)
    return audit, inside


def _bad(file: str, code: ErrorCode, **params: Any) -> BadFileError:
    return BadFileError([FileProblem(file, code, params)])


def photo_sources(
    audit: Audit, inside: EmbeddedRecord, label_of: Callable[[str], str] = str
) -> list[str]:
    """What importing ``audit`` from its report brought of each photo, in words: as
    stored (printed byte for byte, or embedded with --full-evidence), or as a print copy;
    the first line counts them, the second (with print copies) says what that means.
    ``label_of``: an item's code ("RM-13") from its id."""
    refs = list(audit.photo_refs())
    if not refs:
        return []
    copies = len(inside.print_copies)
    lines = [
        f"{len(refs) - copies - len(inside.embedded)} of {len(refs)} photos came back as "
        f"stored (printed byte for byte), {len(inside.embedded)} as stored (embedded with "
        f"--full-evidence), {copies} as print copies (re-encoded for their printed size)."
    ]
    if copies:
        lines.append(
            f"The {copies} print copies replace the stored JPEGs in the imported record, so "
            "its SHA-256 differs from the one the report prints. For the photos at full "
            "resolution, import the audit's portable file, or a report made with "
            "--full-evidence or --photo-resolution full."
        )
    for item, ref in refs:
        if ref.sha256 in inside.print_copies:
            where = f"print copy, {ref.width}×{ref.height}"
        elif ref.jpeg_sha256 in inside.embedded:
            where = "stored file"
        else:
            where = "printed as stored"
        lines.append(f"  {ref.filename or ref.sha256[:12]} (item {label_of(item)}): {where}")
    return lines
