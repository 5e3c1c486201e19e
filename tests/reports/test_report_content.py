"""The report's text, read back with pypdf: nothing the reader needs may be missing."""

import re

import pytest

from clinic_audit.audit.model import AuditKind
from clinic_audit.checklist.model import Result
from clinic_audit.files.integrity import audit_digest, digests_in_text
from clinic_audit.files.photos import thumbnail
from clinic_audit.reports import build_report
from clinic_audit.reports.context import REGULATORY, SELF_AUDIT
from clinic_audit.reports.photos import PortablePhotos
from clinic_audit.reports.sections_photos import grouped
from clinic_audit.rules.scoring import summarize

from .conftest import (
    GENERATED,
    failed_action,
    flat,
    pdf_pages,
    report_inputs,
    small_audit,
    squeezed,
)


def heading_page(pages: list[str], title: str) -> int:
    """The number of the first page with ``title`` on a line of its own (a heading)."""
    return next(n for n, page in enumerate(pages) if title in page.splitlines())


@pytest.fixture(scope="module")
def sample_report(sample, checklist):
    summary = summarize(checklist, sample)
    photos = PortablePhotos(sample.photo_data)
    pdf = build_report(sample, checklist, summary, photos, generated_at=GENERATED)
    return pdf, pdf_pages(pdf), summary


def test_every_part_of_the_notice_is_there(sample_report):
    _pdf, pages, _summary = sample_report
    text = flat("\n".join(pages))
    for title in (
        REGULATORY.document_title,
        REGULATORY.summary,
        REGULATORY.findings,
        REGULATORY.items,
        REGULATORY.registers,
        REGULATORY.photos,
        REGULATORY.signoff,
        REGULATORY.integrity,
        "Score by section",
        "Practitioners (3)",
        "Products (3)",
        "Devices (2)",
    ):
        assert title in text


def test_failed_items_show_prompt_note_and_fail_mark(sample_report, sample, checklist):
    _pdf, pages, _summary = sample_report
    text = flat("\n".join(pages))
    failed = [i for i, r in sample.responses.items() if r.result == Result.FAIL]
    assert len(failed) == 5
    for item_id in failed:
        assert flat(checklist.item(item_id).prompt) in text
        assert flat(sample.responses[item_id].note) in text
    assert text.count("✗ FAIL") >= len(failed)


def test_findings_actions_and_citations(sample_report, sample):
    _pdf, pages, summary = sample_report
    text = flat("\n".join(pages))
    for finding in summary.findings:
        assert flat(finding.title) in text
        assert flat(finding.reference) in text
    for action in sample.actions:
        assert flat(action.action) in text
    assert "Citation:" in text


def test_each_of_several_actions_names_its_own_person_and_due_date(checklist):
    audit = small_audit(checklist, fail_items=1)
    first = failed_action(audit, checklist, "Replace the fridge seal", responsible="Ana Lopez")
    second = failed_action(audit, checklist, "Retrain the staff", responsible="Ben Okafor")
    second.due = None
    audit.actions = [first, second]
    text = flat("\n".join(pdf_pages(build_report(*report_inputs(checklist, audit)))))
    assert "1. Replace the fridge seal [Open] Ana Lopez · due 2026-" in text
    assert "2. Retrain the staff [Open] Ben Okafor · no due date" in text
    assert "per action per action" in text  # the Responsible and Due columns defer to them


def test_register_rows_and_their_finding(sample_report, sample):
    _pdf, pages, summary = sample_report
    text = flat("\n".join(pages))
    for row in [*sample.practitioners, *sample.products, *sample.devices]:
        assert flat(row.name) in text
    register_finding = next(f for f in summary.findings if f.from_register)
    assert flat(f"{register_finding.title}. {register_finding.detail}") in text


