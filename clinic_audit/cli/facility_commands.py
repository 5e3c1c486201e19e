"""Commands on facilities: facilities, history FACILITY, actions [--overdue] [--csv FILE]."""

from __future__ import annotations

import datetime as dt
from argparse import Namespace
from typing import TYPE_CHECKING

from clinic_audit.cli.common import EXIT_OK, Commands, open_store, say, write_file

if TYPE_CHECKING:  # the commands load the data layer only when they run
    from clinic_audit.facility.model import FacilityRecord
    from clinic_audit.store.database import Store


def add_commands(commands: Commands) -> None:
    commands.add_parser("facilities", help="one line per facility in the store").set_defaults(
        func=list_facilities
    )
    history = commands.add_parser("history", help="every audit of one facility, oldest first")
    history.add_argument(
        "facility", metavar="FACILITY", help="a license number, the start of an id, or a name"
    )
    history.set_defaults(func=show_history)
    follow_up = commands.add_parser(
        "follow-up", help="start a follow-up inspection of a finalized audit; prints its id"
    )
    follow_up.add_argument("id", metavar="ID", help="the finalized audit (a unique id prefix)")
    follow_up.set_defaults(func=start_follow_up)
    actions = commands.add_parser(
        "actions", help="corrective actions not done, across every facility, by due date"
    )
    actions.add_argument("--overdue", action="store_true", help="only those past their due date")
    actions.add_argument("--csv", metavar="FILE", help="also write them to a CSV file")
    actions.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the day to count from (default: today)"
    )
    actions.set_defaults(func=list_actions)


def list_facilities(args: Namespace) -> int:
    store = open_store(args)
    facilities = store.facilities()
    if not facilities:
        say("No facilities in the store yet: each audit files its facility when it is made.")
    for facility in facilities:
        audits = store.audits_of(facility.id)
        numbers = ", ".join(facility.license_numbers) or "no license number"
        count = "1 audit" if len(audits) == 1 else f"{len(audits)} audits"
        say(f"{facility.id[:8]}  {facility.name}  —  {numbers}  —  {count}")
    return EXIT_OK


def show_history(args: Namespace) -> int:
    from clinic_audit.enums import AuditKind
    from clinic_audit.facility.history import inspections, open_actions
    from clinic_audit.rules.display import score_text

    store = open_store(args)
    facility = find_facility(store, args.facility)
    audits = [store.get(i) for i in store.audits_of(facility.id)]
    history = inspections(audits, store.checklist_for, store.action_log)
    numbers = ", ".join(facility.license_numbers) or "no license number"
    say(f"{facility.name} ({numbers}) — {len(history)} audits")
    for inspection in history:
        audit, summary = inspection.audit, inspection.summary
        say(
            f"  {audit.audit_date}  {audit.id[:8]}  {AuditKind(audit.kind).label:<22}  "
            f"{audit.status.value:<9}  {score_text(summary.score):>6}  "
            f"{summary.outcome.label}  —  {inspection.counts()}  —  "
            f"{audit.inspector.name or 'inspector not recorded'}"
        )
    waiting = open_actions(facility, history)
    if waiting:
        say(f"Open corrective actions: {len(waiting)}")
        for item in waiting:
            due = item.action.due.isoformat() if item.action.due else "no due date"
            say(f"  {due}  {item.finding}: {item.action.action or '(not written yet)'}")
    return EXIT_OK


def start_follow_up(args: Namespace) -> int:
    from clinic_audit.cli.common import actor, find_id
    from clinic_audit.service.audit_service import AuditService

    store = open_store(args)
    source = find_id(store, args.id)
    audit = AuditService(store, actor()).follow_up(source)
    say(audit.id)
    count = len(audit.earlier_findings)
    findings = "1 earlier finding" if count == 1 else f"{count} earlier findings"
    say(
        f"Started the follow-up inspection {audit.id[:8]} of {audit.facility.name}, with "
        f"{findings} to record as corrected or not.",
        err=True,
    )
    return EXIT_OK


def list_actions(args: Namespace) -> int:
    from clinic_audit.facility.history import actions_csv, inspections, open_actions, overdue

    today = _today(args.today)
    store = open_store(args)
    everything = []
    for facility in store.facilities():
        audits = [store.get(i) for i in store.audits_of(facility.id)]
        history = inspections(audits, store.checklist_for, store.action_log)
        everything += open_actions(facility, history)
    chosen = overdue(everything, today) if args.overdue else everything
    chosen.sort(key=lambda o: (o.action.due is None, o.action.due or dt.date.max))
    what = "overdue" if args.overdue else "open"
    if not chosen:
        say(f"No {what} corrective actions on {today}.")
    for item in chosen:
        due = item.action.due.isoformat() if item.action.due else "no due date"
        late = item.days_overdue(today)
        lateness = f" ({late} days overdue)" if item in overdue([item], today) else ""
        who = item.action.responsible or "nobody named"
        say(
            f"{due}{lateness}  {item.facility}  {item.audit.id[:8]}  {item.finding}: "
            f"{item.action.action or '(not written yet)'} — {who}"
        )
    if args.csv:
        write_file(args.csv, actions_csv(chosen, today).encode())
        say(f"Wrote {len(chosen)} {what} actions to {args.csv}")
    return EXIT_OK


def find_facility(store: Store, wanted: str) -> FacilityRecord:
    """A facility by license number, id prefix or (part of) its name."""
    from clinic_audit.facility.model import license_key
    from clinic_audit.messages.catalogue import ErrorCode
    from clinic_audit.store.errors import StoreError

    facilities = store.facilities()
    text = wanted.strip().casefold()
    for test in (
        lambda f: (
            license_key(wanted) != "" and license_key(wanted) in map(license_key, f.license_numbers)
        ),
        lambda f: len(text) >= 4 and f.id.startswith(text),
        lambda f: f.name.casefold() == text,
        lambda f: text != "" and text in f.name.casefold(),
    ):
        found = [f for f in facilities if test(f)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = "; ".join(f"{f.name} ({f.id[:8]})" for f in found[:5])
            raise StoreError(
                ErrorCode.FACILITY_AMBIGUOUS, wanted=wanted, count=len(found), names=names
            )
    raise StoreError(ErrorCode.FACILITY_NOT_FOUND, id=wanted)


def _today(text: str | None) -> dt.date:
    from clinic_audit.cli.common import UsageError

    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--today {text}: not a date; write it as YYYY-MM-DD") from None
