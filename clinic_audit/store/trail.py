"""The leaf-by-leaf difference between two versions of an audit, for the audit trail."""

from __future__ import annotations

import hashlib
import json
from typing import Any

_ROW_KEYS = ("id", "sha256", "role")
_BINARY_FIELDS = ("image_png",)


def changes(before: Any, after: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Return (path, old, new) for every leaf that differs; rows are matched by their id."""
    if before is None and isinstance(after, dict):
        before = {}
    if after is None and isinstance(before, dict):
        after = {}
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key in [*before, *(k for k in after if k not in before)]:
            child = f"{path}.{key}" if path else str(key)
            out += changes(before.get(key), after.get(key), child)
        return out
    if isinstance(before, list) and isinstance(after, list):
        return _list_changes(before, after, path)
    if before == after:
        return []
    if path.rsplit(".", 1)[-1] in _BINARY_FIELDS:
        return [(path, _digest(before), _digest(after))]
    return [(path, _leaf(before), _leaf(after))]


def _list_changes(before: list[Any], after: list[Any], path: str) -> list[tuple[str, Any, Any]]:
    key = _row_key(before + after)
    if key is None:
        return [] if before == after else [(path, _leaf(before), _leaf(after))]
    old = {row[key]: row for row in before}
    new = {row[key]: row for row in after}
    out = []
    for row_id in [*old, *(k for k in new if k not in old)]:
        out += changes(old.get(row_id), new.get(row_id), f"{path}[{row_id}]")
    return out


def _row_key(rows: list) -> str | None:
    if not rows or not all(isinstance(row, dict) for row in rows):
        return None
    for key in _ROW_KEYS:
        if all(key in row for row in rows):
            return key
    return None


def _leaf(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _digest(value: Any) -> str | None:
    if value is None:
        return None
    return f"<image sha256 {hashlib.sha256(str(value).encode()).hexdigest()[:16]}>"
