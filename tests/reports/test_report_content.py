"""The report's text, read back with pypdf: nothing the reader needs may be missing."""

import re

import pytest

from clinic_audit.audit.model import AuditKind
from clinic_audit.checklist.model import Result
from clinic_audit.checklist.packs import builtin_checklist_for
from clinic_audit.files.integrity import audit_digest, digests_in_text
from clinic_audit.reports import build_report
from clinic_audit.reports.context import REGULATORY, SELF_AUDIT
from clinic_audit.reports.sections_photos import grouped
from clinic_audit.rules.scoring import summarize

from .conftest import (
    failed_action,
    finalized,
    flat,
    pdf_pages,
    report_inputs,
    report_of,
    small_audit,
    squeezed,
)
from .pdf_reading import image_resolutions


def heading_page(pages: list[str], title: str) -> int:
    """The number of the last page with ``title`` on a line of its own: its heading (the
    contents list it first)."""
    return max(n for n, page in enumerate(pages) if title in page.splitlines())


@pytest.fixture(scope="module")
def sample_report(sample, sample_checklist):
    summary = summarize(sample_checklist, sample)
    pdf = report_of(sample, sample_checklist)
    return pdf, pdf_pages(pdf), summary


@pytest.fixture(scope="module")
def final_report(sample, sample_checklist):
    audit = finalized(sample)
    return pdf_pages(report_of(audit, sample_checklist)), audit


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


def test_failed_items_show_prompt_note_and_fail_mark(sample_report, sample, sample_checklist):
    checklist = sample_checklist
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
    assert "See also:" in text


def test_each_of_several_actions_names_its_own_person_and_due_date(checklist):
    audit = small_audit(checklist, fail_items=1)
    first = failed_action(audit, checklist, "Replace the fridge seal", responsible="Ana Lopez")
    second = failed_action(audit, checklist, "Retrain the staff", responsible="Ben Okafor")
    second.due = None
    audit.actions = [first, second]
    text = flat("\n".join(pdf_pages(build_report(*report_inputs(checklist, audit)))))
    assert "1. Replace the fridge seal Ana Lopez · by 2026-06-15 · Open" in text
    assert "2. Retrain the staff Ben Okafor · by — · Open" in text


def test_register_rows_and_their_finding(sample_report, sample):
    _pdf, pages, summary = sample_report
    text = flat("\n".join(pages))
    for row in [*sample.practitioners, *sample.products, *sample.devices]:
        assert flat(row.name) in text
    register_finding = next(f for f in summary.findings if f.from_register)
    assert flat(f"{register_finding.title}. {register_finding.detail}") in text
    assert "(stated in full as violation 6)" in text


def test_outcome_score_and_photos(sample_report, final_report, sample):
    _pdf, pages, summary = sample_report
    cover = flat(pages[0])
    assert summary.outcome.label.upper() in cover
    assert f"Overall score: {summary.score_text}" in cover
    text = flat("\n".join(pages))
    for _item, ref in sample.photo_refs():
        assert flat(ref.caption) in text
        assert squeezed(grouped(ref.sha256)) in squeezed(text)
    text = flat("\n".join(final_report[0]))
    for signature in sample.signatures:
        assert signature.name in text
        assert squeezed(f"SHA-256 {signature.record_sha256} — this record as printed") in (
            squeezed(text)
        )


def test_two_large_photos_fit_a_page_with_their_provenance(sample_report, sample):
    """The evidence photos print two a page (after the first, which shares its page with
    the section's heading), their captions' provenance lines included."""
    _pdf, pages, _summary = sample_report
    marker = "of the file as attached, of the stored JPEG"
    large = [p for p in pages if marker in p and "Other photos" not in p]
    per_page = [page.count(marker) for page in large]
    assert max(per_page) == 2, per_page


def test_a_signature_of_an_earlier_version_says_so(sample, sample_checklist):
    changed = finalized(sample)
    changed.responses[next(iter(changed.responses))].note = "edited after signing"
    text = squeezed("\n".join(pdf_pages(report_of(changed, sample_checklist))))
    assert text.count(squeezed("an EARLIER version of this record, not the one printed")) == 2


