"""The regulatory report as a notice a regulator files: read back with pypdf, every part
a hearing would ask for is there, every reference resolves, and nothing lands wrong."""

import datetime as dt
import re

import pytest

from clinic_audit.audit.model import Agency
from clinic_audit.files.integrity import audit_digest
from clinic_audit.reports.context import REGULATORY, SELF_AUDIT
from clinic_audit.reports.sections_photos import grouped
from clinic_audit.rules.scoring import summarize

from .conftest import body_text, finalized, flat, pdf_pages, report_of, squeezed
from .pdf_reading import fonts, image_count, internal_links, jpeg_hashes, outline_entries, reader


@pytest.fixture(scope="module")
def draft(sample, sample_checklist):
    pdf = report_of(sample, sample_checklist, page_size="Letter")
    return pdf, pdf_pages(pdf)


@pytest.fixture(scope="module")
def final(sample, sample_checklist):
    audit = finalized(sample)
    pdf = report_of(audit, sample_checklist, revision=8)
    return pdf, pdf_pages(pdf), audit


def test_every_bookmark_lands_on_the_page_with_its_title(draft):
    pdf, pages = draft
    entries = outline_entries(pdf)
    assert len(entries) >= 15
    assert len({page for _title, page in entries}) > 8  # not all on page 1
    for title, page in entries:
        assert flat(title) in flat(pages[page]), (title, page + 1)


def test_the_contents_link_each_part_to_its_page(draft):
    pdf, pages = draft
    contents = next(n for n, page in enumerate(pages) if "Contents" in page.splitlines())
    entries = [(text, target) for page, text, target in internal_links(pdf) if page == contents]
    titled = {text: target for text, target in entries if text}
    for title in (REGULATORY.summary, REGULATORY.findings, REGULATORY.photos, REGULATORY.sources):
        assert title in titled, titled
        assert title in pages[titled[title]].splitlines()
        assert f"{titled[title] + 1}" in pages[contents]  # the page number printed


def test_every_internal_link_lands_on_what_it_names(draft, sample):
    pdf, pages = draft
    links = internal_links(pdf)
    assert len(links) > 40 and all(target >= 0 for _page, _text, target in links)
    targets = {target for _page, _text, target in links}
    for number in range(1, len(sample.photo_refs()) + 1):
        caption = next(n for n, p in enumerate(pages) if re.search(rf"^Photo {number}\b", p, re.M))
        assert caption in targets, f"no link leads to photo {number}"
    statements_at = [n for n, p in enumerate(pages) if re.search(r"Violation \d+ of \d+", p)]
    evidence_at = next(n for n, p in enumerate(pages) if "Evidence of the findings" in p)
    back = {target for page, _text, target in links if page >= evidence_at}
    assert back & set(statements_at), "the photos link back to their violations"


def test_every_cited_source_key_is_in_the_source_list(draft):
    _pdf, pages = draft
    sources_at = max(n for n, p in enumerate(pages) if REGULATORY.sources in p.splitlines())
    cited = set(re.findall(r"\[(S\d+)\]", "\n".join(pages[:sources_at])))
    listed = set(re.findall(r"^\[(S\d+)\]", "\n".join(pages[sources_at:]), re.MULTILINE))
    assert cited and cited <= listed, sorted(cited - listed)


def statements(pages: list[str]) -> list[str]:
    text = flat(body_text(pages))
    listed = text.index(REGULATORY.findings)  # in the contents first
    start = text.index(REGULATORY.findings, listed + 1)
    end = text.index(REGULATORY.scores, start)
    return re.split(r"Violation \d+ of \d+", text[start:end])[1:]


