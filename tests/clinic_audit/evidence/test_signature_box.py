"""The visible signature is drawn in the report's own font, so a signer's name outside
Latin-1 prints as it is, at the font's real letter widths (a rendering once showed the
letters of a 2048-units font set twice as far apart)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from clinic_audit.checklist.packs import builtin_checklist_for
from clinic_audit.evidence.keys import write_self_signed
from clinic_audit.evidence.plan import SIGNATURE_FIELD
from clinic_audit.evidence.signing import latin1, load_signer
from clinic_audit.evidence.verify import Status, check_report
from clinic_audit.reports.build import Signing, build_signed_report
from clinic_audit.reports.fonts import stamp_font_file
from clinic_audit.reports.photos import PortablePhotos
from clinic_audit.rules.scoring import summarize

NAME = "Łukasz Żółć"


def appearance(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            if widget.get("/T") == SIGNATURE_FIELD:
                return widget["/AP"]["/N"].get_object()
    raise AssertionError("no signature widget")


def actual_text(stream) -> list[str]:
    from pypdf.generic import ContentStream

    return [
        str(operands[1]["/ActualText"])
        for operands, operator in ContentStream(stream, None).operations
        if operator == b"BDC" and "/ActualText" in operands[1]
    ]


@pytest.mark.skipif(stamp_font_file() is None, reason="DejaVu Sans is not installed")
def test_a_name_outside_latin_1_is_drawn_in_the_reports_font(tmp_path, final_sample):
    key = tmp_path / "pl.p12"
    write_self_signed(key, NAME, b"pw")
    checklist = builtin_checklist_for(final_sample)
    pdf, plan = build_signed_report(
        final_sample,
        checklist,
        summarize(checklist, final_sample),
        PortablePhotos(final_sample.photo_data),
        Signing(load_signer(key, b"pw")),
    )
    assert plan is not None and plan.signer == NAME
    stream = appearance(pdf)
    fonts = list(stream["/Resources"]["/Font"].values())
    assert len(fonts) == 1
    font = fonts[0].get_object()
    assert font["/Subtype"] == "/Type0" and "DejaVuSans" in font["/BaseFont"]
    widths = font["/DescendantFonts"][0].get_object()["/W"]
    letter_widths = [w for entry in widths[1::2] for w in entry]
    assert max(letter_widths) < 1000  # thousandths of the font size, as PDF reads them
    assert f"Signed by: {NAME}" in actual_text(stream)  # what a reader copies out
    path = tmp_path / "pl.pdf"
    path.write_bytes(pdf)
    assert check_report(path).status is Status.VALID


def test_without_the_font_the_courier_box_folds_the_name_to_latin_1():
    assert latin1(NAME) == "Lukasz Zólc"  # ó is Latin-1
    assert latin1("Zoë Ngọc محمد") == "Zoë Ngoc ????"
