"""One person's sign-off: their name, a signature pad, Clear and Save, or the saved signature."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit.model import Signature, SignatureRole
from clinic_audit.checklist.model import Severity
from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text
from clinic_audit.ui.dialogs.register_row import MIN_HEIGHT
from clinic_audit.ui.style.severity import good_colour, severity_css
from clinic_audit.ui.widgets.signature_pad import PAPER, SignaturePad

ROLE_TITLES = {
    SignatureRole.INSPECTOR: "Inspector",
    SignatureRole.REPRESENTATIVE: "Facility representative",
}


class SignatureBox(QGroupBox):
    """``save(role, name, png)`` stores the signature; refusals are shown here."""

    def __init__(
        self, role: SignatureRole, save: Callable[[SignatureRole, str, bytes], None], parent=None
    ):
        super().__init__(ROLE_TITLES[role], parent)
        self.role = role
        self._save = save
        self.signature: Signature | None = None
        self.current = True
        self.read_only = False
        who = ROLE_TITLES[role].lower()
        self.setAccessibleName(f"{ROLE_TITLES[role]} signature")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Name of the person signing")
        self.name_edit.setAccessibleName(f"Name of the {who}")
        self.name_edit.setMinimumHeight(MIN_HEIGHT)
        self.pad = SignaturePad(self)
        self.pad.setAccessibleName(f"Signature pad for the {who}")
        self.pad.changed.connect(self._update_buttons)
        self.saved_image = QLabel(self)
        self.saved_image.setAccessibleName(f"Saved signature of the {who}")
        self.saved_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.saved_image.setMinimumHeight(150)
        self.saved_image.setStyleSheet(
            f"background: {PAPER.name()}; border: 1px solid palette(mid); border-radius: 6px;"
        )
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(f"{ROLE_TITLES[role]} signature status")
        self.clear_button = self._button(
            "Clear", f"Clear the {who}'s signature pad", self.pad.clear
        )
        self.save_button = self._button(
            "Save signature", f"Save the {who}'s signature", self.save_signature
        )
        self.resign_button = self._button(
            "Sign again", f"Sign again as the {who}", self._sign_again
        )
        self.keep_button = self._button(
            "Keep the saved signature", f"Keep the {who}'s saved signature", self._keep_saved
        )
        self.name_row = QWidget(self)
        name_row = QHBoxLayout(self.name_row)
        name_row.setContentsMargins(0, 0, 0, 0)
        name_label = QLabel("Name:", self.name_row)
        name_label.setBuddy(self.name_edit)
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)
        buttons = QHBoxLayout()
        for button in (self.clear_button, self.save_button, self.resign_button, self.keep_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name_row)
        layout.addWidget(self.pad)
        layout.addWidget(self.saved_image)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self._resigning = False
        self._update_view()

    def _button(self, text: str, accessible: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(accessible)
        button.setMinimumHeight(MIN_HEIGHT)
        button.clicked.connect(slot)
        return button

    def show_signature(
        self, signature: Signature | None, default_name: str, read_only: bool, current=True
    ) -> None:
        """Show what is stored (``current``: given on the record as it is now); a drawing
        in progress on the pad is kept."""
        if signature != self.signature:
            self._resigning = False
        self.signature = signature
        self.current = current
        self.read_only = read_only
        if not self.name_edit.isModified():
            self.name_edit.setText(signature.name if signature else default_name)
        self.pad.set_read_only(read_only)
        if signature and signature.image_png:
            pixmap = QPixmap()
            pixmap.loadFromData(signature.image_png, "PNG")
            self.saved_image.setPixmap(
                pixmap.scaled(  # at most as wide as the pad: two fit a 1024-pixel window
                    300,
                    140,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self._update_view()

    def _sign_again(self) -> None:
        self._resigning = True
        self.pad.clear()
        self._update_view()

    def _keep_saved(self) -> None:
        self._resigning = False
        self.pad.clear()
        self._update_view()

    def _update_view(self) -> None:
        signature = self.signature
        signed = signature is not None
        drawing = not self.read_only and (not signed or self._resigning)
        self.pad.setVisible(drawing)
        self.name_row.setVisible(drawing)
        self.saved_image.setVisible(signed and not self._resigning)
        self.clear_button.setVisible(drawing)
        self.save_button.setVisible(drawing)
        self.resign_button.setVisible(signed and not drawing and not self.read_only)
        self.keep_button.setVisible(signed and drawing)
        if signature is not None and not self.current:
            self._set_status(
                f"⚠ Signed by {signature.name} on an earlier version of the record: sign again.",
                severity_css(Severity.CRITICAL),
            )
        elif signature is not None:
            when = signature.signed_at.astimezone().strftime("%Y-%m-%d %H:%M")
            covers = (
                f" It covers revision {signature.record_revision} of the record "
                f"(SHA-256 {signature.record_sha256[:12]}…)."
                if signature.record_sha256
                else ""
            )
            self._set_status(
                f"✓ Signed by {signature.name} on {when}.{covers}", good_colour().name()
            )
        elif self.read_only:
            self._set_status("Not signed.", "")
        else:
            self._set_status("Not signed yet: sign in the box, then press Save signature.", "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(not self.pad.is_empty())
        self.clear_button.setEnabled(not self.pad.is_empty())

    def _set_status(self, text: str, colour: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {colour};" if colour else "")

    def save_signature(self) -> None:
        name = self.name_edit.text().strip()
        png = self.pad.png_bytes()
        if not name:
            self._problem("Type the name of the person signing, then save again.")
            return
        if png is None:
            self._problem("Sign in the box first.")
            return
        try:
            self._save(self.role, name, png)
        except EXPECTED_ERRORS as error:
            self._problem(error_text(error, "The signature"))
            return
        self.name_edit.setModified(False)
        self.pad.clear()
        self._resigning = False
        self._update_view()

    def _problem(self, text: str) -> None:
        self._set_status(text, severity_css(Severity.CRITICAL))