def test_every_violation_states_its_basis_evidence_and_deadline(draft, sample, sample_checklist):
    _pdf, pages = draft
    summary = summarize(sample_checklist, sample)
    found = statements(pages)
    assert len(found) == len(summary.findings)
    for statement, finding in zip(found, summary.findings, strict=True):
        assert "Requirement:" in statement
        assert " requires " in statement or "Basis:" in statement
        assert "Not met, as evidenced by:" in statement
        assert f"Deadline: {flat(finding.deadline.text)}" in statement
        note = sample.response(finding.item_id).note.strip() if finding.item_id else ""
        if note:  # the inspector's observation is the evidence, not the requirement again
            assert f"Not met, as evidenced by: {flat(note)}" in statement
        for basis in finding.basis:
            assert basis.code in statement
    critical = found[0]
    assert "Correct by: Immediately" in critical and "29 CFR 1910.1030" in critical


def test_page_one_names_the_agency_case_hours_and_outcome(draft, sample):
    _pdf, pages = draft
    first = flat(pages[0])
    assert sample.agency.name in first
    assert sample.case_number in first and "Routine inspection" in first
    assert "09:30 – 12:45 CDT (America/Chicago)" in first
    assert sample.inspector.credential in first
    assert "A critical finding makes the outcome non-compliant whatever the score" in first
    legal = flat("\n".join(pages[:3]))
    notice = summarize_pack(sample)
    for text in (notice.authority, notice.right_to_respond, notice.not_final):
        assert flat(text)[:60] in legal
    assert "Re-inspection On or after" in legal


def summarize_pack(sample):
    from clinic_audit.checklist.packs import builtin_checklist_for

    return builtin_checklist_for(sample).pack.notice


def test_a_draft_says_draft_on_every_page_and_carries_no_signature(draft, sample):
    pdf, pages = draft
    assert all("DRAFT" in page for page in pages)
    assert image_count(pdf) == len(sample.photo_data) + 2  # photos, the logo and its mask
    text = flat("\n".join(pages))
    assert "Signatures are printed on the final report only" in text
    assert "Draft: not signed." in text
    for signature in sample.signatures:
        assert sample.signatures and squeezed(signature.record_sha256) not in squeezed(text)


def test_the_final_report_is_signed_and_has_its_own_id(draft, final, sample):
    pdf, pages, audit = final
    text = flat("\n".join(pages))
    assert not any("DRAFT" in page for page in pages)
    assert image_count(pdf) == len(sample.photo_data) + 2 + 4  # each signature and mask
    assert f"Report {sample.id[:8]}-F8" in pages[0]
    assert f"Report {sample.id[:8]}-D7" in draft[1][0]
    assert "this record as printed" in text
    assert "revision None" not in text  # a signature made outside a store has no revision
    assert "final notice, issued" in text


def test_every_time_printed_has_its_zone(draft):
    _pdf, pages = draft
    text = "\n".join(pages)
    times = re.findall(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?:\s+[A-Z]{2,5}\b)?", text)
    assert len(times) > 100
    assert all(re.search(r"\s(CST|CDT)$", t) for t in times), [
        t for t in times if not t.endswith(("CST", "CDT"))
    ][:5]


def test_no_placeholder_plurals_and_us_spelling(draft):
    _pdf, pages = draft
    text = "\n".join(pages)
    assert "(s)" not in text
    assert not re.search(r"\blicence", text, re.IGNORECASE)
    assert not re.search(r"\b1 days\b|\b1 violations\b", text)


def test_each_photo_prints_the_hash_of_the_jpeg_embedded(draft, sample):
    """The sample's photos are larger than they are printed, so the PDF holds print
    copies (none is a stored JPEG), and each copy's hash is printed with its photo."""
    pdf, pages = draft
    text = squeezed("\n".join(pages))
    embedded = jpeg_hashes(pdf)
    assert len(embedded) == len(sample.photo_refs())
    assert not embedded & {ref.jpeg_sha256 for _item, ref in sample.photo_refs()}
    for digest in embedded:
        assert squeezed(grouped(digest)) in text
    for _item, ref in sample.photo_refs():
        assert squeezed(grouped(ref.sha256)) in text


