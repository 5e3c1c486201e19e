"""Check a report: its signature is intact and covers the whole file, who signed it and
whether that signer is trusted, and that the record it was built from (printed, and
embedded) is the one given.

The verdicts, and the exit codes ``clinic-audit verify`` gives them:

* VALID (0): signed, the signature intact and covering every byte of the file, and the
  record digests agree (with a record given: it is that record).
* TAMPERED (3): the file was changed after signing (a byte altered, a page removed, an
  update appended), its signature was stripped, or the embedded record or photos do not
  match what is printed. MISMATCH (3): the report is intact but was built from another
  record than the one given.
* UNSIGNED (4): a report made before reports were signed, or a draft; only the printed
  digest can be compared with a record, which says nothing about removed pages.
* Unreadable (2): not a PDF; raised as BadFileError.
"""

from __future__ import annotations

import enum
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinic_audit.audit.model import Audit
from clinic_audit.evidence.plan import SIGNED_MARK
from clinic_audit.evidence.record import EmbeddedRecord, embedded_record
from clinic_audit.files.integrity import audit_digest, digests_in_text
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem


class Status(enum.Enum):
    VALID = "VALID"
    TAMPERED = "TAMPERED"
    MISMATCH = "MISMATCH"
    UNSIGNED = "LEGACY/UNSIGNED"


EXIT_CODES = {Status.VALID: 0, Status.TAMPERED: 3, Status.MISMATCH: 3, Status.UNSIGNED: 4}


@dataclass
class ReportCheck:
    status: Status
    reason: str
    """One line: why this verdict (for TAMPERED: which check failed)."""
    details: list[str] = field(default_factory=list)
    printed_digest: str | None = None
    signer: str | None = None
    trusted: bool = False
    self_signed: bool = False
    timestamp: str | None = None

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]

    def line(self) -> str:
        return f"{self.status.value}: {self.reason}"


def load_trust(files: list[str]) -> list[Any]:
    """The certificates of a trust list (PEM or DER files), as asn1crypto certificates."""
    from asn1crypto import pem, x509

    certs = []
    for name in files:
        try:
            data = Path(name).read_bytes()
        except FileNotFoundError:
            raise BadFileError([FileProblem(name, ErrorCode.FILE_MISSING, {})]) from None
        except OSError as error:
            reason = error.strerror or str(error)
            raise BadFileError(
                [FileProblem(name, ErrorCode.FILE_UNREADABLE, {"reason": reason})]
            ) from None
        try:
            ders = (
                [der for _kind, _headers, der in pem.unarmor(data, multiple=True)]
                if pem.detect(data)
                else [data]
            )
            for der in ders:
                cert = x509.Certificate.load(der)
                cert.native  # noqa: B018 - parse it all now, not when validating
                certs.append(cert)
        except (ValueError, TypeError) as error:
            raise BadFileError(
                [FileProblem(name, ErrorCode.CERT_UNREADABLE, {"reason": str(error)[:120]})]
            ) from None
    return certs


def _unreadable(file: str, reason: str) -> BadFileError:
    return BadFileError([FileProblem(file, ErrorCode.FILE_UNREADABLE, {"reason": reason})])


