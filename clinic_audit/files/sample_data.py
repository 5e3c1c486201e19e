"""What the sample clinic is: its people, products, devices, and what the inspection found."""

from __future__ import annotations

import datetime as dt

from clinic_audit.audit.model import (
    Device,
    DoseType,
    LicenceType,
    Practitioner,
    Product,
    ProductCategory,
    Reprocessing,
)

FAILURES = {
    "room-no-food-with-blood-or-products": (
        "Staff lunch boxes and a soft drink stored on the same fridge shelf as the "
        "hyaluronic serum vials and two labeled PRP tubes.",
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


PROOF = {
    "room-sharps-container-at-point-of-use": "A photo of the new container mounted at the chair.",
    "instruments-sterilizer-cycle-log": "A copy of the next 20 loads of the cycle log.",
    "room-blood-spill-kit": "The spill kit's receipt and the staff training sign-in sheet.",
}
EARLIER_DEADLINE_DAYS = {"room-blood-spill-kit": 5}  # the inspector asks sooner than the pack


def practitioners(day: dt.date) -> list[Practitioner]:
    return [
        Practitioner(
            name="Dr. Priya Raman",
            role="Medical director",
            licence_type=LicenceType.PHYSICIAN,
            licence_number="TX-MD-Q4821",
            issuing_board="Texas Medical Board",
            licence_expiry=years(day, 2),
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
            licence_expiry=years(day, 1),
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


def products(day: dt.date) -> list[Product]:
    return [
        Product(
            name="SkinPen Skin Support Gel (sterile HA)",
            maker="Crown Aesthetics",
            category=ProductCategory.HYALURONIC_ACID,
            lot="HA24-1187",
            expiry=years(day, 1),
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
            name="Sodium chloride 0.9%, bacteriostatic, 30 mL",
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


def devices(day: dt.date) -> list[Device]:
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


def years(day: dt.date, count: int) -> dt.date:
    return day.replace(year=day.year + count, day=min(day.day, 28))