def test_failure_evidence_comes_before_the_other_photos(draft, sample, sample_checklist):
    _pdf, pages = draft
    text = flat(body_text(pages))
    evidence = text[text.rindex("Evidence of the findings") :]
    other = evidence.index("Other photos")
    failed = {i for i, r in sample.responses.items() if r.result.value == "fail"}
    for _item, ref in sample.photo_refs():
        at = evidence.index(flat(ref.caption))
        assert (at < other) == (_item in failed)


def test_failures_only_leaves_the_other_photos_out(sample, sample_checklist):
    pdf = report_of(sample, sample_checklist, failure_photos_only=True, full_resolution=True)
    failed = {i for i, r in sample.responses.items() if r.result.value == "fail"}
    kept = {ref.jpeg_sha256 for item, ref in sample.photo_refs() if item in failed}
    left_out = {ref.jpeg_sha256 for item, ref in sample.photo_refs() if item not in failed}
    assert jpeg_hashes(pdf) == kept and left_out
    assert "left out of this report" in flat("\n".join(pdf_pages(pdf)))


def test_every_font_is_embedded_and_xmp_names_the_record(draft, sample):
    pdf, _pages = draft
    used = fonts(pdf)
    assert used and all(embedded for _name, embedded in used), used
    assert not any("Helvetica" in name for name, _e in used)
    metadata = reader(pdf).xmp_metadata
    assert metadata is not None
    assert metadata.dc_title["x-default"].startswith(REGULATORY.document_title)
    raw = reader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert audit_digest(sample) in raw and f"{sample.id[:8]}-D7" in raw


def test_a_self_audit_has_no_legal_text_and_the_action_plan_first(sample, sample_checklist):
    from clinic_audit.audit.model import AuditKind
    from clinic_audit.files.sample import build_sample

    audit = build_sample(photos=2, audit_date=sample.audit_date, kind=AuditKind.SELF_AUDIT)
    weeks_later = dt.datetime(2026, 7, 20, 15, 0, tzinfo=dt.UTC)
    pages = pdf_pages(report_of(audit, sample_checklist, generated_at=weeks_later))
    text = flat("\n".join(pages))
    assert SELF_AUDIT.document_title in pages[0]
    assert REGULATORY.document_title not in text
    assert "Right to respond" not in text and "Violation" not in text
    assert text.index(SELF_AUDIT.summary) < text.index(SELF_AUDIT.findings)
    plan = text[text.index(SELF_AUDIT.summary, text.index(SELF_AUDIT.summary) + 1) :]
    for column in ("Action", "Who, by when", "Status", "Closing evidence"):
        assert column in plan
    assert "Done" in plan and "closed 2026-06-15" in plan
    assert "Overdue is as of 2026-07-20" in plan and plan.count("OVERDUE") == 3
    assert "Checked by the medical director" in plan
    assert audit.inspector.name in flat(pages[0])


def test_the_timeline_check_is_on_the_integrity_page(sample, sample_checklist):
    early = dt.datetime(2026, 6, 14, 12, 0, tzinfo=dt.UTC)
    pages = pdf_pages(report_of(sample, sample_checklist, generated_at=early))
    text = flat("\n".join(pages[-2:]))
    assert "Timeline check" in text and "before the inspection began" in text
    good = flat("\n".join(pdf_pages(report_of(sample, sample_checklist))[-2:]))
    assert "The record's times are consistent" in good


def test_without_an_agency_the_notice_says_so(sample, sample_checklist):
    audit = sample.model_copy(deep=True)
    audit.agency = None
    first = flat(pdf_pages(report_of(audit, sample_checklist))[0])
    assert "Issuing agency: not recorded in this audit" in first
    audit.agency = Agency(name="County Health", address="1 Main St")
    assert "County Health" in flat(pdf_pages(report_of(audit, sample_checklist))[0])
