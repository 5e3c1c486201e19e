"""The one write path: every edit the GUI or CLI makes to an audit goes through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from clinic_audit.audit.follow_up import CorrectionFound, EarlierFinding, PriorFailure
from clinic_audit.audit.model import (
    REGISTER_MODELS,
    ActionProgress,
    ActionStatus,
    Audit,
    AuditKind,
    CorrectiveAction,
    PhotoRef,
    RegisterRow,
    Response,
    Signature,
    SignatureRole,
    Status,
    now,
    signature_meaning,
)
from clinic_audit.audit.notice import InspectionPurpose, RequiredCorrection, machine_time_zone
from clinic_audit.checklist.model import Checklist, Result
from clinic_audit.checklist.pack_model import Pack
from clinic_audit.facility.model import FacilityRecord
from clinic_audit.files.integrity import signature_is_current, signed_content_digest
from clinic_audit.files.photos import NormalizedPhoto, normalize
from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.rules.deadlines import inspector_deadline, pack_deadline
from clinic_audit.rules.display import plural
from clinic_audit.rules.repeats import counts_as_prior, repeat_window
from clinic_audit.rules.scoring import summarize
from clinic_audit.rules.summary import Finding, Summary
from clinic_audit.service.undo import Change, UndoHistory
from clinic_audit.store.database import AuditFinalizedError, Store, StoreError
from clinic_audit.store.errors import AuditSignedError

ROLE_WORDS = {
    SignatureRole.INSPECTOR: "inspector",
    SignatureRole.REPRESENTATIVE: "facility representative",
}


def finding_label(finding: Finding, limit: int = 60) -> str:
    """How a message names a finding: its item's code, else its title (a register finding)
    cut at a word, never inside one ("… license expires 20")."""
    if finding.code:
        return finding.code
    if len(finding.title) <= limit:
        return finding.title
    return finding.title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


class FinalizeRefusedError(StoreError):
    """Finalizing needs every applicable item answered and both signatures."""


class AuditService:
    """Changes to an audit's content (answers, notes, photos, registers, actions, header)
    are refused while it is signed: a signature covers exactly what was signed, so the
    signatures are cleared first and given again afterwards. Each content change is kept
    in ``history`` for undo and redo during the session."""

    def __init__(self, store: Store, actor: str):
        self.store = store
        self.actor = actor
        self.history = UndoHistory()

    def checklist_of(self, audit: Audit) -> Checklist:
        return self.store.checklist_for(audit)

    def summary(self, audit: Audit) -> Summary:
        return summarize(self.checklist_of(audit), audit)

    def create(
        self,
        audit: Audit,
        checklist: Checklist | None = None,
        pack: Pack | None = None,
        facility: FacilityRecord | None = None,
    ) -> Audit:
        """A new audit with ``checklist`` (kept in the store if not built in), under the
        jurisdiction ``pack`` if one is given (kept too)."""
        if checklist is not None:
            self.store.add_checklist(checklist)
            audit.checklist_id, audit.checklist_version = checklist.id, checklist.version
        if pack is not None:
            if pack.base != (audit.checklist_id, audit.checklist_version):
                raise StoreError(
                    ErrorCode.PACK_OTHER_BASE,
                    pack=pack.id,
                    version=pack.version,
                    base=pack.extends,
                    checklist=f"{audit.checklist_id}@{audit.checklist_version}",
                )
            self.store.add_pack(pack)
            audit.pack_id, audit.pack_version = pack.id, pack.version
        if audit.time_zone is None:
            audit.time_zone = machine_time_zone()
        if audit.purpose is None and audit.kind == AuditKind.SELF_AUDIT:
            audit.purpose = InspectionPurpose.SELF_AUDIT
        facility = facility or self.store.matching_facility(audit.facility)
        if facility is not None and not audit.prior_failures:
            audit.prior_failures = self.prior_failures(facility.id, audit)
        created = self.store.create(audit, self.actor, facility=facility)
        if self.store.on_server:  # an inspection assigned to this person is now begun
            from clinic_audit.store import agency

            agency.begin_assigned(self.store, self.store.facility_of(created.id).id, created.id)
        return created

    def prior_failures(self, facility_id: str, audit: Audit) -> list[PriorFailure]:
        """The items failed at the facility's last finalized audit and at those within the
        pack's repeat window: what makes a finding of ``audit`` a repeat violation."""
        months, _raised = repeat_window(self.checklist_of(audit))
        finalized = [self.store.get(i) for i in self.store.audits_of(facility_id)]
        finalized = [
            a for a in finalized if a.status == Status.FINALIZED and a.audit_date < audit.audit_date
        ]
        if not finalized:
            return []
        last = max(a.audit_date for a in finalized)
        failures = []
        for earlier in finalized:
            if not counts_as_prior(audit.audit_date, earlier.audit_date, last, months):
                continue
            for finding in self.summary(earlier).findings:
                if finding.item_id is not None:
                    failures.append(
                        PriorFailure(
                            code=finding.code,
                            item_id=finding.item_id,
                            audit_id=earlier.id,
                            audit_date=earlier.audit_date,
                        )
                    )
        return failures

    def record_progress(
        self,
        audit_id: str,
        action_id: str,
        status: ActionStatus,
        note: str = "",
        photo: bytes | None = None,
        filename: str = "",
        normalized: NormalizedPhoto | None = None,
    ) -> ActionProgress:
        """Progress of an action of a finalized audit: appended to its log and the trail;
        the finalized record (and its hash) stay as they were. Done needs its evidence."""
        audit = self.store.get(audit_id)
        if audit.status != Status.FINALIZED:
            raise StoreError(ErrorCode.PROGRESS_OF_DRAFT, id=audit_id[:8])
        action = next((a for a in audit.actions if a.id == action_id), None)
        if action is None:
            raise StoreError(ErrorCode.NO_SUCH_ACTION, id=action_id[:8])
        if status == ActionStatus.DONE and not (note.strip() or photo or normalized):
            raise StoreError(ErrorCode.DONE_WITHOUT_EVIDENCE, action=action.action[:60])
        if normalized is None and photo:
            normalized = normalize(photo, filename or "proof")
        progress = ActionProgress(
            action_id=action_id,
            actor=self.actor,
            status=status,
            note=note.strip(),
            photo_sha256=normalized.sha256 if normalized else None,
        )
        self.store.log_action(audit_id, progress, normalized)
        return progress

    def follow_up(self, audit_id: str) -> Audit:
        """A follow-up inspection of a finalized audit's facility: a new regulatory draft
        under the same rules that carries every finding forward to be re-checked."""
        source = self.store.get(audit_id)
        if source.status != Status.FINALIZED:
            raise StoreError(ErrorCode.FOLLOW_UP_OF_DRAFT, id=audit_id[:8])
        earlier = [
            EarlierFinding(
                key=finding.key,
                code=finding.code,
                title=finding.violation or finding.title,
                severity=finding.severity,
                audit_id=source.id,
                audit_date=source.audit_date,
            )
            for finding in self.summary(source).counted
        ]
        audit = Audit(
            checklist_id=source.checklist_id,
            checklist_version=source.checklist_version,
            pack_id=source.pack_id,
            pack_version=source.pack_version,
            kind=AuditKind.REGULATORY,
            purpose=InspectionPurpose.FOLLOW_UP,
            facility=source.facility,
            inspector=source.inspector,
            representative=source.representative,
            audit_date=dt.date.today(),
            time_zone=source.time_zone,
            agency=source.agency,
            case_number=source.case_number,
            follow_up_of=source.id,
            earlier_findings=earlier,
        )
        return self.create(audit, facility=self.store.facility_of(source.id))

    def record_earlier(
        self,
        audit_id: str,
        finding_key: str,
        found: CorrectionFound | None,
        note: str = "",
        photo_sha256: str | None = None,
    ) -> Audit:
        """What the follow-up found of an earlier finding: corrected or not, and why."""

        def edit(audit: Audit) -> None:
            earlier = audit.earlier(finding_key)
            if earlier is None:
                raise StoreError(ErrorCode.NO_SUCH_FINDING, key=finding_key)
            if found == CorrectionFound.CORRECTED and not (note.strip() or photo_sha256):
                raise StoreError(ErrorCode.CORRECTED_WITHOUT_EVIDENCE, finding=earlier.code)
            updated = earlier.model_copy(
                update={"found": found, "note": note, "photo_sha256": photo_sha256}
            )
            audit.earlier_findings = [
                updated if e.key == finding_key else e for e in audit.earlier_findings
            ]

        return self._edit(audit_id, "follow-up", edit, "follow-up of an earlier finding")

    def update_header(self, audit_id: str, **fields: object) -> Audit:
        """Set top-level fields such as facility, inspector, representative, kind, audit_date."""

        def edit(audit: Audit) -> None:
            for name, value in fields.items():
                setattr(audit, name, value)

        return self._edit(audit_id, "header", edit, "change of the audit's details")

    def answer(
        self, audit_id: str, item_id: str, result: Result | None, note: str | None = None
    ) -> Audit:
        def edit(audit: Audit) -> None:
            self._require_item(audit, item_id)
            response = audit.responses.get(item_id) or Response()
            if response.result != result:  # the same answer again keeps its time
                response.answered_at = now() if result is not None else None
            response.result = result
            if note is not None:
                response.note = note
            audit.responses[item_id] = response

        label = "clearing of {number}" if result is None else "answer of {number}"
        return self._edit(audit_id, "answer", edit, label, item_id)

    def set_note(self, audit_id: str, item_id: str, note: str) -> Audit:
        def edit(audit: Audit) -> None:
            self._require_item(audit, item_id)
            response = audit.responses.get(item_id) or Response()
            response.note = note
            audit.responses[item_id] = response

        return self._edit(audit_id, "note", edit, "note on {number}", item_id)

    def set_photo_waiver(self, audit_id: str, item_id: str, reason: str) -> Audit:
        """Why this item has no photo (empty: the waiver withdrawn, a photo needed again)."""

        def edit(audit: Audit) -> None:
            self._require_item(audit, item_id)
            response = audit.responses.get(item_id) or Response()
            response.photo_waiver = reason.strip()
            audit.responses[item_id] = response

        label = (
            "photo waived on {number}" if reason.strip() else "photo waiver withdrawn on {number}"
        )
        return self._edit(audit_id, "photo waiver", edit, label, item_id)

    def set_seen(self, audit_id: str, toggle: str, seen: bool) -> Audit:
        """Record that something is (or is not) seen on site: PRP equipment, multi-dose
        vials, a steam sterilizer. Items conditional on it then apply."""

        def edit(audit: Audit) -> None:
            checklist = self.checklist_of(audit)
            known = {t.id: t.label for t in checklist.seen_on_site}
            if toggle not in known:
                raise StoreError(
                    ErrorCode.UNKNOWN_TOGGLE, toggle=toggle, known=", ".join(known) or "none"
                )
            chosen = [t for t in audit.seen_on_site if t != toggle]
            audit.seen_on_site = [*chosen, toggle] if seen else chosen

        word = "seen" if seen else "not seen"
        return self._edit(audit_id, "seen on site", edit, f"'{toggle}' marked {word} on site")

    def attach_photo(
        self, audit_id: str, item_id: str, data: bytes, filename: str = "", caption: str = ""
    ) -> Audit:
        """Normalize and store a photo, then reference it from the item (PhotoError if bad)."""
        photo = normalize(data, filename or "photo")
        return self.attach_normalized_photo(audit_id, item_id, photo, filename, caption)

    def attach_normalized_photo(
        self,
        audit_id: str,
        item_id: str,
        photo: NormalizedPhoto,
        filename: str = "",
        caption: str = "",
    ) -> Audit:
        """Store a photo already normalized (e.g. by a GUI worker thread) and reference it."""
        self._refuse_if_locked(audit_id)
        self.store.put_photo(photo)
        ref = PhotoRef(
            sha256=photo.sha256,
            jpeg_sha256=photo.jpeg_sha256,
            width=photo.width,
            height=photo.height,
            filename=filename,
            caption=caption,
            taken_at=photo.taken_at,
            taken_offset=photo.taken_offset,
            camera_make=photo.camera_make,
            camera_model=photo.camera_model,
            attached_by=self.actor,
        )

        def edit(audit: Audit) -> None:
            self._require_item(audit, item_id)
            response = audit.responses.get(item_id) or Response()
            if all(p.sha256 != ref.sha256 for p in response.photos):
                response.photos.append(ref)
            audit.responses[item_id] = response

        return self._edit(audit_id, "attach photo", edit, "photo added to {number}", item_id)

    def remove_photo(self, audit_id: str, item_id: str, sha256: str) -> Audit:
        def edit(audit: Audit) -> None:
            response = audit.responses.get(item_id)
            if response is not None:
                response.photos = [p for p in response.photos if p.sha256 != sha256]

        return self._edit(audit_id, "remove photo", edit, "photo removed from {number}", item_id)

    def put_row(self, audit_id: str, register: str, row: RegisterRow) -> Audit:
        """Add a register row, or replace the row with the same id."""
        if not isinstance(row, REGISTER_MODELS[register]):
            raise TypeError(f"{type(row).__name__} is not a row of {register}")

        def edit(audit: Audit) -> None:
            rows = getattr(audit, register)
            for index, existing in enumerate(rows):
                if existing.id == row.id:
                    rows[index] = row
                    return
            rows.append(row)

        return self._edit(audit_id, f"{register} row", edit, f"change in {register}")

    def remove_row(self, audit_id: str, register: str, row_id: str) -> Audit:
        """Remove a register row and the corrective actions written for its findings: an
        action must answer a finding that can exist (``audit_checks``)."""
        of_row = f"register:{register}:{row_id}:"

        def edit(audit: Audit) -> None:
            setattr(audit, register, [r for r in getattr(audit, register) if r.id != row_id])
            audit.actions = [a for a in audit.actions if not a.finding_key.startswith(of_row)]

        return self._edit(audit_id, f"remove {register} row", edit, f"row removed from {register}")

    def put_action(self, audit_id: str, action: CorrectiveAction) -> Audit:
        def edit(audit: Audit) -> None:
            for index, existing in enumerate(audit.actions):
                if existing.id == action.id:
                    audit.actions[index] = action
                    return
            audit.actions.append(action)

        return self._edit(audit_id, "corrective action", edit, "corrective action")

    def remove_action(self, audit_id: str, action_id: str) -> Audit:
        def edit(audit: Audit) -> None:
            audit.actions = [a for a in audit.actions if a.id != action_id]

        return self._edit(
            audit_id, "remove corrective action", edit, "removal of a corrective action"
        )

    def sign(self, audit_id: str, role: SignatureRole, name: str, image_png: bytes | None) -> Audit:
        """Sign the record as it is now (``image_png`` None removes that signature). The
        signature keeps the SHA-256 and revision of what it covers."""
        revision = self.store.revision(audit_id)

        def edit(audit: Audit) -> None:
            audit.signatures = [s for s in audit.signatures if s.role != role]
            if image_png:
                audit.signatures.append(
                    Signature(
                        role=role,
                        name=name,
                        image_png=image_png,
                        record_sha256=signed_content_digest(audit),
                        record_revision=revision,
                        meaning=signature_meaning(role, audit.kind == AuditKind.REGULATORY),
                    )
                )

        audit = self.store.modify(audit_id, self.actor, "signature", edit)
        self.history.clear()  # what was signed is not undone behind the signature
        return audit

    def clear_signatures(self, audit_id: str) -> Audit:
        """Remove every signature, so that the record can be changed (and signed again)."""

        def edit(audit: Audit) -> None:
            audit.signatures = []

        audit = self.store.modify(audit_id, self.actor, "clear signatures", edit)
        self.history.clear()
        return audit

    def set_correction(
        self,
        audit_id: str,
        finding_key: str,
        *,
        due: dt.date | None = None,
        immediately: bool = False,
        correction: str = "",
        proof: str = "",
    ) -> Audit:
        """What the agency requires of one finding: a deadline earlier than the pack's
        (or one at all, without a pack), its own correction wording, the proof asked."""

        def edit(audit: Audit) -> None:
            summary = self.summary(audit)
            finding = next((f for f in summary.findings if f.key == finding_key), None)
            if finding is None:
                raise StoreError(ErrorCode.NO_SUCH_FINDING, key=finding_key)
            wanted = RequiredCorrection(
                finding_key=finding_key,
                due=None if immediately else due,
                immediately=immediately,
                correction=correction,
                proof=proof,
            )
            self._check_deadline(audit, finding, wanted)
            others = [c for c in audit.corrections if c.finding_key != finding_key]
            empty = not (wanted.due or wanted.immediately or correction.strip() or proof.strip())
            audit.corrections = others if empty else [*others, wanted]

        return self._edit(audit_id, "correction", edit, "required correction")

    def _check_deadline(self, audit: Audit, finding: Finding, wanted: RequiredCorrection) -> None:
        label = finding_label(finding)
        if wanted.due is not None and wanted.due < audit.audit_date:
            raise StoreError(
                ErrorCode.DEADLINE_BEFORE_INSPECTION,
                finding=label,
                due=wanted.due.isoformat(),
                audit_date=audit.audit_date.isoformat(),
            )
        checklist = self.checklist_of(audit)
        own = inspector_deadline(wanted, audit.audit_date)
        if checklist.pack is None or own is None:
            return
        allowed = pack_deadline(
            finding.severity, checklist.pack.thresholds, audit.audit_date, audit.reinspection_date
        )
        if own.is_later_than(allowed):
            raise StoreError(
                ErrorCode.DEADLINE_LATER_THAN_PACK,
                finding=label,
                due=wanted.due.isoformat() if wanted.due else "",
                pack=checklist.pack.id,
                allowed=allowed.text.rstrip("."),
                allowed_date=(allowed.due or audit.audit_date).isoformat(),
            )

    def finalize_blockers(self, audit: Audit) -> list[str]:
        summary = self.summary(audit)
        blockers = []
        if audit.kind == AuditKind.REGULATORY:
            undated = [finding_label(f) for f in summary.findings if f.deadline is None]
            if undated:
                blockers.append(
                    ErrorCode.FINDING_NO_DEADLINE.text(
                        findings=plural(len(undated), "finding has", "findings have"),
                        names=", ".join(undated[:5]) + (" …" if len(undated) > 5 else ""),
                    )
                )
        unchecked = [e.code or e.title[:40] for e in audit.earlier_findings if e.found is None]
        if unchecked:
            blockers.append(
                f"{plural(len(unchecked), 'earlier finding')} not yet recorded as corrected "
                f"or not corrected ({', '.join(unchecked)})."
            )
        if summary.unanswered:
            count = len(summary.unanswered)
            blockers.append(f"{count} {'item is' if count == 1 else 'items are'} not answered yet.")
        if summary.missing_evidence:
            count = len(summary.missing_evidence)
            blockers.append(
                f"{count} failed {'item lacks' if count == 1 else 'items lack'} "
                "a required note or photo."
            )
        for role in (SignatureRole.INSPECTOR, SignatureRole.REPRESENTATIVE):
            signature = audit.signature(role)
            if signature is None:
                blockers.append(f"The {ROLE_WORDS[role]} has not signed.")
            elif not signature_is_current(audit, signature):
                blockers.append(
                    f"The {ROLE_WORDS[role]}'s signature was given on an earlier version of "
                    "the record; clear the signatures and sign again."
                )
        return blockers

    def finalize(self, audit_id: str) -> Audit:
        audit = self.store.get(audit_id)
        blockers = self.finalize_blockers(audit)
        if blockers and audit.status != Status.FINALIZED:
            raise FinalizeRefusedError(ErrorCode.FINALIZE_REFUSED, blockers=" ".join(blockers))

        def edit(audit: Audit) -> None:
            audit.status = Status.FINALIZED
            audit.finalized_at = now()

        finalized = self.store.modify(audit_id, self.actor, "finalize", edit)
        self.history.clear()
        return finalized

    def delete(self, audit_id: str) -> None:
        self.store.delete(audit_id, self.actor)

    # undo and redo --------------------------------------------------------------------

    def undo(self, audit_id: str) -> Change:
        """Undo the last change to ``audit_id`` made in this session; returns it."""
        change = self.history.next_undo()
        if change is None or change.audit_id != audit_id:
            raise StoreError(ErrorCode.NOTHING_TO_UNDO)
        now = self._restore(change, expect=change.after, to=change.before, action="undo")
        self.history.undone(change, now)
        return change

    def redo(self, audit_id: str) -> Change:
        change = self.history.next_redo()
        if change is None or change.audit_id != audit_id:
            raise StoreError(ErrorCode.NOTHING_TO_REDO)
        now = self._restore(change, expect=change.before, to=change.after, action="redo")
        self.history.redone(change, now)
        return change

    def _restore(self, change: Change, expect: Audit, to: Audit, action: str) -> Audit:
        def edit(audit: Audit) -> None:
            if audit.model_dump(mode="json") != expect.model_dump(mode="json"):
                raise StoreError(ErrorCode.UNDO_STALE, change=change.label, step=action)
            for name in type(audit).model_fields:
                setattr(audit, name, getattr(to, name))

        try:
            return self._guarded(change.audit_id, f"{action}: {change.label}", edit)[1]
        except StoreError:
            self.history.clear()  # what is left to undo no longer matches the record
            raise

    # helpers --------------------------------------------------------------------------

    def _edit(
        self,
        audit_id: str,
        action: str,
        edit: Callable[[Audit], None],
        label: str,
        item_id: str | None = None,
    ) -> Audit:
        """A content change, kept for undo as ``label`` ('{number}': the item's number)."""
        before, after = self._guarded(audit_id, action, edit)
        if after is not before:
            if item_id is not None:
                label = label.format(number=self.checklist_of(after).label_of(item_id))
            self.history.record(Change(label, before, after))
        return after

    def _guarded(
        self, audit_id: str, action: str, edit: Callable[[Audit], None]
    ) -> tuple[Audit, Audit]:
        def guarded(audit: Audit) -> None:
            self._refuse_if_signed(audit)
            edit(audit)

        return self.store.change(audit_id, self.actor, action, guarded)

    def _refuse_if_locked(self, audit_id: str) -> None:
        audit = self.store.get(audit_id)
        if audit.status == Status.FINALIZED:
            raise AuditFinalizedError(ErrorCode.AUDIT_FINALIZED_NO_PHOTO)
        self._refuse_if_signed(audit)

    @staticmethod
    def _refuse_if_signed(audit: Audit) -> None:
        if audit.signatures and audit.status != Status.FINALIZED:
            names = " and ".join(s.name for s in audit.signatures)
            raise AuditSignedError(ErrorCode.AUDIT_SIGNED, names=names)

    def _require_item(self, audit: Audit, item_id: str) -> None:
        checklist = self.checklist_of(audit)
        try:
            checklist.item(item_id)
        except KeyError:
            raise StoreError(
                ErrorCode.CHECKLIST_NO_ITEM,
                checklist=checklist.id,
                version=checklist.version,
                item=item_id,
            ) from None
