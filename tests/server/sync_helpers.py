"""Audits for the sync tests: the sample on a laptop, as a draft, signed and finalized."""

from __future__ import annotations

import random

from clinic_audit.audit.model import SignatureRole
from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample
from clinic_audit.files.sample_images import signature_png
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store.database import Store
from tests.factories import AUDIT_DAY, blank_audit


def sample_on(store: Store, name: str = "Clinic Shared", photos: int = 3) -> str:
    sample = build_sample(photos=photos, audit_date=AUDIT_DAY, facility_name=name)
    return import_audit(store, sample.model_dump_json().encode(), "s.json", "t").id


def draft_on(store: Store, name: str = "Clinic Shared", photos: int = 3) -> str:
    """The sample, its signatures cleared so that it can be changed."""
    audit_id = sample_on(store, name, photos)
    AuditService(store, "t").clear_signatures(audit_id)
    return audit_id


def sign_and_finalize(store: Store, audit_id: str) -> None:
    service = AuditService(store, "ana")
    for role, name in ((SignatureRole.INSPECTOR, "Ana"), (SignatureRole.REPRESENTATIVE, "Rae")):
        service.sign(audit_id, role, name, signature_png(name, random.Random(1)))
    service.finalize(audit_id)


def blank_audit_with_date():
    from clinic_audit.checklist.loader import builtin_checklist

    return blank_audit(builtin_checklist())


def first_items(store: Store, audit_id: str, count: int = 2) -> list[str]:
    audit = store.get(audit_id)
    return [item.id for _section, item in store.checklist_for(audit).items()][:count]
