"""What every command shares: exit codes, printing, the store, files and audit ids."""

from __future__ import annotations

import argparse
import sys
from argparse import Namespace
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_audit.cli.terminal import safe
from clinic_audit.store.location import EmptyPathError, chosen_db_path

if TYPE_CHECKING:
    from clinic_audit.store.database import Store

EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT, EXIT_MISMATCH = 0, 1, 2, 3
Commands = argparse._SubParsersAction  # what add_subparsers() returns


class UsageError(Exception):
    """Bad input from the command line; the message says what to do."""


def say(text: object, *, err: bool = False) -> None:
    """Print one line, with whatever it echoes from files or the store made safe for the
    terminal (control characters escaped): every line the commands print goes here."""
    print(safe(text), file=sys.stderr if err else sys.stdout)


def chosen_store(args: Namespace) -> Path | str | None:
    """The store named by --db or the environment; None for the default one."""
    try:
        return chosen_db_path(args.db)
    except EmptyPathError as error:
        raise UsageError(str(error)) from None


def open_store(args: Namespace) -> Store:
    """The store, which must exist if it was named (a typo is not an empty store);
    the default one in the user's data folder is created the first time."""
    from clinic_audit.store.database import Store
    from clinic_audit.store.location import default_db_path

    chosen = chosen_store(args)
    store = Store.open(chosen or default_db_path(), create=args.create or chosen is None)
    args.opened_stores.append(store)
    return store


def actor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


def find_id(store: Store, prefix: str) -> str:
    matches = store.ids_starting(prefix.lower())
    if not matches:
        raise UsageError(f"No audit id starts with '{prefix}'. Run 'clinic-audit list'.")
    if len(matches) > 1:
        raise UsageError(f"'{prefix}' matches more than one audit; give more characters.")
    return matches[0]


def read_file(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise UsageError(f"{name}: cannot read the file ({error.strerror}).") from None


def write_file(name: str, data: bytes) -> None:
    try:
        Path(name).write_bytes(data)
    except OSError as error:
        raise UsageError(f"{name}: cannot write the file ({error.strerror}).") from None
