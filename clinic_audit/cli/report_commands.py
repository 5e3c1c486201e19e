"""Commands on reports: report (build the PDF, signed when final), verify (check a report's
signature and the record it was built from), keys create (a self-signed signing key)."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_audit.cli.common import (
    EXIT_MISMATCH,
    EXIT_OK,
    Commands,
    UsageError,
    find_id,
    open_store,
    read_file,
    say,
)

if TYPE_CHECKING:
    from clinic_audit.reports.build import Signing

ENV_KEY_PASSWORD = "CLINIC_AUDIT_KEY_PASSWORD"  # evidence.passwords.ENV_KEY_PASSWORD


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
        "--photo-resolution",
        choices=["print", "full"],
        default="print",
        help="print each photo re-encoded at 200 dpi for its printed size, which keeps a "
        "report of many phone photos small enough to email, or as stored, byte for byte "
        "(up to 2048 pixels; a larger file) (default print)",
    )
    report.add_argument(
        "--agency",
        metavar="FILE",
        help="the issuing agency's settings file (YAML), for a record that names none",
    )
    report.add_argument(
        "--sign-with",
        metavar="FILE.p12",
        help="sign the report of a finalized audit with this PKCS#12 key (default: the key "
        "the signing settings name, if any); the password comes from $"
        + ENV_KEY_PASSWORD
        + ", the system keyring or is asked for",
    )
    report.add_argument(
        "--full-evidence",
        action="store_true",
        help="embed every stored photo in the report too (by default the report carries its "
        "record and the photos as printed)",
    )
    _signing_settings_option(report)
    report.set_defaults(func=build_report)

    verify = commands.add_parser(
        "verify",
        help="check a report: its signature covers the whole file, who signed it, and the "
        "record it was built from (exit 0 valid, 3 tampered or another record, 4 unsigned)",
    )
    verify.add_argument("report", nargs="?", metavar="REPORT.pdf")
    verify.add_argument(
        "--trail",
        metavar="ID",
        help="walk the hash chain of this audit's trail in the store and name the first "
        "broken link (exit 0 intact, 3 broken)",
    )
    verify_source = verify.add_mutually_exclusive_group()
    verify_source.add_argument("file", nargs="?", metavar="FILE", help="a portable audit file")
    verify_source.add_argument("--id", metavar="ID", help="an audit in the store")
    verify.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="CERT",
        help="a certificate to trust (PEM or DER), besides the signing settings' trust list",
    )
    _signing_settings_option(verify)
    verify.set_defaults(func=verify_report)

    issued = commands.add_parser(
        "reports", help="the reports issued of a finalized audit, kept in the store as written"
    )
    issued.add_argument("id", metavar="ID", help="the audit (a unique id prefix)")
    issued.add_argument("--extract", metavar="SHA", help="write this issued report (hash start)")
    issued.add_argument("-o", "--output", metavar="OUT.pdf", help="where --extract writes it")
    issued.set_defaults(func=list_issued_reports)
    keys = commands.add_parser("keys", help="signing keys")
    key_commands = keys.add_subparsers(dest="keys_command", metavar="COMMAND", required=True)
    create = key_commands.add_parser(
        "create", help="make a self-signed signing key (PKCS#12) and its certificate"
    )
    create.add_argument("-o", "--output", required=True, metavar="FILE.p12")
    create.add_argument("--name", required=True, help="the signer's name, as reports show it")
    create.add_argument("--organisation", default="", help="the signer's organisation")
    create.add_argument(
        "--keyring",
        action="store_true",
        help="keep the password in the system keyring (needs the keyring package), so "
        "report --sign-with does not ask for it",
    )
    create.set_defaults(func=create_key)


def _signing_settings_option(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--signing-settings",
        metavar="FILE",
        help="the signing settings file (YAML; default: signing.yaml in the user config folder)",
    )


def build_report(args: Namespace) -> int:
    from clinic_audit.files.agency import load_agency
    from clinic_audit.files.signing_settings import load_signing_settings
    from clinic_audit.reports.build import write_report

    settings = load_signing_settings(args.signing_settings)
    options = {
        "output": args.output,
        "page_size": args.page_size,
        "failure_photos_only": args.photos == "failures",
        "agency": load_agency(args.agency) if args.agency else None,
        "signing": _signing(args.sign_with or settings.pkcs12, settings.timestamp_url),
        "full_evidence": args.full_evidence,
        "full_resolution": args.photo_resolution == "full",
    }
    if args.id:
        store = open_store(args)
        written = write_report(store=store, audit_id=find_id(store, args.id), **options)
    else:
        written = write_report(portable_file=args.file, **options)
    plan = written.signature
    if plan is not None:
        say(f"Wrote {written.path}, signed by {plan.signer} ({plan.level}). {plan.why}")
        if plan.self_signed:
            say("The key is self-signed: the signature proves integrity, not identity.")
    elif options["signing"] is not None and not written.final:
        say(f"Wrote {written.path}, UNSIGNED: the audit is a draft, and a draft is never signed.")
    else:
        say(f"Wrote {written.path}")
    return EXIT_OK


def _signing(p12: str | None, timestamp_url: str | None) -> Signing | None:
    """The loaded key to sign with, or None when none is named."""
    if not p12:
        return None
    from clinic_audit.evidence.signing import load_signer
    from clinic_audit.reports.build import Signing

    return Signing(load_signer(p12, key_password(p12)), timestamp_url)


def verify_report(args: Namespace) -> int:
    from clinic_audit.evidence.verify import check_report, load_trust
    from clinic_audit.files.portable import parse_portable
    from clinic_audit.files.signing_settings import load_signing_settings

    if args.trail:
        if args.report or args.file or args.id:
            raise UsageError("verify --trail ID checks a trail alone; check a report apart.")
        return verify_trail(args)
    if not args.report:
        raise UsageError("verify needs REPORT.pdf, or --trail ID.")
    audit = None
    trail_line = None
    if args.id:
        store = open_store(args)
        audit_id = find_id(store, args.id)
        audit = store.get(audit_id)
        trail = store.check_trail(audit_id)
        trail_line = (
            f"the audit's trail in the store: intact ({trail.entries} entries chained)"
            if trail.intact
            else f"the audit's trail in the store is BROKEN: {trail.broken} (verify --trail)"
        )
    elif args.file:
        audit = parse_portable(read_file(args.file), args.file)
    settings = load_signing_settings(args.signing_settings)
    trust = load_trust([*settings.trust, *args.trust])
    check = check_report(Path(args.report), audit, trust)
    say(f"{args.report}: {check.line()}")
    for line in check.details:
        say(f"  {line}")
    if trail_line is not None:  # about the store, not the report: the verdict stands
        say(f"  {trail_line}")
    return check.exit_code


def verify_trail(args: Namespace) -> int:
    store = open_store(args)
    audit_id = find_id(store, args.trail)
    check = store.check_trail(audit_id)
    if check.intact:
        say(
            f"trail of {audit_id[:8]}: INTACT: {check.entries} entries, each chained to the "
            f"one before it; head {check.head}"
        )
        code = EXIT_OK
    else:
        say(f"trail of {audit_id[:8]}: BROKEN: {check.broken}")
        code = EXIT_MISMATCH
    for note in check.notes:
        say(f"  {note}")
    return code


def create_key(args: Namespace) -> int:
    from clinic_audit.evidence.keys import WHAT_IT_PROVES, write_self_signed
    from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem

    path = Path(args.output)
    if path.exists():
        raise BadFileError([FileProblem(str(path), ErrorCode.KEY_EXISTS, {})])
    password = key_password(str(path), new=True)
    if args.keyring:  # before the key is written: no key whose password is nowhere kept
        from clinic_audit.evidence.passwords import remember

        remember(path, password)
    try:
        crt = write_self_signed(path, args.name, password, args.organisation)
    except OSError as error:
        reason = error.strerror or str(error)
        raise BadFileError(
            [FileProblem(str(path), ErrorCode.FILE_UNWRITABLE, {"reason": reason})]
        ) from None
    say(f"Wrote the signing key {path} and its certificate {crt} ({args.name}).")
    if args.keyring:
        say("Its password is kept in the system keyring.")
    say(WHAT_IT_PROVES)
    return EXIT_OK


def key_password(file: str, new: bool = False) -> bytes:
    """The key's password: $CLINIC_AUDIT_KEY_PASSWORD, the system keyring, or asked on
    the terminal (never read from a file; see evidence.passwords)."""
    from clinic_audit.evidence import passwords

    try:
        return passwords.key_password(file, new)
    except passwords.PasswordMismatch as error:
        raise UsageError(str(error)) from None


def list_issued_reports(args: Namespace) -> int:
    from clinic_audit.cli.common import find_id, open_store, write_file

    store = open_store(args)
    audit_id = find_id(store, args.id)
    issued = store.issued_reports(audit_id)
    if args.extract:
        if not args.output:
            raise UsageError("--extract needs -o OUT.pdf, the file to write.")
        matches = [sha for sha, *_rest in issued if sha.startswith(args.extract.lower())]
        if len(matches) != 1:
            raise UsageError(
                f"'{args.extract}' matches {len(matches)} of the reports issued of {audit_id[:8]};"
                " give more of its hash (run 'clinic-audit reports ID')."
            )
        write_file(args.output, store.issued_report(matches[0]))
        say(f"Wrote {args.output}, the report issued as {matches[0][:12]}…")
        return EXIT_OK
    if not issued:
        say("No report issued yet: a finalized audit's report is kept when it is written.")
    for sha, made_at, signed, size in issued:
        say(f"{sha[:12]}  {made_at}  {'signed' if signed else 'unsigned':<8}  {size:,} bytes")
    return EXIT_OK
