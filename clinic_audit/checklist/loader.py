"""Load and validate checklist files; find the built-in ones."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from clinic_audit.checklist import safe_yaml
from clinic_audit.checklist.model import Checklist
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem
from clinic_audit.messages.validation import problems_from

BUILTIN_DEFAULT = "microneedling"


def parse_checklist(data: bytes, file: str) -> Checklist:
    """Validate checklist YAML; raise BadFileError listing every problem found."""
    text = safe_yaml.read_text(data, file)
    value, lines = safe_yaml.load(text, file)
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else f"a single value ({value!r:.40})"
        raise BadFileError(
            [FileProblem(file=file, code=ErrorCode.YAML_NOT_MAPPING, params={"kind": kind}, line=1)]
        )
    try:
        return Checklist.model_validate(value)
    except ValidationError as exc:
        raise BadFileError(problems_from(exc, file, Checklist, lines)) from None


def load_checklist(path: str | Path) -> Checklist:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadFileError([FileProblem(str(path), ErrorCode.FILE_MISSING, {})]) from None
    except IsADirectoryError:
        raise BadFileError(
            [FileProblem(str(path), ErrorCode.FILE_UNREADABLE, {"reason": "it is a folder"})]
        ) from None
    except OSError as exc:
        raise BadFileError(
            [
                FileProblem(
                    str(path), ErrorCode.FILE_UNREADABLE, {"reason": exc.strerror or str(exc)}
                )
            ]
        ) from None
    return parse_checklist(data, str(path))


def builtin_names() -> list[str]:
    folder = resources.files("clinic_audit.checklists")
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".yaml"))


@cache
def builtin_checklist(name: str = BUILTIN_DEFAULT) -> Checklist:
    resource = resources.files("clinic_audit.checklists") / f"{name}.yaml"
    return parse_checklist(resource.read_bytes(), f"built-in checklist {name}.yaml")


def builtin_by_id() -> dict[tuple[str, str], Checklist]:
    found = {}
    for name in builtin_names():
        checklist = builtin_checklist(name)
        found[(checklist.id, checklist.version)] = checklist
    return found
