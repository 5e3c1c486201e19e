"""Check that a PDF report was built from a given audit record, by the digest it prints.

This is the printed-hash check alone: it cannot see removed or changed pages. `clinic-audit
verify` checks the report's signature first (``clinic_audit.evidence.verify``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clinic_audit.audit.model import Audit
from clinic_audit.files.integrity import audit_digest, digests_in_text
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem


@dataclass(frozen=True)
class Verdict:
    matches: bool
    record_digest: str
    report_digests: list[str]

    def explain(self, report: str, record: str) -> str:
        if self.matches:
            return f"MATCH: {report} was built from {record} (SHA-256 {self.record_digest})."
        if not self.report_digests:
            return (
                f"NO MATCH: {report} carries no audit digest; it is not a Clinic Audit "
                "report, or its last page is missing."
            )
        return (
            f"NO MATCH: {record} has SHA-256 {self.record_digest}, but {report} was built "
            f"from a record with SHA-256 {self.report_digests[-1]}. One of the two was "
            "changed after the report was made."
        )


def report_text(pdf: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(pdf)
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except FileNotFoundError:
        raise BadFileError([FileProblem(str(pdf), ErrorCode.FILE_MISSING, {})]) from None
    except (PdfReadError, OSError, ValueError) as error:
        raise BadFileError(
            [
                FileProblem(
                    str(pdf), ErrorCode.FILE_UNREADABLE, {"reason": f"not a readable PDF: {error}"}
                )
            ]
        ) from None


def verify(pdf: Path, audit: Audit) -> Verdict:
    digest = audit_digest(audit)
    found = digests_in_text(report_text(pdf))
    return Verdict(matches=digest in found, record_digest=digest, report_digests=found)
