"""Start the desktop app: the Qt application, the crash dialog, the main window, the store.

The window is shown first and the store opened right after, on a worker thread: only
Qt and the window's own modules are imported before the window is on the screen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import cast

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from clinic_audit import __version__
from clinic_audit.ui.crash_reporter import CrashReporter

EXIT_BAD_INPUT = 2
DESKTOP_ID = "org.clinicaudit.ClinicAudit"
ICON_FOLDER = Path(__file__).resolve().parent / "style" / "icons"


def actor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


def app_icon() -> QIcon:
    icon = QIcon()
    for path in sorted(ICON_FOLDER.glob("clinic-audit-*.png")):
        icon.addFile(str(path))
    return icon


def application(dark: bool = False, fusion: bool = False) -> QApplication:
    # instance() is typed as the QCoreApplication it is declared on; the app's is a QApplication
    app = cast("QApplication | None", QApplication.instance()) or QApplication(sys.argv[:1])
    app.setApplicationName("Clinic Audit")
    app.setOrganizationName("Clinic Audit")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_ID)  # Wayland and GNOME match the window to its .desktop
    app.setWindowIcon(app_icon())
    from clinic_audit.ui import preferences
    from clinic_audit.ui.style.theme import apply_theme

    # screenshots: light unless --dark, whatever the user chose
    choice = "dark" if dark else "light" if fusion else preferences.theme(QSettings())
    apply_theme(app, choice, fusion=fusion)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: _follow_system(app))
    return app


def _follow_system(app: QApplication) -> None:
    from clinic_audit.ui import preferences
    from clinic_audit.ui.style.theme import apply_theme

    if preferences.theme(QSettings()) == "system":
        apply_theme(app, "system")


def run(
    db_path: Path | str | None,
    screenshots: str | None = None,
    dark: bool = False,
    create: bool = False,
) -> int:
    """The app on the store ``db_path`` (None: the default one in the user's data folder,
    created if missing; another only with ``create``), or with ``screenshots`` its screens
    on a sample store written to that folder."""
    if screenshots and sys.platform.startswith("linux"):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application(dark=dark, fusion=bool(screenshots))
    reporter = CrashReporter(app)
    reporter.install()
    try:
        if screenshots:
            from clinic_audit.ui.tools.screenshots import take_screenshots

            return take_screenshots(Path(screenshots), dark)
        return _run_window(app, db_path, create)
    finally:
        reporter.uninstall()


def _run_window(app: QApplication, db_path: Path | str | None, create: bool) -> int:
    from clinic_audit.ui.main_window import MainWindow

    settings = QSettings()
    window = MainWindow(settings=settings)
    window.store_failed.connect(lambda message: _cannot_open_store(app, window, message))
    window.show()
    if db_path is None:  # no --db: the agency's server, when Settings says to work on it
        from clinic_audit.ui.preferences import server_address

        db_path = server_address(settings)
    window.open_store(db_path, actor(), create=create)
    opener = window.opener
    assert opener is not None  # open_store() made it
    try:
        return app.exec()
    finally:
        opener.close()


def _cannot_open_store(app: QApplication, window, message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(window, "Clinic Audit cannot open its store", message)
    app.exit(EXIT_BAD_INPUT)
