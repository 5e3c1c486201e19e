"""The fingerprint of an audit record, printed in its report so a copy can be checked."""

from __future__ import annotations

import hashlib
import json
import re

from clinic_audit.audit.model import Audit, Signature


def canonical_bytes(audit: Audit) -> bytes:
    """The audit as canonical JSON: sorted keys, no spaces, UTF-8 (photos by their hashes).

    A portable file's embedded photo bytes are left out: each photo reference already
    carries the SHA-256 of its JPEG, so the digest covers the photos too.
    """
    data = audit.model_dump(mode="json", exclude={"photo_data"})
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


SIGNATURE_EXCLUDES = {"photo_data", "signatures", "status", "finalized_at"}


def signed_content_digest(audit: Audit) -> str:
    """SHA-256 of what a signature covers: the whole record except the signatures
    themselves (so the second person's signature does not void the first's) and the
    finalize stamp (finalizing signs nothing new)."""
    data = audit.model_dump(mode="json", exclude=SIGNATURE_EXCLUDES)
    body = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.sha256(body).hexdigest()


def signature_is_current(audit: Audit, signature: Signature) -> bool:
    """Whether ``signature`` was made on the record as it is now."""
    return signature.record_sha256 == signed_content_digest(audit)


def audit_digest(audit: Audit) -> str:
    """SHA-256 of the canonical audit record, as 64 lowercase hex digits."""
    return hashlib.sha256(canonical_bytes(audit)).hexdigest()


HEX_DIGEST = re.compile(r"(?<![0-9a-fA-F])[0-9a-f]{64}(?![0-9a-fA-F])")


def digests_in_text(text: str) -> list[str]:
    """Every 64-hex-digit run in a report's extracted text (the audit digest is one)."""
    return HEX_DIGEST.findall(text)
