"""The small types checklists and audits are both written in: ids, versions, text."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", min_length=2, max_length=60)
]
Version = Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+){0,2}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


RegisterName = Literal["practitioners", "products", "devices"]
SourceKey = Annotated[str, StringConstraints(pattern=r"^S[1-9][0-9]{0,3}$")]


class Source(Strict):
    """A document items cite, by a stable key (``S1`` …), so a report can list them."""

    key: SourceKey
    title: Text
    issuer: Text
    year: int = Field(ge=1900, le=2100)
    kind: Literal["guidance", "law", "literature", "manufacturer"]
    document: Text | None = None
    url: Text | None = None


class SourceRef(Strict):
    """A citation: the source, and the section of it that says what is cited."""

    key: SourceKey
    section: Text
