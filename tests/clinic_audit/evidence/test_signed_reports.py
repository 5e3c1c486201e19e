"""Signed reports: made with a real PKI (certomancer), checked by clinic-audit verify and
by pyHanko's own validator; each kind of tampering is caught and named."""

from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from clinic_audit.checklist.packs import builtin_checklist_for
from clinic_audit.evidence.verify import Status, check_report, load_trust
from clinic_audit.reports import build_report
from clinic_audit.reports.build import Signing, build_signed_report
from clinic_audit.reports.photos import PortablePhotos
from clinic_audit.rules.scoring import summarize
from tests.reports.conftest import flat, pdf_pages

from .tampering import append_annotation, change_content_byte, delete_page


def signed(audit, signing, **options):
    checklist = builtin_checklist_for(audit)
    return build_signed_report(
        audit,
        checklist,
        summarize(checklist, audit),
        PortablePhotos(audit.photo_data),
        signing,
        **options,
    )


@pytest.fixture(scope="session")
def signed_pdf(final_sample, signing):
    pdf, plan = signed(final_sample, signing)
    assert plan is not None
    return pdf


def check(tmp_path, pdf, record=None, trust=None):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return check_report(path, record, trust)


def test_a_signed_report_verifies_valid_and_trusted_against_the_agency_ca(
    tmp_path, signed_pdf, final_sample, pki
):
    result = check(tmp_path, signed_pdf, final_sample, load_trust([str(pki.root_crt)]))
    assert result.status is Status.VALID, result.line()
    assert result.exit_code == 0
    assert result.trusted and result.signer == "Ivy Inspector"
    assert "covering the whole file" in result.reason


def test_without_the_ca_in_the_trust_list_the_signer_is_named_untrusted(tmp_path, signed_pdf):
    result = check(tmp_path, signed_pdf)
    assert result.status is Status.VALID and not result.trusted
    assert any("not trusted" in line for line in result.details)


def test_pyhankos_own_validator_accepts_the_signature(signed_pdf, pki):
    reader = PdfFileReader(io.BytesIO(signed_pdf))
    (signature,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=load_trust([str(pki.root_crt)]))
    status = validate_pdf_signature(signature, context)
    assert status.bottom_line, status.pretty_print_details()
    assert status.coverage.name == "ENTIRE_FILE"


def test_the_signoff_page_shows_the_signature_and_its_meaning(signed_pdf):
    text = flat(" ".join(pdf_pages(signed_pdf)))
    assert "Issued by the inspector. This report is signed digitally (PAdES B-B)" in text
    assert "This report is signed by Ivy Inspector" in text
    reader = PdfFileReader(io.BytesIO(signed_pdf))
    (signature,) = reader.embedded_signatures
    assert signature.sig_field["/Rect"]  # a visible field, not an invisible one
    assert signature.sig_object["/Reason"] == "Issued by the inspector"


def test_a_self_audit_is_approved_by_the_facility(final_sample, signing):
    from clinic_audit.audit.model import AuditKind

    audit = final_sample.model_copy(update={"kind": AuditKind.SELF_AUDIT})
    pdf, plan = signed(audit, signing)
    assert plan.meaning == "Approved by the facility"
    assert "Approved by the facility" in flat(" ".join(pdf_pages(pdf)))


def test_a_page_deleted_is_tampered(tmp_path, signed_pdf):
    result = check(tmp_path, delete_page(signed_pdf))
    assert result.status is Status.TAMPERED and result.exit_code == 3
    assert result.reason.startswith("signature")


def test_one_byte_changed_in_a_content_stream_is_tampered(tmp_path, signed_pdf):
    result = check(tmp_path, change_content_byte(signed_pdf))
    assert result.status is Status.TAMPERED, result.line()
    assert "signed bytes were changed" in result.reason


def test_an_incremental_update_after_signing_is_tampered(tmp_path, signed_pdf):
    result = check(tmp_path, append_annotation(signed_pdf))
    assert result.status is Status.TAMPERED, result.line()
    assert result.reason.startswith("signature coverage: ")
    assert "appended after signing" in result.reason


