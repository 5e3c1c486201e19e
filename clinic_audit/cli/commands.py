"""The `clinic-audit` command: no argument opens the GUI, subcommands do headless jobs.

Exit codes: 0 done; 2 bad input or usage (a message, no traceback); 1 unexpected error;
3 `verify` found that the report and the record do not match.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_audit import __version__
from clinic_audit.cli.terminal import safe
from clinic_audit.store.location import ENV_DB, EmptyPathError, chosen_db_path

if TYPE_CHECKING:
    import datetime as dt

EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT, EXIT_MISMATCH = 0, 1, 2, 3


class UsageError(Exception):
    """Bad input from the command line; the message says what to do."""


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
        "unless --create is given",
    )
    _add_create_flag(parser, default=False)
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the desktop app (the default)")
    gui.add_argument(
        "--screenshots",
        metavar="DIR",
        help="open the sample audit offscreen, save a PNG of each screen, exit",
    )
    gui.add_argument("--dark", action="store_true", help="with --screenshots: dark palette")

    validate = commands.add_parser("validate", help="check checklist files; list every error")
    validate.add_argument("files", nargs="+", metavar="FILE")

    sample = commands.add_parser("sample", help="write a realistic sample audit file")
    sample.add_argument("-o", "--output", required=True, metavar="FILE")
    sample.add_argument(
        "--photos", type=int, default=6, metavar="N", help="number of generated photos (default 6)"
    )
    sample.add_argument("--kind", choices=["regulatory", "self"], default="regulatory")
    sample.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD", help="audit date (default today)"
    )

    export = commands.add_parser("export", help="write an audit from the store to a file")
    export.add_argument("id", metavar="ID", help="audit id (a unique prefix is enough)")
    export.add_argument("-o", "--output", required=True, metavar="FILE")

    imp = commands.add_parser("import", help="add an audit file to the store")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--checklist",
        metavar="FILE",
        help="the checklist YAML the audit was made with, if not built in",
    )

    commands.add_parser("list", help="one line per audit in the store")

    schema = commands.add_parser("schema", help="print the JSON Schema of a file format")
    schema.add_argument("which", choices=["audit", "checklist"])

    report = commands.add_parser("report", help="build the PDF report of an audit")
    source = report.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", metavar="FILE", help="a portable audit file")
    source.add_argument("--id", metavar="ID", help="an audit in the store")
    report.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    report.add_argument("--page-size", choices=["A4", "Letter"], default="A4")
    verify = commands.add_parser(
        "verify", help="check that a PDF report matches an audit record (exit 3 if not)"
    )
    verify.add_argument("report", metavar="REPORT.pdf")
    verify_source = verify.add_mutually_exclusive_group(required=True)
    verify_source.add_argument("file", nargs="?", metavar="FILE", help="a portable audit file")
    verify_source.add_argument("--id", metavar="ID", help="an audit in the store")

    init = commands.add_parser("init", help="create an empty store and say where it is")
    init.add_argument(
        "path", nargs="?", metavar="PATH", help="the new store file (default: --db, as above)"
    )
    for command in commands.choices.values():  # --create may follow the command, too
        _add_create_flag(command, default=argparse.SUPPRESS)
    return parser


def _add_create_flag(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument(
        "--create",
        action="store_true",
        default=default,
        help="create the store named by --db or $" + ENV_DB + " if it does not exist yet "
        "(the default store is always created)",
    )


def _date(text: str) -> dt.date:
    import datetime as dt  # here: `clinic-audit gui` starts without it

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.opened_stores = []
    try:
        return _run(args)
    except UsageError as error:
        _say(f"clinic-audit: {error}", err=True)
        return EXIT_BAD_INPUT
    except Exception as error:  # noqa: BLE001 - the last line of defence for users
        # Imported here, not at the top, so that `clinic-audit gui` starts faster.
        from clinic_audit.files.photos import PhotoError
        from clinic_audit.messages.catalogue import BadFileError
        from clinic_audit.store.database import StoreError

        if isinstance(error, BadFileError):
            for number, problem in enumerate(error.problems):
                _say(f"clinic-audit: {problem}" if number == 0 else problem, err=True)
            return EXIT_BAD_INPUT
        if isinstance(error, StoreError | PhotoError):
            _say(f"clinic-audit: {error}", err=True)
            return EXIT_BAD_INPUT
        if args.debug:
            traceback.print_exc()
        _say(f"clinic-audit: unexpected error: {type(error).__name__}: {error}", err=True)
        _say("Run again with --debug for details, and report it.", err=True)
        return EXIT_UNEXPECTED
    finally:
        for store in args.opened_stores:  # the last one out writes the WAL back (store_locks)
            store.close()


def _say(text: object, *, err: bool = False) -> None:
    """Print one line, with whatever it echoes from files or the store made safe for the
    terminal (control characters escaped): every line the commands print goes here."""
    print(safe(text), file=sys.stderr if err else sys.stdout)


def _run(args) -> int:
    command = args.command or "gui"
    handler = globals()[f"_cmd_{command}"]
    return handler(args)


def _chosen_store(args) -> Path | None:
    """The store named by --db or the environment; None for the default one."""
    try:
        return chosen_db_path(args.db)
    except EmptyPathError as error:
        raise UsageError(str(error)) from None


def _open_store(args):
    """The store, which must exist if it was named (a typo is not an empty store);
    the default one in the user's data folder is created the first time."""
    from clinic_audit.store.database import Store
    from clinic_audit.store.location import default_db_path

    chosen = _chosen_store(args)
    store = Store.open(chosen or default_db_path(), create=args.create or chosen is None)
    args.opened_stores.append(store)
    return store


