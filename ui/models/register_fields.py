"""What the three registers hold, in words a person reads: form labels and choice labels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from clinic_audit.audit.model import (
    Device,
    DoseType,
    LicenceType,
    Practitioner,
    Product,
    ProductCategory,
    Reprocessing,
)

# A row of any register (until the core gives the three a base class with ``id`` and ``name``).
RegisterRow = Practitioner | Product | Device

REGISTERS = ("practitioners", "products", "devices")
REGISTER_TITLES = {"practitioners": "Practitioners", "products": "Products", "devices": "Devices"}
ROW_NOUNS = {"practitioners": "practitioner", "products": "product", "devices": "device"}
ROW_MODELS: dict[str, type[RegisterRow]] = {
    "practitioners": Practitioner,
    "products": Product,
    "devices": Device,
}

CHOICE_LABELS: dict[type[Enum], dict[Enum, str]] = {
    LicenceType: {**{t: t.label for t in LicenceType}, LicenceType.NONE: "No license shown"},
    ProductCategory: {
        ProductCategory.SERUM: "Serum",
        ProductCategory.HYALURONIC_ACID: "Hyaluronic acid",
        ProductCategory.PRP: "PRP (platelet-rich plasma)",
        ProductCategory.EXOSOME: "Exosome product",
        ProductCategory.ANAESTHETIC: "Topical anaesthetic",
        ProductCategory.OTHER: "Other",
    },
    DoseType: {DoseType.SINGLE: "Single-dose", DoseType.MULTI: "Multi-dose vial"},
    Reprocessing: {
        Reprocessing.SINGLE_USE_ONLY: "Single-use only, not reprocessed",
        Reprocessing.STEAM_STERILIZATION: "Steam sterilization (autoclave)",
        Reprocessing.DISINFECTION_ONLY: "Disinfection only",
        Reprocessing.UNKNOWN: "Unknown",
    },
}


SUPERVISION_CHOICES: list[tuple[str | None, str]] = [
    (None, "Not recorded"),
    ("none", "None"),
    ("medical_director_on_file", "Medical director on file"),
    ("good_faith_exam", "Good-faith exam by a physician or midlevel first"),
    ("physician_available", "Physician available for consultation"),
    ("physician_on_site", "Physician on site"),
]
LICENCE = "licence"  # a Field kind: the licence types of the audit's checklist or pack
SUPERVISION = "supervision"  # a Field kind: SUPERVISION_CHOICES


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: type | str  # str, bool, float, dt.date, an Enum class, LICENCE or SUPERVISION
    hint: str = ""


def licence_words(licence_id: str) -> str:
    """A licence type in words, when the checklist's own labels are not at hand."""
    try:
        return CHOICE_LABELS[LicenceType][LicenceType(licence_id)]
    except ValueError:
        return licence_id.replace("_", " ").capitalize()


FIELDS: dict[str, list[Field]] = {
    "practitioners": [
        Field("name", "Name", str, "Full name as on the license"),
        Field("role", "Role", str, "e.g. Nurse practitioner, Medical director"),
        Field("licence_type", "License type", LICENCE),
        Field("licence_number", "License number", str),
        Field("issuing_board", "Issuing board", str, "e.g. Texas Board of Nursing"),
        Field("licence_expiry", "License expires", dt.date),
        Field("training_date", "Microneedling training on", dt.date),
        Field("training_provider", "Training provider", str),
        Field("supervising_physician", "Supervising physician", str),
        Field("supervision", "Supervision arrangement", SUPERVISION),
        Field("max_depth_mm", "Deepest needle setting used (mm)", float),
        Field("draws_blood", "Draws blood for PRP", bool),
    ],
    "products": [
        Field("name", "Product name", str),
        Field("maker", "Maker", str),
        Field("category", "Category", ProductCategory),
        Field("lot", "Lot number", str),
        Field("expiry", "Expires", dt.date),
        Field("labelled_sterile", "Labeled sterile", bool),
        Field("labelled_for_broken_skin", "Labeled for broken skin / microneedling", bool),
        Field("dose_type", "Dose type", DoseType),
        Field("opened_on", "Multi-dose vial opened on", dt.date),
    ],
    "devices": [
        Field("name", "Device name", str, "Make and model"),
        Field("maker", "Maker", str),
        Field("fda_clearance", "FDA clearance number", str, "e.g. DEN160029 or K213563"),
        Field("single_use_cartridges", "Uses single-use needle cartridges", bool),
        Field("reprocessing", "Reusable parts are reprocessed by", Reprocessing),
        Field("last_spore_test", "Last spore test of the sterilizer", dt.date),
    ],
}


def choice_label(value: Enum) -> str:
    return CHOICE_LABELS[type(value)][value]


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"
