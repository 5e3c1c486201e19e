"""Turn pydantic validation errors into the catalog's where / what / how-to-fix problems."""

from __future__ import annotations

import difflib
import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from clinic_audit.audit.model import FINDING_KEY_PATTERN, ID_PATTERN
from clinic_audit.messages.catalogue import ErrorCode, FileProblem, dotted

Lines = dict[tuple[Any, ...], int] | None  # the line of each place in the file, if known

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "datetime_type": "a date and time (YYYY-MM-DDTHH:MM:SS+00:00)",
    "datetime_parsing": "a date and time (YYYY-MM-DDTHH:MM:SS+00:00)",
    "timezone_aware": "a date and time with its time zone",
}

_PATTERN_HINTS = {
    r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$": (
        "Ids are lowercase letters and digits in words joined by '-', e.g. 'room-hand-hygiene'."
    ),
    r"^\d+(\.\d+){0,2}$": "Write a version such as 1.0 or 1.2.0 (in quotes).",
    r"^[0-9a-f]{64}$": "A SHA-256 is 64 lowercase hexadecimal digits.",
    ID_PATTERN: "An id is 32 lowercase hexadecimal digits, as Clinic Audit makes them.",
    FINDING_KEY_PATTERN: (
        "A finding key is 'item:<item-id>' or 'register:<register>:<row-id>:<rule>'."
    ),
}


def problems_from(
    exc: ValidationError, file: str, root: type[BaseModel], lines: dict[tuple, int] | None = None
) -> list[FileProblem]:
    problems: list[FileProblem] = []
    for error in exc.errors(include_url=False):
        if error["type"] == "checklist_cross_check":
            for item in error["ctx"]["problems"]:
                problems.append(_cross_problem(item, file, lines))
            continue
        loc = tuple(part for part in error["loc"] if not _is_union_tag(part))
        code, params = _translate(error, tuple(error["loc"]), root)
        line = _line(lines, loc)
        problems.append(FileProblem(file, code, params, path=dotted(loc), line=line))
    return _without_missing_explained_by_typo(problems)


def _without_missing_explained_by_typo(problems: list[FileProblem]) -> list[FileProblem]:
    """A misspelt key also makes the right key 'missing'; report the misspelling only."""
    suggested = {
        (p.path.rsplit(".", 1)[0], p.params["suggestion"].split("'")[1])
        for p in problems
        if p.code == ErrorCode.EXTRA_FORBIDDEN and p.params["suggestion"].startswith("Did you mean")
    }
    return [
        p
        for p in problems
        if not (
            p.code == ErrorCode.MISSING and (p.path.rsplit(".", 1)[0], p.params["key"]) in suggested
        )
    ]


def _cross_problem(item: dict[str, Any], file: str, lines: Lines) -> FileProblem:
    params = dict(item["params"])
    if "known" in params:
        params["known"] = ", ".join(params["known"])
    if item["code"] == ErrorCode.CONDITION_UNKNOWN_ITEM:
        params["suggestion"] = (
            "A condition can only name an item that comes before it; check the spelling of the id."
        )
    return FileProblem(
        file=file,
        code=item["code"],
        params=params,
        path=dotted(item["path"]),
        line=_line(lines, tuple(item["path"])),
    )


def _is_union_tag(part: object) -> bool:
    return isinstance(part, str) and part[:1].isupper()


def _line(lines: Lines, loc: tuple[Any, ...]) -> int | None:
    if not lines:
        return None
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _translate(
    error: ErrorDetails, loc: tuple[Any, ...], root: type[BaseModel]
) -> tuple[ErrorCode, dict[str, Any]]:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return ErrorCode.MISSING, {"key": loc[-1] if loc else "?"}
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _fields_at(root, loc[:-1])
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        if close:
            suggestion = f"Did you mean '{close[0]}'?"
        elif known:
            suggestion = f"Known keys here: {', '.join(known)}."
        else:
            suggestion = "Remove it."
        return ErrorCode.EXTRA_FORBIDDEN, {"key": key, "suggestion": suggestion}
    if kind in ("enum", "literal_error"):
        return ErrorCode.of(kind), {
            "value": _short(value),
            "expected": ctx.get("expected", "").replace("'", ""),
        }
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(ctx.get("pattern", ""), f"It must match {ctx.get('pattern')}.")
        return ErrorCode.of(kind), {"value": _short(value), "pattern_hint": hint}
    if kind == "string_too_short":
        return ErrorCode.of(kind), {}
    if kind == "string_too_long":
        return ErrorCode.of(kind), {"length": len(value) if isinstance(value, str) else "?"}
    if kind == "too_short":
        return ErrorCode.of(kind), {}
    if kind == "too_long":
        return ErrorCode.of(kind), {"limit": ctx.get("max_length", "?")}
    if kind == "condition_kind":
        return ErrorCode.of(kind), {}
    if kind in _TYPE_WORDS:
        return ErrorCode.WRONG_TYPE, {
            "expected": _TYPE_WORDS[kind],
            "found": _type_word(value),
            "value": _short(value),
        }
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        symbol = {
            "greater_than_equal": ">=",
            "less_than_equal": "<=",
            "greater_than": ">",
            "less_than": "<",
        }[kind]
        bound = next(iter(ctx.values()), "?")
        return ErrorCode.OUT_OF_RANGE, {"value": _short(value), "bound": f"{symbol} {bound}"}
    return ErrorCode.INVALID, {"detail": error["msg"]}


def _short(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_word(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "nothing"
    return "text"


def _fields_at(root: type[BaseModel], loc: tuple) -> list[str]:
    model = root
    for part in loc:
        if isinstance(part, int):
            continue
        if _is_union_tag(part):
            model = _named_model(root, part) or model
            continue
        field = _field(model, part)
        if field is None:
            return []
        found = _model_in(field.annotation)
        if found is None:
            return []
        model = found
    return sorted(field.alias or name for name, field in model.model_fields.items())


def _named_model(root: type[BaseModel], name: str) -> type[BaseModel] | None:
    module = __import__(root.__module__, fromlist=[name])
    found = getattr(module, name, None)
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


def _field(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return None
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (list, dict, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
