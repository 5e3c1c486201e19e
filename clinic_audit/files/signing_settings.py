"""How reports are signed, kept in a small YAML file in the user's config folder (a
Settings page writes it with ``save_signing_settings``; the CLI reads it)::

    pkcs12: ~/keys/inspector.p12          # the signing key and certificate
    timestamp_url: http://tsa.example/tsr # optional: RFC 3161 time stamps (PAdES B-T)
    trust:                                # agency certificates that `verify` trusts
      - agency-root.crt                   # PEM or DER, beside this file or a full path

The key's password is never kept here: it comes from $CLINIC_AUDIT_KEY_PASSWORD, the
system keyring, or is asked for on the terminal or by the app (``evidence.passwords``).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import Field, ValidationError

from clinic_audit.checklist import safe_yaml
from clinic_audit.checklist.types import Strict
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem
from clinic_audit.messages.validation import problems_from
from clinic_audit.store.location import APP_NAME


class SigningSettings(Strict):
    """The signing settings; paths as written (relative ones are beside the file)."""

    pkcs12: str | None = Field(default=None, max_length=1000)
    timestamp_url: str | None = Field(default=None, max_length=1000, pattern=r"^https?://\S+$")
    trust: list[str] = Field(default_factory=list, max_length=100)


def default_signing_settings_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "signing.yaml"


def load_signing_settings(path: str | Path | None = None) -> SigningSettings:
    """The settings of ``path`` (default: the user's file); no file means no settings
    when it is the default one, and an error when it was named."""
    named = path is not None
    path = Path(path) if path is not None else default_signing_settings_path()
    file = str(path)
    if not named and not path.exists():
        return SigningSettings()
    data = safe_yaml.read_file(path)
    value, lines = safe_yaml.load(safe_yaml.read_text(data, file), file)
    if value is None:
        return SigningSettings()
    if not isinstance(value, dict):
        raise BadFileError([FileProblem(file, ErrorCode.YAML_NOT_MAPPING, {"kind": "a list"})])
    try:
        settings = SigningSettings.model_validate(value)
    except ValidationError as error:
        raise BadFileError(problems_from(error, file, SigningSettings, lines)) from None
    return resolved(settings, path.parent)


def resolved(settings: SigningSettings, folder: Path) -> SigningSettings:
    """The settings with every relative path made absolute against ``folder``."""

    def absolute(name: str) -> str:
        candidate = Path(name).expanduser()
        return str(candidate if candidate.is_absolute() else folder / candidate)

    return settings.model_copy(
        update={
            "pkcs12": absolute(settings.pkcs12) if settings.pkcs12 else None,
            "trust": [absolute(name) for name in settings.trust],
        }
    )


def save_signing_settings(settings: SigningSettings, path: str | Path | None = None) -> Path:
    """Write the settings file (the Settings page's one write path)."""
    path = Path(path) if path is not None else default_signing_settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(
        settings.model_dump(exclude_defaults=True), sort_keys=False, allow_unicode=True
    )
    part = path.with_name(f".{path.name}.part")
    part.write_text(text, encoding="utf-8")
    part.replace(path)
    return path