def _actor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


def _cmd_gui(args) -> int:
    try:
        from clinic_audit.ui.app import run
    except ImportError as error:
        if "clinic_audit.ui.app" not in str(error):
            raise UsageError(
                f"The desktop app cannot start: {error}. On Linux install the Qt system "
                "libraries listed in the README (libegl1, libxkbcommon0, libfontconfig1…)."
            ) from None
        raise UsageError(
            "The desktop app is not part of this build yet; use the subcommands "
            "(clinic-audit --help)."
        ) from None
    return run(
        _chosen_store(args),
        screenshots=getattr(args, "screenshots", None),
        dark=getattr(args, "dark", False),
        create=args.create,
    )


def _cmd_init(args) -> int:
    import shlex

    from clinic_audit.store.database import Store
    from clinic_audit.store.location import default_db_path

    if args.path is not None and not args.path.strip():
        raise UsageError("the store path given to init is empty; give a file name")
    if args.path is not None and args.db is not None and Path(args.path) != Path(args.db):
        raise UsageError(
            f"init was given two store paths, {args.path} and --db {args.db}; give one"
        )
    chosen = Path(args.path).expanduser() if args.path is not None else _chosen_store(args)
    path = (chosen or default_db_path()).absolute()
    existed = path.exists()
    store = Store.open(path, create=True)
    count = len(store.list())
    store.close()
    if existed:
        audits = "1 audit" if count == 1 else f"{count} audits"
        print(f"A store is already at {path}, with {audits}; it was left as it was.")
    else:
        print(f"Created an empty store at {path}")
    if chosen is not None:
        quoted = shlex.quote(str(path))
        print(f"Use it with: clinic-audit --db {quoted} COMMAND (or set {ENV_DB}={quoted})")
    return EXIT_OK


def _cmd_validate(args) -> int:
    from clinic_audit.checklist.loader import load_checklist
    from clinic_audit.messages.catalogue import BadFileError

    failed = False
    for name in args.files:
        try:
            checklist = load_checklist(name)
        except BadFileError as error:
            failed = True
            for problem in error.problems:
                _say(problem, err=True)
        else:
            _say(
                f"{name}: valid — {checklist.title} {checklist.version}, "
                f"{len(checklist.sections)} sections, {len(checklist.items())} items"
            )
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _cmd_sample(args) -> int:
    import datetime as dt

    from clinic_audit.audit.checks import date_problems
    from clinic_audit.audit.model import AuditKind
    from clinic_audit.files.sample import build_sample

    if args.photos < 0 or args.photos > 1000:
        raise UsageError("--photos must be between 0 and 1000.")
    kind = AuditKind.REGULATORY if args.kind == "regulatory" else AuditKind.SELF_AUDIT
    audit = build_sample(photos=args.photos, audit_date=args.date, kind=kind)
    for problem in date_problems(audit, dt.date.today()):
        if problem.refuse:  # a file that no store would import
            raise UsageError(
                f"--date {args.date}: {problem.params['rule']} "
                f"({problem.params['earliest']} to {problem.params['latest']})."
            )
    _write(args.output, audit.model_dump_json(indent=1).encode())
    _say(
        f"Wrote sample audit {audit.id[:8]} of {audit.facility.name} "
        f"({args.photos} photos) to {args.output}"
    )
    return EXIT_OK


