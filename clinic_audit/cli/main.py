"""The `clinic-audit` command: no argument opens the GUI, subcommands do headless jobs.

Exit codes: 0 done; 2 bad input or usage (a message, no traceback); 1 unexpected error;
3 `verify` found the report tampered with, or built from another record than the one
given; 4 `verify` found an unsigned report (made before reports were signed, or a draft),
of which only the printed hash could be checked. Each group of commands
lives in its own module and adds its subcommands here (``add_commands``).
"""

from __future__ import annotations

import argparse
import sys
import traceback

from clinic_audit import __version__
from clinic_audit.cli import (
    app_command,
    facility_commands,
    file_commands,
    report_commands,
    server_commands,
    store_commands,
    sync_commands,
)
from clinic_audit.cli.common import EXIT_BAD_INPUT, EXIT_UNEXPECTED, UsageError, say
from clinic_audit.store.location import ENV_DB

COMMAND_GROUPS = (
    app_command,
    file_commands,
    store_commands,
    report_commands,
    facility_commands,
    server_commands,
    sync_commands,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinic-audit",
        description="Guided safety inspection of microneedling clinics. "
        "Without a command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"clinic-audit {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"store file (default: ${ENV_DB}, else the user data folder); it must exist, "
        "unless --create is given; or the agency's server, postgresql://NAME@HOST/DATABASE",
    )
    _add_create_flag(parser, default=False)
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    parser.set_defaults(func=app_command.run_gui)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.add_commands(commands)
    for command in commands.choices.values():  # --create may follow the command, too
        _add_create_flag(command, default=argparse.SUPPRESS)
    return parser


def _add_create_flag(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--create",
        action="store_true",
        default=default,
        help="create the store named by --db or $" + ENV_DB + " if it does not exist yet "
        "(the default store is always created)",
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.opened_stores = []
    try:
        return args.func(args)
    except UsageError as error:
        say(f"clinic-audit: {error}", err=True)
        return EXIT_BAD_INPUT
    except Exception as error:  # noqa: BLE001 - the last line of defence for users
        # Imported here, not at the top, so that `clinic-audit gui` starts faster.
        from clinic_audit.files.photos import PhotoError
        from clinic_audit.messages.catalogue import BadFileError
        from clinic_audit.store.errors import StoreError

        if isinstance(error, BadFileError):
            for number, problem in enumerate(error.problems):
                say(f"clinic-audit: {problem}" if number == 0 else problem, err=True)
            return EXIT_BAD_INPUT
        if isinstance(error, StoreError | PhotoError):
            say(f"clinic-audit: {error}", err=True)
            return EXIT_BAD_INPUT
        if args.debug:
            traceback.print_exc()
        say(f"clinic-audit: unexpected error: {type(error).__name__}: {error}", err=True)
        say("Run again with --debug for details, and report it.", err=True)
        return EXIT_UNEXPECTED
    finally:
        for store in args.opened_stores:  # the last one out writes the WAL back (store.locks)
            store.close()


if __name__ == "__main__":
    sys.exit(main())
