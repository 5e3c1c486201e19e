"""A realistic, fully answered sample audit of a made-up clinic, for demos and tests."""

from __future__ import annotations

import datetime as dt
import io
import math
import random

from PIL import Image, ImageDraw

from clinic_audit.audit.model import (
    ActionStatus,
    AuditKind,
    CorrectiveAction,
    Device,
    DoseType,
    Facility,
    LicenceType,
    Person,
    PhotoRef,
    Practitioner,
    Product,
    ProductCategory,
    Reprocessing,
    Response,
    Signature,
    SignatureRole,
    Status,
)
from clinic_audit.checklist.conditions import holds
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Result
from clinic_audit.checklist.packs import builtin_packs, latest_packs
from clinic_audit.files.integrity import signed_content_digest
from clinic_audit.files.photos import normalize
from clinic_audit.files.portable import PortableAudit
from clinic_audit.rules.finding_keys import item_key

FAILURES = {
    "room-no-food-with-blood-or-products": (
        "Staff lunch boxes and a soft drink stored on the same fridge shelf as the "
        "hyaluronic serum vials and two labelled PRP tubes.",
        "Move food and drink to a separate staff fridge today; add a 'clinical use only' "
        "label and a daily fridge check to the opening checklist.",
    ),
    "room-sharps-container-at-point-of-use": (
        "Sharps container filled above the fill line; it stands in the corridor, not in "
        "reach of the treatment chair.",
        "Replace the container now and mount a new one at the point of use.",
    ),
    "instruments-sterilizer-cycle-log": (
        "Cycle log kept, but 6 of the last 20 loads have no operator initials and no "
        "chemical-indicator result.",
        "Record operator and indicator result for every load; review the log weekly.",
    ),
    "aftercare-sheet-names-red-flags": (
        "The aftercare sheet lists redness and swelling but does not tell clients to call "
        "if skin turns dusky, grey-blue or black.",
        "Add the vascular red flags and the 24/7 number to the aftercare sheet.",
    ),
    "room-blood-spill-kit": (
        "No blood-spill kit in the room; staff said paper towels and spray are used.",
        "Buy a spill kit with absorbent, gloves and disinfectant; train staff on its use.",
    ),
}
CAPTIONS = [
    "Wide view from the door",
    "Close-up, as found",
    "Label and lot number",
    "Where it is kept",
    "Shelf and surroundings",
    "Record page shown by staff",
]
NOT_APPLICABLE = {"products-no-exosome-presented-as-approved": "No exosome products in use."}
NOT_OBSERVED = {
    "aftercare-sharps-injury-post-exposure": "No sharps injury on record; the procedure "
    "could not be walked through with the staff on duty.",
}


