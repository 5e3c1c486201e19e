"""Sync a laptop's store with the agency's server: push what was done offline, pull the
facilities, assignments and finalized history the inspector may see.

Every decision is made from content, never from what the last sync remembered: per
audit, this laptop's trail head and the server's. Equal: in sync. One contains the
other: the one behind takes the missing entries (a fast-forward). Neither: a conflict,
kept, never overwritten (see the README's "For agencies"). So a sync killed at any
point, then run again, ends where one clean sync would have: each audit goes to the
server in one transaction with its photos (content-addressed, a repeat is a no-op), and
the laptop's record of it follows in a transaction of its own.

The tokens remembered per audit only skip audits neither side changed since.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, insert, select, text, update

from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.store import schema
from clinic_audit.store.database import Store
from clinic_audit.store.errors import StoreError
from clinic_audit.sync import bundle, conflicts
from clinic_audit.sync.bundle import Bundle

Progress = Callable[[int, int, str], None]
"""(steps done, steps in all, what is being done) — called as sync goes."""

SCOPE = text(
    "SELECT id FROM audits WHERE owner = current_user OR (status = 'finalized' "
    "AND id IN (SELECT ca_assigned_audits(current_user)))"
)


@dataclass
class SyncSummary:
    server: str = ""
    pushed: int = 0
    pulled: int = 0
    unchanged: int = 0
    photos_sent: int = 0
    photos_received: int = 0
    facilities: int = 0
    assignments: int = 0
    conflicts: list[str] = field(default_factory=list)

    def sentences(self) -> list[str]:
        said = [
            f"{self.pushed} audit{_s(self.pushed)} sent, {self.pulled} received, "
            f"{self.unchanged} already in sync",
            f"{self.photos_sent} photo{_s(self.photos_sent)} sent, {self.photos_received} received",
            f"{self.facilities} facilit{'y' if self.facilities == 1 else 'ies'} and "
            f"{self.assignments} assignment{_s(self.assignments)} from the server",
        ]
        return said + self.conflicts


def sync(local: Store, server: Store, progress: Progress | None = None) -> SyncSummary:
    """One sync of ``local`` (a laptop's store) with ``server``; its summary. StoreError
    when the server is lost on the way: what was done holds, sync again to finish."""
    from clinic_audit.store.server import shown

    if local.on_server or not server.on_server:
        raise StoreError(ErrorCode.SYNC_NOT_A_LAPTOP, store=local.server or local.db_file)
    assert server.server is not None
    try:
        return _sync(local, server, progress)
    except StoreError as error:
        if error.code != ErrorCode.SERVER_LOST:
            raise
        raise StoreError(
            ErrorCode.SYNC_LOST, server=shown(server.server), error=error.params.get("error", "")
        ) from None


def _sync(local: Store, server: Store, progress: Progress | None) -> SyncSummary:
    from clinic_audit.store.agency import who_am_i
    from clinic_audit.store.server import shown

    assert server.server is not None
    run = _start_run(local, shown(server.server))
    summary = SyncSummary(server=shown(server.server))
    me = who_am_i(server)
    report = progress or (lambda _done, _total, _what: None)
    with local.reading() as conn:
        local_tokens = bundle.tokens(conn)
        states = {row.audit_id: row for row in conn.execute(select(schema.sync_audits))}
    with server.reading() as conn:
        scope = list(conn.execute(SCOPE).scalars())
        server_tokens = bundle.tokens(conn, scope)
    ids = sorted(set(local_tokens) | set(server_tokens))
    total, done = len(ids) + 3, 0
    for audit_id in ids:
        state = states.get(audit_id)
        if (
            state is not None
            and state.local_token == local_tokens.get(audit_id)
            and state.server_token == server_tokens.get(audit_id)
        ):
            summary.unchanged += 1
        else:
            report(done, total, f"audit {audit_id[:8]}")
            _sync_audit(local, server, audit_id, me, summary)
        done += 1
    report(done, total, "conflict copies")
    _send_copies(local, server)
    done += 1
    report(done, total, "facilities")
    summary.facilities = pull_facilities(local, server)
    done += 1
    report(done, total, "assignments and people")
    summary.assignments = _pull_assignments(local, server, me)
    report(total, total, "done")
    _finish_run(local, run, summary)
    return summary


def _sync_audit(local: Store, server: Store, audit_id: str, me: str, summary: SyncSummary) -> None:
    with local.reading() as conn:
        mine = bundle.read(conn, audit_id)
        state = conn.execute(
            select(schema.sync_audits).where(schema.sync_audits.c.audit_id == audit_id)
        ).first()
    agency_copy = bool(state and state.agency_copy)
    outcome = "in sync"
    with server.transaction() as sconn:
        theirs = bundle.read(sconn, audit_id, lock=True)
        if theirs is None and mine is not None and not agency_copy:
            _push(local, server, sconn, mine, None, summary)
            outcome = "pushed"
        elif theirs is not None and mine is not None:
            outcome = _both(local, server, sconn, mine, theirs, summary)
        elif theirs is not None:
            outcome = "pull"
    if outcome in ("pull", "replace") and theirs is not None:
        _pull(local, server, theirs, mine, me, replace=outcome == "replace", summary=summary)
    elif outcome == "draft conflict" and theirs is not None:
        _keep_theirs(local, server, theirs, summary)
        return
    _record_state(local, server, audit_id, conflict="copy" if outcome == "copy" else None)


def _both(
    local: Store,
    server: Store,
    sconn: Connection,
    mine: Bundle,
    theirs: Bundle,
    summary: SyncSummary,
) -> str:
    """What to do with an audit both stores have (in the server's transaction)."""
    mine_hashes, theirs_hashes = mine.hashes, theirs.hashes
    if mine.head == theirs.head:
        _exchange_reports(local, server, sconn, mine.audit_id, summary)
        return "in sync"
    if theirs.head in mine_hashes and mine_hashes.index(theirs.head) == len(theirs.trail) - 1:
        _push(local, server, sconn, mine, theirs, summary)
        return "pushed"
    if mine.head in theirs_hashes:
        return "pull"
    name = _named(mine)
    final = "finalized"
    if theirs.status == final and mine.status != final:
        row = conflicts.copy_row(mine, "this laptop's draft, set aside: finalized elsewhere first")
        conflicts.keep(sconn, row)
        with local.transaction() as lconn:
            conflicts.keep(lconn, row)
        summary.conflicts.append(
            f"{name}: finalized on another device first; this laptop's draft was kept as a "
            f"conflict copy ({row['id'][:12]}) for a supervisor, and the finalized audit "
            "replaces it here"
        )
        return "replace"
    if theirs.status == final and mine.status == final:
        row = conflicts.copy_row(mine, "finalized on this laptop after another device had")
        conflicts.keep(sconn, row)
        summary.conflicts.append(
            f"{name}: finalized here and, first, on another device; the server keeps the "
            f"other and this version as conflict copy {row['id'][:12]} for a supervisor"
        )
        return "copy"
    if mine.status == final:  # finalized here offline while another device changed the draft
        row = conflicts.copy_row(theirs, "the server's draft, set aside: finalized on a laptop")
        conflicts.keep(sconn, row)
        _push(local, server, sconn, mine, theirs, summary, replace=True)
        summary.conflicts.append(
            f"{name}: finalized here; the draft changes another device had sent were kept "
            f"as conflict copy {row['id'][:12]} for a supervisor"
        )
        return "pushed"
    summary.conflicts.append(
        f"{name}: the draft was changed on this laptop and on another device; both "
        "versions are kept: choose what to keep (Home, or clinic-audit sync resolve)"
    )
    return "draft conflict"


def _push(
    local: Store,
    server: Store,
    sconn: Connection,
    mine: Bundle,
    theirs: Bundle | None,
    summary: SyncSummary,
    replace: bool = False,
) -> None:
    _ensure_checklist(local, server, mine)
    wanted = bundle.missing_photos(sconn, mine.photo_refs())
    if wanted:
        with local.reading() as lconn:
            photos = bundle.read_photos(lconn, wanted)
        bundle.write_photos(sconn, photos)
        summary.photos_sent += len(photos)
    bundle.write(sconn, mine, theirs, replace=replace)
    _exchange_reports(local, server, sconn, mine.audit_id, summary)
    summary.pushed += 1


def _pull(
    local: Store,
    server: Store,
    theirs: Bundle,
    mine: Bundle | None,
    me: str,
    replace: bool,
    summary: SyncSummary,
) -> None:
    _ensure_checklist(server, local, theirs)
    with local.reading() as lconn:
        wanted = bundle.missing_photos(lconn, theirs.photo_refs())
    with server.reading() as sconn:
        photos = bundle.read_photos(sconn, wanted) if wanted else []
        reports = bundle.read_reports(sconn, [r["sha256"] for r in theirs.reports])
    with local.transaction() as lconn:
        base = bundle.read(lconn, theirs.audit_id)
        if _moved(base, mine):
            return  # changed here while the server was read: the next sync sees both
        still = bundle.missing_photos(lconn, wanted)  # one attached meanwhile is kept once
        bundle.write_photos(lconn, [p for p in photos if p["sha256"] in still])
        bundle.write(lconn, theirs, base, replace=replace)
        have = set(bundle.missing_reports(lconn, theirs.audit_id, [r["sha256"] for r in reports]))
        bundle.write_reports(lconn, [r for r in reports if r["sha256"] in have])
        if base is None:
            lconn.execute(
                insert(schema.sync_audits).values(
                    audit_id=theirs.audit_id, agency_copy=int(theirs.owner != me)
                )
            )
    summary.photos_received += len(photos)
    summary.pulled += 1


def _moved(now: Bundle | None, then: Bundle | None) -> bool:
    if now is None or then is None:
        return (now is None) != (then is None)
    return now.head != then.head


def _keep_theirs(local: Store, server: Store, theirs: Bundle, summary: SyncSummary) -> None:
    """A draft conflict: the server's version kept beside this one (with its photos),
    for the inspector to merge from, offline too."""
    with local.reading() as lconn:
        wanted = bundle.missing_photos(lconn, theirs.photo_refs())
    with server.reading() as sconn:
        photos = bundle.read_photos(sconn, wanted) if wanted else []
    saved = json.dumps(
        {
            "revision": theirs.revision,
            "row": theirs.row,
            "owner": theirs.owner,
            "trail": theirs.trail,
            "facility_id": theirs.facility_id,
            "facility_body": theirs.facility_body,
        }  # fmt: skip
    )
    with local.transaction() as lconn:
        still = bundle.missing_photos(lconn, {p["sha256"] for p in photos})
        bundle.write_photos(lconn, [p for p in photos if p["sha256"] in still])
        set_state(lconn, theirs.audit_id, conflict="draft", theirs=saved)
    summary.photos_received += len(photos)


def theirs_of(local: Store, audit_id: str) -> Bundle | None:
    """The server's version of a draft in conflict, as the last sync kept it."""
    table = schema.sync_audits
    with local.reading() as conn:
        saved = conn.execute(
            select(table.c.theirs).where(table.c.audit_id == audit_id, table.c.conflict == "draft")
        ).scalar()
    if saved is None:
        return None
    values = json.loads(saved)
    return Bundle(audit_id=audit_id, **values)


def _record_state(local: Store, server: Store, audit_id: str, conflict: str | None) -> None:
    with server.reading() as sconn:
        server_token = bundle.tokens(sconn, [audit_id]).get(audit_id)
    with local.transaction() as lconn:
        local_token = bundle.tokens(lconn, [audit_id]).get(audit_id)
        if local_token is None:
            return
        set_state(
            lconn,
            audit_id,
            conflict=conflict,
            theirs=None,
            server_token=server_token,
            local_token=local_token,
            synced_at=_now(),
        )


def set_state(conn: Connection, audit_id: str, **values: Any) -> None:
    table = schema.sync_audits
    done = conn.execute(update(table).where(table.c.audit_id == audit_id).values(**values))
    if done.rowcount == 0:
        conn.execute(insert(table).values(audit_id=audit_id, **values))


def _exchange_reports(
    local: Store, server: Store, sconn: Connection, audit_id: str, summary: SyncSummary
) -> None:
    """Reports issued in one store and not the other, copied across (never changed)."""
    r = schema.reports
    with local.reading() as lconn:
        here = list(lconn.execute(select(r.c.sha256).where(r.c.audit_id == audit_id)).scalars())
    there = list(sconn.execute(select(r.c.sha256).where(r.c.audit_id == audit_id)).scalars())
    to_send = [sha for sha in here if sha not in there]
    if to_send:
        with local.reading() as lconn:
            bundle.write_reports(sconn, bundle.read_reports(lconn, to_send))
    to_fetch = [sha for sha in there if sha not in here]
    if to_fetch:
        rows = bundle.read_reports(sconn, to_fetch)
        with local.transaction() as lconn:
            bundle.write_reports(lconn, rows)


def _ensure_checklist(source: Store, target: Store, item: Bundle) -> None:
    from clinic_audit.audit.model import Audit

    audit = Audit.model_validate_json(item.row["document"])
    if not target.has_checklist(audit.checklist_id, audit.checklist_version):
        target.add_checklist(source.checklist(audit.checklist_id, audit.checklist_version))
    if audit.pack_id and audit.pack_version:
        installed = {(p.id, p.version) for p in target.installed_packs()}
        if (audit.pack_id, audit.pack_version) not in installed:
            try:
                pack = source.pack(audit.pack_id, audit.pack_version)
            except StoreError:
                return  # a shipped pack: every store has it
            target.add_pack(pack)


def _send_copies(local: Store, server: Store) -> None:
    """Conflict copies set aside on this laptop (a merge's other side), to the server."""
    with local.reading() as lconn:
        here = conflicts.ids(lconn)
    if not here:
        return
    with server.transaction() as sconn:
        there = set(conflicts.ids(sconn))
        with local.reading() as lconn:
            rows = conflicts.rows_of(lconn, [i for i in here if i not in there])
        for row in rows:
            conflicts.keep(sconn, row)


def pull_facilities(local: Store, server: Store) -> int:
    """Every facility the reader may see on the server, joined into the laptop's."""
    f = schema.facilities
    with server.reading() as sconn:
        rows = sconn.execute(select(f.c.id, f.c.body)).all()
    with local.reading() as lconn:
        here = dict(lconn.execute(select(f.c.id, f.c.body)).all())
    changed = [(fid, body) for fid, body in rows if here.get(fid) != body]
    if changed:
        new = [{"id": fid, "body": body} for fid, body in changed if fid not in here]
        with local.transaction() as lconn:
            if new:
                from clinic_audit.facility.model import FacilityRecord

                for row in new:
                    row["name"] = FacilityRecord.model_validate_json(row["body"]).name
                lconn.execute(insert(f), new)
            for fid, body in changed:
                if fid in here:
                    bundle.put_facility(lconn, fid, body)
    return len(rows)


def _pull_assignments(local: Store, server: Store, me: str) -> int:
    a, people = schema.assignments, schema.people
    with server.reading() as sconn:
        mine = [row._asdict() for row in sconn.execute(select(a).where(a.c.inspector == me))]
        everyone = [row._asdict() for row in sconn.execute(select(people))]
    with local.transaction() as lconn:
        audits = set(lconn.execute(select(schema.audits.c.id)).scalars())
        facilities = set(lconn.execute(select(schema.facilities.c.id)).scalars())
        lconn.execute(delete(a))
        rows = [
            dict(row, audit_id=row["audit_id"] if row["audit_id"] in audits else None)
            for row in mine
            if row["facility_id"] in facilities
        ]
        if rows:
            lconn.execute(insert(a), rows)
        lconn.execute(delete(people))
        if everyone:
            lconn.execute(insert(people), everyone)
    return len(mine)


def _start_run(local: Store, server: str) -> int:
    with local.transaction() as conn:
        done = conn.execute(insert(schema.sync_runs).values(started_at=_now(), server=server))
        key = done.inserted_primary_key
        assert key is not None
        return int(key[0])


def _finish_run(local: Store, run: int, summary: SyncSummary) -> None:
    table = schema.sync_runs
    with local.transaction() as conn:
        conn.execute(
            update(table)
            .where(table.c.seq == run)
            .values(finished_at=_now(), ok=1, summary="\n".join(summary.sentences()))
        )


def _named(item: Bundle) -> str:
    return f"The audit of {item.row['facility_name']} ({item.row['audit_date']})"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _s(count: int) -> str:
    return "" if count == 1 else "s"
