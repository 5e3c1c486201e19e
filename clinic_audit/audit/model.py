"""The audit: who, where, the answers, the registers, actions and sign-off."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import (
    AwareDatetime,
    Field,
    StringConstraints,
)

from clinic_audit.audit.base import (  # noqa: F401 - re-exported: the record's types
    FINDING_KEY_PATTERN,
    ID_PATTERN,
    MAX_ENTRIES,
    REGISTER_NAMES,
    EmbeddedBytes,
    FindingKey,
    FreeText,
    Id,
    Name,
    Record,
    Sha256,
    new_id,
    now,
)
from clinic_audit.audit.follow_up import CorrectionFound, EarlierFinding, PriorFailure  # noqa: F401
from clinic_audit.audit.notice import Agency, InspectionPurpose, RequiredCorrection, TimeZoneName
from clinic_audit.checklist.pack_model import Supervision
from clinic_audit.checklist.types import Identifier, Version
from clinic_audit.enums import AuditKind, Result, Status

AUDIT_FORMAT = "clinic-audit/1"


class Facility(Record):
    name: Name
    address: FreeText = ""
    licence_number: FreeText = ""
    contact: FreeText = ""
    region: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}$")] | None = Field(
        default=None, description="The state or region (e.g. 'TX'): it suggests the pack"
    )


class Person(Record):
    name: FreeText = ""
    organisation: FreeText = ""
    role: FreeText = ""
    credential: FreeText = Field(
        default="", description="An inspector's credential or badge number"
    )
    contact_info: FreeText = Field(default="", description="Phone and e-mail, as printed")


class PhotoRef(Record):
    """A photo attached to an item; the JPEG itself is kept once, by ``sha256``."""

    sha256: Sha256 = Field(description="SHA-256 of the original file as attached")
    jpeg_sha256: Sha256 = Field(description="SHA-256 of the normalized JPEG that is stored")
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    filename: FreeText = ""
    caption: FreeText = ""
    taken_at: dt.datetime | None = None
    attached_at: AwareDatetime = Field(default_factory=now)
    taken_offset: str | None = Field(
        default=None,
        pattern=r"^[+-](0\d|1[0-4]):[0-5]\d$",
        description="The camera's UTC offset when the photo was taken (EXIF "
        "OffsetTimeOriginal, e.g. -05:00), so taken_at is a moment, not only a clock reading",
    )
    camera_make: str | None = Field(default=None, max_length=100, description="EXIF Make")
    camera_model: str | None = Field(default=None, max_length=100, description="EXIF Model")
    attached_by: str | None = Field(
        default=None, max_length=200, description="Who attached the photo (the app's user)"
    )


class Response(Record):
    result: Result | None = None
    note: FreeText = ""
    photos: list[PhotoRef] = Field(default_factory=list, max_length=MAX_ENTRIES["photos"])
    answered_at: AwareDatetime | None = None
    # why a failed item that needs a photo has none (the clinic refused photography, the
    # camera failed): the photo is then no longer missing, and the report prints the reason
    photo_waiver: FreeText = ""


class LicenceType(StrEnum):
    PHYSICIAN = "physician"
    PHYSICIAN_ASSISTANT = "physician_assistant"
    NURSE_PRACTITIONER = "nurse_practitioner"
    REGISTERED_NURSE = "registered_nurse"
    PRACTICAL_NURSE = "practical_nurse"
    ESTHETICIAN = "esthetician"
    COSMETOLOGIST = "cosmetologist"
    OTHER = "other"
    NONE = "none"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class RegisterRow(Record):
    """A row of one of the registers: what every row has."""

    id: Id = Field(default_factory=new_id)
    name: Name


LicenceTypeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,40}$")]
"""A license type: one of the checklist's (LicenceType) or of its jurisdiction pack."""


