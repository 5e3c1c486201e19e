"""Load and validate checklist files; find the built-in ones."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from clinic_audit.checklist import safe_yaml
from clinic_audit.checklist.model import Checklist, RegisterRules
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
    data = safe_yaml.read_file(path)
    return parse_checklist(data, str(path))


def builtin_names() -> list[str]:
    """The shipped checklist files, ``<id>-<version>`` each. A shipped version never
    changes (a test pins each file's SHA-256): a change ships as a new version's file,
    and the old ones stay, so an audit opens, scores and reports with the checklist it
    was made with."""
    folder = resources.files("clinic_audit.checklists")
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".yaml"))


@cache
def builtin_file(name: str) -> Checklist:
    resource = resources.files("clinic_audit.checklists") / f"{name}.yaml"
    checklist = parse_checklist(resource.read_bytes(), f"built-in checklist {name}.yaml")
    return _with_legacy_citations(checklist, name)


def _with_legacy_citations(checklist: Checklist, name: str) -> Checklist:
    """Checklist 1.0.0 was shipped before the register findings' citations were checklist
    data; its citations, as they were, are kept in legacy/ and joined to it here."""
    resource = (
        resources.files("clinic_audit.checklists") / "legacy" / f"{name}-register-citations.yaml"
    )
    if checklist.register_rules.findings or not resource.is_file():
        return checklist
    value, _lines = safe_yaml.load(safe_yaml.read_text(resource.read_bytes(), name), name)
    assert isinstance(value, dict)  # a file shipped beside the checklist, pinned by a test
    findings = {key: {"reference": text} for key, text in value["findings"].items()}
    rules = checklist.register_rules.model_copy(
        update={
            "findings": RegisterRules.model_validate(
                {**checklist.register_rules.model_dump(), "findings": findings}
            ).findings
        }
    )
    return checklist.model_copy(update={"register_rules": rules})


def shipped_checklist(checklist_id: str, version: str) -> Checklist | None:
    """The shipped checklist ``checklist_id`` ``version``, reading only its own file when
    the file is named for it (as shipped files are), else found among them all."""
    name = f"{checklist_id}-{version}"
    if name in builtin_names():
        checklist = builtin_file(name)
        if (checklist.id, checklist.version) == (checklist_id, version):
            return checklist
    return builtin_by_id().get((checklist_id, version))


def builtin_by_id() -> dict[tuple[str, str], Checklist]:
    """Every shipped checklist by (id, version)."""
    found = {}
    for name in builtin_names():
        checklist = builtin_file(name)
        found[(checklist.id, checklist.version)] = checklist
    return found


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def builtin_latest() -> list[Checklist]:
    """The newest shipped version of each checklist: what a new audit is made with."""
    newest: dict[str, Checklist] = {}
    for checklist in builtin_by_id().values():
        known = newest.get(checklist.id)
        if known is None or version_key(checklist.version) > version_key(known.version):
            newest[checklist.id] = checklist
    return sorted(newest.values(), key=lambda c: c.id)


def builtin_checklist(checklist_id: str = BUILTIN_DEFAULT, version: str | None = None) -> Checklist:
    """A shipped checklist: the given version, or the newest one."""
    if version is not None:
        found = shipped_checklist(checklist_id, version)
        if found is None:
            raise KeyError((checklist_id, version))
        return found
    return next(c for c in builtin_latest() if c.id == checklist_id)
