"""Import an audit from its report: the record the report carries, its photos taken from
the printed pages or from the embedded stored files (``evidence.record``)."""

from __future__ import annotations

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
