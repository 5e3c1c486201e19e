"""Settings (Preferences, Ctrl+,): a page per subject, each saved with OK.

General (settings_general) holds the theme, page size, time zone and folders.
The Agency page writes the agency's letterhead file (``clinic_audit.files.agency``); the
Inspector page the defaults New audit fills in. A later subject adds a ``SettingsPage``
to ``SettingsDialog.pages``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from clinic_audit.audit.notice import Agency
from clinic_audit.files.agency import load_agency, logo_png, save_agency
from clinic_audit.messages.catalogue import BadFileError, ErrorCode
from clinic_audit.ui import preferences
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs.settings_general import GeneralPage
from clinic_audit.ui.dialogs.settings_page import SettingsPage, error_label, line_edit

IMAGES = "Images (*.png *.jpg *.jpeg);;All files (*)"
AGENCY, INSPECTOR, SIGNING, SERVER = "agency", "inspector", "signing", "server"


class AgencyPage(SettingsPage):
    key, title = AGENCY, "Agency"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.logo: bytes | None = None
        self.intro = QLabel(
            "The agency printed at the head of every regulatory notice. A self-audit "
            "needs none of it."
        )
        self.intro.setWordWrap(True)
        self.name = line_edit("Agency name", 500)
        self.address = QPlainTextEdit()
        self.address.setAccessibleName("Agency address")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(64)
        self.phone = line_edit("Agency phone", 200)
        self.email = line_edit("Agency e-mail", 200)
        self.website = line_edit("Agency website", 500)
        self.logo_preview = QLabel("No logo")
        self.logo_preview.setFixedSize(72, 72)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid palette(mid)")
        self.choose_logo_button = QPushButton("Choose logo…")
        self.choose_logo_button.setAccessibleName("Choose the agency logo")
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton("Remove logo")
        self.remove_logo_button.clicked.connect(lambda: self.set_logo(None))
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(self.choose_logo_button)
        logo_buttons.addWidget(self.remove_logo_button)
        logo_buttons.addStretch(1)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addLayout(logo_buttons)
        logo_row.addStretch(1)
        self.error_label = error_label()
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("Address:", self.address)
        form.addRow("&Phone:", self.phone)
        form.addRow("&E-mail:", self.email)
        form.addRow("&Website:", self.website)
        form.addRow("Logo:", logo_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def load(self) -> None:
        self.error_label.hide()
        path = self.ctx.agency_path
        agency = None
        if path.exists():
            try:
                agency = load_agency(path)
            except BadFileError as error:
                self.show_error(
                    f"The saved agency settings cannot be read ({error.problems[0]}). "
                    "Fill them in again and press OK to replace them."
                )
        self.name.setText(agency.name if agency else "")
        self.address.setPlainText(agency.address if agency else "")
        self.phone.setText(agency.phone if agency else "")
        self.email.setText(agency.email if agency else "")
        self.website.setText(agency.website if agency else "")
        self.set_logo(agency.logo_png if agency else None)

    def choose_logo(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Agency logo", preferences.last_folder(self.ctx.settings), IMAGES
        )
        if not name:
            return
        preferences.remember_folder(self.ctx.settings, name)
        try:
            logo = logo_png(Path(name).read_bytes())
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            self.show_error(
                ErrorCode.AGENCY_LOGO_UNUSABLE.text(logo=Path(name).name, reason=reason)
            )
            return
        self.error_label.hide()
        self.set_logo(logo)

    def set_logo(self, logo: bytes | None) -> None:
        self.logo = logo
        self.remove_logo_button.setEnabled(logo is not None)
        if logo is None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(logo)
        self.logo_preview.setPixmap(
            pixmap.scaled(
                64,
                64,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def save(self) -> str | None:
        name = self.name.text().strip()
        fields = (self.address.toPlainText(), self.phone.text(), self.email.text())
        if not name:
            if any(field.strip() for field in fields) or self.logo is not None:
                return "Enter the agency's name, or clear the other agency fields."
            self.ctx.agency_path.unlink(missing_ok=True)
            return None
        agency = Agency(
            name=name,
            address=self.address.toPlainText().strip(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            website=self.website.text().strip(),
            logo_png=self.logo,
        )
        try:
            save_agency(agency, self.ctx.agency_path)
        except OSError as error:
            return (
                f"The agency settings could not be written to {self.ctx.agency_path} "
                f"({error.strerror or error}). Check that the folder is writable."
            )
        return None


class InspectorPage(SettingsPage):
    key, title = INSPECTOR, "Inspector"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        intro = QLabel("What New audit fills in for the inspector; each audit keeps its own.")
        intro.setWordWrap(True)
        self.name = line_edit("Inspector name", 200)
        self.organization = line_edit("Inspector organization", 500)
        self.credential = line_edit("Inspector credential or license number", 200)
        self.contact = line_edit("Inspector contact: phone or e-mail", 500)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Organization:", self.organization)
        form.addRow("&Credential no.:", self.credential)
        form.addRow("Con&tact:", self.contact)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)

    def fields(self) -> dict[str, QLineEdit]:
        return {
            preferences.INSPECTOR_NAME: self.name,
            preferences.INSPECTOR_ORGANIZATION: self.organization,
            preferences.INSPECTOR_CREDENTIAL: self.credential,
            preferences.INSPECTOR_CONTACT: self.contact,
        }

    def load(self) -> None:
        for key, edit in self.fields().items():
            edit.setText(preferences.text(self.ctx.settings, key))

    def save(self) -> str | None:
        for key, edit in self.fields().items():
            self.ctx.settings.setValue(key, edit.text().strip())
        return None


class ServerPage(SettingsPage):
    """The agency's server: its address, and whether the app works on it (from the next
    start) instead of the laptop's own store."""

    key, title = SERVER, "Server"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        intro = QLabel(
            "An agency keeps its record on a PostgreSQL server. Your login name is in the "
            "address; Clinic Audit never writes your password to a file: keep it in libpq's "
            "password file (~/.pgpass; on Windows %APPDATA%\\postgresql\\pgpass.conf) or the "
            "system keyring (clinic-audit server login); else the app asks at start."
        )
        intro.setWordWrap(True)
        self.address = line_edit("Server address", 500)
        self.address.setPlaceholderText(
            "postgresql://your_login@records.agency.gov/clinic_audit?sslmode=verify-full"
        )
        self.in_use = QCheckBox("&Work on the server (from the next start)")
        self.in_use.setAccessibleName("Work on the server instead of this laptop's store")
        self.error = error_label()
        form = QFormLayout()
        form.addRow("&Address:", self.address)
        form.addRow("", self.in_use)
        form.addRow("", self.error)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)

    def load(self) -> None:
        self.address.setText(preferences.text(self.ctx.settings, preferences.SERVER_ADDRESS))
        self.in_use.setChecked(preferences.server_address(self.ctx.settings) is not None)

    def save(self) -> str | None:
        from clinic_audit.store.server import is_server_address

        address = self.address.text().strip()
        problem = None
        if address and not is_server_address(address):
            problem = (
                "The address must start with postgresql://, e.g. "
                "postgresql://your_login@records.agency.gov/clinic_audit."
            )
        elif self.in_use.isChecked() and not address:
            problem = "Give the server's address to work on it."
        elif "@" in address and ":" in address.split("@")[0].removeprefix("postgresql://"):
            problem = "Leave the password out of the address; keep it in ~/.pgpass or the keyring."
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            return problem
        self.error.hide()
        self.ctx.settings.setValue(preferences.SERVER_ADDRESS, address)
        self.ctx.settings.setValue(preferences.SERVER_IN_USE, self.in_use.isChecked())
        return None