class Practitioner(RegisterRow):
    role: FreeText = ""
    licence_type: LicenceTypeId = LicenceType.NONE.value
    licence_number: FreeText = ""
    issuing_board: FreeText = ""
    licence_expiry: dt.date | None = None
    training_date: dt.date | None = None
    training_provider: FreeText = ""
    supervising_physician: FreeText = ""
    # What the scope-of-practice rules of a jurisdiction pack check:
    max_depth_mm: float | None = Field(
        default=None, ge=0, le=10, description="The deepest needle setting the person uses"
    )
    draws_blood: bool | None = Field(default=None, description="Draws blood for PRP")
    supervision: Supervision | None = Field(
        default=None, description="The person's supervision arrangement (weakest first)"
    )


class DoseType(StrEnum):
    SINGLE = "single_dose"
    MULTI = "multi_dose"


class ProductCategory(StrEnum):
    SERUM = "serum"
    HYALURONIC_ACID = "hyaluronic_acid"
    PRP = "prp"
    EXOSOME = "exosome"
    ANAESTHETIC = "anaesthetic"
    OTHER = "other"


class Product(RegisterRow):
    maker: FreeText = ""
    category: ProductCategory = ProductCategory.OTHER
    lot: FreeText = ""
    expiry: dt.date | None = None
    labelled_sterile: bool = False
    labelled_for_broken_skin: bool = False
    dose_type: DoseType = DoseType.SINGLE
    opened_on: dt.date | None = None


class Reprocessing(StrEnum):
    SINGLE_USE_ONLY = "single_use_only"
    STEAM_STERILIZATION = "steam_sterilization"
    DISINFECTION_ONLY = "disinfection_only"
    UNKNOWN = "unknown"


class Device(RegisterRow):
    maker: FreeText = ""
    fda_clearance: FreeText = ""
    single_use_cartridges: bool = True
    reprocessing: Reprocessing = Reprocessing.SINGLE_USE_ONLY
    last_spore_test: dt.date | None = None


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class CorrectiveAction(Record):
    id: Id = Field(default_factory=new_id)
    finding_key: FindingKey = Field(description="The key of the finding this action answers")
    action: FreeText = ""
    responsible: FreeText = ""
    due: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    closed_on: dt.date | None = Field(default=None, description="When it was done")
    closing_evidence: FreeText = Field(
        default="", description="What shows it was done: a receipt, a log, a photo's caption"
    )


class ActionProgress(Record):
    """A corrective action's progress recorded after its audit was finalized: appended to
    the action's log beside the finalized record (which never changes) and to the trail."""

    action_id: Id
    at: AwareDatetime = Field(default_factory=now)
    actor: FreeText = ""
    status: ActionStatus
    note: FreeText = ""
    photo_sha256: Sha256 | None = None


class SignatureRole(StrEnum):
    INSPECTOR = "inspector"
    REPRESENTATIVE = "representative"


def signature_meaning(role: SignatureRole, regulatory: bool) -> str:
    """What a drawn signature says its signer did, recorded with it when it is given."""
    if role == SignatureRole.INSPECTOR:
        return "inspected the facility and issued this notice" if regulatory else "audited"
    return "received a copy" if regulatory else "reviewed the self-audit and its plan"


class Signature(Record):
    role: SignatureRole
    name: Name
    signed_at: AwareDatetime = Field(default_factory=now)
    image_png: EmbeddedBytes | None = None
    record_sha256: Sha256 | None = Field(
        default=None,
        description="SHA-256 of the record as signed (integrity.signed_content_digest); "
        "None for a signature made before signatures recorded it",
    )
    record_revision: int | None = Field(
        default=None, ge=1, description="The store revision of the record that was signed"
    )
    meaning: FreeText = Field(
        default="",
        description="What the signer did by signing (signature_meaning), as shown when they "
        "signed; empty for a signature made before signatures recorded it",
    )


