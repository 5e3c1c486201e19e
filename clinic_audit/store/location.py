"""Where the store lives: --db, then CLINIC_AUDIT_DB, then the user's data directory.

Only the default store, in the user's data directory, is created when it is missing; a
store named by --db or CLINIC_AUDIT_DB must exist (or be made with --create or ``init``),
so that a mistyped path is not taken for an empty store.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "clinic-audit"
ENV_DB = "CLINIC_AUDIT_DB"


def default_db_path() -> Path:
    from platformdirs import user_data_path  # here, so that the GUI starts faster

    return user_data_path(APP_NAME, appauthor=False) / "clinic-audit.sqlite3"


def resolve_db_path(cli_value: str | None = None) -> Path | str:
    return chosen_db_path(cli_value) or default_db_path()


class EmptyPathError(ValueError):
    """--db or CLINIC_AUDIT_DB is given but empty; the message says which and what to do."""


def chosen_db_path(cli_value: str | None = None) -> Path | str | None:
    """The store named by --db or CLINIC_AUDIT_DB; None for the default, which the GUI
    finds off its start-up path (platformdirs and what it imports take some 8 ms).
    EmptyPathError if the one given is empty: that is a mistake, not the default.
    A server address (postgresql://…) is kept as it is, a str."""
    if cli_value is not None:
        if not cli_value.strip():
            raise EmptyPathError(
                "the store path given with --db is empty; give a file name "
                "(or leave out --db to use the default store)"
            )
        return _location(cli_value)
    value = os.environ.get(ENV_DB)
    if value is not None:
        if not value.strip():
            raise EmptyPathError(
                f"the store path is empty ({ENV_DB} is set to nothing); "
                f"give a file name or unset {ENV_DB}"
            )
        return _location(value)
    return None


def _location(value: str) -> Path | str:
    if value.strip().lower().startswith(("postgresql://", "postgres://")):
        return value.strip()
    return Path(value).expanduser()
