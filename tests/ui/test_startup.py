"""Start-up: the window shows before the store is open, then Home lists the audits.

No timings here (those live in benchmarks/startup.py): these tests check the behaviour
that makes start-up fast, and that nothing is lost by it.
"""

import stat
import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox

from clinic_audit.cli.main import main
from clinic_audit.files.portable import import_audit
from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.store.database import Store, StoreError
from clinic_audit.store.location import default_db_path
from clinic_audit.ui.main_window import NAVIGATION, OPENING_TEXT, MainWindow
from clinic_audit.ui.workers.store_opener import StoreOpener
from tests.ui.conftest import sample_bytes

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def starting(qtbot, settings):
    """The window as `clinic-audit gui` shows it: before its store is opened."""
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    if window.opener is not None:
        window.opener.close()


def test_before_the_store_is_open_the_window_says_so_and_offers_nothing(starting):
    assert starting.opening_label.isVisible()
    assert "Opening the store" in starting.opening_label.text()
    assert OPENING_TEXT in starting.opening_label.text()
    assert not starting.nav.isEnabled()
    assert not any(action.isEnabled() for action in starting.store_actions)
    assert not any(action.isEnabled() for action in starting.screen_actions.values())
    starting.show_screen("home")  # e.g. Ctrl+0 pressed early: nothing to show yet
    assert starting.current_screen() is None
    assert not list(starting.screens)


def test_the_store_opens_behind_the_window_then_home_lists_its_audits(qtbot, starting, tmp_path):
    db, sample = store_with_sample(tmp_path)
    with qtbot.waitSignal(starting.ready, timeout=30_000):
        starting.open_store(db, "tester")
    assert starting.current_screen() == "home"
    assert starting.home.model.rowCount() == 1
    assert starting.home.model.row_at(0).id == sample.id
    assert starting.nav.isEnabled()
    assert all(action.isEnabled() for action in starting.store_actions)
    assert starting.ctx.service.actor == "tester"
    # The store opened behind the window is the one the app works on.
    qtbot.mouseClick(starting.home.table.viewport(), LEFT, pos=_first_row_centre(starting))
    qtbot.keyClick(starting.home.table, Qt.Key.Key_Return)
    assert starting.audit_id == sample.id and starting.current_screen() == "walkthrough"


@pytest.fixture
def paused_opening(monkeypatch):
    """StoreOpener.open held back until the test calls ``resume()``: the moment between
    Home listing the audits (read from the file) and the store being open."""
    held = []
    original = StoreOpener.open
    monkeypatch.setattr(StoreOpener, "open", lambda opener: held.append(opener))

    class Paused:
        def resume(self):
            original(held.pop())

        @property
        def waiting(self):
            return bool(held)

    return Paused()


def test_home_lists_the_audits_from_the_file_and_opens_one_once_the_store_is_open(
    qtbot, starting, tmp_path, paused_opening, monkeypatch
):
    db, sample = store_with_sample(tmp_path)
    with qtbot.waitSignal(starting.listed, timeout=30_000):
        starting.open_store(db, "tester")
    qtbot.waitUntil(lambda: paused_opening.waiting, timeout=30_000)
    home = starting.home
    assert starting.current_screen() == "home" and home.isVisible()
    assert home.model.rowCount() == 1 and home.model.row_at(0).id == sample.id
    assert starting.statusBar().currentMessage() == "Opening the store…"
    assert starting.ctx.store is None and not starting.nav.isEnabled()
    assert not any(action.isEnabled() for action in starting.store_actions)
    assert not home.new_button.isEnabled() and not home.import_button.isEnabled()
    starting.show_screen("walkthrough")  # e.g. a shortcut pressed early: nothing happens
    assert starting.current_screen() == "home" and set(starting.screens) == {"home"}
    about = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: about.append(text))
    starting.show_about()  # the Help menu works meanwhile
    assert "still being opened" in about[0]
    # Choosing an audit already works; it opens as soon as the store is open.
    qtbot.mouseClick(home.table.viewport(), LEFT, pos=_first_row_centre(starting))
    assert home.open_button.isEnabled() and not home.export_button.isEnabled()
    qtbot.keyClick(home.table, Qt.Key.Key_Return)
    assert starting.audit_id is None
    with qtbot.waitSignal(starting.ready, timeout=30_000):
        paused_opening.resume()
    qtbot.waitUntil(lambda: starting.current_screen() == "walkthrough", timeout=30_000)
    assert starting.audit_id == sample.id
    assert starting.statusBar().currentMessage() == ""
    assert all(action.isEnabled() for action in starting.store_actions)
    starting.show_screen("home")
    assert home.new_button.isEnabled() and home.import_button.isEnabled()
    assert home.export_button.isEnabled()


