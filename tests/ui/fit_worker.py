"""Child process for the fit test: the main window on a screen of a given size and
scale (Qt's offscreen platform, its configfile), every screen shown in turn; prints
what lies off the screen, if anything, and saves a screenshot of each."""

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea


def main(out_dir: str, tag: str) -> None:
    app = QApplication(sys.argv[:1])
    from clinic_audit.files.portable import import_audit
    from clinic_audit.files.sample import build_sample
    from clinic_audit.store.database import Store
    from clinic_audit.ui.context import AppContext
    from clinic_audit.ui.dialogs.help import KEYS_HINT
    from clinic_audit.ui.main_window import NAVIGATION, MainWindow

    temp = Path(tempfile.mkdtemp(prefix="clinic-audit-fit-"))
    store = Store.open(temp / "store.sqlite3", create=True)
    sample = build_sample(photos=4)
    audit = import_audit(store, sample.model_dump_json().encode(), "sample.json", "fit")
    settings = QSettings(str(temp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(store, "fit", settings))
    window.show()
    window.open_audit(audit.id)
    room = app.primaryScreen().availableGeometry()
    problems = []
    if not room.contains(window.frameGeometry()):
        problems.append(f"the window {window.frameGeometry()} is larger than the screen {room}")
    for name, _title, _keys in NAVIGATION:
        window.show_screen(name)
        for _ in range(3):
            app.processEvents()
        shown = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
        parts = {"status bar": window.statusBar()}
        if name == "walkthrough":
            parts["key hints"] = next(
                label for label in window.findChildren(QLabel) if label.text() == KEYS_HINT
            )
        for part, widget in parts.items():
            where = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
            if not widget.isVisible() or not shown.contains(where) or not room.contains(where):
                problems.append(f"{name}: the {part} ({where}) is not all on screen {room}")
        screen = window.stack.currentWidget() if hasattr(window, "stack") else window
        for area in screen.findChildren(QScrollArea):
            if area.isVisible() and area.horizontalScrollBar().isVisible():
                problems.append(f"{name}: a page scrolls sideways (it is wider than the window)")
        window.grab().save(str(Path(out_dir) / f"{name}-{tag}.png"))
    print(json.dumps({"room": [room.width(), room.height()], "problems": problems}))
    window.close()
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
