"""Commands on the store: init, list, import, export, delete."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_audit.cli.common import (
    EXIT_OK,
    Commands,
    UsageError,
    actor,
    chosen_store,
    find_id,
    open_store,
    read_file,
    say,
    write_file,
)
from clinic_audit.store.location import ENV_DB

if TYPE_CHECKING:
    pass


def add_commands(commands: Commands) -> None:
    init = commands.add_parser("init", help="create an empty store and say where it is")
    init.add_argument(
        "path", nargs="?", metavar="PATH", help="the new store file (default: --db, as above)"
    )
    init.set_defaults(func=init_store)

    commands.add_parser("list", help="one line per audit in the store").set_defaults(
        func=list_audits
    )

    imp = commands.add_parser(
        "import", help="add an audit file (.json), or the record a report carries, to the store"
    )
    imp.add_argument("file", metavar="FILE", help="a portable audit file, or a report (PDF)")
    imp.add_argument(
        "--checklist",
        metavar="FILE",
        help="the checklist YAML the audit was made with, if not built in",
    )
    imp.set_defaults(func=import_file)

    export = commands.add_parser("export", help="write an audit from the store to a file")
    export.add_argument("id", metavar="ID", help="audit id (a unique prefix is enough)")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.set_defaults(func=export_file)

    remove = commands.add_parser("delete", help="delete a draft audit (a finalized one is kept)")
    remove.add_argument("id", metavar="ID", help="audit id (a unique prefix is enough)")
    remove.add_argument("--yes", action="store_true", help="delete without asking")
    remove.set_defaults(func=delete_draft)


def delete_draft(args: Namespace) -> int:
    import sys

    from clinic_audit.service.audit_service import AuditService

    store = open_store(args)
    audit_id = find_id(store, args.id)
    audit = store.get(audit_id)
    what = f"the draft audit of {audit.facility.name} ({audit.audit_date})"
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"Deleting {what} cannot be undone: add --yes to delete it.")
        answer = input(f"Delete {what}? Its answers, notes and photos go. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            say("Nothing was deleted.")
            return EXIT_OK
    AuditService(store, actor()).delete(audit_id)
    say(f"Deleted {what} ({audit_id[:8]}).")
    return EXIT_OK


def init_store(args: Namespace) -> int:
    import shlex

    from clinic_audit.store.database import Store
    from clinic_audit.store.location import default_db_path

    if args.path is not None and not args.path.strip():
        raise UsageError("the store path given to init is empty; give a file name")
    if args.path is not None and args.db is not None and Path(args.path) != Path(args.db):
        raise UsageError(
            f"init was given two store paths, {args.path} and --db {args.db}; give one"
        )
    chosen = Path(args.path).expanduser() if args.path is not None else chosen_store(args)
    if isinstance(chosen, str):
        raise UsageError(
            f"{chosen} is a server: the agency's administrator sets it up with "
            "'clinic-audit server init ADDRESS'."
        )
    path = (chosen or default_db_path()).absolute()
    existed = path.exists()
    with Store.open(path, create=True) as store:
        count = len(store.list())
    if existed:
        audits = "1 audit" if count == 1 else f"{count} audits"
        say(f"A store is already at {path}, with {audits}; it was left as it was.")
    else:
        say(f"Created an empty store at {path}")
    if chosen is not None:
        quoted = shlex.quote(str(path))
        say(f"Use it with: clinic-audit --db {quoted} COMMAND (or set {ENV_DB}={quoted})")
    return EXIT_OK


def list_audits(args: Namespace) -> int:
    from clinic_audit.enums import AuditKind, Outcome

    rows = open_store(args).list()
    if not rows:
        say("No audits in the store yet. Start one in the app, or import a file.")
    for row in rows:
        score = "   —  " if row.score is None else f"{row.score:5.1f}%"
        say(
            f"{row.id[:8]}  {row.audit_date}  {row.status:<9}  {score}  "
            f"{AuditKind(row.kind).label:<22}  {row.facility_name}  —  "
            f"{Outcome(row.outcome).label}"
        )
    return EXIT_OK


def import_file(args: Namespace) -> int:
    import datetime as dt

    from clinic_audit.checklist.loader import load_checklist
    from clinic_audit.evidence.importing import import_report, photo_sources
    from clinic_audit.files.portable import import_audit, is_pdf, photo_date_warnings

    store = open_store(args)
    if args.checklist:
        store.add_checklist(load_checklist(args.checklist))
    data = read_file(args.file)
    if not is_pdf(data):
        audit = import_audit(store, data, args.file, actor())
        say(f"Imported audit {audit.id[:8]} of {audit.facility.name} ({audit.audit_date})")
    else:
        audit, inside = import_report(store, data, args.file, actor())
        say(
            f"Imported audit {audit.id[:8]} of {audit.facility.name} ({audit.audit_date}) "
            f"from the record in the report {args.file}"
        )
        for line in photo_sources(audit, inside, store.checklist_for(audit).label_of):
            say(line)
    for warning in photo_date_warnings(audit, args.file, dt.date.today()):
        say(f"clinic-audit: warning: {warning}", err=True)
    return EXIT_OK


def export_file(args: Namespace) -> int:
    from clinic_audit.files.portable import export_audit

    store = open_store(args)
    audit_id = find_id(store, args.id)
    write_file(args.output, export_audit(store, audit_id))
    say(f"Exported audit {audit_id[:8]} to {args.output}")
    return EXIT_OK
