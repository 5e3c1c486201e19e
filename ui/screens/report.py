"""Screen 7: choose a page size and a file, build the PDF off the GUI thread, open it."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit.model import Status
from clinic_audit.checklist.model import Severity
from clinic_audit.ui import preferences
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text
from clinic_audit.ui.dialogs.register_row import MIN_HEIGHT
from clinic_audit.ui.refresh_when_shown import RefreshWhenShown
from clinic_audit.ui.screens.base import Screen
from clinic_audit.ui.style.severity import good_colour, severity_css
from clinic_audit.ui.workers.report import ReportRunner

PAGE_SIZES = {"A4": "A4 (210 × 297 mm)", "Letter": "US Letter (8.5 × 11 in)"}


class ReportScreen(Screen):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.audit_id: str | None = None
        self.built_path: str | None = None
        self._page_size_of: str | None = None  # the audit whose default page size is shown
        self.runner = ReportRunner(ctx, self)
        self.runner.started.connect(self._on_started)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.about_label = QLabel(self)
        self.about_label.setWordWrap(True)
        self.page_size = QComboBox(self)
        for key, label in PAGE_SIZES.items():
            self.page_size.addItem(label, key)
        self.page_size.setAccessibleName("Page size")
        self.page_size.setMinimumHeight(MIN_HEIGHT)
        self.photos = QComboBox(self)
        self.photos.addItem("Every photo (failures' evidence first)", False)
        self.photos.addItem("Only the evidence of the findings", True)
        self.photos.setAccessibleName("Photos to print")
        self.photos.setMinimumHeight(MIN_HEIGHT)
        self.resolution = QComboBox(self)
        self.resolution.addItem("Print resolution, 200 dpi (small enough to email)", False)
        self.resolution.addItem("Full resolution, as stored (a larger file)", True)
        self.resolution.setAccessibleName("Photo resolution")
        self.resolution.setMinimumHeight(MIN_HEIGHT)
        full = preferences.text(ctx.settings, preferences.PHOTO_RESOLUTION) == "full"
        self.resolution.setCurrentIndex(self.resolution.findData(full))  # as last built
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName("Save the PDF as")
        self.path_edit.setPlaceholderText("Where to save the PDF")
        self.path_edit.setMinimumHeight(MIN_HEIGHT)
        self.choose_button = self._button(
            "Choose…", "Choose where to save the PDF", self.choose_path
        )
        self.build_button = self._button("Build PDF report", "Build the PDF report", self.build)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # indeterminate: ReportLab gives no progress to show
        self.progress.setAccessibleName("Building the report")
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Report status")
        self.open_button = self._button(
            "Open the PDF", "Open the PDF in the system viewer", self.open_pdf
        )
        self.open_button.hide()
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow(self._label("Page size:", self.page_size), self.page_size)
        form.addRow(self._label("Photos:", self.photos), self.photos)
        form.addRow(self._label("Photo resolution:", self.resolution), self.resolution)
        form.addRow(self._label("Save as:", self.path_edit), path_row)
        actions = QHBoxLayout()
        actions.addWidget(self.build_button)
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>PDF report</h2>", self))
        layout.addWidget(self.about_label)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        self.refresher = RefreshWhenShown(self, ctx.audit_changed)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        label.setMinimumHeight(MIN_HEIGHT)
        return label

    def _button(self, text: str, accessible: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(accessible)
        button.setMinimumHeight(MIN_HEIGHT)
        button.clicked.connect(slot)
        return button

    def finish_work(self) -> None:
        self.runner.wait(60_000)

    def show_audit(self, audit_id: str) -> None:
        if audit_id != self.audit_id:
            self.path_edit.clear()
            self.built_path = None
            self.open_button.hide()
            self.status_label.clear()
        self.audit_id = audit_id
        self.refresh()

    def focus_default(self) -> None:
        self.build_button.setAutoDefault(True)  # Enter builds (the path is suggested)
        self.build_button.setFocus()

    def refresh(self) -> None:
        if self.audit_id is None:
            return
        try:
            audit = self.ctx.audit(self.audit_id)
        except EXPECTED_ERRORS as error:
            self._say(error_text(error, "Opening the audit"), error=True)
            return
        if self._page_size_of != self.audit_id:  # the default once per audit opened
            self._page_size_of = self.audit_id
            wanted = preferences.text(self.ctx.settings, preferences.PAGE_SIZE)  # Settings
            if not wanted:
                pack = self.ctx.opened_store.checklist_for(audit).pack
                wanted = pack.thresholds.page_size if pack is not None else "A4"
            self.page_size.setCurrentIndex(max(0, self.page_size.findData(wanted)))
        draft = audit.status != Status.FINALIZED
        self.about_label.setText(
            f"The {'notice' if audit.kind.value == 'regulatory_inspection' else 'readiness review'}"
            f" of the audit of {audit.facility.name} on {audit.audit_date}: the outcome, "
            "each finding with its basis, evidence, deadline and plan, every answer, the "
            "registers, the photos with their fingerprints, and the signatures (a final "
            "report only)."
            + (
                "\nThis audit is still a draft: finalize it on Review and sign for the "
                "report that is handed over."
                if draft
                else ""
            )
        )
        if not self.path_edit.text():
            name = f"{_slug(audit.facility.name)}-{audit.audit_date}-audit.pdf"
            self.path_edit.setText(str(preferences.report_folder(self.ctx.settings) / name))

    def choose_path(self) -> None:
        current = self.path_edit.text() or str(preferences.report_folder(self.ctx.settings))
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save the PDF report as", current, "PDF files (*.pdf)"
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.path_edit.setText(path)
            preferences.remember_report_folder(self.ctx.settings, path)

    def build(self) -> None:
        path = self.path_edit.text().strip()
        if self.audit_id is None:
            return
        if not path:
            self._say("Choose where to save the PDF first (the Choose… button).", error=True)
            return
        target = Path(path).expanduser()
        if not target.parent.exists() and target.parent.name == "Clinic Audit reports":
            try:  # the suggested folder in the documents, made on first use
                target.parent.mkdir(parents=True)
            except OSError as error:
                self._say(f"Cannot make {target.parent}: {error.strerror}.", error=True)
                return
        page = self.page_size.currentData()
        failures_only = bool(self.photos.currentData())
        signing = self._signing()
        if signing is False:
            return
        full_resolution = bool(self.resolution.currentData())
        self.ctx.settings.setValue(
            preferences.PHOTO_RESOLUTION, "full" if full_resolution else "print"
        )
        self.runner.start(
            self.audit_id,
            str(Path(path).expanduser()),
            page,
            failures_only,
            signing or None,
            full_resolution=full_resolution,
        )

    def _signing(self):
        """The key to sign a finalized audit's report with (its password asked now), None
        to build it unsigned, False when the person cancelled or the key cannot be used."""
        from clinic_audit.audit.model import Status
        from clinic_audit.files.signing_settings import load_signing_settings
        from clinic_audit.messages.catalogue import BadFileError

        assert self.audit_id is not None
        if self.ctx.opened_store.get(self.audit_id).status != Status.FINALIZED:
            return None  # a draft is never signed
        try:
            settings = load_signing_settings()
        except BadFileError as error:
            self._say(f"The signing settings cannot be read: {error.problems[0]}", error=True)
            return False
        if not settings.pkcs12:
            return None
        password = self.ask_password(Path(settings.pkcs12).name)
        if password is None:
            self._say("Not built: the signing key's password was not given.", error=True)
            return False
        from clinic_audit.evidence.signing import load_signer
        from clinic_audit.reports.build import Signing

        try:
            signer = load_signer(settings.pkcs12, password.encode() if password else None)
        except BadFileError as error:
            self._say(f"Not built: {error.problems[0]}", error=True)
            return False
        return Signing(signer, settings.timestamp_url)

    def ask_password(self, key_name: str) -> str | None:
        """The signing key's password, typed; None when cancelled (tests replace this)."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        text, ok = QInputDialog.getText(
            self,
            "Sign the report",
            f"The password of the signing key {key_name}:",
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def open_pdf(self) -> None:
        if self.built_path and not QDesktopServices.openUrl(QUrl.fromLocalFile(self.built_path)):
            self._say(
                f"No PDF viewer could be opened. The report is saved at {self.built_path}; "
                "open it from your file manager.",
                error=True,
            )

    def _on_started(self) -> None:
        self.build_button.setEnabled(False)
        self.open_button.hide()
        self.progress.show()
        self._say("Building the report… you can keep working meanwhile.")

    def _on_finished(self, path: str) -> None:
        self.build_button.setEnabled(True)
        self.progress.hide()
        self.built_path = path
        preferences.remember_report_folder(self.ctx.settings, path)
        self.open_button.show()
        self._say(f"✓ The report is saved at {path}", colour=good_colour().name())
        self.ctx.saved.emit("PDF report built")

    def _on_failed(self, message: str) -> None:
        self.build_button.setEnabled(not self.runner.busy)
        self.progress.setVisible(self.runner.busy)
        self._say("No report was built. " + message, error=True)

    def _say(self, text: str, error: bool = False, colour: str = "") -> None:
        colour = severity_css(Severity.CRITICAL) if error else colour
        self.status_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.status_label.setText(text)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "clinic"
