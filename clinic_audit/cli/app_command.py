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


def display_problem(environ: dict[str, str], platform: str) -> str | None:
    """Why the window cannot open here, in one sentence; None when it can try. Without
    this, Qt aborts (exit 134) blaming a library that is installed."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "There is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not "
        "set: a console, or ssh without -X). Run it on the desktop, over 'ssh -X', or use "
        "the commands (clinic-audit --help); QT_QPA_PLATFORM=offscreen runs it without a "
        "screen."
    )


def run_gui(args: Namespace) -> int:
    import os
    import sys

    problem = display_problem(dict(os.environ), sys.platform)
    if problem is not None and not getattr(args, "screenshots", None):
        raise UsageError(problem)
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
