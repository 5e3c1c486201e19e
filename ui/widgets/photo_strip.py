"""The photos of one item: thumbnails (click to enlarge), remove, and "Add photo…"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit.model import PhotoRef
from clinic_audit.rules.display import plural
from clinic_audit.store.database import Store
from clinic_audit.store.errors import StoreError
from clinic_audit.ui.dialogs import messages
from clinic_audit.ui.style.theme import tone

THUMB_HEIGHT = 84


class PhotoStrip(QWidget):
    add_requested = Signal()
    folder_requested = Signal()  # photos from a folder (the phone's, synced)
    remove_requested = Signal(str)  # sha256 of the original photo
    view_requested = Signal(str)  # sha256 of the original photo (the store's key)

    def __init__(self, thumbnail: Callable[[str], QPixmap], parent=None):
        super().__init__(parent)
        self._thumbnail = thumbnail
        self._shown: list[tuple[str, str]] = []
        self._read_only = False
        self.thumbs: list[QToolButton] = []
        self.remove_buttons: list[QToolButton] = []
        self.add_button = QPushButton("Add photo…")
        self.add_button.setAccessibleName("Add photo")
        self.add_button.setToolTip("Choose photo files, or drop image files onto this item")
        self.add_button.clicked.connect(self.add_requested.emit)
        self.folder_button = QPushButton("From a folder…")
        self.folder_button.setAccessibleName("Add photos from a folder")
        self.folder_button.setToolTip(
            "The photos of a folder (a phone's, synced to this computer), newest first (Shift+A)"
        )
        self.folder_button.clicked.connect(self.folder_requested.emit)
        self.busy = QLabel()
        self.busy.hide()
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.row)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.folder_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addStretch(1)

    def show_photos(self, photos: list[PhotoRef]) -> None:
        wanted = [(p.sha256, p.caption or p.filename) for p in photos]
        if wanted == self._shown:
            return
        self._shown = wanted
        while (item := self.row.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.thumbs, self.remove_buttons = [], []
        for number, photo in enumerate(photos, start=1):
            self.row.addWidget(self._tile(number, photo))
        self.set_read_only(self._read_only)

    def _tile(self, number: int, photo: PhotoRef) -> QWidget:
        name = photo.caption or photo.filename or f"photo {number}"
        thumb = QToolButton()
        pixmap = self._thumbnail(photo.sha256)
        thumb.setIcon(QIcon(pixmap))
        thumb.setIconSize(
            pixmap.size().scaled(QSize(160, THUMB_HEIGHT), Qt.AspectRatioMode.KeepAspectRatio)
        )
        thumb.setAccessibleName(f"Photo {number}: {name}")
        thumb.setToolTip(f"{name} — {photo.width}×{photo.height}; click to enlarge")
        thumb.clicked.connect(lambda: self.view_requested.emit(photo.sha256))
        remove = QToolButton()
        remove.setText("Remove")
        remove.setAccessibleName(f"Remove photo {number}: {name}")
        remove.clicked.connect(lambda: self.remove_requested.emit(photo.sha256))
        tile = QWidget()
        column = QVBoxLayout(tile)
        column.setContentsMargins(0, 0, 4, 0)
        column.setSpacing(2)
        column.addWidget(thumb)
        column.addWidget(remove, 0, Qt.AlignmentFlag.AlignHCenter)
        self.thumbs.append(thumb)
        self.remove_buttons.append(remove)
        return tile

    def set_busy(self, pending: int) -> None:
        self.busy.setText(f"Adding {plural(pending, 'photo')}…")
        self.busy.setVisible(pending > 0)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setVisible(not read_only)
        self.folder_button.setVisible(not read_only)
        for button in self.remove_buttons:
            button.setVisible(not read_only)


class PhotoViewer(QDialog):
    """One photo, large enough to check what it shows."""

    def __init__(self, jpeg: bytes, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        pixmap = QPixmap()
        pixmap.loadFromData(jpeg, "JPEG")
        label = QLabel()
        label.setAccessibleName(title)
        label.setPixmap(
            pixmap.scaled(
                QSize(1000, 700),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        close = QPushButton("Close")
        close.setAccessibleName("Close the photo")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)


class Thumbnails:
    """Thumbnails from the store, decoded and scaled once, by photo sha256."""

    def __init__(self, store: Store):
        self.store = store
        self._cache: dict[str, QPixmap] = {}

    def clear(self) -> None:
        self._cache.clear()

    def __call__(self, sha256: str) -> QPixmap:
        if sha256 not in self._cache:
            pixmap = QPixmap()
            try:
                pixmap.loadFromData(self.store.photo_thumb(sha256), "JPEG")
            except StoreError:
                pixmap = QPixmap(THUMB_HEIGHT, THUMB_HEIGHT)
                pixmap.fill(tone("muted"))
            self._cache[sha256] = pixmap.scaledToHeight(
                THUMB_HEIGHT, Qt.TransformationMode.SmoothTransformation
            )
        return self._cache[sha256]


def view_photo(parent: QWidget, store: Store, sha256: str) -> None:
    try:
        jpeg = store.photo_jpeg(sha256)
    except StoreError as error:
        messages.show_error(parent, "Photo", str(error))
        return
    PhotoViewer(jpeg, "Photo", parent).exec()
