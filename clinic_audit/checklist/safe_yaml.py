"""YAML reading that refuses what a checklist never needs, and remembers line numbers.

PyYAML's ``safe_load`` would accept anchors and aliases (the "billion laughs" bomb
expands in whatever walks the result) and silently keep the last of duplicate keys.
Here the event stream is checked first, then nodes are composed and turned into plain
values while each path's line is recorded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem, dotted

MAX_BYTES = 2_000_000
MAX_DEPTH = 32


# libyaml's C parser (in PyYAML's wheels) reads the built-in checklist some 20x faster
# than the pure-Python one; the events and marks are the same, so are the refusals.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_file(path: Path) -> bytes:
    """The bytes of a file given to be read; BadFileError naming it when it is missing,
    a folder, or cannot be read."""
    file = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BadFileError([FileProblem(file, ErrorCode.FILE_MISSING, {})]) from None
    except IsADirectoryError:
        reason = "it is a folder"
    except OSError as error:
        reason = error.strerror or str(error)
    raise BadFileError([FileProblem(file, ErrorCode.FILE_UNREADABLE, {"reason": reason})])


def read_text(data: bytes, file: str) -> str:
    if not data.strip():
        raise _refuse(file, ErrorCode.FILE_EMPTY)
    if len(data) > MAX_BYTES:
        raise _refuse(file, ErrorCode.FILE_TOO_LARGE, size=len(data), limit=MAX_BYTES)
    if b"\x00" in data:
        raise _refuse(file, ErrorCode.FILE_BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(file, ErrorCode.FILE_NOT_UTF8, offset=exc.start) from None


def load(text: str, file: str) -> tuple[object, dict[tuple, int]]:
    """Parse ``text``; return the value and a map from path to 1-based line number."""
    _check_events(text, file)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise _syntax(exc, file) from None
    if node is None:
        raise _refuse(file, ErrorCode.FILE_EMPTY)
    lines: dict[tuple, int] = {}
    problems: list[FileProblem] = []
    value = _to_value(node, (), lines, problems, file)
    if problems:
        raise BadFileError(problems)
    return value, lines


def _refuse(file: str, code: ErrorCode, line: int | None = None, **params: Any) -> BadFileError:
    return BadFileError([FileProblem(file=file, code=code, params=params, line=line)])


def _syntax(exc: yaml.YAMLError, file: str) -> BadFileError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if context:
        problem = f"{problem} ({context})"
    line = mark.line + 1 if mark is not None else None
    return _refuse(file, ErrorCode.YAML_SYNTAX, line=line, problem=problem)


def _check_events(text: str, file: str) -> None:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _refuse(file, ErrorCode.YAML_ALIAS, line=line)
            tag = getattr(event, "tag", None)
            if tag is not None:
                raise _refuse(file, ErrorCode.YAML_TAG, line=line, tag=tag)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _refuse(file, ErrorCode.YAML_TOO_DEEP, line=line, limit=MAX_DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        raise _syntax(exc, file) from None


_constructor = yaml.SafeLoader("")


def _to_value(
    node: yaml.Node,
    path: tuple[Any, ...],
    lines: dict[tuple[Any, ...], int],
    problems: list[FileProblem],
    file: str,
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            key = _constructor.construct_object(key_node, deep=True)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str | int | float | bool) or key is None:
                key = str(key)
            if key in result:
                problems.append(
                    FileProblem(
                        file=file,
                        code=ErrorCode.YAML_DUPLICATE_KEY,
                        line=key_line,
                        path=dotted((*path, key)),
                        params={"key": key, "first_line": first_line[key]},
                    )
                )
                continue
            first_line[key] = key_line
            result[key] = _to_value(value_node, (*path, key), lines, problems, file)
            lines[(*path, key)] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_value(child, (*path, index), lines, problems, file)
            for index, child in enumerate(node.value)
        ]
    try:
        return _constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise _syntax(exc, file) from None
