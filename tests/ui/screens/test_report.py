"""Screen 7: build the PDF with a visible progress bar, then open it."""

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample
from clinic_audit.ui import preferences
from clinic_audit.ui.screens.report import ReportScreen
from tests.ui.a11y import unnamed_controls
from tests.ui.conftest import SAMPLE_DAY

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def screen(qtbot, app_ctx, sample_audit, tmp_path):
    app_ctx.settings.setValue(preferences.LAST_FOLDER, str(tmp_path))
    screen = ReportScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(900, 500)
    screen.show()
    qtbot.waitExposed(screen)
    screen.show_audit(sample_audit.id)
    yield screen
    screen.runner.wait(10_000)


def test_every_control_has_an_accessible_name(screen):
    assert unnamed_controls(screen) == []


def test_the_report_is_suggested_in_the_reports_folder_of_the_documents(screen, tmp_path):
    import os

    folder = Path(os.environ["XDG_DOCUMENTS_DIR"]) / "Clinic Audit reports"
    assert screen.path_edit.text() == str(folder / "lumen-skin-laser-studio-2026-06-15-audit.pdf")
    assert "still a draft" in screen.about_label.text()


def test_the_first_report_makes_the_reports_folder(qtbot, screen):
    target = Path(screen.path_edit.text())
    assert not target.parent.exists()
    qtbot.mouseClick(screen.build_button, LEFT)
    qtbot.waitUntil(lambda: screen.open_button.isVisible(), timeout=60_000)
    assert target.is_file() and target.read_bytes().startswith(b"%PDF")


def test_build_shows_progress_then_offers_to_open_the_pdf(
    qtbot, screen, app_ctx, tmp_path, monkeypatch
):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    screen.page_size.setCurrentIndex(screen.page_size.findData("Letter"))
    output = tmp_path / "out" / "lumen.pdf"
    output.parent.mkdir()
    screen.path_edit.setText(str(output))
    with qtbot.waitSignal(screen.runner.started):
        qtbot.mouseClick(screen.build_button, LEFT)
    assert screen.progress.isVisible() and not screen.build_button.isEnabled()
    qtbot.waitUntil(lambda: screen.open_button.isVisible(), timeout=60_000)
    assert not screen.progress.isVisible() and screen.build_button.isEnabled()
    assert str(output) in screen.status_label.text()
    width_points = PdfReader(output).pages[0].mediabox.width
    assert round(width_points) == 612  # US Letter
    assert not app_ctx.settings.value(preferences.PAGE_SIZE)  # this report's; Settings' stays
    assert preferences.report_folder(app_ctx.settings) == output.parent  # not the photos'
    assert preferences.last_folder(app_ctx.settings) != str(output.parent)
    qtbot.mouseClick(screen.open_button, LEFT)
    assert [u.toLocalFile() for u in opened] == [str(output)]


def test_a_failed_build_says_why_and_allows_another_try(qtbot, screen, tmp_path):
    screen.path_edit.setText(str(tmp_path / "missing-folder" / "r.pdf"))
    with qtbot.waitSignal(screen.runner.failed, timeout=60_000):
        qtbot.mouseClick(screen.build_button, LEFT)
    assert screen.status_label.text().startswith("No report was built. ")
    assert "does not exist" in screen.status_label.text()
    assert screen.build_button.isEnabled() and not screen.progress.isVisible()
    assert not screen.open_button.isVisible()


def test_an_empty_path_is_refused_before_building(qtbot, screen):
    screen.path_edit.clear()
    qtbot.mouseClick(screen.build_button, LEFT)
    assert "Choose where to save" in screen.status_label.text()
    assert not screen.runner.busy


