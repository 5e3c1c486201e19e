"""Fixtures for the GUI tests: a fresh temp store, settings in a temp ini file, the sample audit."""

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSettings, Qt

from clinic_audit.audit.model import SignatureRole
from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample
from clinic_audit.store.database import Store
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs import messages

SAMPLE_DAY = dt.date(2026, 6, 15)
HERE = Path(__file__).parent

# The offscreen platform says this whenever a window is shown; it is not a problem of ours.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.gui)
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def agency_configured(tmp_path, monkeypatch):
    """Every GUI test runs with its own config folder (never the user's), holding the
    sample agency: a new regulatory audit then asks for nothing. The path is returned;
    a test of the first-time question removes the file."""
    from clinic_audit.files.agency import default_agency_path, save_agency
    from clinic_audit.files.sample import SAMPLE_AGENCY

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return save_agency(SAMPLE_AGENCY, default_agency_path())


@pytest.fixture
def app_ctx(qapp, tmp_path):
    store = Store.open(tmp_path / "store.sqlite3", create=True)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(store, "tester", settings)
    yield ctx
    store.close()


@cache
def sample_bytes(signed: bool = False) -> bytes:
    """The sample audit file, built once per test run (its photos take a moment to make);
    unsigned unless asked: a signed record cannot be changed until its signatures are
    cleared, and most tests change it."""
    sample = build_sample(photos=2, audit_date=SAMPLE_DAY)
    if not signed:
        sample.signatures = []
    return sample.model_dump_json().encode()


@pytest.fixture
def sample_audit(app_ctx):
    """The sample audit before anyone has signed it."""
    return import_audit(app_ctx.store, sample_bytes(), "sample.json", "tester")


@pytest.fixture
def signed_sample(app_ctx):
    """The sample audit signed by both parties, as the sample file carries it."""
    return import_audit(app_ctx.store, sample_bytes(signed=True), "sample.json", "tester")


def type_date(qtbot, field, text: str, enter: bool = False) -> None:
    """Type ``text`` into a DateField as a person does: click in, Ctrl+A, type (then Return)."""
    qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.edit, text)
    if enter:
        qtbot.keyClick(field.edit, Qt.Key.Key_Return)


def make_jpeg(path: Path, size=(640, 480), colour=(180, 90, 40)) -> Path:
    """A small real JPEG file, as a camera or phone would hand it over."""
    Image.new("RGB", size, colour).save(path, "JPEG", quality=85)
    return path


class DialogLog:
    """Stands in for the dialogs of clinic_audit.ui.dialogs.messages; records what they said."""

    def __init__(self):
        self.shown: list[tuple[str, str]] = []
        self.confirm_answer = True

    def error(self, _parent, title, text):
        self.shown.append((title, text))

    def info(self, _parent, title, text):
        self.shown.append((title, text))

    def problems(self, _parent, title, intro, problems):
        self.shown.append((title, intro + "\n" + "\n".join(problems)))

    def ask(self, _parent, title, text, _yes_text, on_yes):
        self.shown.append((title, text))
        if self.confirm_answer:
            on_yes()

    def text(self) -> str:
        return "\n".join(f"{title}: {text}" for title, text in self.shown)


@pytest.fixture
def dialog_log(monkeypatch) -> DialogLog:
    log = DialogLog()
    monkeypatch.setattr(messages, "show_error", log.error)
    monkeypatch.setattr(messages, "show_info", log.info)
    monkeypatch.setattr(messages, "show_problems", log.problems)
    monkeypatch.setattr(messages, "ask", log.ask)
    return log


def finalize_sample(ctx: AppContext, audit_id: str, notify: bool = True) -> None:
    """Give the sample's failed items the photos they still need, sign, then finalize."""
    jpeg = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 120, 160)).save(jpeg, "JPEG")
    ctx.service.clear_signatures(audit_id)
    summary = ctx.summary(ctx.audit(audit_id))
    for item_id in summary.missing_evidence:
        ctx.service.attach_photo(audit_id, item_id, jpeg.getvalue(), "evidence.jpg")
    sign_both(ctx, audit_id)
    ctx.service.finalize(audit_id)
    if notify:
        ctx.notify_changed(audit_id, "Finalized")


def sign_both(ctx: AppContext, audit_id: str) -> None:
    png = io.BytesIO()
    Image.new("RGB", (200, 60), "white").save(png, "PNG")
    for role, name in (
        (SignatureRole.INSPECTOR, "Dana Whitfield"),
        (SignatureRole.REPRESENTATIVE, "Priya Raman"),
    ):
        ctx.service.sign(audit_id, role, name, png.getvalue())


@contextmanager
def shown_main_window(qtbot, ctx: AppContext, size: tuple[int, int] | None = None) -> Iterator:
    """The main window on ``ctx``, shown and active; its workers waited for afterwards."""
    from clinic_audit.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    try:
        yield window
    finally:
        window.walkthrough.photos.wait()
        window.report.runner.wait(30_000)
