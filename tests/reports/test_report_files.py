"""build_report_file and `clinic-audit report`: from the store or a portable file, to a file;
bad input refused with a message; the font fallback never stops a report."""

import warnings

import pytest

from clinic_audit.cli import main as cli
from clinic_audit.files.portable import import_audit
from clinic_audit.files.verify import verify
from clinic_audit.messages.catalogue import BadFileError
from clinic_audit.reports import build_report, build_report_file, fonts
from clinic_audit.store.database import Store, StoreError

from .conftest import flat, pdf_pages, report_inputs, small_audit


@pytest.fixture
def sample_file(tmp_path, sample):
    path = tmp_path / "sample.json"
    path.write_bytes(sample.model_dump_json().encode())
    return path


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "store.sqlite3", create=True)
    yield store
    store.close()


def test_report_from_a_portable_file_verifies_against_it(tmp_path, sample_file, sample):
    out = build_report_file(portable_file=sample_file, output=tmp_path / "r.pdf")
    assert out == tmp_path / "r.pdf"
    assert verify(out, sample).matches
    assert not list(tmp_path.glob(".*.part"))


def test_report_from_the_store_uses_stored_photos(tmp_path, store, sample_file, sample):
    audit = import_audit(store, sample_file.read_bytes(), "sample.json", "tester")
    out = build_report_file(
        store=store,
        audit_id=audit.id,
        output=tmp_path / "r.pdf",
        page_size="Letter",
        full_resolution=True,
    )
    pdf = out.read_bytes()
    for jpeg in sample.photo_data.values():
        assert jpeg in pdf
    assert verify(out, store.get(audit.id)).matches
    small = build_report_file(store=store, audit_id=audit.id, output=tmp_path / "s.pdf")
    assert small.stat().st_size < len(pdf) / 2
    assert verify(small, store.get(audit.id)).matches


def test_unknown_audit_id_is_a_store_error(tmp_path, store):
    with pytest.raises(StoreError, match="No audit with the id"):
        build_report_file(store=store, audit_id="f" * 32, output=tmp_path / "r.pdf")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "the file does not exist"),
        (b"{not json", "not valid JSON"),
        (b"[]", "not a mapping"),
    ],
)
def test_bad_portable_files_are_refused(tmp_path, content, message):
    source = tmp_path / "audit.json"
    if content is not None:
        source.write_bytes(content)
    with pytest.raises(BadFileError, match=message):
        build_report_file(portable_file=source, output=tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_audit_of_an_unknown_checklist_is_refused(tmp_path, sample):
    other = sample.model_copy(update={"checklist_version": "9.9.9"})
    source = tmp_path / "audit.json"
    source.write_bytes(other.model_dump_json().encode())
    with pytest.raises(BadFileError, match="version 9.9.9, which is not installed"):
        build_report_file(portable_file=source, output=tmp_path / "r.pdf")


@pytest.mark.parametrize(
    ("name", "message"), [("missing/r.pdf", "does not exist"), (".", "it is a folder")]
)
def test_unwritable_output_is_refused_with_a_reason(tmp_path, sample_file, name, message):
    with pytest.raises(BadFileError, match=message) as refused:
        build_report_file(portable_file=sample_file, output=tmp_path / name)
    assert "Choose another name or folder" in str(refused.value)


def test_cli_report_writes_the_pdf_and_refuses_bad_input(tmp_path, sample_file, capsys):
    out = tmp_path / "report.pdf"
    assert cli.main(["report", str(sample_file), "-o", str(out), "--page-size", "Letter"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert cli.main(["report", str(tmp_path / "none.json"), "-o", str(out)]) == 2
    error = capsys.readouterr().err
    assert "none.json: the file does not exist" in error and "Traceback" not in error


def test_cli_report_takes_the_pack_paper_a_photo_choice_and_an_agency(
    tmp_path, sample_file, sample, capsys
):
    from pypdf import PdfReader

    out = tmp_path / "notice.pdf"
    assert cli.main(["report", str(sample_file), "-o", str(out), "--photos", "failures"]) == 0
    reader = PdfReader(out)
    assert round(float(reader.pages[0].mediabox.width)) == 612  # Texas: US Letter
    assert "left out of this report" in flat("\n".join(p.extract_text() for p in reader.pages))
    record = sample.model_copy(deep=True)
    record.agency = None
    bare = tmp_path / "no-agency.json"
    bare.write_bytes(record.model_dump_json().encode())
    settings = tmp_path / "agency.yaml"
    settings.write_text("name: Tri-County Health District\naddress: 9 Elm St\n")
    assert cli.main(["report", str(bare), "-o", str(out), "--agency", str(settings)]) == 0
    first = flat(PdfReader(out).pages[0].extract_text())
    assert "Tri-County Health District" in first and "9 Elm St" in first
    assert verify(out, record).matches  # the letterhead is not the record
    settings.write_text("name: [not, a, name]\n")
    assert cli.main(["report", str(bare), "-o", str(out), "--agency", str(settings)]) == 2
    assert "agency.yaml, line 1, at name" in capsys.readouterr().err


def test_cli_sample_takes_an_agency_and_stays_signed(tmp_path, capsys):
    from clinic_audit.files.integrity import signature_is_current
    from clinic_audit.files.portable import parse_portable

    settings = tmp_path / "agency.yaml"
    settings.write_text("name: Tri-County Health District\n")
    out = tmp_path / "sample.json"
    assert cli.main(["sample", "-o", str(out), "--photos", "1", "--agency", str(settings)]) == 0
    assert "(1 photo)" in capsys.readouterr().out
    audit = parse_portable(out.read_bytes(), str(out))
    assert audit.agency.name == "Tri-County Health District"
    assert all(signature_is_current(audit, s) for s in audit.signatures)


@pytest.fixture
def no_dejavu(monkeypatch):
    monkeypatch.setattr(fonts, "find_dejavu", lambda: {})
    fonts.load_fonts.cache_clear()
    yield
    fonts.load_fonts.cache_clear()


def test_without_dejavu_the_report_warns_and_still_builds(checklist, no_dejavu):
    audit = small_audit(checklist, note="Nguyễn & <b>Peña</b> שלום 😀 fail")
    with pytest.warns(fonts.FontFallbackWarning, match="fonts-dejavu-core"):
        pdf = build_report(*report_inputs(checklist, audit))
    text = flat("\n".join(pdf_pages(pdf)))
    assert "& <b>Pe" in text and "X FAIL" in text
    assert b"Helvetica" in pdf and b"DejaVu" not in pdf


def test_a_broken_font_file_falls_back_too(tmp_path, checklist, monkeypatch):
    broken = tmp_path / "DejaVuSans.ttf"
    broken.write_bytes(b"not a font")
    monkeypatch.setattr(fonts, "find_dejavu", lambda: dict.fromkeys(fonts.REQUIRED, broken))
    fonts.load_fonts.cache_clear()
    try:
        with pytest.warns(fonts.FontFallbackWarning, match="could not be read"):
            build_report(*report_inputs(checklist, small_audit(checklist)))
    finally:
        fonts.load_fonts.cache_clear()


def test_dejavu_is_found_and_embedded(checklist):
    fonts.load_fonts.cache_clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error", fonts.FontFallbackWarning)
        pdf = build_report(*report_inputs(checklist, small_audit(checklist)))
    assert b"DejaVuSans" in pdf and b"/FontFile2" in pdf
