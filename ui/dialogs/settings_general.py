"""Settings › General: the theme (applied as it is chosen), the report's page size, the
time zone of new audits, and the folders the file dialogs start in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from clinic_audit.audit.notice import all_time_zones, machine_time_zone, time_zone_problem
from clinic_audit.ui import preferences
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs.settings_page import SettingsPage, error_label, line_edit
from clinic_audit.ui.style.theme import THEMES, apply_theme

GENERAL = "general"
PAGE_SIZES = {
    "": "The jurisdiction pack's (US Letter in the US, else A4)",
    "A4": "A4 (210 × 297 mm)",
    "Letter": "US Letter (8.5 × 11 in)",
}


class GeneralPage(SettingsPage):
    key, title = GENERAL, "General"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for key, label in THEMES.items():
            self.theme.addItem(label, key)
        self.theme.currentIndexChanged.connect(self._preview_theme)
        self.page_size = QComboBox()
        self.page_size.setAccessibleName("Report page size")
        for key, label in PAGE_SIZES.items():
            self.page_size.addItem(label, key)
        self.time_zone = QComboBox()
        self.time_zone.setEditable(True)
        self.time_zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.time_zone.setAccessibleName("Time zone of new audits")
        self.time_zone.addItems(all_time_zones())
        self.report_folder, report_row = self._folder_row("Reports folder", "Reports")
        self.photo_folder, photo_row = self._folder_row("Photos and files folder", "Photos")
        suggested = preferences.suggested_report_folder()
        home = Path.home()
        if suggested.is_relative_to(home):
            shown = Path("~") / suggested.relative_to(home)
        else:  # its last two folders: the whole path would be cut off
            shown = Path("…", *suggested.parts[-2:])
        self.report_folder.setPlaceholderText(str(shown))  # the full path in the tooltip
        self.report_folder.setToolTip(f"Left empty: the suggested folder, {suggested}")
        self.photo_folder.setPlaceholderText("the folder last used")
        self.error = error_label()
        note = QLabel(
            "The theme changes as you choose it. A report's page size and an audit's time "
            "zone can still be changed for each one; empty folders mean the suggested ones."
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("T&heme:", self.theme)
        form.addRow("Report &page size:", self.page_size)
        form.addRow("Time &zone of new audits:", self.time_zone)
        for caption, edit, row in (
            ("&Reports in:", self.report_folder, report_row),
            ("Photos and &files from:", self.photo_folder, photo_row),
        ):
            buddy_label = QLabel(caption)
            buddy_label.setBuddy(edit)  # a row that is a layout gets no buddy from addRow
            form.addRow(buddy_label, row)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._saved_theme = preferences.theme(ctx.settings)

    def _folder_row(self, accessible: str, title: str) -> tuple[QLineEdit, QHBoxLayout]:
        edit = line_edit(accessible, 1000)
        choose = QPushButton("Choose…")
        choose.setAccessibleName(f"Choose the {accessible.lower()}")
        choose.clicked.connect(lambda: self._choose_folder(edit, title))
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(choose)
        return edit, row

    def _choose_folder(self, edit: QLineEdit, title: str) -> None:
        start = edit.text().strip() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, f"{title} folder", start)
        if folder:
            edit.setText(folder)

    def _preview_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, str(self.theme.currentData()))

    def load(self) -> None:
        settings = self.ctx.settings
        self._saved_theme = preferences.theme(settings)
        self.theme.blockSignals(True)
        self.theme.setCurrentIndex(max(0, self.theme.findData(self._saved_theme)))
        self.theme.blockSignals(False)
        saved_size = preferences.text(settings, preferences.PAGE_SIZE)
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(saved_size)))
        self.time_zone.setCurrentText(preferences.time_zone(settings) or machine_time_zone())
        self.report_folder.setText(preferences.text(settings, preferences.REPORT_FOLDER))
        self.photo_folder.setText(preferences.text(settings, preferences.LAST_FOLDER))

    def save(self) -> str | None:
        zone = self.time_zone.currentText().strip()
        problem = time_zone_problem(zone) if zone else None
        if problem is None:
            for label, edit in (("Reports in", self.report_folder), ("Photos", self.photo_folder)):
                folder = edit.text().strip()
                if folder and not Path(folder).expanduser().is_dir():
                    problem = f"{label}: there is no folder {folder}. Choose one that exists."
        else:
            problem = f"Time zone: {problem} (pick one from the list)."
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            return problem
        self.error.hide()
        settings = self.ctx.settings
        self._saved_theme = str(self.theme.currentData())
        settings.setValue(preferences.THEME, self._saved_theme)
        settings.setValue(preferences.PAGE_SIZE, self.page_size.currentData())
        settings.setValue(preferences.TIME_ZONE, "" if zone == machine_time_zone() else zone)
        for key, edit in (
            (preferences.REPORT_FOLDER, self.report_folder),
            (preferences.LAST_FOLDER, self.photo_folder),
        ):
            folder = edit.text().strip()
            settings.setValue(key, str(Path(folder).expanduser()) if folder else "")
        return None

    def cancel(self) -> None:
        """Cancel: the theme shown goes back to the saved one."""
        if self.theme.currentData() != self._saved_theme:
            self.theme.setCurrentIndex(max(0, self.theme.findData(self._saved_theme)))
