"""The building blocks of the audit record: bounded text, ids, finding keys, embedded
bytes, and the strict base model every part of the record derives from."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from typing import Annotated, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from clinic_audit.checklist.types import RegisterName

Name = Annotated[str, StringConstraints(min_length=1, max_length=500)]
FreeText = Annotated[str, StringConstraints(max_length=20_000)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]

ID_PATTERN = r"^[0-9a-f]{32}$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""The id of an audit, a register row or an action: ``new_id()``, 32 lowercase hex digits."""

REGISTER_NAMES: tuple[str, ...] = get_args(RegisterName)
FINDING_KEY_PATTERN = (
    r"^(item:[a-z][a-z0-9]*(-[a-z0-9]+)*"
    rf"|register:({'|'.join(REGISTER_NAMES)}):[0-9a-f]{{32}}:[a-z][a-z0-9_]*)$"
)
FindingKey = Annotated[str, StringConstraints(pattern=FINDING_KEY_PATTERN, max_length=200)]
"""``item:<item-id>`` or ``register:<register>:<row-id>:<rule>``, as scoring and
register_rules make them."""

MAX_ENTRIES: dict[str, int] = {
    # field of the audit: most entries it may hold. Far above any real audit (the
    # built-in checklist has 70 items; a day's inspection a few dozen register rows),
    # low enough that a hostile file is refused before it costs time or memory.
    "responses": 2_000,  # one per checklist item
    "photos": 100,  # per item
    "photo_data": 2_000,  # embedded photos in a portable file
    "practitioners": 500,
    "products": 2_000,
    "devices": 500,
    "actions": 5_000,
    "signatures": 2,  # one per role
}


def _from_base64(value: object) -> object:
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error:
            raise ValueError("not valid base64 data") from None
    return value


EmbeddedBytes = Annotated[
    bytes,
    BeforeValidator(_from_base64),
    PlainSerializer(
        lambda data: base64.b64encode(data).decode(), return_type=str, when_used="json"
    ),
    WithJsonSchema({"type": "string", "contentEncoding": "base64"}),
]
"""Raw bytes in Python; base64 text in JSON (photos and signature images)."""


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)
