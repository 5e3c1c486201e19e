"""One checklist item in the walk-through: what to check, the answer, a note and photos."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from clinic_audit.audit.model import Response
from clinic_audit.checklist.model import Item, Result, Severity
from clinic_audit.rules.summary import ItemStatus
from clinic_audit.ui.style.theme import FILLS, severity_tone, tone
from clinic_audit.ui.widgets.photo_strip import PhotoStrip
from clinic_audit.ui.workers.photos import is_image_file

NOTE_SAVE_DELAY_MS = 500
ANSWER_KEYS = {
    Result.PASS: "P",
    Result.FAIL: "F",
    Result.NOT_APPLICABLE: "N",
    Result.NOT_OBSERVED: "O",
}


def card_style_sheet(palette: QPalette) -> str:
    """One style sheet for all the cards of a section (set once on their container)."""
    text = palette.text().color()
    rules = [
        "QFrame#card { border: 1px solid "
        f"rgba({text.red()}, {text.green()}, {text.blue()}, 70); border-radius: 6px; }}",
        'QFrame#card[current="true"] { border: 2px solid '
        f"{palette.highlight().color().name()}; }}",
        f'QLabel[role="missing"] {{ color: {tone("critical").name()}; font-weight: bold; }}',
        f'QLabel[role="condition"] {{ color: {tone("muted").name()}; font-style: italic; }}',
    ]
    # a flat button draws no frame, so no focus ring either: give it one
    highlight = palette.highlight().color().name()
    rules += [
        'QPushButton[flat="true"] { border: 2px solid transparent; border-radius: 4px; '
        "padding: 4px 8px; }",
        f'QPushButton[flat="true"]:focus {{ border-color: {highlight}; }}',
    ]
    for result, fill in FILLS.items():
        rules.append(
            f'QPushButton[answer="{result.value}"]:checked {{ background-color: {fill}; '
            f"color: white; font-weight: bold; border: 1px solid {fill}; border-radius: 4px; }}"
        )
    for severity in Severity:
        colour = severity_tone(severity).name()
        rules.append(
            f'QLabel[severity="{severity.value}"] {{ color: {colour}; border: 1px solid {colour}; '
            "border-radius: 3px; padding: 1px 6px; font-weight: bold; }"
        )
    return "\n".join(rules)


class NoteEdit(QPlainTextEdit):
    """The note field: tells when focus leaves, Esc hands the keys back to the walk-through."""

    left = Signal()
    escaped = Signal()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.left.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source) -> bool:
        return not source.hasUrls() and super().canInsertFromMimeData(source)


class ItemCard(QFrame):
    answered = Signal(str, object)  # item id, Result
    cleared = Signal(str)  # item id: back to unanswered
    note_edited = Signal(str, str)
    note_typing = Signal(str)  # item id: a note is being typed, not saved yet
    add_photos = Signal(str)
    add_from_folder = Signal(str)
    files_dropped = Signal(str, list)
    remove_photo = Signal(str, str)  # item id, photo sha256
    view_photo = Signal(str)  # photo sha256
    waive_photo = Signal(str)  # item id: say why there is no photo

    def __init__(
        self,
        number: str,
        item: Item,
        condition_text: str,
        thumbnail,
        parent=None,
        reference: str = "",
        basis: str | None = None,
    ):
        super().__init__(parent)
        self.item = item
        self.item_id = item.id
        self.condition_text = condition_text
        self.not_applicable_by_condition = False
        self.read_only = False
        self._note_dirty = False
        self.setObjectName("card")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(f"Item {number}: {item.prompt}")
        self.setAcceptDrops(True)

        code = f" · {item.code}" if item.code else ""
        self.prompt = QLabel(f"<b>{number}{code}. {html.escape(item.prompt)}</b>")
        self.prompt.setWordWrap(True)
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.severity = QLabel(item.severity.value.upper())
        self.severity.setAccessibleName(f"Severity: {item.severity.value}")
        self.severity.setProperty("severity", item.severity.value)
        muted = tone("muted").name()
        law = "" if basis is None else f"<b>Law:</b> {html.escape(basis)}<br>"
        sources = "Source" if basis is None else "See also"
        self.details = QLabel(
            f"<b>How to judge:</b> {html.escape(item.guidance)}<br>"
            f"<b>Look at:</b> {html.escape(item.evidence)}<br>{law}"
            f"<span style='color:{muted}'>{sources}: {html.escape(reference)}</span>"
        )
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.condition = QLabel(f"Not applicable (condition): {html.escape(condition_text)}")
        self.condition.setWordWrap(True)
        self.condition.setProperty("role", "condition")
        self.condition.hide()

        self.buttons: dict[Result, QPushButton] = {}
        self.group = QButtonGroup(self)
        answers = QHBoxLayout()
        for result, key in ANSWER_KEYS.items():
            button = QPushButton(f"{result.label} ({key})")
            button.setCheckable(True)
            button.setMinimumHeight(42)  # as wide as its text: fits a 1024-pixel window
            button.setMinimumWidth(min(120, button.sizeHint().width()))
            button.setAccessibleName(f"{result.label}: {item.prompt}")
            button.setProperty("answer", result.value)
            button.clicked.connect(
                lambda _checked=False, r=result: self.answered.emit(self.item_id, r)
            )
            self.group.addButton(button)
            self.buttons[result] = button
            answers.addWidget(button)
        self.clear_button = QPushButton("Clear answer (⌫)")
        self.clear_button.setFlat(True)  # not a fifth answer
        self.clear_button.setMinimumHeight(42)
        answers.addSpacing(12)
        self.clear_button.setAccessibleName(f"Clear the answer: {item.prompt}")
        self.clear_button.setToolTip("Back to unanswered; the note and photos stay")
        self.clear_button.clicked.connect(lambda: self.cleared.emit(self.item_id))
        answers.addWidget(self.clear_button)
        answers.addStretch(1)

        self.note = NoteEdit()
        self.note.setAccessibleName(f"Note: {item.prompt}")
        self.note.setPlaceholderText(
            "Note — what you saw"
            + (" (required if the item fails)" if item.note_required_on_fail else "")
        )
        self.note.setFixedHeight(58)
        self.note.setTabChangesFocus(True)
        self.note.textChanged.connect(self._on_note_typed)
        self.note.left.connect(self.flush_note)
        self.note.escaped.connect(self.setFocus)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.flush_note)

        self.photos = PhotoStrip(thumbnail)
        self.photos.add_requested.connect(lambda: self.add_photos.emit(self.item_id))
        self.photos.folder_requested.connect(lambda: self.add_from_folder.emit(self.item_id))
        self.photos.remove_requested.connect(lambda sha: self.remove_photo.emit(self.item_id, sha))
        self.photos.view_requested.connect(self.view_photo.emit)
        self.missing = QLabel()
        self.missing.setAccessibleName("Missing evidence")
        self.missing.setProperty("role", "missing")
        self.missing.hide()
        self.waiver = QLabel()
        self.waiver.setWordWrap(True)
        self.waiver.setAccessibleName("Why there is no photo")
        self.waive_button = QPushButton("No photo possible…")
        self.waive_button.setAccessibleName("Say why this item has no photo")
        self.waive_button.setToolTip(
            "The clinic refused photography, the camera failed: the reason is recorded "
            "and printed in the report instead of the photo."
        )
        self.waive_button.clicked.connect(lambda: self.waive_photo.emit(self.item_id))
        waiver_row = QHBoxLayout()
        waiver_row.addWidget(self.waiver, 1)
        waiver_row.addWidget(self.waive_button, 0, Qt.AlignmentFlag.AlignTop)
        self.waiver.hide()
        self.waive_button.hide()

        head = QHBoxLayout()
        head.addWidget(self.prompt, 1)
        head.addWidget(self.severity, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(head)
        layout.addWidget(self.details)
        layout.addWidget(self.condition)
        layout.addLayout(answers)
        layout.addWidget(self.note)
        layout.addWidget(self.photos)
        layout.addWidget(self.missing)
        layout.addLayout(waiver_row)
        self.set_current(False)

    # state --------------------------------------------------------------------

    def show_state(self, status: ItemStatus, response: Response, read_only: bool) -> None:
        """Show the stored answer; a note being typed is never overwritten."""
        self.read_only = read_only
        self.not_applicable_by_condition = (
            not status.applicable and response.result != Result.NOT_APPLICABLE
        )
        shown = None if self.not_applicable_by_condition else response.result
        self.group.setExclusive(False)
        for result, button in self.buttons.items():
            button.setChecked(result == shown)
            button.setEnabled(not read_only and not self.not_applicable_by_condition)
        self.group.setExclusive(True)
        self.clear_button.setEnabled(
            not read_only and not self.not_applicable_by_condition and shown is not None
        )
        if not self._note_dirty and self.note.toPlainText() != response.note:
            self.note.blockSignals(True)
            self.note.setPlainText(response.note)
            self.note.blockSignals(False)
        self.note.setReadOnly(read_only)
        self.note.setEnabled(not self.not_applicable_by_condition)
        self.photos.show_photos(response.photos)
        self.photos.set_read_only(read_only or self.not_applicable_by_condition)
        self.condition.setVisible(self.not_applicable_by_condition)
        self.details.setEnabled(not self.not_applicable_by_condition)
        self.prompt.setEnabled(not self.not_applicable_by_condition)
        self.missing.setText(f"⚠ This failed item still needs {status.missing_text}.")
        self.missing.setVisible(bool(status.missing))
        reason = response.photo_waiver.strip()
        needs_photo = (
            self.item.photo_required_on_fail
            and response.result == Result.FAIL
            and not response.photos
        )
        self.waiver.setText(f"No photo: {reason}" if reason else "")
        self.waiver.setVisible(needs_photo and bool(reason))
        self.waive_button.setText("Change the reason…" if reason else "No photo possible…")
        self.waive_button.setVisible(needs_photo and not read_only)

    @property
    def result(self) -> Result | None:
        return next((r for r, b in self.buttons.items() if b.isChecked()), None)

    @property
    def answerable(self) -> bool:
        return not self.read_only and not self.not_applicable_by_condition

    def set_current(self, current: bool) -> None:
        if self.property("current") != current:
            self.setProperty("current", current)
            self.style().unpolish(self)
            self.style().polish(self)
            self.update()

    # the note -------------------------------------------------------------------

    def _on_note_typed(self) -> None:
        self._note_dirty = True
        self._note_timer.start()
        self.note_typing.emit(self.item_id)

    def flush_note(self) -> None:
        self._note_timer.stop()
        if self._note_dirty:
            self._note_dirty = False
            self.note_edited.emit(self.item_id, self.note.toPlainText())

    # drag and drop of photo files ------------------------------------------------

    def _dropped_images(self, event) -> list[str]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [u.toLocalFile() for u in urls if u.isLocalFile() and is_image_file(u.toLocalFile())]

    def dragEnterEvent(self, event) -> None:
        if self.answerable and self._dropped_images(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        paths = self._dropped_images(event) if self.answerable else []
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(self.item_id, paths)
        else:
            event.ignore()
