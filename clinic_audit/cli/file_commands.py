"""Commands on files alone (no store): validate, sample, schema."""

from __future__ import annotations

import argparse
import datetime as dt
from argparse import Namespace

from clinic_audit.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    Commands,
    UsageError,
    read_file,
    say,
    write_file,
)


def add_commands(commands: Commands) -> None:
    validate = commands.add_parser(
        "validate", help="check checklist and pack files; list every error"
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(func=validate_files)

    sample = commands.add_parser("sample", help="write a realistic sample audit file")
    sample.add_argument("-o", "--output", required=True, metavar="FILE")
    sample.add_argument(
        "--photos", type=int, default=6, metavar="N", help="number of generated photos (default 6)"
    )
    sample.add_argument("--kind", choices=["regulatory", "self"], default="regulatory")
    sample.add_argument(
        "--date", type=iso_date, metavar="YYYY-MM-DD", help="audit date (default yesterday)"
    )
    sample.add_argument(
        "--pack",
        metavar="ID",
        default="texas",
        help="the shipped jurisdiction pack to make it under (see 'packs'; default texas; "
        "'none' for the base checklist alone)",
    )
    sample.add_argument(
        "--agency",
        metavar="FILE",
        help="the issuing agency's settings file (YAML) for a regulatory sample's letterhead",
    )
    sample.set_defaults(func=write_sample)

    schema = commands.add_parser("schema", help="print the JSON Schema of a file format")
    schema.add_argument("which", choices=["audit", "checklist", "pack"])
    schema.set_defaults(func=print_schema)

    packs = commands.add_parser(
        "packs", help="list the shipped and installed jurisdiction packs; install one"
    )
    packs.add_argument(
        "--install", metavar="FILE", help="check a pack file and install it in the store"
    )
    packs.set_defaults(func=list_packs)


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def validate_files(args: Namespace) -> int:
    from clinic_audit.checklist.loader import load_checklist
    from clinic_audit.checklist.packs import basis_counts, is_pack_document, load_pack
    from clinic_audit.messages.catalogue import BadFileError

    failed = False
    for name in args.files:
        try:
            if is_pack_document(read_file(name)):
                pack, resolved = load_pack(name)
                with_basis, confirmed = basis_counts(resolved)
                say(
                    f"{name}: valid — pack {pack.id} {pack.version} ({pack.jurisdiction.name}, "
                    f"effective {pack.effective}) over {pack.extends}: "
                    f"{len(resolved.items())} items, {with_basis} with a basis in law "
                    f"({confirmed} confirmed from the text, {with_basis - confirmed} not)"
                )
                continue
            checklist = load_checklist(name)
        except BadFileError as error:
            failed = True
            for problem in error.problems:
                say(problem, err=True)
        else:
            say(
                f"{name}: valid — {checklist.title} {checklist.version}, "
                f"{len(checklist.sections)} sections, {len(checklist.items())} items"
            )
    return EXIT_BAD_INPUT if failed else EXIT_OK


def write_sample(args: Namespace) -> int:
    from clinic_audit.audit.checks import date_problems
    from clinic_audit.audit.model import AuditKind
    from clinic_audit.files.sample import build_sample
    from clinic_audit.rules.display import plural

    if args.photos < 0 or args.photos > 1000:
        raise UsageError("--photos must be between 0 and 1000.")
    kind = AuditKind.REGULATORY if args.kind == "regulatory" else AuditKind.SELF_AUDIT
    agency = None
    if args.agency:
        from clinic_audit.files.agency import load_agency

        agency = load_agency(args.agency)
    try:
        pack = None if args.pack == "none" else args.pack
        audit = build_sample(
            photos=args.photos, audit_date=args.date, kind=kind, pack=pack, agency=agency
        )
    except ValueError as error:
        raise UsageError(f"--pack {args.pack}: {error}.") from None
    for problem in date_problems(audit, dt.date.today()):
        if problem.refuse:  # a file that no store would import
            raise UsageError(
                f"--date {args.date}: {problem.params['rule']} "
                f"({problem.params['earliest']} to {problem.params['latest']})."
            )
    write_file(args.output, audit.model_dump_json(indent=1).encode())
    say(
        f"Wrote sample audit {audit.id[:8]} of {audit.facility.name} "
        f"({plural(args.photos, 'photo')}) to {args.output}"
    )
    return EXIT_OK


def print_schema(args: Namespace) -> int:
    import json

    from pydantic import BaseModel

    model: type[BaseModel]
    if args.which == "audit":
        from clinic_audit.files.portable import PortableAudit

        model = PortableAudit
    elif args.which == "pack":
        from clinic_audit.checklist.pack_model import Pack

        model = Pack
    else:
        from clinic_audit.checklist.model import Checklist

        model = Checklist
    print(json.dumps(model.model_json_schema(by_alias=True), indent=2))
    return EXIT_OK


def list_packs(args: Namespace) -> int:
    from clinic_audit.checklist.packs import basis_counts, builtin_packs, load_pack, resolve
    from clinic_audit.cli.common import open_store

    store = open_store(args)
    if args.install:
        pack, _resolved = load_pack(args.install)
        store.add_pack(pack)
        say(f"Installed pack {pack.id} {pack.version} ({pack.jurisdiction.name}) in the store.")
    shipped = [(pack, checklist, "shipped") for pack, checklist in builtin_packs().values()]
    installed = [
        (pack, resolve(pack, store.checklist(*pack.base)), "installed")
        for pack in store.installed_packs()
        if (pack.id, pack.version) not in builtin_packs()
    ]
    rows = sorted([*shipped, *installed], key=lambda row: (row[0].id, row[0].version))
    if not rows:
        say("No packs are installed.")
    for pack, resolved, where in rows:
        with_basis, confirmed = basis_counts(resolved)
        region = pack.jurisdiction.region or pack.jurisdiction.country
        say(
            f"{pack.id:<14} {region:<4} {pack.version:<7} effective {pack.effective}  "
            f"{len(resolved.items()):>3} items, {with_basis:>3} with a basis "
            f"({confirmed:>2} confirmed)  "
            f"{where:<9}  over {pack.extends}  — {pack.title}"
        )
    return EXIT_OK
