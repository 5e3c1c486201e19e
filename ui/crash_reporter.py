"""The GUI's ``sys.excepthook``: an unexpected exception opens a dialog with copyable details
instead of killing the app. Installed at start; the dialog itself is imported when needed.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from clinic_audit import __version__

if TYPE_CHECKING:
    from clinic_audit.ui.dialogs.crash import CrashDialog


def crash_details(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    import platform

    versions = (
        f"Clinic Audit {__version__} · Python {platform.python_version()} · "
        f"PySide6 {pyside_version} · {platform.platform()}"
    )
    return versions + "\n\n" + "".join(traceback.format_exception(exc_type, exc, tb))


class CrashReporter(QObject):
    """``sys.excepthook`` for the GUI; errors from worker threads reach the GUI thread first."""

    crashed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self.crashed.connect(self.show_details)
        self._previous_hook = sys.excepthook

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        sys.excepthook = self.excepthook

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook

    def excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            QApplication.quit()
            return
        details = crash_details(exc_type, exc, tb)
        print(details, file=sys.stderr)  # also in the terminal or log, if there is one
        if QApplication.instance() is None:
            return
        self.crashed.emit(details)

    def show_details(self, details: str) -> None:
        try:
            if self.dialog is not None and self.dialog.isVisible():
                self.dialog.add_details(details)
                return
            from clinic_audit.ui.dialogs.crash import CrashDialog

            self.dialog = CrashDialog(details, QApplication.activeWindow())
            self.dialog.show()
            self.dialog.activateWindow()
        except Exception:  # noqa: BLE001 - never recurse into the hook from the hook
            traceback.print_exc()
