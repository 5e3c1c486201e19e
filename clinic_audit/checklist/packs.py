"""Jurisdiction packs: load and check them, find the shipped and installed ones, and
resolve a pack over its base checklist into the checklist its audits are scored with."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from clinic_audit.checklist import safe_yaml
from clinic_audit.checklist.loader import builtin_by_id, shipped_checklist, version_key
from clinic_audit.checklist.model import REGISTER_FINDING_KEYS, Checklist
from clinic_audit.checklist.pack_model import AppliedPack, Basis, Pack
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem
from clinic_audit.messages.validation import problems_from

Lines = dict[tuple[Any, ...], int]


def is_pack_document(data: bytes) -> bool:
    """Whether YAML text is a pack (it declares ``pack_format``) rather than a checklist."""
    head = data[:4000].decode("utf-8", errors="replace")
    return any(line.startswith("pack_format:") for line in head.splitlines())


def parse_pack(
    data: bytes, file: str, bases: dict[tuple[str, str], Checklist] | None = None
) -> tuple[Pack, Checklist]:
    """A pack file validated completely: the file itself, then against its base checklist
    (``bases``: the checklists it may extend; the built-in ones by default). Returns the
    pack and the checklist resolved under it; BadFileError lists every problem."""
    text = safe_yaml.read_text(data, file)
    value, lines = safe_yaml.load(text, file)
    if not isinstance(value, dict):
        raise BadFileError([FileProblem(file, ErrorCode.YAML_NOT_MAPPING, {"kind": "a list"})])
    try:
        pack = Pack.model_validate(value)
    except ValidationError as error:
        raise BadFileError(problems_from(error, file, Pack, lines)) from None
    base = bases.get(pack.base) if bases is not None else shipped_checklist(*pack.base)
    if base is None:
        known = bases if bases is not None else builtin_by_id()
        same_id = sorted((v for (i, v) in known if i == pack.base[0]), key=version_key)
        raise BadFileError(
            [
                FileProblem(
                    file,
                    ErrorCode.PACK_UNKNOWN_BASE,
                    {
                        "base": pack.extends,
                        "known": ", ".join(f"{pack.base[0]}@{v}" for v in same_id) or "none",
                    },
                    path="extends",
                    line=lines.get(("extends",)),
                )
            ]
        )
    problems = cross_problems(pack, base, file, lines)
    if problems:
        raise BadFileError(problems)
    try:
        return pack, resolve(pack, base)
    except ValidationError as error:  # said of the resolved checklist, then of the pack
        resolved = problems_from(error, f"{file} (laid over {pack.extends})", Checklist)
        raise BadFileError(
            [
                FileProblem(
                    file,
                    ErrorCode.PACK_DOES_NOT_RESOLVE,
                    {"base": pack.extends, "where": p.path or "the top", "problem": p.what},
                )
                for p in resolved
            ]
        ) from None


def cross_problems(pack: Pack, base: Checklist, file: str, lines: Lines) -> list[FileProblem]:
    """What the pack says that its base does not support."""
    items = {item.id: item for _s, item in base.items()}
    sections = {section.id for section in base.sections}
    base_keys = {source.key for source in base.sources}
    pack_keys = {source.key for source in pack.sources}
    found: list[FileProblem] = []

    def add(path: tuple[Any, ...], code: ErrorCode, **params: Any) -> None:
        where = ".".join(str(p) for p in path)
        found.append(FileProblem(file, code, params, path=where, line=_line(lines, path)))

    for key in sorted(pack_keys & base_keys):
        add(("sources",), ErrorCode.PACK_SOURCE_CLASHES, key=key, base=pack.extends)
    for item_id, override in pack.items.items():
        if item_id not in items:
            add(("items", item_id), ErrorCode.PACK_UNKNOWN_ITEM, item=item_id, base=pack.extends)
        if override.enforceable and not override.basis:
            add(("items", item_id), ErrorCode.PACK_BASIS_MISSING, item=item_id)
        if override.basis and (override.no_rule or override.not_applicable):
            add(("items", item_id), ErrorCode.PACK_BASIS_AND_NO_RULE, item=item_id)
        for index, basis in enumerate(override.basis):
            _check_source(basis, pack_keys, ("items", item_id, "basis", index), add)
    for key, finding in pack.register_findings.items():
        if key not in REGISTER_FINDING_KEYS:
            add(("register_findings", key), ErrorCode.PACK_UNKNOWN_RULE, rule=key)
        for index, basis in enumerate(finding.basis):
            _check_source(basis, pack_keys, ("register_findings", key, "basis", index), add)
    for index, added in enumerate(pack.add_items):
        if added.section not in sections:
            add(
                ("add_items", index, "section"),
                ErrorCode.PACK_UNKNOWN_SECTION,
                section=added.section,
            )
        elif added.after is not None and added.after not in items:
            add(
                ("add_items", index, "after"),
                ErrorCode.PACK_UNKNOWN_ITEM,
                item=added.after,
                base=pack.extends,
            )
        for b_index, basis in enumerate(added.basis):
            _check_source(basis, pack_keys, ("add_items", index, "basis", b_index), add)
    licences = {licence.id for licence in pack.scope_of_practice.licence_types}
    procedures = {procedure.id for procedure in pack.scope_of_practice.procedures}
    for index, rule in enumerate(pack.scope_of_practice.rules):
        path = ("scope_of_practice", "rules", index)
        if rule.licence not in licences:
            add((*path, "licence"), ErrorCode.PACK_UNKNOWN_LICENCE, licence=rule.licence)
        if rule.procedure not in procedures:
            add((*path, "procedure"), ErrorCode.PACK_UNKNOWN_PROCEDURE, procedure=rule.procedure)
        for b_index, basis in enumerate(rule.basis):
            _check_source(basis, pack_keys, (*path, "basis", b_index), add)
    severities = {deadline.severity for deadline in pack.thresholds.correction_deadlines}
    if len(severities) != 3:  # three entries, so one of each severity
        add(("thresholds", "correction_deadlines"), ErrorCode.PACK_DEADLINES)
    return found


def _check_source(basis: Basis, known: set[str], path: tuple[Any, ...], add: Any) -> None:
    if basis.source is not None and basis.source not in known:
        add((*path, "source"), ErrorCode.UNKNOWN_SOURCE, key=basis.source)


def resolve(pack: Pack, base: Checklist) -> Checklist:
    """The base checklist as it stands under the pack (ValidationError if it cannot)."""
    data = base.model_dump(mode="json", by_alias=True, exclude_none=True)
    overrides = pack.items
    sections = []
    for section in data["sections"]:
        kept = []
        for item in section["items"]:
            override = overrides.get(item["id"])
            if override is not None and override.not_applicable:
                continue
            kept.append(_overridden(item, override, pack.default_no_rule))
        section["items"] = kept
        sections.append(section)
    for added in pack.add_items:
        section = next(s for s in sections if s["id"] == added.section)
        item = dict(added.item) | {"basis": [b.model_dump(mode="json") for b in added.basis]}
        ids = [i["id"] for i in section["items"]]
        place = ids.index(added.after) + 1 if added.after in ids else len(ids)
        section["items"].insert(place, item)
    for added_section in pack.add_sections:
        new = dict(added_section.section)
        items = new.get("items")
        new["items"] = [
            _with_basis(item, added_section.basis)
            for item in (items if isinstance(items, list) else [])
        ]
        ids = [s["id"] for s in sections]
        place = ids.index(added_section.after) + 1 if added_section.after in ids else len(ids)
        sections.insert(place, new)
    data["sections"] = [s for s in sections if s["items"]]
    data["sources"] = data.get("sources", []) + [s.model_dump(mode="json") for s in pack.sources]
    data["register_rules"] = _register_rules(data["register_rules"], pack)
    data["pack"] = AppliedPack(
        id=pack.id,
        version=pack.version,
        title=pack.title,
        jurisdiction=pack.jurisdiction,
        effective=pack.effective,
        statement=pack.statement,
        thresholds=pack.thresholds,
        notice=pack.notice,
        scope_of_practice=pack.scope_of_practice,
    ).model_dump(mode="json")
    return Checklist.model_validate(data)


def _with_basis(item: object, basis: dict[str, list[Basis]]) -> object:
    if not isinstance(item, dict):
        return item  # the checklist model says what is wrong with it
    return item | {"basis": [b.model_dump(mode="json") for b in basis.get(str(item.get("id")), [])]}


def _overridden(item: dict[str, Any], override: Any, default_no_rule: str) -> dict[str, Any]:
    item = dict(item)
    if override is None:
        item["no_rule"] = default_no_rule
        return item
    for field in ("severity", "prompt", "guidance", "violation"):
        value = getattr(override, field)
        if value is not None:
            item[field] = value.value if hasattr(value, "value") else value
    if override.basis:
        item["basis"] = [b.model_dump(mode="json") for b in override.basis]
    else:
        item["no_rule"] = override.no_rule or default_no_rule
    return item


def _register_rules(rules: dict[str, Any], pack: Pack) -> dict[str, Any]:
    rules = dict(rules)
    thresholds = pack.thresholds
    for field in ("spore_test_max_age_days", "multi_dose_max_open_days", "licence_warning_days"):
        value = getattr(thresholds, field)
        if value is not None:
            rules[field] = value
    scope = pack.scope_of_practice
    microneedling = {p.id for p in scope.procedures if p.kind == "microneedling"}
    allowed = {r.licence for r in scope.rules if r.allowed and r.procedure in microneedling}
    rules["licence_types_in_scope"] = sorted(allowed) or rules["licence_types_in_scope"]
    findings = dict(rules.get("findings", {}))
    for key in REGISTER_FINDING_KEYS:  # the pack's word on rules it says nothing of
        if key not in pack.register_findings:
            findings[key] = dict(findings.get(key, {})) | {"no_rule": pack.default_no_rule}
    for key, override in pack.register_findings.items():
        entry = dict(findings.get(key, {}))
        if override.severity is not None:
            entry["severity"] = override.severity.value
        if override.basis:
            entry["basis"] = [b.model_dump(mode="json") for b in override.basis]
        if override.no_rule:
            entry["no_rule"] = override.no_rule
        findings[key] = entry
    rules["findings"] = findings
    return rules


def _line(lines: Lines, path: tuple[Any, ...]) -> int | None:
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


# the shipped packs ------------------------------------------------------------------------


def basis_counts(checklist: Checklist) -> tuple[int, int]:
    """(items with a basis in law, items with at least one basis read in the law's text)."""
    with_basis = [item for _section, item in checklist.items() if item.basis]
    confirmed = [item for item in with_basis if any(b.confirmed for b in item.basis)]
    return len(with_basis), len(confirmed)


def builtin_pack_names() -> list[str]:
    folder = resources.files("clinic_audit.checklists") / "packs"
    if not folder.is_dir():
        return []
    return sorted(e.name[:-5] for e in folder.iterdir() if e.name.endswith(".yaml"))


@cache
def builtin_pack(name: str) -> tuple[Pack, Checklist]:
    resource = resources.files("clinic_audit.checklists") / "packs" / f"{name}.yaml"
    return parse_pack(resource.read_bytes(), f"built-in pack {name}.yaml")


def shipped_pack(pack_id: str, version: str) -> tuple[Pack, Checklist] | None:
    """The shipped pack ``pack_id`` ``version``, reading only its own file when the file
    is named for it (as shipped files are), else found among them all."""
    name = f"{pack_id}-{version}"
    if name in builtin_pack_names():
        pack, checklist = builtin_pack(name)
        if (pack.id, pack.version) == (pack_id, version):
            return pack, checklist
    return builtin_packs().get((pack_id, version))


def builtin_packs() -> dict[tuple[str, str], tuple[Pack, Checklist]]:
    """Every shipped pack by (id, version), with the checklist resolved under it."""
    found = {}
    for name in builtin_pack_names():
        pack, checklist = builtin_pack(name)
        found[(pack.id, pack.version)] = (pack, checklist)
    return found


def latest_packs() -> list[Pack]:
    """The newest version of each shipped pack: what a new audit is made under."""
    newest: dict[str, Pack] = {}
    for pack, _checklist in builtin_packs().values():
        known = newest.get(pack.id)
        if known is None or version_key(pack.version) > version_key(known.version):
            newest[pack.id] = pack
    return sorted(newest.values(), key=lambda p: p.id)


def pack_for_region(region: str, country: str = "US") -> Pack | None:
    """The newest shipped pack of a state or region, if there is one."""
    return next(
        (
            p
            for p in latest_packs()
            if p.jurisdiction.country == country and p.jurisdiction.region == region
        ),
        None,
    )


def load_pack(path: str | Path) -> tuple[Pack, Checklist]:
    path = Path(path)
    data = safe_yaml.read_file(path)
    return parse_pack(data, str(path))


def builtin_checklist_for(audit: Any) -> Checklist | None:
    """The checklist a shipped checklist and pack give an audit (None if either is not
    shipped); a pack the audit's file carries (``audit.pack``) is used too."""
    base = shipped_checklist(audit.checklist_id, audit.checklist_version)
    if base is None or audit.pack_id is None:
        return base
    carried = getattr(audit, "pack", None)
    if carried is not None and (carried.id, carried.version) == (audit.pack_id, audit.pack_version):
        return resolve(carried, base)
    shipped = shipped_pack(audit.pack_id, audit.pack_version)
    return shipped[1] if shipped is not None and shipped[0].base == pack_base(audit) else None


def pack_base(audit: Any) -> tuple[str, str]:
    return audit.checklist_id, audit.checklist_version
