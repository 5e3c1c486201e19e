"""The portable audit file: export and import round-trip; bad files are refused whole."""

import base64
import json

import pytest

from clinic_audit.messages import BadFileError
from clinic_audit.portable import export_audit, import_audit, parse_portable
from clinic_audit.sample import build_sample

from .conftest import AUDIT_DAY


@pytest.fixture(scope="module")
def sample_bytes():
    return build_sample(photos=2, audit_date=AUDIT_DAY).model_dump_json().encode()


def test_export_import_round_trip(tmp_path, sample_bytes):
    from clinic_audit.store import Store

    first = Store.open(tmp_path / "a.sqlite3", create=True)
    audit = import_audit(first, sample_bytes, "sample.json", "tester")
    exported = export_audit(first, audit.id)
    document = json.loads(exported)
    assert document["facility"]["name"] == "Lumen Skin & Laser Studio"
    second = Store.open(tmp_path / "b.sqlite3", create=True)
    again = import_audit(second, exported, "export.json", "tester")
    assert again == audit
    for _item, ref in again.photo_refs():
        assert second.photo_jpeg(ref.sha256) == first.photo_jpeg(ref.sha256)


def codes_of(data: bytes):
    with pytest.raises(BadFileError) as caught:
        parse_portable(data, "in.json")
    return [p.code for p in caught.value.problems]


def test_truncated_and_non_json(sample_bytes):
    assert codes_of(sample_bytes[: len(sample_bytes) // 2]) == ["audit_not_json"]
    assert codes_of(b"\x89PNG\r\n\x1a\n\x00\x00") == ["file_not_utf8"]
    assert codes_of(b"") == ["file_empty"]
    assert codes_of(b"[1, 2]") == ["yaml_not_mapping"]


def test_wrong_schema_names_the_field(sample_bytes):
    document = json.loads(sample_bytes)
    document["facility"]["nmae"] = document["facility"].pop("name")
    with pytest.raises(BadFileError) as caught:
        parse_portable(json.dumps(document).encode(), "in.json")
    messages = [str(p) for p in caught.value.problems]
    assert any("facility.nmae" in m and "Did you mean 'name'?" in m for m in messages)


def test_tampered_photo_is_refused(sample_bytes):
    document = json.loads(sample_bytes)
    sha = next(iter(document["photo_data"]))
    jpeg = bytearray(base64.b64decode(document["photo_data"][sha]))
    jpeg[-10] ^= 0xFF
    document["photo_data"][sha] = base64.b64encode(bytes(jpeg)).decode()
    assert codes_of(json.dumps(document).encode()) == ["audit_photo_mismatch"]


def test_missing_photo_is_refused(sample_bytes):
    document = json.loads(sample_bytes)
    document["photo_data"].pop(next(iter(document["photo_data"])))
    assert codes_of(json.dumps(document).encode()) == ["audit_photo_missing"]


def test_unknown_checklist_version_imports_nothing(store, sample_bytes):
    document = json.loads(sample_bytes)
    document["checklist_version"] = "9.9.9"
    with pytest.raises(BadFileError, match="version 9.9.9, which is not installed"):
        import_audit(store, json.dumps(document).encode(), "in.json", "tester")
    assert store.list() == []


def test_importing_twice_is_refused(store, sample_bytes):
    import_audit(store, sample_bytes, "in.json", "tester")
    with pytest.raises(BadFileError, match="already in the store"):
        import_audit(store, sample_bytes, "in.json", "tester")
    assert len(store.list()) == 1


def test_embedded_photo_that_is_not_an_image_is_refused(sample_bytes):
    import hashlib

    document = json.loads(sample_bytes)
    sha = next(iter(document["photo_data"]))
    fake = b"MZ\x90\x00 definitely not a jpeg"
    document["photo_data"][sha] = base64.b64encode(fake).decode()
    for response in document["responses"].values():
        for photo in response["photos"]:
            if photo["sha256"] == sha:
                photo["jpeg_sha256"] = hashlib.sha256(fake).hexdigest()
    assert codes_of(json.dumps(document).encode()) == ["audit_photo_not_image"]


def test_oversized_file_is_refused_before_parsing(monkeypatch, sample_bytes):
    import clinic_audit.portable as portable

    monkeypatch.setattr(portable, "MAX_FILE_BYTES", len(sample_bytes) - 1)
    assert codes_of(sample_bytes) == ["file_too_large"]


def test_bad_base64_is_refused(sample_bytes):
    document = json.loads(sample_bytes)
    document["photo_data"][next(iter(document["photo_data"]))] = "not base64 at all!"
    assert codes_of(json.dumps(document).encode()) == ["invalid"]