def _cmd_export(args) -> int:
    from clinic_audit.files.portable import export_audit

    store = _open_store(args)
    audit_id = _find_id(store, args.id)
    _write(args.output, export_audit(store, audit_id))
    _say(f"Exported audit {audit_id[:8]} to {args.output}")
    return EXIT_OK


def _cmd_import(args) -> int:
    import datetime as dt

    from clinic_audit.checklist.loader import load_checklist
    from clinic_audit.files.portable import import_audit, photo_date_warnings

    store = _open_store(args)
    if args.checklist:
        store.add_checklist(load_checklist(args.checklist))
    audit = import_audit(store, _read(args.file), args.file, _actor())
    _say(f"Imported audit {audit.id[:8]} of {audit.facility.name} ({audit.audit_date})")
    for warning in photo_date_warnings(audit, args.file, dt.date.today()):
        _say(f"clinic-audit: warning: {warning}", err=True)
    return EXIT_OK


def _cmd_list(args) -> int:
    from clinic_audit.audit.model import AuditKind
    from clinic_audit.rules.summary import Outcome

    rows = _open_store(args).list()
    if not rows:
        _say("No audits in the store yet. Start one in the app, or import a file.")
    for row in rows:
        score = "   —  " if row.score is None else f"{row.score:5.1f}%"
        _say(
            f"{row.id[:8]}  {row.audit_date}  {row.status:<9}  {score}  "
            f"{AuditKind(row.kind).label:<22}  {row.facility_name}  —  "
            f"{Outcome(row.outcome).label}"
        )
    return EXIT_OK


def _cmd_schema(args) -> int:
    if args.which == "audit":
        from clinic_audit.files.portable import PortableAudit as model
    else:
        from clinic_audit.checklist.model import Checklist as model
    import json

    print(json.dumps(model.model_json_schema(by_alias=True), indent=2))
    return EXIT_OK


def _cmd_report(args) -> int:
    try:
        from clinic_audit.reports import build_report_file
    except ImportError:
        raise UsageError("The PDF report is not part of this build yet.") from None
    if args.id:
        store = _open_store(args)
        audit_id = _find_id(store, args.id)
        build_report_file(
            store=store, audit_id=audit_id, output=args.output, page_size=args.page_size
        )
    else:
        build_report_file(portable_file=args.file, output=args.output, page_size=args.page_size)
    _say(f"Wrote {args.output}")
    return EXIT_OK


def _cmd_verify(args) -> int:
    from clinic_audit.files.portable import parse_portable
    from clinic_audit.files.verify import verify

    if args.id:
        store = _open_store(args)
        audit = store.get(_find_id(store, args.id))
        record = f"audit {audit.id[:8]} in the store"
    else:
        audit = parse_portable(_read(args.file), args.file)
        record = args.file
    verdict = verify(Path(args.report), audit)
    _say(verdict.explain(args.report, record))
    return EXIT_OK if verdict.matches else EXIT_MISMATCH


def _find_id(store, prefix: str) -> str:
    matches = [row.id for row in store.list() if row.id.startswith(prefix.lower())]
    if not matches:
        raise UsageError(f"No audit id starts with '{prefix}'. Run 'clinic-audit list'.")
    if len(matches) > 1:
        raise UsageError(f"'{prefix}' matches {len(matches)} audits; give more characters.")
    return matches[0]


def _read(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise UsageError(f"{name}: cannot read the file ({error.strerror}).") from None


def _write(name: str, data: bytes) -> None:
    try:
        Path(name).write_bytes(data)
    except OSError as error:
        raise UsageError(f"{name}: cannot write the file ({error.strerror}).") from None


if __name__ == "__main__":
    sys.exit(main())
