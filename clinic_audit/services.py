"""The one write path: every edit the GUI or CLI makes to an audit goes through here."""

from __future__ import annotations

from clinic_audit.audit_model import (
    REGISTER_MODELS,
    Audit,
    CorrectiveAction,
    PhotoRef,
    Record,
    Response,
    Signature,
    SignatureRole,
    Status,
    now,
)
from clinic_audit.checklist_model import Checklist, Result
from clinic_audit.photos import NormalizedPhoto, normalize
from clinic_audit.scoring import summarize
from clinic_audit.store import AuditFinalizedError, Store, StoreError
from clinic_audit.summary_model import Summary


class FinalizeRefusedError(StoreError):
    """Finalizing needs every applicable item answered and both signatures."""


class AuditService:
    def __init__(self, store: Store, actor: str):
        self.store = store
        self.actor = actor

    def checklist_of(self, audit: Audit) -> Checklist:
        return self.store.checklist(audit.checklist_id, audit.checklist_version)

    def summary(self, audit: Audit) -> Summary:
        return summarize(self.checklist_of(audit), audit)

    def create(self, audit: Audit, checklist: Checklist | None = None) -> Audit:
        if checklist is not None:
            self.store.add_checklist(checklist)
            audit.checklist_id, audit.checklist_version = checklist.id, checklist.version
        return self.store.create(audit, self.actor)

    def update_header(self, audit_id: str, **fields) -> Audit:
        """Set top-level fields such as facility, inspector, representative, kind, audit_date."""

        def edit(audit: Audit) -> None:
            for name, value in fields.items():
                setattr(audit, name, value)

        return self.store.modify(audit_id, self.actor, "header", edit)

    def answer(
        self, audit_id: str, item_id: str, result: Result | None, note: str | None = None
    ) -> Audit:
        def edit(audit: Audit) -> None:
            self._require_item(audit, item_id)
            response = audit.responses.get(item_id) or Response()
            response.result = result
            response.answered_at = now() if result is not None else None
            if note is not None:
                response.note = note
            audit.responses[item_id] = response

        return self.store.modify(audit_id, self.actor, "answer", edit)

    def set_note(self, audit_id: str, item_id: str, note: str) -> Audit:
        def edit(audit: Audit) -> None:
            self._require_item(audit, item_id)
            response = audit.responses.get(item_id) or Response()
            response.note = note
            audit.responses[item_id] = response

        return self.store.modify(audit_id, self.actor, "note", edit)

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
        self._refuse_if_finalized(audit_id)
        self.store.put_photo(photo)
        ref = PhotoRef(
            sha256=photo.sha256,
            jpeg_sha256=photo.jpeg_sha256,
            width=photo.width,
            height=photo.height,
            filename=filename,
            caption=caption,
            taken_at=photo.taken_at,
        )

        def edit(audit: Audit) -> None:
            self._require_item(audit, item_id)
            response = audit.responses.get(item_id) or Response()
            if all(p.sha256 != ref.sha256 for p in response.photos):
                response.photos.append(ref)
            audit.responses[item_id] = response

        return self.store.modify(audit_id, self.actor, "attach photo", edit)

    def remove_photo(self, audit_id: str, item_id: str, sha256: str) -> Audit:
        def edit(audit: Audit) -> None:
            response = audit.responses.get(item_id)
            if response is not None:
                response.photos = [p for p in response.photos if p.sha256 != sha256]

        return self.store.modify(audit_id, self.actor, "remove photo", edit)

    def put_row(self, audit_id: str, register: str, row: Record) -> Audit:
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

        return self.store.modify(audit_id, self.actor, f"{register} row", edit)

    def remove_row(self, audit_id: str, register: str, row_id: str) -> Audit:
        """Remove a register row and the corrective actions written for its findings: an
        action must answer a finding that can exist (``audit_checks``)."""
        of_row = f"register:{register}:{row_id}:"

        def edit(audit: Audit) -> None:
            setattr(audit, register, [r for r in getattr(audit, register) if r.id != row_id])
            audit.actions = [a for a in audit.actions if not a.finding_key.startswith(of_row)]

        return self.store.modify(audit_id, self.actor, f"remove {register} row", edit)

    def put_action(self, audit_id: str, action: CorrectiveAction) -> Audit:
        def edit(audit: Audit) -> None:
            for index, existing in enumerate(audit.actions):
                if existing.id == action.id:
                    audit.actions[index] = action
                    return
            audit.actions.append(action)

        return self.store.modify(audit_id, self.actor, "corrective action", edit)

    def remove_action(self, audit_id: str, action_id: str) -> Audit:
        def edit(audit: Audit) -> None:
            audit.actions = [a for a in audit.actions if a.id != action_id]

        return self.store.modify(audit_id, self.actor, "remove corrective action", edit)

    def sign(self, audit_id: str, role: SignatureRole, name: str, image_png: bytes | None) -> Audit:
        def edit(audit: Audit) -> None:
            audit.signatures = [s for s in audit.signatures if s.role != role]
            if image_png:
                audit.signatures.append(Signature(role=role, name=name, image_png=image_png))

        return self.store.modify(audit_id, self.actor, "signature", edit)

    def finalize_blockers(self, audit: Audit) -> list[str]:
        summary = self.summary(audit)
        blockers = []
        if summary.unanswered:
            blockers.append(f"{len(summary.unanswered)} item(s) are not answered yet.")
        if summary.missing_evidence:
            blockers.append(
                f"{len(summary.missing_evidence)} failed item(s) lack a required note or photo."
            )
        for role, who in (
            (SignatureRole.INSPECTOR, "inspector"),
            (SignatureRole.REPRESENTATIVE, "facility representative"),
        ):
            if audit.signature(role) is None:
                blockers.append(f"The {who} has not signed.")
        return blockers

    def finalize(self, audit_id: str) -> Audit:
        audit = self.store.get(audit_id)
        blockers = self.finalize_blockers(audit)
        if blockers and audit.status != Status.FINALIZED:
            raise FinalizeRefusedError("The audit cannot be finalized: " + " ".join(blockers))

        def edit(audit: Audit) -> None:
            audit.status = Status.FINALIZED
            audit.finalized_at = now()

        return self.store.modify(audit_id, self.actor, "finalize", edit)

    def delete(self, audit_id: str) -> None:
        self.store.delete(audit_id, self.actor)

    def _refuse_if_finalized(self, audit_id: str) -> None:
        if self.store.get(audit_id).status == Status.FINALIZED:
            raise AuditFinalizedError("The audit is finalized; no photo can be added.")

    def _require_item(self, audit: Audit, item_id: str) -> None:
        checklist = self.checklist_of(audit)
        try:
            checklist.item(item_id)
        except KeyError:
            raise StoreError(
                f"The checklist {checklist.id} {checklist.version} has no item '{item_id}'."
            ) from None
