"""A realistic, fully answered sample audit of a made-up clinic, for demos and tests.

Its clock tells one story, in the clinic's time zone: the inspector arrives at 09:30,
walks the checklist and takes the photos as she goes, both parties sign after the last
answer, and the inspection ends at 12:45. A self-audit is done by the clinic's own
infection-prevention lead and reviewed by its medical director, and some of its actions
are already closed.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from clinic_audit.audit.model import (
    ActionStatus,
    Agency,
    AuditKind,
    CorrectiveAction,
    Facility,
    InspectionPurpose,
    Person,
    PhotoRef,
    RequiredCorrection,
    Response,
    Signature,
    SignatureRole,
    Status,
    signature_meaning,
)
from clinic_audit.checklist.conditions import holds
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Checklist, Result
from clinic_audit.checklist.packs import builtin_packs, latest_packs
from clinic_audit.files import sample_data as data
from clinic_audit.files.integrity import signed_content_digest
from clinic_audit.files.photos import normalize
from clinic_audit.files.portable import PortableAudit
from clinic_audit.files.sample_images import logo_png, make_photo, signature_png
from clinic_audit.rules.finding_keys import item_key
from clinic_audit.rules.scoring import summarize

ZONE = "America/Chicago"
TIME_IN, TIME_OUT = dt.time(9, 30), dt.time(12, 45)
DEFAULT_PACK = "texas"
SAMPLE_AGENCY = Agency(
    name="Springfield Health Authority — Medical Spa Inspection Unit",
    address="100 Capitol Avenue, Room 410\nSpringfield, TX 78701",
    phone="+1 512 555 0100",
    email="medspa.inspections@health.springfield.example",
    website="https://health.springfield.example/medspa",
)


def build_sample(
    photos: int = 6,
    audit_date: dt.date | None = None,
    seed: int = 7,
    kind: AuditKind = AuditKind.REGULATORY,
    facility_name: str = "Lumen Skin & Laser Studio",
    pack: str | None = DEFAULT_PACK,
    agency: Agency | None = None,
) -> PortableAudit:
    """``pack``: the id of a shipped jurisdiction pack (its newest version) to make the
    audit under, None for the base checklist alone; the sample clinic is in Texas.
    ``agency``: the letterhead of a regulatory sample (a made-up one by default)."""
    checklist, pack_version = _checklist(pack)
    day = audit_date or dt.date.today() - dt.timedelta(days=1)  # an inspection that is over
    rng = random.Random(seed)
    zone = ZoneInfo(ZONE)
    start = dt.datetime.combine(day, TIME_IN, zone).astimezone(dt.UTC)
    regulatory = kind == AuditKind.REGULATORY
    audit = PortableAudit(
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        pack_id=pack,
        pack_version=pack_version,
        kind=kind,
        facility=Facility(
            name=facility_name,
            address="1420 Alder Street, Suite 3\nSpringfield, TX 78701",
            licence_number="MSP-2024-0187",
            contact="+1 512 555 0134 · frontdesk@lumen-skin.example",
            region="TX",
        ),
        inspector=_inspector(regulatory, agency),
        representative=Person(
            name="Dr. Priya Raman",
            organisation="Lumen Skin & Laser Studio",
            role="Medical director",
        ),
        audit_date=day,
        time_zone=ZONE,
        time_in=TIME_IN,
        time_out=TIME_OUT,
        case_number="SHA-MSP-2026-0412" if regulatory else "",
        purpose=InspectionPurpose.ROUTINE if regulatory else InspectionPurpose.SELF_AUDIT,
        agency=(agency or SAMPLE_AGENCY.model_copy(update={"logo_png": logo_png()}))
        if regulatory
        else None,
        reinspection_date=day + dt.timedelta(days=42) if regulatory else None,
        created_at=start - dt.timedelta(minutes=3),
        practitioners=data.practitioners(day),
        products=data.products(day),
        devices=data.devices(day),
        revision=1,
    )
    last = _answer(audit, checklist, start + dt.timedelta(minutes=8))
    _attach_photos(audit, photos, rng, start + dt.timedelta(minutes=12))
    _plan_of_correction(audit, checklist, regulatory)
    _sign(audit, rng, max(last, start) + dt.timedelta(minutes=20))
    audit.revision = 1 + len(audit.responses) + len(audit.photo_refs()) + len(audit.actions)
    return audit


def _checklist(pack: str | None) -> tuple[Checklist, str | None]:
    if pack is None:
        return builtin_checklist(), None
    chosen = next((p for p in latest_packs() if p.id == pack), None)
    if chosen is None:
        known = ", ".join(p.id for p in latest_packs()) or "none"
        raise ValueError(f"there is no shipped pack '{pack}' (shipped: {known})")
    return builtin_packs()[(chosen.id, chosen.version)][1], chosen.version


def _inspector(regulatory: bool, agency: Agency | None) -> Person:
    if regulatory:
        return Person(
            name="Dana Whitfield",
            organisation=agency.name if agency else SAMPLE_AGENCY.name,
            role="Inspector",
            credential="Inspector credential SHA-4471",
            contact_info="+1 512 555 0199 · dana.whitfield@health.springfield.example",
        )
    return Person(
        name="Nguyễn Thị Lan",
        organisation="Lumen Skin & Laser Studio",
        role="Nurse practitioner, infection-prevention lead",
        contact_info="+1 512 555 0134 ext. 12",
    )


def _answer(audit: PortableAudit, checklist: Checklist, first: dt.datetime) -> dt.datetime:
    """Answer every applicable item, about 90 seconds apart; returns the last time."""
    at = first
    for _section, item in checklist.items():
        if not holds(item.applies_when, audit):
            continue
        if item.id in data.FAILURES:
            response = Response(result=Result.FAIL, note=data.FAILURES[item.id][0])
        elif item.id in data.NOT_APPLICABLE:
            response = Response(result=Result.NOT_APPLICABLE, note=data.NOT_APPLICABLE[item.id])
        elif item.id in data.NOT_OBSERVED:
            response = Response(result=Result.NOT_OBSERVED, note=data.NOT_OBSERVED[item.id])
        else:
            response = Response(result=Result.PASS)
        response.answered_at = at
        audit.responses[item.id] = response
        at += dt.timedelta(seconds=90)
    return at


def _attach_photos(
    audit: PortableAudit, count: int, rng: random.Random, first: dt.datetime
) -> None:
    """Failures first, as an inspector photographs them; each attached a minute after
    it is taken, in the time the walk-through took."""
    if count <= 0:
        return
    failed = [i for i, r in audit.responses.items() if r.result == Result.FAIL]
    targets = failed + [i for i in audit.responses if i not in failed]
    zone = ZoneInfo(ZONE)
    for number in range(count):
        item_id = targets[number % len(targets)]
        taken = first + dt.timedelta(minutes=9 * number)
        name = f"IMG_{4100 + number}.jpg"
        photo = normalize(make_photo(number, item_id, rng), name)
        audit.photo_data[photo.sha256] = photo.jpeg
        audit.responses[item_id].photos.append(
            PhotoRef(
                sha256=photo.sha256,
                jpeg_sha256=photo.jpeg_sha256,
                width=photo.width,
                height=photo.height,
                filename=name,
                caption=data.CAPTIONS[number % len(data.CAPTIONS)],
                taken_at=taken.astimezone(zone).replace(tzinfo=None),  # a camera's clock
                attached_at=taken + dt.timedelta(minutes=1),
                taken_offset=_offset(taken.astimezone(zone)),
                camera_make="Apple",
                camera_model="iPhone 14",
                attached_by=audit.inspector.name or None,
            )
        )


def _plan_of_correction(audit: PortableAudit, checklist: Checklist, regulatory: bool) -> None:
    """The agency's requirements (proof asked, one deadline set earlier than the pack's)
    and the facility's plan: who does what by when, within each finding's deadline."""
    day = audit.audit_date
    if regulatory:
        audit.corrections = [
            RequiredCorrection(
                finding_key=item_key(item_id),
                proof=data.PROOF.get(item_id, ""),
                due=day + dt.timedelta(days=data.EARLIER_DEADLINE_DAYS[item_id])
                if item_id in data.EARLIER_DEADLINE_DAYS
                else None,
            )
            for item_id in data.FAILURES
            if item_id in audit.responses
            and (item_id in data.PROOF or item_id in data.EARLIER_DEADLINE_DAYS)
        ]
    deadlines = {f.key: f.deadline for f in summarize(checklist, audit).findings}
    for index, (item_id, (_note, fix)) in enumerate(data.FAILURES.items()):
        key = item_key(item_id)
        if item_id not in audit.responses:
            continue  # not an item under the chosen pack
        deadline = deadlines.get(key)
        due = deadline.due if deadline and deadline.due else day + dt.timedelta(days=30)
        action = CorrectiveAction(
            finding_key=key,
            action=fix,
            responsible="Dr. Priya Raman" if index % 2 == 0 else "Nguyễn Thị Lan",
            due=due,
        )
        if not regulatory and index < 2:  # a self-audit's first fixes are already done
            action.status = ActionStatus.DONE
            action.closed_on = day
            action.closing_evidence = "Checked by the medical director the same afternoon."
        audit.actions.append(action)


def _sign(audit: PortableAudit, rng: random.Random, at: dt.datetime) -> None:
    audit.signatures = [
        Signature(
            role=SignatureRole.INSPECTOR,
            name=audit.inspector.name,
            signed_at=at,
            image_png=signature_png(audit.inspector.name, rng),
            meaning=signature_meaning(SignatureRole.INSPECTOR, audit.kind == AuditKind.REGULATORY),
        ),
        Signature(
            role=SignatureRole.REPRESENTATIVE,
            name=audit.representative.name,
            signed_at=at + dt.timedelta(minutes=4),
            image_png=signature_png(audit.representative.name, rng),
            meaning=signature_meaning(
                SignatureRole.REPRESENTATIVE, audit.kind == AuditKind.REGULATORY
            ),
        ),
    ]
    audit.status = Status.DRAFT
    digest = signed_content_digest(audit)
    for signature in audit.signatures:
        signature.record_sha256 = digest


def _offset(moment: dt.datetime) -> str:
    """A moment's UTC offset as EXIF writes it: "-05:00"."""
    offset = moment.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
