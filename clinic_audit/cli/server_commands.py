"""The agency's commands: setting up the server and its people (the administrator),
assigning inspections (supervisors), and every inspector's audits a page at a time.

  server init ADDRESS --supervisor NAME --full-name TEXT   database, schema, first supervisor
  server upgrade ADDRESS                                   the schema brought to this version
  server add-user NAME --role ROLE --full-name TEXT        one login per person (--db: admin)
  server set-user NAME [--password] [--valid-until D] [--disable]
  server people | server login
  assign FACILITY --inspector NAME --date D --purpose P    (supervisors)
  assignments [--all] [--inspector NAME]
  audits [--status S] [--inspector NAME] [--facility TEXT] [--from D] [--to D] [--page N]
"""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from argparse import Namespace
from typing import TYPE_CHECKING

from clinic_audit.cli.common import (
    EXIT_OK,
    Commands,
    UsageError,
    chosen_store,
    open_store,
    say,
)

if TYPE_CHECKING:
    from clinic_audit.store.database import Store

ROLES = ("inspector", "supervisor", "clerk")
PURPOSES = ("routine", "complaint", "follow-up", "licensing", "re-inspection")


def add_commands(commands: Commands) -> None:
    server = commands.add_parser("server", help="set up the agency's PostgreSQL server")
    jobs = server.add_subparsers(dest="server_command", metavar="JOB", required=True)
    init = jobs.add_parser("init", help="create the database, roles, policies, first supervisor")
    init.add_argument("address", metavar="ADDRESS", help="postgresql://ADMIN@HOST/DATABASE")
    init.add_argument("--supervisor", required=True, metavar="NAME", help="their login name")
    init.add_argument("--full-name", required=True, metavar="TEXT")
    _password_flag(init)
    init.set_defaults(func=server_init)
    upgrade = jobs.add_parser("upgrade", help="bring the server's schema to this version")
    upgrade.add_argument("address", metavar="ADDRESS")
    upgrade.set_defaults(func=server_upgrade)
    add = jobs.add_parser("add-user", help="a login for one person (run as the administrator)")
    add.add_argument("name", metavar="NAME", help="login name: lower-case letters, digits, _")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--full-name", required=True, metavar="TEXT")
    add.add_argument("--valid-until", metavar="YYYY-MM-DD", help="the login expires that day")
    _password_flag(add)
    add.set_defaults(func=server_add_user)
    change = jobs.add_parser("set-user", help="new password, expiry, or switch a login off")
    change.add_argument("name", metavar="NAME")
    change.add_argument("--password", action="store_true", help="ask for a new password")
    change.add_argument("--valid-until", metavar="YYYY-MM-DD")
    change.add_argument("--disable", action="store_true", help="the person may no longer log in")
    _password_flag(change)
    change.set_defaults(func=server_set_user)
    jobs.add_parser("people", help="everyone with a login, by role").set_defaults(
        func=server_people
    )
    jobs.add_parser(
        "login", help="keep your server password in the system keyring (never in a file)"
    ).set_defaults(func=server_login)

    assign = commands.add_parser("assign", help="give an inspection to an inspector")
    assign.add_argument("facility", metavar="FACILITY", help="license number, id start or name")
    assign.add_argument("--inspector", required=True, metavar="NAME", help="their login name")
    assign.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="due date")
    assign.add_argument("--purpose", default="routine", choices=PURPOSES)
    assign.add_argument("--note", default="", metavar="TEXT")
    assign.set_defaults(func=assign_inspection)
    listed = commands.add_parser("assignments", help="inspections assigned and not yet begun")
    listed.add_argument("--all", action="store_true", help="also those already begun")
    listed.add_argument("--inspector", metavar="NAME", help="only this inspector's")
    listed.set_defaults(func=list_assignments)
    audits = commands.add_parser("audits", help="every audit you may see, a page at a time")
    audits.add_argument("--status", choices=("draft", "finalized"))
    audits.add_argument("--inspector", metavar="NAME", help="the login that wrote them")
    audits.add_argument("--facility", metavar="TEXT", help="part of the facility's name")
    audits.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    audits.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    audits.add_argument("--page", type=int, default=1, metavar="N")
    audits.set_defaults(func=list_agency_audits)


def _password_flag(parser: object) -> None:
    parser.add_argument(  # type: ignore[attr-defined]
        "--password-stdin",
        action="store_true",
        help="read the new password from the first line of standard input (for scripts)",
    )


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{flag} {value!r} is not a date; write it as YYYY-MM-DD.") from None


def new_password(args: Namespace, whose: str) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"New password for {whose} (at least 12 characters): ")
        if getpass.getpass("The same password again: ") != password:
            raise UsageError("The two passwords differ; run the command again.")
    else:
        raise UsageError("No password: run the command in a terminal, or use --password-stdin.")
    if not password:
        raise UsageError("The password is empty; give at least 12 characters.")
    return password


def _server(args: Namespace) -> str:
    from clinic_audit.store.server import is_server_address

    chosen = chosen_store(args)
    if not is_server_address(chosen):
        raise UsageError(
            "This works on the agency's server: give its address with "
            "--db postgresql://NAME@HOST/DATABASE (or CLINIC_AUDIT_DB)."
        )
    return str(chosen)


def _admin(call: object) -> object:
    from clinic_audit.store.server_admin import AdminError

    try:
        return call()  # type: ignore[operator]
    except AdminError as error:
        raise UsageError(str(error)) from None


