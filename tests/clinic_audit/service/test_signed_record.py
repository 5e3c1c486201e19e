"""A signature covers exactly what was signed: a signed record is not changed until its
signatures are cleared, and finalize asks for signatures of the record as it is."""

import pytest

from clinic_audit.audit.model import SignatureRole
from clinic_audit.checklist.model import Result
from clinic_audit.files.integrity import signed_content_digest
from clinic_audit.store.errors import AuditSignedError

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32
INSPECTOR, REPRESENTATIVE = SignatureRole.INSPECTOR, SignatureRole.REPRESENTATIVE


def first_item(checklist) -> str:
    return checklist.sections[0].items[0].id


def test_a_signature_records_the_digest_and_revision_it_covers(service, draft, checklist):
    service.set_note(draft.id, first_item(checklist), "seen")
    revision = service.store.revision(draft.id)
    signed = service.sign(draft.id, INSPECTOR, "Dana Whitfield", PNG)
    signature = signed.signature(INSPECTOR)
    assert signature.record_sha256 == signed_content_digest(signed)
    assert signature.record_revision == revision
    # the second signature does not void the first: signatures are outside what is signed
    both = service.sign(draft.id, REPRESENTATIVE, "Priya Raman", PNG)
    assert both.signature(INSPECTOR).record_sha256 == signed_content_digest(both)


def test_a_signature_records_what_it_means_when_given(service, draft):
    from clinic_audit.audit.model import AuditKind, signature_meaning

    signed = service.sign(draft.id, REPRESENTATIVE, "Priya Raman", PNG)
    regulatory = draft.kind == AuditKind.REGULATORY
    meaning = signed.signature(REPRESENTATIVE).meaning
    assert meaning == signature_meaning(REPRESENTATIVE, regulatory)
    assert meaning == ("received a copy" if regulatory else "reviewed the self-audit and its plan")


@pytest.mark.parametrize(
    "change",
    [
        lambda s, a, i: s.answer(a, i, Result.PASS),
        lambda s, a, i: s.set_note(a, i, "added after signing"),
        lambda s, a, i: s.attach_photo(a, i, _jpeg()),
        lambda s, a, i: s.update_header(a, audit_date=s.store.get(a).audit_date),
    ],
)
def test_every_change_to_a_signed_record_is_refused(service, draft, checklist, change):
    service.sign(draft.id, INSPECTOR, "Dana Whitfield", PNG)
    before = service.store.revision(draft.id)
    with pytest.raises(AuditSignedError, match="clear the signatures on Review & sign"):
        change(service, draft.id, first_item(checklist))
    assert service.store.revision(draft.id) == before


def test_after_clearing_the_signatures_the_record_changes_and_needs_fresh_ones(
    service, draft, checklist
):
    service.sign(draft.id, INSPECTOR, "Dana Whitfield", PNG)
    service.clear_signatures(draft.id)
    audit = service.set_note(draft.id, first_item(checklist), "after")
    assert audit.signatures == []
    blockers = service.finalize_blockers(audit)
    assert "The inspector has not signed." in blockers
    assert "The facility representative has not signed." in blockers
    actions = list(dict.fromkeys(entry.action for entry in service.store.trail(draft.id)))
    assert actions[-3:] == ["signature", "clear signatures", "note"]


def test_a_signature_of_another_version_of_the_record_blocks_finalize(service, draft, checklist):
    signed = service.sign(draft.id, INSPECTOR, "Dana Whitfield", PNG)

    def tamper(audit):  # e.g. an imported file whose content changed after signing
        audit.responses[first_item(checklist)] = audit.response(first_item(checklist))
        audit.responses[first_item(checklist)].note = "changed behind the signature"

    service.store.modify(draft.id, "someone", "import", tamper)
    audit = service.store.get(draft.id)
    assert audit.signature(INSPECTOR).record_sha256 == signed.signature(INSPECTOR).record_sha256
    assert any("earlier version of the record" in b for b in service.finalize_blockers(audit))


def _jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, "JPEG")
    return out.getvalue()
