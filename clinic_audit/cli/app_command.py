"""`clinic-audit` and `clinic-audit gui`: the desktop app."""

from __future__ import annotations

from argparse import Namespace

from clinic_audit.cli.common import Commands, UsageError, chosen_store


def add_commands(commands: Commands) -> None:
    gui = commands.add_parser("gui", help="open the desktop app (the default)")
    gui.add_argument(
        "--screenshots",
        metavar="DIR",
        help="open the sample audit offscreen, save a PNG of each screen, exit",
    )
    gui.add_argument("--dark", action="store_true", help="with --screenshots: dark palette")
    gui.set_defaults(func=run_gui)


def run_gui(args: Namespace) -> int:
    try:
        from clinic_audit.ui.app import run
    except ImportError as error:
        raise UsageError(
            f"The desktop app cannot start: {error}. On Linux install the Qt system "
            "libraries listed in the README (libegl1, libxkbcommon0, libfontconfig1…)."
        ) from None
    return run(
        chosen_store(args),
        screenshots=getattr(args, "screenshots", None),
        dark=getattr(args, "dark", False),
        create=args.create,
    )