class SigningPage(SettingsPage):
    """The key a finalized audit's report is signed with, the time-stamp service, and
    the certificates the agency trusts (``clinic_audit.files.signing_settings``)."""

    key, title = SIGNING, "Signing"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        intro = QLabel(
            "The report of a finalized audit is signed (PAdES) with this key; its password "
            "is asked when the report is built, never kept here. A key made with "
            "'clinic-audit keys create' proves integrity, not identity."
        )
        intro.setWordWrap(True)
        self.pkcs12 = line_edit("Signing key file (PKCS#12)", 1000)
        self.pkcs12.setPlaceholderText(
            "e.g. /home/dana/keys/inspector.p12 — none: reports unsigned"
        )
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose the signing key file")
        choose.clicked.connect(self.choose_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.pkcs12, 1)
        key_row.addWidget(choose)
        self.timestamp_url = line_edit("Time-stamp service address", 1000)
        self.timestamp_url.setPlaceholderText("https://… (RFC 3161); none: PAdES B-B")
        self.trust = QPlainTextEdit()
        self.trust.setAccessibleName("Trusted certificates, one file per line")
        self.trust.setTabChangesFocus(True)
        self.trust.setFixedHeight(64)
        self.error_label = error_label()
        form = QFormLayout()
        form.addRow("&Key:", key_row)
        form.addRow("&Time stamps:", self.timestamp_url)
        form.addRow("T&rusted:", self.trust)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def load(self) -> None:
        from clinic_audit.files.signing_settings import load_signing_settings

        try:
            settings = load_signing_settings()
        except BadFileError as error:
            self.error_label.setText(
                f"The saved signing settings cannot be read ({error.problems[0]}). "
                "Fill them in again and press OK to replace them."
            )
            self.error_label.show()
            return
        self.pkcs12.setText(settings.pkcs12 or "")
        self.timestamp_url.setText(settings.timestamp_url or "")
        self.trust.setPlainText("\n".join(settings.trust))

    def choose_key(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            "Signing key",
            preferences.last_folder(self.ctx.settings),
            "PKCS#12 keys (*.p12 *.pfx);;All files (*)",
        )
        if name:
            self.pkcs12.setText(name)

    def save(self) -> str | None:
        from pydantic import ValidationError

        from clinic_audit.files.signing_settings import SigningSettings, save_signing_settings

        url = self.timestamp_url.text().strip()
        try:
            settings = SigningSettings(
                pkcs12=self.pkcs12.text().strip() or None,
                timestamp_url=url or None,
                trust=[
                    line.strip() for line in self.trust.toPlainText().splitlines() if line.strip()
                ],
            )
        except ValidationError:
            return f"Time stamps: '{url}' is not a web address; write it as https://…"
        if settings.pkcs12 and not Path(settings.pkcs12).is_file():
            return f"Key: there is no file {settings.pkcs12}. Choose the key file again."
        try:
            save_signing_settings(settings)
        except OSError as error:
            return f"The signing settings could not be written ({error.strerror or error})."
        return None


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent=None, page: str = AGENCY, intro: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self.pages: list[SettingsPage] = [
            GeneralPage(ctx),
            AgencyPage(ctx),
            InspectorPage(ctx),
            SigningPage(ctx),
            ServerPage(ctx),
        ]
        self.tabs = QTabWidget()
        for settings_page in self.pages:
            settings_page.load()
            self.tabs.addTab(settings_page, settings_page.title)
        self.show_page(page)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet("font-weight: bold")
        self.intro.setVisible(bool(intro))
        self.error_label = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.rejected.connect(self._cancelled)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _cancelled(self) -> None:
        for settings_page in self.pages:
            settings_page.cancel()

    def page(self, key: str) -> SettingsPage:
        return next(p for p in self.pages if p.key == key)

    def show_page(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.page(key))

    def save(self) -> None:
        for settings_page in self.pages:
            problem = settings_page.save()
            if problem is not None:
                self.tabs.setCurrentWidget(settings_page)
                self.error_label.setText(problem)
                self.error_label.show()
                return
        self.accept()
