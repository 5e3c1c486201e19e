"""A message above read-only, copyable text: a bad file's problems, a crash's details."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class TextReportDialog(QDialog):
    """A message above read-only, copyable text (file problems, crash details)."""

    def __init__(self, title: str, intro: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 420)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.details = QPlainTextEdit(text)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details")
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setAccessibleName("Copy details to the clipboard")
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied")
