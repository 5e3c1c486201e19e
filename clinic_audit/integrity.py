"""The fingerprint of an audit record, printed in its report so a copy can be checked."""

from __future__ import annotations

import hashlib
import json

from clinic_audit.audit_model import Audit


def canonical_bytes(audit: Audit) -> bytes:
    """The audit as canonical JSON: sorted keys, no spaces, UTF-8 (photos by their hashes)."""
    data = Audit.model_validate(audit.model_dump()).model_dump(mode="json")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def audit_digest(audit: Audit) -> str:
    """SHA-256 of the canonical audit record, as 64 lowercase hex digits."""
    return hashlib.sha256(canonical_bytes(audit)).hexdigest()
