"""Offline sync with the agency's server, and what comes of its conflicts.

sync [--server URL]                       push this laptop's work, pull the agency's
merge AUDIT [--keep mine|theirs] [--part PART=mine|theirs ...]   a draft conflict
conflicts [--all]                          conflict copies (on the server: supervisors)
conflicts resolve ID --note TEXT           a supervisor's decision on one copy
"""

from __future__ import annotations

import configparser
import os
import sys
from argparse import Namespace
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_audit.cli.common import EXIT_OK, Commands, UsageError, actor, find_id, open_store, say

if TYPE_CHECKING:
    from clinic_audit.store.database import Store

ENV_SERVER = "CLINIC_AUDIT_SERVER"


def add_commands(commands: Commands) -> None:
    sync = commands.add_parser(
        "sync", help="send this laptop's audits to the agency's server and fetch the agency's"
    )
    sync.add_argument(
        "--server",
        metavar="URL",
        help=f"postgresql://NAME@HOST/DATABASE (default: ${ENV_SERVER}, the app's Settings, "
        "else the server this store last synced with)",
    )
    sync.add_argument("--quiet", action="store_true", help="no progress lines")
    sync.set_defaults(func=run_sync)
    merge = commands.add_parser("merge", help="resolve a draft changed on two devices")
    merge.add_argument("audit", metavar="AUDIT", help="the audit's id (or its start)")
    merge.add_argument("--keep", choices=("mine", "theirs"), help="the side of every part")
    merge.add_argument(
        "--part",
        action="append",
        default=[],
        metavar="PART=SIDE",
        help="one part's side (mine: this laptop's; theirs: the server's); repeat",
    )
    merge.set_defaults(func=run_merge)
    listing = commands.add_parser("conflicts", help="conflict copies kept for a supervisor")
    listing.add_argument("--all", action="store_true", help="resolved ones too")
    jobs = listing.add_subparsers(dest="conflicts_command", metavar="JOB")
    resolve = jobs.add_parser("resolve", help="record a supervisor's decision on a copy")
    resolve.add_argument("copy", metavar="ID", help="the copy's id (or its start)")
    resolve.add_argument("--note", required=True, metavar="TEXT", help="what was decided, why")
    resolve.set_defaults(func=run_resolve)
    listing.set_defaults(func=run_conflicts)


def settings_server() -> str | None:
    """The server the app's Settings name (its QSettings file, read without Qt)."""
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(base / "Clinic Audit" / "Clinic Audit.conf", encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    value = parser.get("server", "address", fallback="").strip().strip('"')
    return value or None


def server_for(args: Namespace, store: Store) -> str:
    from clinic_audit.messages.catalogue import ErrorCode
    from clinic_audit.store.errors import StoreError
    from clinic_audit.sync.status import last_server

    address = args.server or os.environ.get(ENV_SERVER) or settings_server() or last_server(store)
    if not address:
        raise StoreError(ErrorCode.SYNC_NO_SERVER)
    return address


def run_sync(args: Namespace) -> int:
    from clinic_audit.store.database import Store
    from clinic_audit.sync.engine import sync

    local = open_store(args)
    server = Store.connect(server_for(args, local))
    args.opened_stores.append(server)

    def progress(done: int, total: int, what: str) -> None:
        if not args.quiet and sys.stderr.isatty():
            print(f"\r  {done}/{total} {what}\033[K", end="", file=sys.stderr, flush=True)

    summary = sync(local, server, progress)
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)
    say(f"Synced with {summary.server}:")
    for sentence in summary.sentences():
        say(f"  {sentence}")
    return EXIT_OK


def run_merge(args: Namespace) -> int:
    from clinic_audit.sync.merge import SIDES, Side, differences, item_titles
    from clinic_audit.sync.resolve import both_versions, resolve_draft

    store = open_store(args)
    audit_id = find_id(store, args.audit)
    mine, theirs = both_versions(store, audit_id)
    parts = differences(mine, theirs, item_titles(store.checklist_for(mine)))
    if args.keep is None and not args.part:
        say(f"Audit {audit_id[:8]} was changed on this laptop and on another device.")
        for diff in parts:
            say(f"{diff.part}  ({diff.title})")
            say(f"    mine:   {diff.mine}")
            say(f"    theirs: {diff.theirs}")
        say("Choose with --keep mine|theirs, or --part PART=mine|theirs for each.")
        return EXIT_OK
    keep: Side = "theirs" if args.keep == "theirs" else "mine"
    choices: dict[str, Side] = {diff.part: keep for diff in parts}
    for given in args.part:
        part, _, side = given.partition("=")
        if side not in SIDES:
            raise UsageError(f"--part {given}: say PART=mine or PART=theirs.")
        choices[part] = "theirs" if side == "theirs" else "mine"
    resolve_draft(store, audit_id, choices, actor())
    say(f"Merged audit {audit_id[:8]}; 'clinic-audit sync' sends it to the server.")
    return EXIT_OK


def run_conflicts(args: Namespace) -> int:
    from clinic_audit.sync.conflicts import copies

    store = open_store(args)
    found = copies(store, open_only=not args.all)
    if not found:
        say("No conflict copies." if args.all else "No unresolved conflict copies.")
        return EXIT_OK
    for copy in found:
        say(
            f"{copy.id[:12]}  {copy.sent_at}  {copy.facility_name} ({copy.audit_date}), "
            f"{copy.status}, audit {copy.audit_id[:8]}, from {copy.sent_by or 'this laptop'}"
        )
        say(f"    {copy.reason}")
        if copy.resolved_at:
            say(f"    resolved by {copy.resolved_by} on {copy.resolved_at}: {copy.note}")
    return EXIT_OK


def run_resolve(args: Namespace) -> int:
    from clinic_audit.sync.conflicts import resolve

    if not args.note.strip():
        raise UsageError("--note: say what was decided (it is kept with the copy).")
    copy = resolve(open_store(args), args.copy.lower(), args.note)
    say(f"Resolved conflict copy {copy.id[:12]} of audit {copy.audit_id[:8]}.")
    return EXIT_OK
