"""Photos from a folder: the phone's photos synced to the laptop, newest first, with
the ones already attached to the audit marked; the ticked ones are attached to the item.

Thumbnails are read one per turn of the event loop (scaled while decoding), so a folder
of a few hundred phone photos opens at once and fills in."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit.model import Audit
from clinic_audit.rules.display import plural
from clinic_audit.ui.workers.photos import is_image_file

THUMB = QSize(150, 112)
PATH_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class FolderPhoto:
    path: Path
    modified: dt.datetime
    attached_to: str  # the item numbers it is attached to already, "" if none


@dataclass(frozen=True)
class AttachedPhotos:
    """The audit's photos as a folder is matched against them: the items each original
    file (by SHA-256) is attached to, and the file names attached."""

    items_by_sha256: dict[str, list[str]]
    names: frozenset[str]


def folder_photos(folder: Path, attached: AttachedPhotos) -> list[FolderPhoto]:
    """The image files of ``folder``, newest first, each with the items it is attached
    to already; only files with the name of an attached one are hashed to tell."""
    files = [p for p in folder.iterdir() if p.is_file() and is_image_file(p.name)]
    found = []
    for path in files:
        stat = path.stat()
        places = (
            attached.items_by_sha256.get(_sha256(path), []) if path.name in attached.names else []
        )
        modified = dt.datetime.fromtimestamp(stat.st_mtime)
        found.append(FolderPhoto(path, modified, ", ".join(places)))
    return sorted(found, key=lambda photo: photo.modified, reverse=True)


def attached_photos(audit: Audit, number_of) -> AttachedPhotos:
    places: dict[str, list[str]] = {}
    names = set()
    for item_id, response in audit.responses.items():
        for photo in response.photos:
            places.setdefault(photo.sha256, []).append(number_of(item_id))
            names.add(photo.filename)
    return AttachedPhotos(places, frozenset(names))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class PhotoFolderDialog(QDialog):
    def __init__(self, folder: Path, attached: AttachedPhotos, item: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Photos from a folder for {item}")
        self.attached = attached
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        choose = QPushButton("Choose another folder…")
        choose.clicked.connect(self.choose_folder)
        self.list = QListWidget()
        self.list.setAccessibleName("Photos in the folder, newest first")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setSpacing(6)
        self.list.setWordWrap(True)
        self.list.itemChanged.connect(self._count)
        self.list.itemActivated.connect(self._toggle)
        self.note = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        head = QHBoxLayout()
        head.addWidget(self.folder_label, 1)
        head.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(760, 520)
        self._pending: list[QListWidgetItem] = []
        self._thumb_timer = QTimer(self)
        self._thumb_timer.setInterval(0)
        self._thumb_timer.timeout.connect(self._next_thumbnail)
        self.folder = folder
        self.show_folder(folder)

    def show_folder(self, folder: Path) -> None:
        self.folder = folder
        self.list.clear()
        self._pending = []
        try:
            photos = folder_photos(folder, self.attached)
        except OSError as error:
            photos = []
            self.folder_label.setText(
                f"<b>{folder}</b> cannot be read ({error.strerror}). Choose another folder."
            )
        else:
            self.folder_label.setText(
                f"<b>{folder}</b>: {plural(len(photos), 'photo')}, newest first. Tick the ones "
                "to attach (Space or Enter ticks the current one)."
            )
        self._add(photos)
        self._count()

    def _add(self, photos: Iterable[FolderPhoto]) -> None:
        placeholder = QPixmap(THUMB)
        placeholder.fill(self.palette().mid().color())
        for photo in photos:
            when = photo.modified.strftime("%Y-%m-%d %H:%M")
            text = f"{photo.path.name}\n{when}"
            if photo.attached_to:
                text += f"\n✓ attached to {photo.attached_to}"
            entry = QListWidgetItem(QIcon(placeholder), text, self.list)
            entry.setData(PATH_ROLE, str(photo.path))
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            entry.setToolTip(str(photo.path))
            self._pending.append(entry)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._thumb_timer.start()

    def _next_thumbnail(self) -> None:
        if not self._pending:
            self._thumb_timer.stop()
            return
        entry = self._pending.pop(0)
        reader = QImageReader(entry.data(PATH_ROLE))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(size.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if not image.isNull():  # HEIC: Qt cannot read it; the name and date stay
            entry.setIcon(QIcon(QPixmap.fromImage(image)))

    def _toggle(self, entry: QListWidgetItem) -> None:
        ticked = entry.checkState() == Qt.CheckState.Checked
        entry.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)

    def _count(self) -> None:
        chosen = len(self.chosen())
        self.ok_button.setEnabled(chosen > 0)
        self.ok_button.setText(f"Attach {plural(chosen, 'photo')}" if chosen else "Attach")
        self.note.setText("Photos already attached to this audit are marked ✓.")

    def chosen(self) -> list[str]:
        return [
            self.list.item(row).data(PATH_ROLE)
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of photos", str(self.folder))
        if folder:
            self.show_folder(Path(folder))


def ask_folder_photos(
    parent: QWidget, folder: Path, attached: AttachedPhotos, item: str
) -> tuple[list[str], Path] | None:
    """The files ticked and the folder they came from, or None when cancelled."""
    dialog = PhotoFolderDialog(folder, attached, item, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen(), dialog.folder
