"""What a report says about its own signature, decided before the pages are laid out.

The report prints this on its sign-off and integrity pages, and those pages are what the
signature covers; so everything here (who signs, at which level, and why) is known
before signing, and the signed bytes say only what is true. Plain data, no pyHanko.
"""

from __future__ import annotations

from dataclasses import dataclass

SIGNATURE_FIELD = "ClinicAuditSignature"
SIGNED_MARK = "signed report (PAdES)"
"""Written in the PDF's keywords of a signed report: a copy whose signature was stripped
(a page deleted and the file rewritten) still says it was signed, and so is TAMPERED."""
UNSIGNED_MARK = "unsigned report"


@dataclass(frozen=True)
class SignaturePlan:
    signer: str
    """The signing certificate's common name (or its whole subject when it has none)."""
    subject: str
    issuer: str
    self_signed: bool
    level: str
    """"PAdES B-T" (with an RFC 3161 time stamp) or "PAdES B-B" (the signer's clock only)."""
    why: str
    """Why this level: the time-stamp service used, or why there is none."""
    meaning: str
    """What the signature means: "Issued by the inspector", "Approved by the facility"."""
    timestamp_url: str | None = None

    @property
    def timestamped(self) -> bool:
        return self.level.endswith("B-T")


def meaning_for(regulatory: bool) -> str:
    return "Issued by the inspector" if regulatory else "Approved by the facility"