def test_without_a_store_named_the_default_one_in_the_data_folder_is_opened(
    qtbot, starting, tmp_path, monkeypatch
):
    monkeypatch.delenv("CLINIC_AUDIT_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    default = default_db_path()
    assert default.is_relative_to(tmp_path / "data")
    default.parent.mkdir(parents=True)
    Store.open(default, create=True).close()
    with qtbot.waitSignal(starting.ready, timeout=30_000):
        starting.open_store(None, "tester")
    assert starting.ctx.store.db_file == default and starting.ctx.db_file == default
    assert str(default) in starting.home.findChild(QLabel, "storeLocation").text()


def test_audits_added_while_the_store_opened_are_listed_too(
    qtbot, starting, tmp_path, paused_opening
):
    db = tmp_path / "store.sqlite3"
    Store.open(db, create=True).close()
    with qtbot.waitSignal(starting.listed, timeout=30_000):
        starting.open_store(db, "tester")
    assert starting.home.model.rowCount() == 0 and starting.home.empty_label.isVisible()
    qtbot.waitUntil(lambda: paused_opening.waiting, timeout=30_000)
    other = Store.open(db)  # e.g. an import from the command line meanwhile
    sample = import_audit(other, sample_bytes(), "sample.json", "tester")
    other.close()
    with qtbot.waitSignal(starting.ready, timeout=30_000):
        paused_opening.resume()
    assert starting.home.model.rowCount() == 1 and starting.home.model.row_at(0).id == sample.id
    assert not starting.home.empty_label.isVisible()


def test_a_store_listed_but_then_not_opened_is_explained_in_place_of_home(
    qtbot, starting, tmp_path, paused_opening, monkeypatch
):
    db = tmp_path / "store.sqlite3"
    Store.open(db, create=True).close()
    with qtbot.waitSignal(starting.listed, timeout=30_000):
        starting.open_store(db, "tester")
    qtbot.waitUntil(lambda: paused_opening.waiting, timeout=30_000)

    def locked(_cls, _path, **_options):
        raise StoreError(ErrorCode.STORE_LOCKED_BY_OTHER_PROGRAM, path=db)

    monkeypatch.setattr(Store, "open", classmethod(locked))
    with qtbot.waitSignal(starting.store_failed, timeout=30_000):
        paused_opening.resume()
    assert not starting.home.isVisible() and starting.opening_label.isVisible()
    assert "could not be opened" in starting.opening_label.text()
    expected = ErrorCode.STORE_LOCKED_BY_OTHER_PROGRAM.text(path=db)
    assert expected in starting.opening_label.text()
    assert starting.ctx is None and not starting.nav.isEnabled()
    assert starting.statusBar().currentMessage() == ""


def test_a_store_that_cannot_be_opened_is_explained_in_the_window(qtbot, starting, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with qtbot.waitSignal(starting.store_failed, timeout=30_000) as failed:
        starting.open_store(folder, "tester")
    message = failed.args[0]
    assert "is a folder, not a store file" in message and "Choose a file name" in message
    assert "could not be opened" in starting.opening_label.text()
    assert "is a folder" in starting.opening_label.text()
    assert starting.ctx is None and not starting.nav.isEnabled()


def test_a_named_store_that_does_not_exist_is_refused_not_made_empty(qtbot, starting, tmp_path):
    missing = tmp_path / "tpyo" / "store.sqlite3"
    with qtbot.waitSignal(starting.store_failed, timeout=30_000) as failed:
        starting.open_store(missing, "tester")
    message = failed.args[0]
    assert message.startswith(f"No store at {missing} (there is no folder ")
    assert f"clinic-audit --db {missing} init" in message and "--create" in message
    assert "could not be opened" in starting.opening_label.text()
    assert "No store at" in starting.opening_label.text()
    assert starting.ctx is None and not starting.nav.isEnabled()
    assert not missing.parent.exists()


def test_with_create_a_named_store_is_made(qtbot, starting, tmp_path):
    new = tmp_path / "new" / "store.sqlite3"
    with qtbot.waitSignal(starting.ready, timeout=30_000):
        starting.open_store(new, "tester", create=True)
    assert starting.ctx.store.db_file == new and new.is_file()
    assert starting.home.model.rowCount() == 0 and starting.home.empty_label.isVisible()


def test_the_default_store_is_made_the_first_time(qtbot, starting, tmp_path, monkeypatch):
    monkeypatch.delenv("CLINIC_AUDIT_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    default = default_db_path()
    assert not default.parent.exists()
    with qtbot.waitSignal(starting.ready, timeout=30_000):
        starting.open_store(None, "tester")
    assert starting.ctx.store.db_file == default
    assert stat.S_IMODE(default.stat().st_mode) == 0o600


def test_the_app_started_on_a_mistyped_store_says_so_and_exits_2(
    qtbot, qapp, tmp_path, monkeypatch
):
    """`clinic-audit --db PATH` as typed: the message box, then exit status 2."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the app's QSettings
    shown = []

    def critical(_parent, title, text):
        shown.append((title, text))

    monkeypatch.setattr(QMessageBox, "critical", critical)
    QTimer.singleShot(60_000, lambda: qapp.exit(99))  # never hang the test run
    missing = tmp_path / "tpyo" / "store.sqlite3"
    assert main(["--db", str(missing)]) == 2
    assert shown and shown[0][0] == "Clinic Audit cannot open its store"
    assert shown[0][1].startswith(f"No store at {missing}")
    assert not missing.parent.exists()
    for window in qapp.topLevelWidgets():
        window.close()
        window.deleteLater()


def test_a_bug_while_opening_the_store_reaches_the_crash_dialog(
    qtbot, starting, tmp_path, monkeypatch
):
    def broken(_cls, _path, **_options):
        raise RuntimeError("a bug in opening the store")

    monkeypatch.setattr(Store, "open", classmethod(broken))
    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: reported.append(error))
    starting.open_store(tmp_path / "store.sqlite3", "tester")
    qtbot.waitUntil(lambda: len(reported) == 1, timeout=30_000)
    assert str(reported[0]) == "a bug in opening the store"
    assert "unexpected error" in starting.opening_label.text()
    assert starting.ctx is None


def test_screens_are_made_when_first_needed(qtbot, app_ctx, sample_audit):
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert set(window.screens) == {"home"}
    window.open_audit(sample_audit.id)
    assert set(window.screens) == {"home", "walkthrough"}
    row = [name for name, _title, _keys in NAVIGATION].index("registers")
    rect = window.nav.visualItemRect(window.nav.item(row))
    qtbot.mouseClick(window.nav.viewport(), LEFT, pos=rect.center())
    assert window.current_screen() == "registers"
    assert window.registers.audit_id == sample_audit.id
    assert window.registers.panel("practitioners").model.rowCount() == len(
        app_ctx.audit(sample_audit.id).practitioners
    )
    window.walkthrough.photos.wait()


def test_home_needs_neither_the_sql_layer_nor_the_data_models():
    loaded = modules_loaded_by(
        "clinic_audit.store.quick_list, clinic_audit.ui.context, clinic_audit.ui.screens.home, "
        "clinic_audit.ui.workers.store_opener"
    )
    for heavy in (
        "sqlalchemy",
        "clinic_audit.store.database",
        "pydantic",
        "clinic_audit.service.audit_service",
        "clinic_audit.files.portable",
        "yaml",
    ):
        assert heavy not in loaded, f"{heavy} is imported before Home lists the audits"


def test_starting_the_window_imports_neither_the_data_layer_nor_the_other_screens():
    loaded = modules_loaded_by(
        "clinic_audit.cli.main, clinic_audit.ui.app, clinic_audit.ui.main_window"
    )
    for heavy in (
        "sqlalchemy",
        "pydantic",
        "clinic_audit.store.database",
        "clinic_audit.audit.model",
        "clinic_audit.ui.screens.home",
        "clinic_audit.ui.screens.walkthrough",
        "clinic_audit.ui.screens.report",
    ):
        assert heavy not in loaded, f"{heavy} is imported before the window is shown"


def modules_loaded_by(modules: str) -> list[str]:
    """The modules a fresh Python has loaded after importing ``modules``."""
    code = f"import sys, {modules}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.split()


def store_with_sample(tmp_path):
    db = tmp_path / "store.sqlite3"
    store = Store.open(db, create=True)
    sample = import_audit(store, sample_bytes(), "sample.json", "tester")
    store.close()
    return db, sample


def _first_row_centre(window):
    home = window.home
    return home.table.visualRect(home.proxy.index(0, 0)).center()


def test_once_the_store_is_open_what_lives_as_long_as_the_app_is_kept_out_of_collections(
    qtbot, starting, tmp_path
):
    import gc

    gc.unfreeze()
    db, _sample = store_with_sample(tmp_path)
    with qtbot.waitSignal(starting.ready, timeout=30_000):
        starting.open_store(db, "tester")
    assert starting.opener is not None
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=30_000)  # after the warm-up
    starting.opener.wait()
    gc.unfreeze()  # the other tests' objects are not this app's
