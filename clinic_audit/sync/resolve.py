"""Resolving a draft conflict on the laptop: the merged record replaces this laptop's,
on top of the server's trail, with one trail entry naming both parents (its
``prev_hash`` is the server's head, its ``old`` this laptop's head). This laptop's side,
trail and all, is kept as a conflict copy; the next sync sends both to the server."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import insert

from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.store import schema
from clinic_audit.store.errors import StoreError
from clinic_audit.sync import bundle, conflicts
from clinic_audit.sync.bundle import Bundle
from clinic_audit.sync.engine import set_state, theirs_of
from clinic_audit.sync.merge import Side, differences, merged, summary

if TYPE_CHECKING:
    from clinic_audit.audit.model import Audit
    from clinic_audit.store.database import Store

MERGED = "merged"


def both_versions(local: Store, audit_id: str) -> tuple[Audit, Audit]:
    """This laptop's version of a draft in conflict and the server's."""
    from clinic_audit.audit.model import Audit

    theirs = theirs_of(local, audit_id)
    if theirs is None:
        raise StoreError(ErrorCode.SYNC_NO_CONFLICT, id=audit_id)
    return local.get(audit_id), Audit.model_validate_json(theirs.row["document"])


def resolve_draft(local: Store, audit_id: str, choices: dict[str, Side], actor: str) -> Audit:
    """Merge the two versions as ``choices`` say (parts not named: this laptop's)."""
    from clinic_audit.audit.model import Audit
    from clinic_audit.store.database import refuse_if_any, refused

    theirs = theirs_of(local, audit_id)
    if theirs is None:
        raise StoreError(ErrorCode.SYNC_NO_CONFLICT, id=audit_id)
    mine_audit = local.get(audit_id)
    theirs_audit = Audit.model_validate_json(theirs.row["document"])
    parts = [d.part for d in differences(mine_audit, theirs_audit)]
    try:
        result = merged(mine_audit, theirs_audit, choices)
    except KeyError as error:
        raise StoreError(
            ErrorCode.SYNC_BAD_PART,
            part=error.args[0],
            id=audit_id[:8],
            parts=", ".join(parts) or "none",
        ) from None
    refuse_if_any(refused(result, local.checklist_for(result)), "The merge was not saved")
    row = local.row_values(result)
    said = summary(choices, parts)
    with local.transaction() as conn:
        mine = bundle.read(conn, audit_id)
        assert mine is not None
        conflicts.keep(
            conn,
            conflicts.copy_row(mine, f"this laptop's side of a merged draft conflict ({said})"),
        )
        joined = Bundle(
            audit_id=audit_id,
            revision=theirs.revision,
            row=row,
            owner=theirs.owner,
            trail=theirs.trail,
            facility_id=None,
            facility_body=None,
        )
        bundle.write(conn, joined, mine, replace=True)
        head = theirs.head
        at = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        entry = dict(at=at, actor=actor, action=MERGED, path="", old=mine.head, new=said)
        conn.execute(insert(schema.trail).values(audit_id=audit_id, prev_hash=head, **entry))
        set_state(conn, audit_id, conflict=None, theirs=None)
    return result