def test_every_page_has_header_footer_and_numbers(sample_report, sample):
    _pdf, pages, _summary = sample_report
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert sample.facility.name in page
        assert f"Report {sample.id[:8]}" in page
        assert f"Checklist microneedling {sample.checklist_version} · texas rules" in page
        assert "Generated 2026-06-15 15:00 CDT" in page


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
    assert heading_page(pages, REGULATORY.signoff) > heading_page(pages, REGULATORY.photos)


def test_self_audit_reads_as_readiness_review_with_action_plan_first(checklist):
    audit = small_audit(checklist, AuditKind.SELF_AUDIT, note="Gloves missing")
    pages = pdf_pages(build_report(*report_inputs(checklist, audit)))
    text = "\n".join(pages)
    assert SELF_AUDIT.document_title in pages[0]
    assert REGULATORY.document_title not in text
    assert heading_page(pages, SELF_AUDIT.summary) < heading_page(pages, SELF_AUDIT.findings)
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


def test_photos_are_printed_at_200_dpi_for_the_largest_size_they_are_shown(sample, sample_report):
    """Print copies: each photo is one image object, drawn at 200 dpi where it is printed
    largest (the evidence pages) and smaller (so sharper) beside its item."""
    pdf, _pages, _summary = sample_report
    resolutions = image_resolutions(pdf)
    assert len(resolutions) == len(sample.photo_refs())
    for digest, placed in resolutions.items():
        assert 197 <= min(placed) <= 203, (digest[:12], placed)
    assert len(pdf) < sum(map(len, sample.photo_data.values()))


def test_with_full_resolution_the_stored_jpegs_are_embedded_as_they_are(sample, sample_checklist):
    pdf = report_of(sample, sample_checklist, full_resolution=True)
    assert b"ASCII85Decode" not in pdf
    for jpeg in sample.photo_data.values():
        assert pdf.count(jpeg) == 1  # one image object per photo, byte for byte
    logo = 2  # the agency's logo and its transparency mask; a draft has no signatures
    assert len(re.findall(rb"/Subtype /Image", pdf)) == len(sample.photo_data) + logo


def test_a_photo_waiver_is_printed_with_the_item_and_its_violation(checklist):
    audit = small_audit(checklist, fail_items=0)
    item = next(i for _s, i in checklist.items() if i.photo_required_on_fail and not i.applies_when)
    audit.responses[item.id].result = Result.FAIL
    audit.responses[item.id].note = "Blood on the treatment trolley."
    audit.responses[item.id].photo_waiver = "The clinic refused photography."
    summary = summarize(checklist, audit)
    assert item.id not in summary.missing_evidence
    text = flat("\n".join(pdf_pages(build_report(*report_inputs(checklist, audit)))))
    assert "No photo: The clinic refused photography." in text  # with the item
    assert "No photo was taken: The clinic refused photography." in text  # the violation
    assert "Evidence missing" not in text


@pytest.fixture(scope="module")
def many_photos():
    from clinic_audit.files.sample import build_sample

    from .conftest import AUDIT_DAY

    return build_sample(photos=20, audit_date=AUDIT_DAY)


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_the_contact_sheet_prints_six_photos_a_page(many_photos, page_size):
    checklist = builtin_checklist_for(many_photos)
    pdf = report_of(many_photos, checklist, page_size=page_size)
    pages = pdf_pages(pdf)
    sheet = [p for p in pages[heading_page(pages, "Other photos") :] if "Photo " in p]
    per_page = [page.count("SHA-256 of the original file") for page in sheet]
    others = sum(1 for item, _ref in many_photos.photo_refs() if not _failed(many_photos, item))
    assert sum(per_page) == others > 6
    assert max(per_page) == 6 and all(n == 6 for n in per_page[1:-1]), per_page


def _failed(audit, item_id: str) -> bool:
    return audit.response(item_id).result == Result.FAIL
