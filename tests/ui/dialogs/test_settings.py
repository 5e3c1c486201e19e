"""Settings: the agency's letterhead and the inspector's defaults, typed, saved with OK,
and there again when reopened."""

import io

import yaml
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from clinic_audit.files.agency import load_agency
from clinic_audit.ui import preferences
from clinic_audit.ui.dialogs.settings import SettingsDialog

LEFT = Qt.MouseButton.LeftButton


def opened(qtbot, app_ctx, **kw):
    dialog = SettingsDialog(app_ctx, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def retype(qtbot, edit, text):
    edit.setFocus()
    edit.clear()
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.keyClicks(edit, line)


def png(width=300, height=120) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#1f4e79").save(out, "PNG")
    return out.getvalue()


def test_the_agency_and_inspector_are_saved_and_shown_again(qtbot, app_ctx, tmp_path, monkeypatch):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(logo), ""))
    dialog = opened(qtbot, app_ctx)
    agency = dialog.page("agency")
    assert agency.name.text().startswith("Springfield Health")  # the saved one
    retype(qtbot, agency.name, "Clark County Health District")
    retype(qtbot, agency.address, "280 S Decatur Blvd\nLas Vegas, NV 89107")
    retype(qtbot, agency.phone, "+1 702 555 0100")
    retype(qtbot, agency.email, "medspa@snhd.example")
    qtbot.mouseClick(agency.choose_logo_button, LEFT)
    assert agency.logo_preview.pixmap() is not None and not agency.logo_preview.pixmap().isNull()
    dialog.show_page("inspector")
    inspector = dialog.page("inspector")
    retype(qtbot, inspector.name, "Dana Whitfield")
    retype(qtbot, inspector.credential, "SNHD-0417")
    retype(qtbot, inspector.contact, "+1 702 555 0199")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, LEFT)

    on_disk = yaml.safe_load(app_ctx.agency_path.read_text())
    assert on_disk["name"] == "Clark County Health District"
    assert on_disk["address"] == "280 S Decatur Blvd\nLas Vegas, NV 89107"
    saved = load_agency(app_ctx.agency_path)
    assert saved.logo_png is not None and Image.open(io.BytesIO(saved.logo_png)).width == 300
    assert preferences.text(app_ctx.settings, preferences.INSPECTOR_CREDENTIAL) == "SNHD-0417"

    again = opened(qtbot, app_ctx, page="inspector")
    assert again.tabs.currentWidget() is again.page("inspector")
    assert again.page("agency").phone.text() == "+1 702 555 0100"
    assert again.page("agency").remove_logo_button.isEnabled()
    assert again.page("inspector").contact.text() == "+1 702 555 0199"


def test_an_unusable_logo_is_explained_and_nothing_changes(qtbot, app_ctx, tmp_path, monkeypatch):
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"not an image at all")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    before = app_ctx.agency_path.read_bytes()
    dialog = opened(qtbot, app_ctx)
    agency = dialog.page("agency")
    qtbot.mouseClick(agency.choose_logo_button, LEFT)
    assert agency.error_label.isVisible()
    assert "logo.png cannot be used: it is not a PNG or JPEG image" in agency.error_label.text()
    dialog.reject()
    assert app_ctx.agency_path.read_bytes() == before


def test_other_fields_without_a_name_keep_the_dialog_open(qtbot, app_ctx):
    dialog = opened(qtbot, app_ctx)
    agency = dialog.page("agency")
    agency.name.clear()
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.error_label.isVisible() and "Enter the agency's name" in dialog.error_label.text()
    assert load_agency(app_ctx.agency_path).name.startswith("Springfield Health")


def test_the_main_window_opens_settings_with_ctrl_comma(qtbot, app_ctx):
    from clinic_audit.ui.main_window import MainWindow

    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    window.settings_action.trigger()
    qtbot.waitUntil(lambda: window.settings_dialog.isVisible())
    assert window.settings_dialog.windowTitle() == "Settings"
    window.settings_dialog.reject()


def test_the_signing_key_and_time_stamp_service_are_saved(qtbot, app_ctx, tmp_path):
    from clinic_audit.files.signing_settings import load_signing_settings

    key = tmp_path / "dana.p12"
    key.write_bytes(b"not checked here: the password is asked when a report is signed")
    dialog = opened(qtbot, app_ctx, page="signing")
    page = dialog.page("signing")
    retype(qtbot, page.pkcs12, str(key))
    retype(qtbot, page.timestamp_url, "not a url")
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert "is not a web address" in dialog.error_label.text()
    retype(qtbot, page.timestamp_url, "http://tsa.example/rfc3161")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    saved = load_signing_settings()
    assert saved.pkcs12 == str(key) and saved.timestamp_url == "http://tsa.example/rfc3161"
    again = opened(qtbot, app_ctx, page="signing")
    assert again.page("signing").pkcs12.text() == str(key)


def test_the_server_address_is_checked_and_kept_without_a_password(qtbot, app_ctx):
    dialog = opened(qtbot, app_ctx, page="server")
    page = dialog.page("server")
    retype(qtbot, page.address, "records.agency.gov")
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert "must start with postgresql://" in dialog.error_label.text()
    retype(qtbot, page.address, "postgresql://ana:secret@records.agency.gov/clinic_audit")
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert "Leave the password out" in dialog.error_label.text()
    address = "postgresql://ana@records.agency.gov/clinic_audit?sslmode=verify-full"
    retype(qtbot, page.address, address)
    qtbot.mouseClick(page.in_use, LEFT)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert preferences.server_address(app_ctx.settings) == address
    again = opened(qtbot, app_ctx, page="server")
    assert again.page("server").address.text() == address
    assert again.page("server").in_use.isChecked()
