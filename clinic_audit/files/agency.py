"""The agency's letterhead, kept in a small YAML file (the Settings dialog writes it; the
CLI reads it with --agency FILE) and copied into each regulatory audit when it is made::

    name: Springfield Health Authority — Medical Spa Inspection Unit
    address: |
      100 Capitol Avenue, Room 410
      Springfield, TX 78701
    phone: +1 512 555 0100
    email: medspa.inspections@health.springfield.example
    website: https://health.springfield.example/medspa
    logo: agency-logo.png      # a PNG or JPEG, beside this file or a full path
"""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from PIL import Image, UnidentifiedImageError
from pydantic import Field, ValidationError

from clinic_audit.audit.notice import MAX_LOGO_BYTES, Agency
from clinic_audit.checklist import safe_yaml
from clinic_audit.checklist.types import Strict
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem
from clinic_audit.messages.validation import problems_from
from clinic_audit.store.location import APP_NAME

LOGO_SIDE = 600


class AgencyFile(Strict):
    name: str = Field(min_length=1, max_length=500)
    address: str = Field(default="", max_length=2000)
    phone: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=200)
    website: str = Field(default="", max_length=500)
    logo: str | None = Field(default=None, max_length=1000)


def default_agency_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "agency.yaml"


def load_agency(path: str | Path) -> Agency:
    """The agency of a settings file, its logo read and made small; BadFileError says
    what is wrong, where, and how to fix it."""
    path = Path(path)
    file = str(path)
    data = safe_yaml.read_file(path)
    value, lines = safe_yaml.load(safe_yaml.read_text(data, file), file)
    if not isinstance(value, dict):
        raise BadFileError([FileProblem(file, ErrorCode.YAML_NOT_MAPPING, {"kind": "a list"})])
    try:
        settings = AgencyFile.model_validate(value)
    except ValidationError as error:
        raise BadFileError(problems_from(error, file, AgencyFile, lines)) from None
    logo = None
    if settings.logo:
        logo_path = Path(settings.logo).expanduser()
        if not logo_path.is_absolute():
            logo_path = path.parent / logo_path
        try:
            logo = logo_png(logo_path.read_bytes())
        except (OSError, ValueError) as error:
            raise BadFileError(
                [
                    FileProblem(
                        file,
                        ErrorCode.AGENCY_LOGO_UNUSABLE,
                        {"logo": str(logo_path), "reason": _reason(error)},
                        path="logo",
                        line=lines.get(("logo",)),
                    )
                ]
            ) from None
    fields = settings.model_dump(exclude={"logo"})
    return Agency(**fields, logo_png=logo)


def save_agency(agency: Agency, path: str | Path) -> Path:
    """Write the agency's settings file (and its logo beside it, as PNG)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = agency.model_dump(exclude={"logo_png"})
    logo_path = path.with_name(f"{path.stem}-logo.png")
    if agency.logo_png is not None:
        _replace(logo_path, agency.logo_png)
        fields["logo"] = logo_path.name
    else:
        logo_path.unlink(missing_ok=True)
    text = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True)
    _replace(path, text.encode())
    return path


def logo_png(data: bytes) -> bytes:
    """Any PNG or JPEG as a PNG of at most LOGO_SIDE px a side (ValueError if unusable)."""
    try:
        opened = Image.open(io.BytesIO(data))
        opened.load()
    except (UnidentifiedImageError, OSError) as error:
        raise ValueError("it is not a PNG or JPEG image") from error
    image = opened.convert("RGBA")
    image.thumbnail((LOGO_SIDE, LOGO_SIDE))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    if out.tell() > MAX_LOGO_BYTES:
        raise ValueError(f"even at {LOGO_SIDE} px it is larger than {MAX_LOGO_BYTES // 1024} KB")
    return out.getvalue()


def _reason(error: Exception) -> str:
    if isinstance(error, FileNotFoundError):
        return "there is no such file"
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


def _replace(path: Path, data: bytes) -> None:
    part = path.with_name(f".{path.name}.part")
    part.write_bytes(data)
    part.replace(path)