def test_outcome_score_and_photos(sample_report, sample):
    _pdf, pages, summary = sample_report
    cover = flat(pages[0])
    assert summary.outcome.label.upper() in cover
    assert f"Overall score: {summary.score_text}" in cover
    text = flat("\n".join(pages))
    for _item, ref in sample.photo_refs():
        assert flat(ref.caption) in text
        assert grouped(ref.sha256) in text
    for signature in sample.signatures:
        assert signature.name in text
        assert squeezed(f"SHA-256 {signature.record_sha256} — this record as printed") in (
            squeezed(text)
        )


def test_a_signature_of_an_earlier_version_says_so(sample, checklist):
    changed = sample.model_copy(deep=True)
    changed.responses[next(iter(changed.responses))].note = "edited after signing"
    photos = PortablePhotos(changed.photo_data)
    pdf = build_report(changed, checklist, summarize(checklist, changed), photos)
    text = squeezed("\n".join(pdf_pages(pdf)))
    assert text.count(squeezed("an EARLIER version of this record, not the one printed")) == 2


def test_every_page_has_header_footer_and_numbers(sample_report, sample):
    _pdf, pages, _summary = sample_report
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert sample.facility.name in page
        assert f"Report {sample.id[:8]}" in page
        assert f"Checklist microneedling {sample.checklist_version}" in page
        assert "Generated 2026-06-15" in page


def test_last_page_carries_the_record_digest(sample_report, sample):
    _pdf, pages, _summary = sample_report
    digest = audit_digest(sample)
    assert f"Audit record SHA-256: {digest}" in pages[-1]
    assert digests_in_text("\n".join(pages)) == [digest]


def test_regulatory_notice_puts_summary_before_findings(sample_report):
    _pdf, pages, _summary = sample_report
    order = [
        heading_page(pages, title)
        for title in (REGULATORY.summary, REGULATORY.findings, REGULATORY.items)
    ]
    assert order == sorted(order) and len(set(order)) == 3
    assert "acknowledgement of receipt" in pages[-1]


def test_self_audit_reads_as_readiness_review_with_action_plan_first(checklist):
    audit = small_audit(checklist, AuditKind.SELF_AUDIT, note="Gloves missing")
    pages = pdf_pages(build_report(*report_inputs(checklist, audit)))
    text = "\n".join(pages)
    assert SELF_AUDIT.document_title in pages[0]
    assert REGULATORY.document_title not in text
    assert heading_page(pages, SELF_AUDIT.findings) < heading_page(pages, SELF_AUDIT.summary)
    assert "Reviewed by" in text and "Audited by" in text


@pytest.mark.parametrize(("size", "box"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_page_sizes(checklist, size, box):
    from io import BytesIO

    from pypdf import PdfReader

    audit = small_audit(checklist)
    pdf = build_report(*report_inputs(checklist, audit), page_size=size)
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == box


def test_unknown_page_size_is_refused(checklist):
    with pytest.raises(ValueError, match="A4, Letter"):
        build_report(*report_inputs(checklist, small_audit(checklist)), page_size="A5")


def test_unanswered_items_are_listed(checklist):
    audit = small_audit(checklist, fail_items=0)
    unanswered = list(audit.responses)[-2:]
    for item_id in unanswered:
        del audit.responses[item_id]
    pages = pdf_pages(build_report(*report_inputs(checklist, audit)))
    text = flat("\n".join(pages))
    assert "INCOMPLETE" in flat(pages[0])
    assert "Not answered (2)" in text
    for item_id in unanswered:
        assert flat(checklist.item(item_id).prompt) in text
    assert "○ UNANSWERED" in text


def test_stored_jpegs_are_embedded_as_they_are(sample, checklist, sample_report):
    pdf, _pages, _summary = sample_report
    assert b"ASCII85Decode" not in pdf
    for jpeg in sample.photo_data.values():
        assert pdf.count(jpeg) == 1  # the appendix copy, byte for byte
        assert pdf.count(thumbnail(jpeg)) == 1  # the section-by-section thumbnail
    signatures = 2 * 2  # each signature PNG and its transparency mask
    assert len(re.findall(rb"/Subtype /Image", pdf)) == 2 * len(sample.photo_data) + signatures