def test_another_record_is_a_mismatch(tmp_path, signed_pdf, final_sample):
    other = final_sample.model_copy(update={"case_number": "2026-999"})
    result = check(tmp_path, signed_pdf, other)
    assert result.status is Status.MISMATCH and result.exit_code == 3


def test_with_a_time_stamp_service_the_signature_is_b_t(
    tmp_path, final_sample, signer, tsa_url, pki
):
    pdf, plan = signed(final_sample, Signing(signer, tsa_url))
    assert plan.level == "PAdES B-T" and tsa_url in plan.why
    result = check(tmp_path, pdf, final_sample, load_trust([str(pki.root_crt)]))
    assert result.status is Status.VALID, result.line()
    assert result.timestamp is not None
    assert any(line.startswith("level PAdES B-T: time-stamped") for line in result.details)
    assert "Level: PAdES B-T" in flat(" ".join(pdf_pages(pdf)))


def test_an_unreachable_time_stamp_service_gives_b_b_with_the_reason_printed(
    tmp_path, final_sample, signer, unreachable_url
):
    pdf, plan = signed(final_sample, Signing(signer, unreachable_url))
    assert plan.level == "PAdES B-B"
    text = flat(" ".join(pdf_pages(pdf)))
    assert f"The time-stamp service {unreachable_url} did not answer" in text
    result = check(tmp_path, pdf)
    assert result.status is Status.VALID and result.timestamp is None
    assert any(line.startswith("level PAdES B-B") for line in result.details)


def test_a_draft_is_never_signed_and_says_so(tmp_path, signing):
    from clinic_audit.files.sample import build_sample

    draft = build_sample(photos=1)
    pdf, plan = signed(draft, signing)
    assert plan is None
    assert "This report is UNSIGNED: a draft is never signed." in flat(" ".join(pdf_pages(pdf)))
    result = check(tmp_path, pdf, draft)
    assert result.status is Status.UNSIGNED and result.exit_code == 4
    assert result.reason.startswith("unsigned (a draft, never signed; ")


def test_a_final_report_built_without_a_key_is_unsigned_not_legacy(tmp_path, final_sample):
    from clinic_audit.reports.build import write_report

    record = tmp_path / "final.json"
    record.write_bytes(final_sample.model_dump_json().encode())
    written = write_report(portable_file=record, output=tmp_path / "nokey.pdf")
    result = check_report(written.path, final_sample)
    assert result.status is Status.UNSIGNED and result.exit_code == 4
    assert result.reason.startswith("unsigned (built without a signing key; ")


def test_a_legacy_unsigned_report_gets_the_legacy_verdict(tmp_path, final_sample):
    checklist = builtin_checklist_for(final_sample)
    pdf = build_report(
        final_sample,
        checklist,
        summarize(checklist, final_sample),
        PortablePhotos(final_sample.photo_data),
    )
    result = check(tmp_path, pdf, final_sample)
    assert result.status is Status.UNSIGNED
    assert result.reason.startswith("legacy, unsigned (made before reports were signed): ")
    assert "only the printed hash can be checked, and it matches" in result.reason
    assert result.exit_code not in (0, 3)


def test_pyhankos_command_line_judges_the_signature_valid(tmp_path, signed_pdf, pki):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    pyhanko = shutil.which("pyhanko", path=str(Path(sys.executable).parent))
    if pyhanko is None:
        pytest.skip("pyhanko-cli is not installed")
    report = tmp_path / "signed.pdf"
    report.write_bytes(signed_pdf)
    result = subprocess.run(
        [pyhanko, "sign", "validate", "--pretty-print", "--no-revocation-check"]
        + ["--trust", str(pki.root_crt), "--trust-replace", str(report)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The signature is judged VALID." in result.stdout
    assert "The signature covers the entire file." in result.stdout