class Audit(Record):
    format: str = AUDIT_FORMAT
    id: Id = Field(default_factory=new_id)
    checklist_id: Identifier
    checklist_version: Version
    pack_id: Identifier | None = Field(
        default=None, description="The jurisdiction pack the audit is made under, if any"
    )
    pack_version: Version | None = None
    kind: AuditKind
    status: Status = Status.DRAFT
    facility: Facility
    inspector: Person = Field(default_factory=Person)
    representative: Person = Field(default_factory=Person)
    audit_date: dt.date
    time_zone: TimeZoneName | None = Field(
        default=None, description="Where the inspection took place; times print in it"
    )
    time_in: dt.time | None = Field(default=None, description="Local time the inspection began")
    time_out: dt.time | None = Field(default=None, description="Local time it ended")
    case_number: FreeText = Field(default="", description="The agency's case or inspection no.")
    purpose: InspectionPurpose | None = None
    reinspection_date: dt.date | None = None
    agency: Agency | None = Field(
        default=None, description="The issuing agency, as it was when the audit was made"
    )
    corrections: list[RequiredCorrection] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES["actions"],
        description="What the agency requires of a finding beyond the pack's default",
    )
    follow_up_of: Id | None = Field(
        default=None, description="The finalized audit this one follows up"
    )
    earlier_findings: list[EarlierFinding] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES["actions"],
        description="A follow-up's findings of the audit it follows up, each re-checked",
    )
    prior_failures: list[PriorFailure] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES["responses"],
        description="Items failed at the facility's earlier finalized audits (repeat check)",
    )
    created_at: AwareDatetime = Field(default_factory=now)
    finalized_at: AwareDatetime | None = None
    trail_head: Sha256 | None = Field(
        default=None,
        description="The head of the audit trail's hash chain when the audit was finalized "
        "(set by the store; store/chain.py)",
    )
    responses: dict[Identifier, Response] = Field(
        default_factory=dict, max_length=MAX_ENTRIES["responses"]
    )
    practitioners: list[Practitioner] = Field(
        default_factory=list, max_length=MAX_ENTRIES["practitioners"]
    )
    products: list[Product] = Field(default_factory=list, max_length=MAX_ENTRIES["products"])
    devices: list[Device] = Field(default_factory=list, max_length=MAX_ENTRIES["devices"])
    actions: list[CorrectiveAction] = Field(default_factory=list, max_length=MAX_ENTRIES["actions"])
    signatures: list[Signature] = Field(default_factory=list, max_length=MAX_ENTRIES["signatures"])
    seen_on_site: list[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,40}$")]] = (
        Field(
            default_factory=list,
            max_length=50,
            description="What the inspector recorded as seen on site (the checklist's "
            "seen_on_site toggles, e.g. 'prp'): items conditional on it then apply",
        )
    )

    def response(self, item_id: str) -> Response:
        return self.responses.get(item_id) or Response()

    @property
    def editable(self) -> bool:
        """Whether its content can change: a draft nobody has signed yet (a signature
        covers exactly what was signed; see AuditService)."""
        return self.status == Status.DRAFT and not self.signatures

    def earlier(self, finding_key: str) -> EarlierFinding | None:
        return next((e for e in self.earlier_findings if e.key == finding_key), None)

    def correction(self, finding_key: str) -> RequiredCorrection | None:
        return next((c for c in self.corrections if c.finding_key == finding_key), None)

    @property
    def zone(self) -> ZoneInfo:
        """The audit's time zone (UTC for a record made before audits kept one)."""
        return ZoneInfo(self.time_zone or "UTC")

    def signature(self, role: SignatureRole) -> Signature | None:
        return next((s for s in self.signatures if s.role == role), None)

    def photo_refs(self) -> list[tuple[str, PhotoRef]]:
        return [(item_id, p) for item_id, r in self.responses.items() for p in r.photos]


REGISTER_MODELS: dict[str, type[RegisterRow]] = {
    "practitioners": Practitioner,
    "products": Product,
    "devices": Device,
}
