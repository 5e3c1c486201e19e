"""The password of the agency's server, asked when libpq's password file and the
keyring have none; held in memory for the session only, never written."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def ask_server_password(parent: QWidget | None, prompt: str) -> str | None:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Log in to the agency's server")
    dialog.setLabelText(
        f"{prompt}\n\nIt is kept only while Clinic Audit runs. To be asked no more, keep it "
        "in the system keyring: clinic-audit --db ADDRESS server login"
    )
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setOkButtonText("Log in")
    dialog.setObjectName("serverPassword")
    dialog.setAccessibleName("Server password")
    if not dialog.exec():
        return None
    return dialog.textValue() or None
