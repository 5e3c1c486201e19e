"""The app on the server when neither libpq's password file nor the keyring holds the
password: it asks once, in a dialog, and opens the store; cancelling says what to do."""

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from clinic_audit.ui.main_window import MainWindow
from tests.server.fixtures import password_of

pytestmark = pytest.mark.server


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    empty = tmp_path / "pgpass"
    empty.write_text("")
    empty.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(empty))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    if window.opener is not None:
        window.opener.close()
    if window.ctx is not None and window.ctx.store is not None:
        window.ctx.store.close()


def answer_dialog(qtbot, typed: str | None, seen: list) -> None:
    """Type ``typed`` into the password dialog when it shows (None: press Escape)."""

    def when_shown():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, when_shown)
            return
        seen.append(dialog.labelText())
        field = dialog.findChild(QLineEdit)
        assert field.echoMode() == QLineEdit.EchoMode.Password  # never shown as typed
        if typed is None:
            qtbot.keyClick(field, Qt.Key.Key_Escape)
        else:
            qtbot.keyClicks(field, typed)
            qtbot.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(20, when_shown)


def test_the_password_is_asked_once_and_the_store_opens(qtbot, window, server):
    seen: list[str] = []
    answer_dialog(qtbot, password_of("insp_ana"), seen)
    with qtbot.waitSignal(window.ready, timeout=30_000):
        window.open_store(server.address("insp_ana"), "Ana")
    assert window.current_screen() == "home"
    assert seen and seen[0].startswith("Password of insp_ana on postgresql://")
    assert "kept only while Clinic Audit runs" in seen[0]
    assert window.ctx.store.on_server


def test_cancelling_the_password_says_where_to_keep_it(qtbot, window, server):
    failures: list[str] = []
    window.store_failed.connect(failures.append)
    answer_dialog(qtbot, None, [])
    window.open_store(server.address("insp_ana"), "Ana")
    qtbot.waitUntil(lambda: bool(failures), timeout=30_000)
    assert "asks for insp_ana's password and none was given" in failures[0]
    assert "~/.pgpass" in failures[0]