def test_the_screen_stays_usable_while_a_slow_build_runs(qtbot, screen, tmp_path):
    release = threading.Event()

    def slow(**kwargs):
        assert release.wait(10)
        return kwargs["output"]

    screen.runner.find_builder = lambda: slow
    screen.path_edit.setText(str(tmp_path / "slow.pdf"))
    qtbot.mouseClick(screen.build_button, LEFT)
    assert screen.progress.isVisible()
    qtbot.keyClicks(screen.path_edit, "x")  # the GUI still takes typing
    assert screen.path_edit.text().endswith("slow.pdfx")
    with qtbot.waitSignal(screen.runner.finished):
        release.set()
    assert screen.open_button.isVisible()


def test_the_paper_follows_the_pack_and_the_photos_can_be_the_evidence_only(
    qtbot, screen, app_ctx, tmp_path
):
    audit = six_photo_draft(app_ctx)
    screen.show_audit(audit.id)
    assert screen.page_size.currentData() == "Letter"  # the Texas pack's, none chosen yet
    screen.photos.setCurrentIndex(screen.photos.findData(True))
    output = tmp_path / "evidence-only.pdf"
    screen.path_edit.setText(str(output))
    with qtbot.waitSignal(screen.runner.finished, timeout=60_000):
        qtbot.mouseClick(screen.build_button, LEFT)
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(output).pages).split())
    failed = {i for i, r in audit.responses.items() if r.result.value == "fail"}
    others = [ref for item, ref in audit.photo_refs() if item not in failed]
    assert others and f"{len(others)} other photo" in text
    assert "left out of this report" in text


def test_a_finalized_audit_is_signed_with_the_key_set_in_settings(
    qtbot, screen, app_ctx, sample_audit, tmp_path, monkeypatch
):
    from clinic_audit.evidence.keys import write_self_signed
    from clinic_audit.evidence.verify import Status, check_report
    from clinic_audit.files.signing_settings import SigningSettings, save_signing_settings
    from tests.ui.conftest import finalize_sample

    key = tmp_path / "dana.p12"
    write_self_signed(key, "Dana Whitfield", b"s3cret")
    save_signing_settings(SigningSettings(pkcs12=str(key)))
    finalize_sample(app_ctx, sample_audit.id)
    output = tmp_path / "signed.pdf"
    screen.path_edit.setText(str(output))

    monkeypatch.setattr(screen, "ask_password", lambda _name: "wrong")
    qtbot.mouseClick(screen.build_button, LEFT)
    assert "password" in screen.status_label.text().lower() and not output.exists()

    monkeypatch.setattr(screen, "ask_password", lambda _name: "s3cret")
    qtbot.mouseClick(screen.build_button, LEFT)
    qtbot.waitUntil(lambda: screen.open_button.isVisible(), timeout=60_000)
    check = check_report(output)
    assert check.status == Status.VALID and check.signer == "Dana Whitfield", check


def test_full_resolution_prints_the_stored_photos_and_the_default_a_smaller_file(
    qtbot, screen, app_ctx, tmp_path
):
    audit = six_photo_draft(app_ctx)
    screen.show_audit(audit.id)
    assert screen.resolution.currentData() is False  # print resolution unless chosen
    sizes = {}
    for full in (False, True):
        screen.resolution.setCurrentIndex(screen.resolution.findData(full))
        output = tmp_path / f"full-{full}.pdf"
        screen.path_edit.setText(str(output))
        with qtbot.waitSignal(screen.runner.finished, timeout=60_000):
            qtbot.mouseClick(screen.build_button, LEFT)
        sizes[full] = output.stat().st_size
        stored = [app_ctx.store.photo_jpeg(ref.sha256) for _item, ref in audit.photo_refs()]
        embedded = output.read_bytes()
        assert all((jpeg in embedded) is full for jpeg in stored)
    assert sizes[False] < sizes[True] / 2
    again = ReportScreen(app_ctx)  # the choice last built with is kept
    qtbot.addWidget(again)
    assert again.resolution.currentData() is True


def six_photo_draft(app_ctx):
    """The sample with six photos, unsigned, in the store."""
    sample = build_sample(photos=6, audit_date=SAMPLE_DAY)
    sample.signatures = []
    return import_audit(app_ctx.store, sample.model_dump_json().encode(), "six.json", "tester")
