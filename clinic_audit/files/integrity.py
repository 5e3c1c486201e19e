"""The fingerprint of an audit record, printed in its report so a copy can be checked."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from clinic_audit.audit.model import Audit, Signature

# Fields the record gained after the first release. Left out of the canonical form while
# they hold their default (empty), so a record made before they existed keeps the digest
# its report printed; once set, they are covered like every other field.
LATER_FIELDS = frozenset(
    {
        "record_sha256",
        "record_revision",
        "seen_on_site",
        "pack_id",
        "pack_version",
        "region",
        "max_depth_mm",
        "draws_blood",
        "supervision",
        "credential",
        "contact_info",
        "closed_on",
        "closing_evidence",
        "time_zone",
        "time_in",
        "time_out",
        "case_number",
        "purpose",
        "reinspection_date",
        "agency",
        "corrections",
        "follow_up_of",
        "earlier_findings",
        "prior_failures",
        "trail_head",
        "taken_offset",
        "camera_make",
        "camera_model",
        "attached_by",
        "meaning",
        "photo_waiver",
    }
)


def canonical_bytes(audit: Audit, exclude: set[str] | frozenset[str] = frozenset()) -> bytes:
    """The audit as canonical JSON: sorted keys, no spaces, UTF-8 (photos by their hashes).

    A portable file's embedded photo bytes are left out: each photo reference already
    carries the SHA-256 of its JPEG, so the digest covers the photos too.
    """
    data = audit.model_dump(
        mode="json", exclude={"photo_data", "pack", "revision", "facility_record", *exclude}
    )
    return json.dumps(
        _without_empty_later_fields(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


def _without_empty_later_fields(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _without_empty_later_fields(inner)
            for key, inner in value.items()
            if not (key in LATER_FIELDS and inner in (None, [], {}, ""))
        }
    if isinstance(value, list):
        return [_without_empty_later_fields(inner) for inner in value]
    return value


SIGNATURE_EXCLUDES = {
    "photo_data",
    "revision",
    "signatures",
    "status",
    "finalized_at",
    "trail_head",
}


def signed_content_digest(audit: Audit) -> str:
    """SHA-256 of what a signature covers: the whole record except the signatures
    themselves (so the second person's signature does not void the first's) and the
    finalize stamps (finalizing signs nothing new)."""
    return hashlib.sha256(canonical_bytes(audit, SIGNATURE_EXCLUDES)).hexdigest()


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