def build_sample(
    photos: int = 6,
    audit_date: dt.date | None = None,
    seed: int = 7,
    kind: AuditKind = AuditKind.REGULATORY,
    facility_name: str = "Lumen Skin & Laser Studio",
    pack: str | None = None,
) -> PortableAudit:
    """``pack``: the id of a shipped jurisdiction pack (its newest version) to make the
    audit under; the sample clinic is in Texas."""
    checklist = builtin_checklist()
    pack_version = None
    if pack is not None:
        chosen = next((p for p in latest_packs() if p.id == pack), None)
        if chosen is None:
            known = ", ".join(p.id for p in latest_packs()) or "none"
            raise ValueError(f"there is no shipped pack '{pack}' (shipped: {known})")
        pack_version = chosen.version
        checklist = builtin_packs()[(chosen.id, chosen.version)][1]
    day = audit_date or dt.date.today()
    rng = random.Random(seed)
    clock = dt.datetime.combine(day, dt.time(9, 30), tzinfo=dt.UTC)
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
            region="TX" if pack is not None else None,
        ),
        inspector=Person(
            name="Dana Whitfield",
            organisation="State Health Services, Medical Spa Inspection Unit",
            role="Inspector",
        ),
        representative=Person(
            name="Dr. Priya Raman",
            organisation="Lumen Skin & Laser Studio",
            role="Medical director",
        ),
        audit_date=day,
        created_at=clock,
        practitioners=_practitioners(day),
        products=_products(day),
        devices=_devices(day),
    )
    for index, (_section, item) in enumerate(checklist.items()):
        if not holds(item.applies_when, audit):
            continue
        at = clock + dt.timedelta(minutes=2 * index)
        if item.id in FAILURES:
            response = Response(result=Result.FAIL, note=FAILURES[item.id][0], answered_at=at)
        elif item.id in NOT_APPLICABLE:
            response = Response(
                result=Result.NOT_APPLICABLE, note=NOT_APPLICABLE[item.id], answered_at=at
            )
        elif item.id in NOT_OBSERVED:
            response = Response(
                result=Result.NOT_OBSERVED, note=NOT_OBSERVED[item.id], answered_at=at
            )
        else:
            response = Response(result=Result.PASS, answered_at=at)
        audit.responses[item.id] = response
    _attach_photos(audit, photos, rng, clock)
    for item_id, (_note, fix) in FAILURES.items():
        if item_id not in audit.responses:
            continue  # not an item under the chosen pack
        audit.actions.append(
            CorrectiveAction(
                finding_key=item_key(item_id),
                action=fix,
                responsible="Dr. Priya Raman",
                due=day + dt.timedelta(days=14),
                status=ActionStatus.OPEN,
            )
        )
    signed = clock + dt.timedelta(hours=3)
    audit.signatures = [
        Signature(
            role=SignatureRole.INSPECTOR,
            name="Dana Whitfield",
            signed_at=signed,
            image_png=signature_png("Dana Whitfield", rng),
        ),
        Signature(
            role=SignatureRole.REPRESENTATIVE,
            name="Dr. Priya Raman",
            signed_at=signed + dt.timedelta(minutes=4),
            image_png=signature_png("Priya Raman", rng),
        ),
    ]
    audit.status = Status.DRAFT
    digest = signed_content_digest(audit)
    for signature in audit.signatures:
        signature.record_sha256 = digest
    return audit


def _practitioners(day: dt.date) -> list[Practitioner]:
    return [
        Practitioner(
            name="Dr. Priya Raman",
            role="Medical director",
            licence_type=LicenceType.PHYSICIAN,
            licence_number="TX-MD-Q4821",
            issuing_board="Texas Medical Board",
            licence_expiry=_years(day, 2),
            training_date=day - dt.timedelta(days=400),
            training_provider="Crown Aesthetics SkinPen certification",
            max_depth_mm=2.0,
            draws_blood=True,
            supervision="none",
        ),
        Practitioner(
            name="Nguyễn Thị Lan",
            role="Nurse practitioner",
            licence_type=LicenceType.NURSE_PRACTITIONER,
            licence_number="TX-APRN-77310",
            issuing_board="Texas Board of Nursing",
            licence_expiry=_years(day, 1),
            training_date=day - dt.timedelta(days=200),
            training_provider="Crown Aesthetics SkinPen certification",
            supervising_physician="Dr. Priya Raman",
            max_depth_mm=1.5,
            draws_blood=True,
            supervision="physician_available",
        ),
        Practitioner(
            name="María José Hernández",
            role="Registered nurse",
            licence_type=LicenceType.REGISTERED_NURSE,
            licence_number="TX-RN-902144",
            issuing_board="Texas Board of Nursing",
            licence_expiry=day + dt.timedelta(days=19),
            training_date=day - dt.timedelta(days=90),
            training_provider="In-house, supervised by Dr. Raman (10 cases)",
            supervising_physician="Dr. Priya Raman",
            max_depth_mm=1.0,
            draws_blood=False,
            supervision="physician_on_site",
        ),
    ]


