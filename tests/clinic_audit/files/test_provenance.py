"""Photo provenance (capture time with its zone, device, who attached it) and what drawn
signatures say: optional later fields, so old records keep their digests."""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image

from clinic_audit.audit.model import PhotoRef, SignatureRole
from clinic_audit.checklist.packs import builtin_checklist_for
from clinic_audit.files.integrity import audit_digest
from clinic_audit.files.photos import normalize
from clinic_audit.files.sample import build_sample
from tests.reports.conftest import GENERATED, finalized, flat, pdf_pages, report_of


def jpeg_with_exif(offset: str | None = "+02:00") -> bytes:
    image = Image.new("RGB", (80, 60), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS R6"
    ifd = exif.get_ifd(0x8769)
    ifd[0x9003] = "2026:06:15 10:30:00"
    if offset is not None:
        ifd[0x9011] = offset
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_exif_capture_zone_and_device_are_read():
    photo = normalize(jpeg_with_exif(), "cam.jpg")
    assert photo.taken_at == dt.datetime(2026, 6, 15, 10, 30)
    assert photo.taken_offset == "+02:00"
    assert (photo.camera_make, photo.camera_model) == ("Canon", "EOS R6")


def test_a_photo_without_a_zone_or_with_a_bad_one_has_none():
    assert normalize(jpeg_with_exif(None), "a.jpg").taken_offset is None
    assert normalize(jpeg_with_exif("+99:00"), "b.jpg").taken_offset is None


def test_the_service_records_who_attached_a_photo(service, draft, checklist):
    item = checklist.items()[0][1].id
    audit = service.attach_photo(draft.id, item, jpeg_with_exif(), "cam.jpg")
    ref = audit.response(item).photos[0]
    assert ref.attached_by == "tester"
    assert (ref.taken_offset, ref.camera_make, ref.camera_model) == ("+02:00", "Canon", "EOS R6")


def test_empty_provenance_leaves_the_digest_as_it_was():
    audit = build_sample(photos=2)
    bare = audit.model_copy(deep=True)
    for _item, ref in bare.photo_refs():
        ref.taken_offset = ref.camera_make = ref.camera_model = ref.attached_by = None
    assert {"taken_offset", "camera_make", "camera_model", "attached_by"} <= set(
        PhotoRef.model_fields
    )
    assert audit_digest(bare) != audit_digest(audit)  # set, they are covered
    old_style = bare.model_dump(mode="json")
    for _item, response in old_style["responses"].items():
        for photo in response["photos"]:
            for name in ("taken_offset", "camera_make", "camera_model", "attached_by"):
                del photo[name]
    from clinic_audit.files.portable import PortableAudit

    assert audit_digest(PortableAudit.model_validate(old_style)) == audit_digest(bare)


def test_the_photo_appendix_prints_zone_device_and_attacher():
    audit = finalized(build_sample(photos=2))
    text = flat(" ".join(pdf_pages(report_of(audit, builtin_checklist_for(audit)))))
    assert "(camera clock, its zone UTC-06:00)" in text
    assert "Device: Apple iPhone 14" in text
    assert f"by {audit.inspector.name}" in text


def test_drawn_signatures_print_role_meaning_and_revision():
    audit = finalized(build_sample(photos=0))
    text = flat(" ".join(pdf_pages(report_of(audit, builtin_checklist_for(audit)))))
    assert "Meaning: inspected the facility and issued this notice" in text
    assert "Meaning: received a copy" in text
    assert "Role: " in text
    signature = audit.signature(SignatureRole.INSPECTOR)
    assert signature is not None and signature.meaning  # recorded when given
    # the report prints the meaning recorded; one made before meanings were recorded
    # prints its role's
    recorded = audit.model_copy(deep=True)
    recorded.signatures[0].meaning = "inspected, and left a copy on site"
    recorded.signatures[1].meaning = ""
    again = flat(" ".join(pdf_pages(report_of(recorded, builtin_checklist_for(recorded)))))
    assert "Meaning: inspected, and left a copy on site" in again
    assert "Meaning: received a copy" in again
    if signature.record_revision is not None:
        assert f"record revision {signature.record_revision}" in text
    assert GENERATED  # the report's time is fixed (conftest)
