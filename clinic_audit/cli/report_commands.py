"""Commands on reports: report (build the PDF), verify (check it against a record)."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

from clinic_audit.cli.common import (
    EXIT_MISMATCH,
    EXIT_OK,
    Commands,
    find_id,
    open_store,
    read_file,
    say,
)


def add_commands(commands: Commands) -> None:
    report = commands.add_parser("report", help="build the PDF report of an audit")
    source = report.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", metavar="FILE", help="a portable audit file")
    source.add_argument("--id", metavar="ID", help="an audit in the store")
    report.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    report.add_argument(
        "--page-size",
        choices=["A4", "Letter"],
        help="paper size (default: the jurisdiction pack's, Letter in the US; else A4)",
    )
    report.add_argument(
        "--photos",
        choices=["all", "failures"],
        default="all",
        help="print every photo, or only the evidence of the findings (default all)",
    )
    report.add_argument(
        "--agency",
        metavar="FILE",
        help="the issuing agency's settings file (YAML), for a record that names none",
    )
    report.set_defaults(func=build_report)

    verify = commands.add_parser(
        "verify", help="check that a PDF report matches an audit record (exit 3 if not)"
    )
    verify.add_argument("report", metavar="REPORT.pdf")
    verify_source = verify.add_mutually_exclusive_group(required=True)
    verify_source.add_argument("file", nargs="?", metavar="FILE", help="a portable audit file")
    verify_source.add_argument("--id", metavar="ID", help="an audit in the store")
    verify.set_defaults(func=verify_report)


def build_report(args: Namespace) -> int:
    from clinic_audit.files.agency import load_agency
    from clinic_audit.reports import build_report_file

    options = {
        "output": args.output,
        "page_size": args.page_size,
        "failure_photos_only": args.photos == "failures",
        "agency": load_agency(args.agency) if args.agency else None,
    }
    if args.id:
        store = open_store(args)
        path = build_report_file(store=store, audit_id=find_id(store, args.id), **options)
    else:
        path = build_report_file(portable_file=args.file, **options)
    say(f"Wrote {path}")
    return EXIT_OK


def verify_report(args: Namespace) -> int:
    from clinic_audit.files.portable import parse_portable
    from clinic_audit.files.verify import verify

    if args.id:
        store = open_store(args)
        audit = store.get(find_id(store, args.id))
        record = f"audit {audit.id[:8]} in the store"
    else:
        audit = parse_portable(read_file(args.file), args.file)
        record = args.file
    verdict = verify(Path(args.report), audit)
    say(verdict.explain(args.report, record))
    return EXIT_OK if verdict.matches else EXIT_MISMATCH