def _products(day: dt.date) -> list[Product]:
    return [
        Product(
            name="SkinPen Skin Support Gel (sterile HA)",
            maker="Crown Aesthetics",
            category=ProductCategory.HYALURONIC_ACID,
            lot="HA24-1187",
            expiry=_years(day, 1),
            labelled_sterile=True,
            labelled_for_broken_skin=True,
        ),
        Product(
            name="PRP preparation kit, 10 mL",
            maker="EmCyte",
            category=ProductCategory.PRP,
            lot="PK-55031",
            expiry=day + dt.timedelta(days=240),
            labelled_sterile=True,
            labelled_for_broken_skin=True,
        ),
        Product(
            name="Sodium chloride 0.9 %, bacteriostatic, 30 mL",
            maker="Hospira",
            category=ProductCategory.OTHER,
            lot="BN3391",
            expiry=day + dt.timedelta(days=300),
            labelled_sterile=True,
            labelled_for_broken_skin=True,
            dose_type=DoseType.MULTI,
            opened_on=day - dt.timedelta(days=12),
        ),
    ]


def _devices(day: dt.date) -> list[Device]:
    return [
        Device(
            name="SkinPen Precision",
            maker="Crown Aesthetics",
            fda_clearance="DEN160029",
            single_use_cartridges=True,
            reprocessing=Reprocessing.SINGLE_USE_ONLY,
        ),
        Device(
            name="Dermapen 4 with reusable depth guard",
            maker="Dermapen World",
            fda_clearance="K213563",
            single_use_cartridges=True,
            reprocessing=Reprocessing.STEAM_STERILIZATION,
            last_spore_test=day - dt.timedelta(days=3),
        ),
    ]


def _years(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


def _attach_photos(
    audit: PortableAudit, count: int, rng: random.Random, clock: dt.datetime
) -> None:
    if count <= 0:
        return
    failed = [i for i, r in audit.responses.items() if r.result == Result.FAIL]
    others = [i for i in audit.responses if i not in failed]
    targets = failed + others
    for number in range(count):
        item_id = targets[number % len(targets)]
        photo = normalize(make_photo(number, item_id, rng), f"IMG_{4100 + number}.jpg")
        audit.photo_data[photo.sha256] = photo.jpeg
        audit.responses[item_id].photos.append(
            PhotoRef(
                sha256=photo.sha256,
                jpeg_sha256=photo.jpeg_sha256,
                width=photo.width,
                height=photo.height,
                filename=f"IMG_{4100 + number}.jpg",
                caption=f"{CAPTIONS[number % len(CAPTIONS)]} ({item_id.split('-')[0]})",
                taken_at=(clock + dt.timedelta(minutes=3 * number)).replace(tzinfo=None),
                attached_at=clock + dt.timedelta(minutes=3 * number, seconds=20),
            )
        )


def make_photo(
    number: int, label: str, rng: random.Random, size: tuple[int, int] = (1600, 1200)
) -> bytes:
    """A camera-like JPEG: shaded background, shapes and grain, so it compresses like a photo."""
    base = tuple(rng.randrange(90, 200) for _ in range(3))
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(60, 320)
        colour = tuple(rng.randrange(30, 250) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    draw.rectangle((40, 40, 900, 130), fill=(255, 255, 255))
    draw.text((60, 70), f"Sample photo {number + 1}: {label}"[:80], fill=(0, 0, 0))
    grain = Image.effect_noise(size, 24).convert("RGB")
    image = Image.blend(image, grain, 0.12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def signature_png(name: str, rng: random.Random) -> bytes:
    image = Image.new("RGBA", (600, 180), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = []
    for step in range(120):
        t = step / 119
        x = 30 + 540 * t
        y = 95 + 45 * math.sin(t * (8 + len(name) % 5) + rng.random() * 0.3) * (1 - t * 0.4)
        points.append((x, y))
    draw.line(points, fill=(20, 30, 90, 255), width=4, joint="curve")
    draw.line([(40, 150), (420, 146)], fill=(20, 30, 90, 255), width=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