def read_report(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadFileError([FileProblem(str(path), ErrorCode.FILE_MISSING, {})]) from None
    except OSError as error:
        raise _unreadable(str(path), error.strerror or str(error)) from None
    if not data.lstrip()[:5] == b"%PDF-":
        raise _unreadable(str(path), "not a PDF file")
    return data


def check_report(
    path: Path, record: Audit | None = None, trust: list[Any] | None = None
) -> ReportCheck:
    """The verdict on the report at ``path`` (see the module's docstring)."""
    return check_report_bytes(read_report(path), str(path), record, trust)


def check_report_bytes(
    data: bytes, file: str, record: Audit | None = None, trust: list[Any] | None = None
) -> ReportCheck:
    path = file
    text, keywords = _text_and_keywords(data, str(path))
    printed = digests_in_text(text)
    printed_digest = printed[-1] if printed else None
    signatures = _signatures(data, str(path))
    if not signatures:
        if SIGNED_MARK in keywords or "This report is signed" in " ".join(text.split()):
            return ReportCheck(
                Status.TAMPERED,
                "signature check: the report says it was signed, but the file carries no "
                "signature (it was rewritten, e.g. with pages removed, and the signature "
                "dropped)",
                printed_digest=printed_digest,
            )
        inside = embedded_record(data, str(path), printed_digest)
        if inside.problems:
            return _content_tampered(inside, printed_digest)
        found = _unsigned(printed_digest, record, inside.record)
        found.details += _embedded_lines(inside)
        return found
    check = _signature_check(signatures, data, trust or [])
    check.printed_digest = printed_digest
    if check.status is not Status.VALID:
        return check
    inside = embedded_record(data, str(path), printed_digest)
    if inside.problems:
        return _content_tampered(inside, printed_digest, check.details)
    check.details += _embedded_lines(inside)
    return _record_checks(check, data, printed_digest, record)


def _content_tampered(
    inside: EmbeddedRecord, printed: str | None, details: list[str] | None = None
) -> ReportCheck:
    return ReportCheck(
        Status.TAMPERED,
        inside.problems[0],
        details=[*(details or []), *inside.problems[1:]],
        printed_digest=printed,
    )


def _embedded_lines(inside: EmbeddedRecord) -> list[str]:
    if inside.record is None:
        return ["no record embedded (a report made before reports carried their record)"]
    lines = [
        "embedded record: its SHA-256 equals the printed one; "
        f"{len(inside.printed)} photos match their printed images, "
        f"{len(inside.embedded)} match their embedded stored files"
    ]
    if inside.missing:
        lines.append(f"{len(inside.missing)} photos of the record are neither printed nor embedded")
    return lines


def _unsigned(printed: str | None, record: Audit | None, inside: Audit | None) -> ReportCheck:
    """The verdict on a report without a signature: never VALID (nothing shows whether
    pages were removed), never TAMPERED for that alone. ``inside``, the record it embeds:
    None for a legacy report (made before reports carried their record and signature)."""
    from clinic_audit.audit.model import Status as AuditStatus

    if inside is None:
        base = "legacy, unsigned (made before reports were signed): "
    elif inside.status != AuditStatus.FINALIZED:
        base = "unsigned (a draft, never signed; its embedded record matches what it prints): "
    else:
        base = (
            "unsigned (built without a signing key; its embedded record matches what it prints): "
        )
    if printed is None:
        return ReportCheck(
            Status.TAMPERED,
            "printed digest: the report carries no signature and no record digest (its last "
            "page is missing, or it is not a Clinic Audit report)",
        )
    if record is None:
        return ReportCheck(
            Status.UNSIGNED,
            base + f"only the printed hash can be checked (record SHA-256 {printed})",
            printed_digest=printed,
        )
    digest = audit_digest(record)
    if digest != printed:
        return ReportCheck(
            Status.MISMATCH,
            f"printed digest: the report was built from a record with SHA-256 {printed}, "
            f"the record given has SHA-256 {digest}",
            printed_digest=printed,
        )
    return ReportCheck(
        Status.UNSIGNED,
        base + f"only the printed hash can be checked, and it matches (SHA-256 {digest}); "
        "removed or changed pages would not show",
        printed_digest=printed,
    )


def _text_and_keywords(data: bytes, file: str) -> tuple[str, str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        metadata = reader.metadata
        keywords = str(metadata.get("/Keywords", "")) if metadata else ""
    except (PdfReadError, OSError, ValueError, KeyError) as error:
        raise _unreadable(file, f"not a readable PDF: {error}") from None
    return text, keywords


def _signatures(data: bytes, file: str) -> list[Any]:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        return list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError) as error:
        raise _unreadable(file, f"not a readable PDF: {error}") from None


def _signature_check(signatures: list[Any], data: bytes, trust: list[Any]) -> ReportCheck:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from clinic_audit.evidence.signing import is_self_signed, name_of

    signature = signatures[-1]
    context = ValidationContext(trust_roots=trust, allow_fetching=False)
    logger = logging.getLogger("pyhanko")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # an untrusted chain is logged with a traceback
    try:
        status = validate_pdf_signature(signature, context, skip_diff=True)
    except Exception as error:  # noqa: BLE001 - a signature that cannot even be checked
        return ReportCheck(
            Status.TAMPERED,
            f"signature check: the signature cannot be checked against the file's bytes "
            f"({type(error).__name__})",
        )
    finally:
        logger.setLevel(level)
    cert = status.signing_cert
    signer = name_of(cert.subject)
    self_signed = is_self_signed(cert)
    found = ReportCheck(Status.VALID, "", signer=signer, self_signed=self_signed)
    if not status.intact:
        found.status = Status.TAMPERED
        found.reason = (
            "signature check: the signed bytes were changed after signing (their digest "
            "no longer matches the signature)"
        )
        return found
    if not status.valid:
        found.status = Status.TAMPERED
        found.reason = "signature check: the signature itself is not valid for its certificate"
        return found
    if len(signatures) > 1 or status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        added = len(data) - _signed_length(signature)
        found.status = Status.TAMPERED
        found.reason = (
            f"signature coverage: {added} bytes were appended after signing (an incremental "
            "update); the signature covers an earlier version, not this file"
        )
        return found
    found.trusted = status.trusted
    if status.trusted:
        trust_line = f"signer {signer}: trusted (the certificate chains to the trust list)"
    elif self_signed:
        trust_line = (
            f"signer {signer}: self-signed and not in the trust list; the signature proves "
            "integrity, not identity"
        )
    else:
        trust_line = (
            f"signer {signer}: issued by {cert.issuer.human_friendly}, not trusted (add "
            "the issuer to the trust list in the signing settings)"
        )
    found.details.append(trust_line)
    stamp = status.timestamp_validity
    if stamp is not None:
        found.timestamp = stamp.timestamp.isoformat()
        stamp_trust = "trusted" if stamp.trusted else "its authority not in the trust list"
        found.details.append(
            f"level PAdES B-T: time-stamped {found.timestamp} ({stamp_trust}, "
            f"{'intact' if stamp.intact and stamp.valid else 'BROKEN'})"
        )
        if not (stamp.intact and stamp.valid):
            found.status = Status.TAMPERED
            found.reason = "time stamp check: the signature's time stamp does not match it"
            return found
    else:
        when = status.signer_reported_dt.isoformat() if status.signer_reported_dt else "?"
        found.details.append(f"level PAdES B-B: signing time {when} by the signer's clock")
    return found


def _signed_length(signature: Any) -> int:
    ranges = signature.sig_object["/ByteRange"]
    return int(ranges[2]) + int(ranges[3])


def _record_checks(
    check: ReportCheck, data: bytes, printed: str | None, record: Audit | None
) -> ReportCheck:
    if printed is None:
        check.status = Status.TAMPERED
        check.reason = "printed digest: the signed report prints no record digest"
        return check
    check.details.append(f"record SHA-256 printed and signed: {printed}")
    if record is not None:
        digest = audit_digest(record)
        if digest != printed:
            check.status = Status.MISMATCH
            check.reason = (
                f"record: the report is intact, but was built from a record with SHA-256 "
                f"{printed}; the record given has SHA-256 {digest}"
            )
            return check
        check.details.append("the record given is the one the report was built from")
    trust = "trusted" if check.trusted else "not trusted"
    check.reason = (
        f"signature intact and covering the whole file; signed by {check.signer} ({trust})"
    )
    return check
