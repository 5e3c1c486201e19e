"""A facility as a record of its own: stored once, referenced by every audit of it.

Each audit keeps its own copy of the facility's details as they were on the day (that
copy is part of the signed record); the facility record is what ties the audits of one
clinic together, so its history, open findings and repeat violations can be found.
"""

from __future__ import annotations

import re

from pydantic import Field

from clinic_audit.audit.base import FreeText, Id, Name, Record, new_id
from clinic_audit.audit.model import Facility


class FacilityRecord(Record):
    id: Id = Field(default_factory=new_id)
    name: Name
    addresses: list[FreeText] = Field(default=[], max_length=20)
    license_numbers: list[FreeText] = Field(
        default=[], max_length=20, description="Facility license or permit numbers"
    )
    owner: FreeText = ""
    medical_director: FreeText = ""
    contact: FreeText = ""
    region: FreeText | None = None
    pack_id: FreeText | None = None
    notes: FreeText = ""

    @classmethod
    def of(cls, facility: Facility, pack_id: str | None = None) -> FacilityRecord:
        """The facility record first made from an audit's facility block."""
        return cls(
            name=facility.name,
            addresses=[facility.address] if facility.address.strip() else [],
            license_numbers=[facility.licence_number] if facility.licence_number.strip() else [],
            contact=facility.contact,
            region=facility.region,
            pack_id=pack_id,
        )

    def absorb(self, facility: Facility) -> FacilityRecord:
        """This record with what a later audit adds: a new address or license number."""
        addresses = [*self.addresses]
        if facility.address.strip() and _key(facility.address) not in map(_key, addresses):
            addresses.append(facility.address)
        numbers = [*self.license_numbers]
        licence = facility.licence_number
        if licence.strip() and license_key(licence) not in map(license_key, numbers):
            numbers.append(licence)
        return self.model_copy(update={"addresses": addresses, "license_numbers": numbers})


def matching(facility: Facility, records: list[FacilityRecord]) -> FacilityRecord | None:
    """The facility record an audit's facility is: the one with its license number, else
    the one with its name and address (case, spacing and punctuation aside), else none."""
    number = license_key(facility.licence_number)
    if number:
        for record in records:
            if number in map(license_key, record.license_numbers):
                return record
        # a record with other numbers is another facility, whatever its name
        records = [record for record in records if not record.license_numbers]
    name, address = _key(facility.name), _key(facility.address)
    for record in records:
        if _key(record.name) == name and (
            not address or address in map(_key, record.addresses) or not record.addresses
        ):
            return record
    return None


def same_place(record: FacilityRecord, facility: Facility) -> bool:
    """Whether an audit's facility block names the record as it is (nothing to ask)."""
    address = _key(facility.address)
    return _key(record.name) == _key(facility.name) and (
        not address or address in map(_key, record.addresses)
    )


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def license_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())
