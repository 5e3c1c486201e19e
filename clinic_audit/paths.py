"""Where the store lives: --db, then CLINIC_AUDIT_DB, then the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "clinic-audit"
ENV_DB = "CLINIC_AUDIT_DB"


def default_db_path() -> Path:
    from platformdirs import user_data_path  # here, so that the GUI starts faster

    return user_data_path(APP_NAME, appauthor=False) / "clinic-audit.sqlite3"


def resolve_db_path(cli_value: str | None = None) -> Path:
    return chosen_db_path(cli_value) or default_db_path()


def chosen_db_path(cli_value: str | None = None) -> Path | None:
    """The store named by --db or CLINIC_AUDIT_DB; None for the default, which the GUI
    finds off its start-up path (platformdirs and what it imports take some 8 ms)."""
    if cli_value:
        return Path(cli_value).expanduser()
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB]).expanduser()
    return None
