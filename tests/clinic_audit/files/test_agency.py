"""The agency's settings file: written by Settings, read by --agency FILE."""

import io

import pytest
from PIL import Image

from clinic_audit.audit.model import Agency
from clinic_audit.files.agency import load_agency, save_agency
from clinic_audit.files.sample_images import logo_png
from clinic_audit.messages.catalogue import BadFileError


def test_saved_then_loaded_the_agency_is_the_same(tmp_path):
    agency = Agency(name="County Health", address="1 Main St\nTown, TX", logo_png=logo_png())
    path = save_agency(agency, tmp_path / "agency.yaml")
    assert (tmp_path / "agency-logo.png").exists()
    loaded = load_agency(path)
    assert loaded.name == "County Health" and loaded.address == "1 Main St\nTown, TX"
    assert Image.open(io.BytesIO(loaded.logo_png)).size == (240, 240)
    save_agency(loaded.model_copy(update={"logo_png": None}), path)
    assert not (tmp_path / "agency-logo.png").exists() and load_agency(path).logo_png is None


def test_a_big_jpeg_logo_is_made_a_small_png(tmp_path):
    big = io.BytesIO()
    Image.new("RGB", (3000, 1500), (20, 40, 90)).save(big, "JPEG")
    (tmp_path / "seal.jpg").write_bytes(big.getvalue())
    (tmp_path / "agency.yaml").write_text("name: County Health\nlogo: seal.jpg\n")
    logo = load_agency(tmp_path / "agency.yaml").logo_png
    assert logo.startswith(b"\x89PNG") and Image.open(io.BytesIO(logo)).size == (600, 300)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: County\nlogo: missing.png\n", "line 2, at logo: the logo"),
        ("name: County\nphone: [1, 2]\n", "line 2, at phone"),
        ("address: somewhere\n", "'name' is missing"),
        ("name: County\nfax: 123\n", "fax"),
    ],
)
def test_a_bad_settings_file_says_where_and_what(tmp_path, text, expected):
    (tmp_path / "agency.yaml").write_text(text)
    with pytest.raises(BadFileError) as error:
        load_agency(tmp_path / "agency.yaml")
    assert expected in str(error.value), str(error.value)
