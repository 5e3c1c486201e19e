"""An unexpected exception opens a dialog with copyable details; the app keeps running."""

import sys

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication

from clinic_audit.ui.crash_reporter import CrashReporter
from clinic_audit.ui.dialogs.crash import CrashDialog

LEFT = Qt.MouseButton.LeftButton


class Trigger(QObject):
    fire = Signal()


@pytest.fixture
def reporter(qapp):
    reporter = CrashReporter()
    reporter.install()
    yield reporter
    reporter.uninstall()
    if reporter.dialog is not None:
        reporter.dialog.close()


def boom():
    raise ValueError("the checklist went missing")


def test_an_exception_in_a_slot_opens_the_dialog_not_a_crash(qtbot, reporter, capsys):
    trigger = Trigger()
    trigger.fire.connect(boom)
    trigger.fire.emit()  # Qt hands the exception of the slot to sys.excepthook
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    details = reporter.dialog.details.toPlainText()
    assert "ValueError: the checklist went missing" in details
    assert "in boom" in details  # the traceback, for whoever fixes it
    assert "Clinic Audit" in details and "PySide6" in details
    assert reporter.dialog.details.isReadOnly()
    assert "saved" in reporter.dialog.intro.text()
    assert "ValueError" in capsys.readouterr().err  # also on the terminal


def test_copy_puts_the_details_on_the_clipboard(qtbot, reporter):
    try:
        boom()
    except ValueError:
        sys.excepthook(*sys.exc_info())
    dialog = reporter.dialog
    qtbot.mouseClick(dialog.copy_button, LEFT)
    assert QGuiApplication.clipboard().text() == dialog.details.toPlainText()
    assert "the checklist went missing" in QGuiApplication.clipboard().text()
    assert dialog.copy_button.text() == "Copied"


def test_a_second_error_is_added_to_the_open_dialog(qtbot, reporter):
    for message in ("first", "second"):
        try:
            raise RuntimeError(message)
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    dialog = reporter.dialog
    text = dialog.details.toPlainText()
    assert "RuntimeError: first" in text and "RuntimeError: second" in text
    assert len([w for w in qtbot_widgets() if isinstance(w, CrashDialog)]) == 1


def test_install_and_uninstall_restore_the_previous_hook(qapp):
    before = sys.excepthook
    reporter = CrashReporter()
    reporter.install()
    assert sys.excepthook == reporter.excepthook
    reporter.uninstall()
    assert sys.excepthook is before


def test_every_control_has_an_accessible_name(qtbot):
    dialog = CrashDialog("Traceback: …")
    qtbot.addWidget(dialog)
    assert dialog.copy_button.accessibleName()
    assert dialog.details.accessibleName()


def qtbot_widgets():
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]
