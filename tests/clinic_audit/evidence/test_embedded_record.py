"""The record inside the report: embedded as associated files before signing, checked
against what is printed, and imported back from the report alone."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from pypdf import PdfReader

from clinic_audit.checklist.packs import builtin_checklist_for
from clinic_audit.cli.main import main
from clinic_audit.evidence.importing import import_report
from clinic_audit.evidence.record import MANIFEST_FILE, PHOTO_FILE, RECORD_FILE
from clinic_audit.evidence.verify import Status, check_report
from clinic_audit.files.integrity import audit_digest
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, message
from clinic_audit.reports.build import write_report
from clinic_audit.store.database import Store
from tests.reports.pdf_reading import jpeg_hashes

from .tampering import attachment, replace_attachment


@pytest.fixture
def sample_file(tmp_path, final_sample):
    path = tmp_path / "final.json"
    path.write_bytes(final_sample.model_dump_json().encode())
    return path


def report(tmp_path, sample_file, name="r.pdf", **options) -> bytes:
    return write_report(
        portable_file=sample_file, output=tmp_path / name, **options
    ).path.read_bytes()


def check(tmp_path, pdf, record=None):
    path = tmp_path / "checked.pdf"
    path.write_bytes(pdf)
    return check_report(path, record)


def test_the_record_and_photo_list_are_associated_files_of_the_signed_report(
    tmp_path, sample_file, signing, final_sample
):
    pdf = report(tmp_path, sample_file, signing=signing)
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    associated = [spec.get_object() for spec in root["/AF"]]
    assert {spec["/UF"] for spec in associated} == {RECORD_FILE, MANIFEST_FILE}
    assert {spec["/AFRelationship"] for spec in associated} == {"/Source"}
    record = json.loads(attachment(pdf, RECORD_FILE))
    assert record["id"] == final_sample.id and record["photo_data"] == {}
    photos = json.loads(attachment(pdf, MANIFEST_FILE))["photos"]
    refs = [ref for _item, ref in final_sample.photo_refs()]
    assert [p["sha256"] for p in photos] == [ref.sha256 for ref in refs]
    pdf_images = jpeg_hashes(pdf)
    for entry, ref in zip(photos, refs, strict=True):  # print copies, smaller than stored
        assert entry["printed_sha256"] != entry["jpeg_sha256"] == ref.jpeg_sha256
        assert entry["printed_sha256"] in pdf_images
        assert entry["printed_size"][0] < ref.width
    assert not any(p["embedded"] for p in photos)
    result = check(tmp_path, pdf, final_sample)
    assert result.status is Status.VALID, result.line()
    assert any(f"{len(refs)} photos match their printed images" in line for line in result.details)


def test_full_evidence_embeds_the_stored_photos(tmp_path, sample_file, final_sample):
    pdf = report(tmp_path, sample_file, full_evidence=True)
    for _item, ref in final_sample.photo_refs():
        stored = attachment(pdf, PHOTO_FILE.format(jpeg_sha256=ref.jpeg_sha256))
        assert stored == final_sample.photo_data[ref.sha256]


def test_a_swapped_embedded_photo_is_tampered_signed_or_not(
    tmp_path, sample_file, signing, final_sample
):
    ref = final_sample.photo_refs()[0][1]
    name = PHOTO_FILE.format(jpeg_sha256=ref.jpeg_sha256)
    other = final_sample.photo_data[final_sample.photo_refs()[1][1].sha256]
    signed = report(tmp_path, sample_file, "s.pdf", signing=signing, full_evidence=True)
    result = check(tmp_path, replace_attachment(signed, name, other))
    assert result.status is Status.TAMPERED and result.reason.startswith("signature check")
    unsigned = report(tmp_path, sample_file, "u.pdf", full_evidence=True)
    result = check(tmp_path, replace_attachment(unsigned, name, other))
    assert result.status is Status.TAMPERED, result.line()
    assert result.reason.startswith(f"embedded photo {ref.jpeg_sha256[:12]}")


def test_an_edited_embedded_record_is_tampered_signed_or_not(tmp_path, sample_file, signing):
    signed = report(tmp_path, sample_file, "s.pdf", signing=signing)
    record = json.loads(attachment(signed, RECORD_FILE))
    record["facility"]["name"] = "Another Clinic"
    edited = json.dumps(record).encode()
    result = check(tmp_path, replace_attachment(signed, RECORD_FILE, edited))
    assert result.status is Status.TAMPERED and result.reason.startswith("signature check")
    unsigned = report(tmp_path, sample_file, "u.pdf")
    result = check(tmp_path, replace_attachment(unsigned, RECORD_FILE, edited))
    assert result.status is Status.TAMPERED, result.line()
    assert result.reason.startswith("embedded record: its SHA-256 is ")
    assert result.exit_code == 3


def test_import_report_restores_the_audit_with_the_same_record_hash(
    tmp_path, sample_file, signing, final_sample
):
    """With full resolution the report prints the stored JPEGs, so they come back."""
    pdf = report(tmp_path, sample_file, signing=signing, full_resolution=True)
    with Store.open(tmp_path / "new.sqlite3", create=True) as store:
        audit, inside = import_report(store, pdf, "r.pdf", "tester")
        assert audit_digest(store.get(audit.id)) == audit_digest(final_sample)
        assert len(inside.printed) == len(final_sample.photo_refs())
        for _item, ref in final_sample.photo_refs():
            assert store.photo_jpeg(ref.sha256) == final_sample.photo_data[ref.sha256]


def test_a_default_report_imports_with_its_print_copies_in_place_of_the_stored_photos(
    tmp_path, sample_file, final_sample
):
    pdf = report(tmp_path, sample_file)
    with Store.open(tmp_path / "new.sqlite3", create=True) as store:
        audit, inside = import_report(store, pdf, "r.pdf", "tester")
        imported = store.get(audit.id)
        assert len(inside.print_copies) == len(final_sample.photo_refs())
        assert audit_digest(imported) != audit_digest(final_sample)
        for (_item, ref), (_same, before) in zip(
            imported.photo_refs(), final_sample.photo_refs(), strict=True
        ):
            assert ref.sha256 == before.sha256 and ref.caption == before.caption
            assert ref.width < before.width and ref.jpeg_sha256 != before.jpeg_sha256
            jpeg = store.photo_jpeg(ref.sha256)
            assert jpeg == inside.print_copies[ref.sha256]
            assert hashlib.sha256(jpeg).hexdigest() == ref.jpeg_sha256


def test_import_of_a_report_from_the_command_line_says_where_photos_came_from(
    tmp_path, sample_file, final_sample, monkeypatch, capsys
):
    monkeypatch.setenv("CLINIC_AUDIT_DB", str(tmp_path / "cli.sqlite3"))
    report(tmp_path, sample_file)
    assert main(["--create", "import", str(tmp_path / "r.pdf")]) == 0
    out = capsys.readouterr().out
    assert "from the record in the report" in out
    assert "0 of 3 photos came back as stored (printed byte for byte)" in out
    assert "3 as print copies" in out and "its SHA-256 differs" in out
    checklist = builtin_checklist_for(final_sample)
    item, ref = final_sample.photo_refs()[0]
    assert f"  {ref.filename} (item {checklist.label_of(item)}): print copy" in out
    report(tmp_path, sample_file, "full.pdf", full_resolution=True)
    monkeypatch.setenv("CLINIC_AUDIT_DB", str(tmp_path / "other.sqlite3"))
    assert main(["--create", "import", str(tmp_path / "full.pdf")]) == 0
    out = capsys.readouterr().out
    assert "3 of 3 photos came back as stored (printed byte for byte)" in out


def test_a_report_without_some_photos_imports_only_with_full_evidence(tmp_path):
    from clinic_audit.checklist.model import Result
    from clinic_audit.files.sample import build_sample

    from .conftest import finalized

    final_sample = finalized(build_sample(photos=6))
    sample_file = tmp_path / "six.json"
    sample_file.write_bytes(final_sample.model_dump_json().encode())
    passed = [
        ref
        for item, ref in final_sample.photo_refs()
        if final_sample.response(item).result != Result.FAIL
    ]
    assert passed  # the sample has a photo on an item that passed
    pdf = report(tmp_path, sample_file, "f.pdf", failure_photos_only=True)
    with Store.open(tmp_path / "a.sqlite3", create=True) as store:
        with pytest.raises(BadFileError) as caught:
            import_report(store, pdf, "f.pdf", "tester")
        assert message(ErrorCode.REPORT_PHOTOS_MISSING, count=len(passed)) in str(caught.value)
    pdf = report(tmp_path, sample_file, "g.pdf", failure_photos_only=True, full_evidence=True)
    with Store.open(tmp_path / "b.sqlite3", create=True) as store:
        audit, inside = import_report(store, pdf, "g.pdf", "tester")
        assert len(inside.embedded) == len(final_sample.photo_refs())
        assert audit_digest(store.get(audit.id)) == audit_digest(final_sample)


def test_a_tampered_report_is_not_imported(tmp_path, sample_file, signing):
    from .tampering import change_content_byte

    pdf = change_content_byte(report(tmp_path, sample_file, signing=signing))
    with Store.open(tmp_path / "a.sqlite3", create=True) as store:
        with pytest.raises(BadFileError) as caught:
            import_report(store, pdf, "r.pdf", "tester")
        assert "the report was changed after it was made" in str(caught.value)