def server_init(args: Namespace) -> int:
    from clinic_audit.store.server import is_server_address, shown
    from clinic_audit.store.server_admin import init_server

    if not is_server_address(args.address):
        raise UsageError(f"{args.address} is not a server address (postgresql://…).")
    password = new_password(args, args.supervisor)
    store = _admin(lambda: init_server(args.address, args.supervisor, args.full_name, password))
    args.opened_stores.append(store)
    say(f"The Clinic Audit store is ready at {shown(args.address)}.")
    say(f"Supervisor {args.supervisor} can log in; add people with: clinic-audit --db ADDRESS "
        "server add-user NAME --role inspector --full-name 'Their Name'")  # fmt: skip
    return EXIT_OK


def server_upgrade(args: Namespace) -> int:
    from clinic_audit.store.server import shown
    from clinic_audit.store.server_admin import upgrade_server

    store = _admin(lambda: upgrade_server(args.address))
    args.opened_stores.append(store)
    say(f"The store at {shown(args.address)} is at this version's schema.")
    return EXIT_OK


def _admin_store(args: Namespace) -> Store:
    from clinic_audit.store.database import Store

    store = Store.connect(_server(args))
    args.opened_stores.append(store)
    return store


def server_add_user(args: Namespace) -> int:
    from clinic_audit.store.server_admin import add_user

    store = _admin_store(args)
    until = _date(args.valid_until, "--valid-until")
    password = new_password(args, args.name)
    made = _admin(lambda: add_user(store, args.name, args.role, args.full_name, password, until))
    if made:
        say(f"Added {args.full_name} ({args.role}); they log in as {args.name}.")
    else:
        say(f"{args.name} already had a login on this server: added as {args.role}, "
            "with the password they have.")  # fmt: skip
    return EXIT_OK


def server_set_user(args: Namespace) -> int:
    from clinic_audit.store.server_admin import set_user

    store = _admin_store(args)
    until = _date(args.valid_until, "--valid-until")
    if not (args.password or args.password_stdin or until or args.disable):
        raise UsageError("Say what to change: --password, --valid-until or --disable.")
    password = new_password(args, args.name) if args.password or args.password_stdin else None
    _admin(
        lambda: set_user(
            store, args.name, password=password, valid_until=until, disable=args.disable
        )
    )
    say(f"Changed the login of {args.name}.")
    return EXIT_OK


def server_people(args: Namespace) -> int:
    from clinic_audit.store.server_admin import people

    for name, full_name, role in people(_admin_store(args)):
        say(f"{role:<10}  {name:<20}  {full_name}")
    return EXIT_OK


def server_login(args: Namespace) -> int:
    from clinic_audit.store.server import login_name, remember, shown

    address = _server(args)
    if not sys.stdin.isatty():
        raise UsageError("Run 'server login' in a terminal: it asks for your password.")
    password = getpass.getpass(f"Password of {login_name(address)} on {shown(address)}: ")
    try:
        remember(address, password)
    except Exception as error:  # noqa: BLE001 - any keyring back end's failure
        raise UsageError(f"The system keyring cannot keep it ({error}).") from None
    say("Kept in the system keyring; Clinic Audit will log in with it.")
    return EXIT_OK


def assign_inspection(args: Namespace) -> int:
    from clinic_audit.cli.facility_commands import find_facility
    from clinic_audit.store.agency import assign

    store = open_store(args)
    facility = find_facility(store, args.facility)
    due = _date(args.date, "--date")
    assert due is not None
    made = assign(store, facility.id, args.inspector, due, args.purpose, args.note)
    say(f"Assigned {made.facility_name} to {made.inspector}, due {made.due_date} "
        f"({made.purpose}); assignment {made.id[:8]}.")  # fmt: skip
    return EXIT_OK


def list_assignments(args: Namespace) -> int:
    from clinic_audit.store.agency import assignments

    rows = assignments(open_store(args), args.inspector, open_only=not args.all)
    if not rows:
        say("No assignments.")
    for row in rows:
        begun = f"  begun: {row.audit_id[:8]}" if row.audit_id else ""
        say(f"{row.id[:8]}  due {row.due_date}  {row.inspector:<16}  {row.purpose:<12}  "
            f"{row.facility_name}{begun}")  # fmt: skip
    return EXIT_OK


def list_agency_audits(args: Namespace) -> int:
    from clinic_audit.store.agency import PAGE_SIZE, AuditFilter, audit_page

    if args.page < 1:
        raise UsageError("--page counts from 1.")
    where = AuditFilter(
        status=args.status,
        owner=args.inspector,
        facility=args.facility,
        date_from=_date(args.date_from, "--from"),
        date_to=_date(args.date_to, "--to"),
    )
    rows, total = audit_page(open_store(args), where, args.page)
    pages = max(1, -(-total // PAGE_SIZE))
    for row in rows:
        score = "   —  " if row.score is None else f"{row.score:5.1f}%"
        say(f"{row.id[:8]}  {row.audit_date}  {row.status:<9}  {score}  "
            f"{row.owner or '(local)':<16}  {row.facility_name}")  # fmt: skip
    from clinic_audit.rules.display import plural

    say(f"Page {args.page} of {pages}: {len(rows)} of {plural(total, 'audit')} that match.")
    return EXIT_OK
