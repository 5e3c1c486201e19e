"""One corrective action of a finding: what, who, by when, how far; saved as it is made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit.model import ActionProgress, ActionStatus, CorrectiveAction, new_id
from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text
from clinic_audit.ui.style.theme import tint
from clinic_audit.ui.widgets.action_progress import ActionProgressEditor, RecordProgress
from clinic_audit.ui.widgets.date_field import MIN_HEIGHT, DateField

STATUS_WORDS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
}


SAVE_DELAY_MS = 500  # a kill loses at most what was typed in the last half second


class ActionTextEdit(QPlainTextEdit):
    """Emits ``committed`` when the person pauses typing or leaves the box; Tab moves on."""

    committed = Signal()
    typed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._idle = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._idle.timeout.connect(self.committed)
        self.textChanged.connect(self._typed)
        self._quiet = False

    def set_text_quietly(self, text: str) -> None:
        self._quiet = True
        self.setPlainText(text)
        self._quiet = False

    def _typed(self) -> None:
        if not self._quiet:
            self._idle.start()
            self.typed.emit()

    def flush(self) -> None:
        if self._idle.isActive():
            self._idle.stop()
            self.committed.emit()

    def focusOutEvent(self, event) -> None:  # noqa: N802 — Qt's name
        self.flush()
        super().focusOutEvent(event)


class ActionEditor(QWidget):
    """``save(action)`` stores the action; a refused save is shown here and the typing kept.
    ``action`` is the stored action, None until the first save of a new one."""

    remove_requested = Signal(object)  # this editor
    typing = Signal(str)  # a key for AppContext.typing: something typed is not saved yet
    settled = Signal(str)  # what was typed is saved, or refused

    def __init__(
        self,
        finding_key: str,
        name: str,
        save: Callable[[CorrectiveAction], None],
        due_default: dt.date,
        parent=None,
    ):
        super().__init__(parent)
        self.finding_key = finding_key
        self.action_id = new_id()
        self.action: CorrectiveAction | None = None
        self.asked_for = False  # added with "Add another action", not just the first blank
        self.progress: ActionProgressEditor | None = None
        self._save = save
        self.action_edit = ActionTextEdit(self)
        self.action_edit.setPlaceholderText("What will be done to correct this?")
        self.action_edit.setAccessibleName(f"Corrective action for: {name}")
        self.action_edit.setFixedHeight(58)
        self.action_edit.committed.connect(self.save_action)
        self.action_edit.typed.connect(self._typing)
        self.responsible_edit = QLineEdit(self)
        self.responsible_edit.setPlaceholderText("Who will do it")
        self.responsible_edit.setAccessibleName(f"Responsible person for: {name}")
        self.responsible_edit.setMinimumHeight(MIN_HEIGHT)
        self.responsible_edit.editingFinished.connect(self.save_action)
        self._responsible_idle = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._responsible_idle.timeout.connect(self.save_action)
        self.responsible_edit.textEdited.connect(self._responsible_idle.start)
        self.responsible_edit.textEdited.connect(self._typing)
        self.due_edit = DateField("Due date", due_default, self, none_text="No due date")
        self.due_edit.set_value(None)
        self.due_edit.changed.connect(self.save_action)
        # A date typed is saved on Return or on leaving the field, and also once the person
        # has stopped typing if it is a whole date by then (what is not waits for Return).
        self._due_idle = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._due_idle.timeout.connect(self._due_typed)
        self.due_edit.edited.connect(self._due_idle.start)
        self.due_edit.edited.connect(self._typing)
        self.status_buttons: dict[ActionStatus, QPushButton] = {}
        self.status_group = QButtonGroup(self)
        status_row = QHBoxLayout()
        status_row.setSpacing(0)
        for status, text in STATUS_WORDS.items():
            button = QPushButton(text, self)
            button.setCheckable(True)
            button.setMinimumHeight(MIN_HEIGHT)
            button.setMinimumWidth(96)
            button.setAccessibleName(f"Action status {text} for: {name}")
            button.clicked.connect(self.save_action)
            self.status_group.addButton(button)
            self.status_buttons[status] = button
            status_row.addWidget(button)
        self.status_buttons[ActionStatus.OPEN].setChecked(True)
        self.closed_edit = DateField(
            "Closed on", dt.date.today(), self, optional=False, min_height=MIN_HEIGHT
        )
        self.closed_edit.changed.connect(self.save_action)
        self.evidence_edit = QLineEdit(self)
        self.evidence_edit.setPlaceholderText("What shows it is done: a photo, a record, a log")
        self.evidence_edit.setAccessibleName(f"Closing evidence for: {name}")
        self.evidence_edit.setMinimumHeight(MIN_HEIGHT)
        self.evidence_edit.setMaxLength(2000)
        self.evidence_edit.editingFinished.connect(self.save_action)
        self.evidence_edit.textEdited.connect(self._typing)
        self.remove_button = QPushButton("Remove this action", self)
        self.remove_button.setAccessibleName(f"Remove the corrective action for: {name}")
        self.remove_button.setMinimumHeight(MIN_HEIGHT)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        tint(self.error_label, "critical")
        self.error_label.hide()

        self.title_label = _label("Corrective action:", self.action_edit, self)
        details = QHBoxLayout()
        details.addWidget(_label("Responsible:", self.responsible_edit, self))
        details.addWidget(self.responsible_edit, 2)
        details.addSpacing(12)
        details.addWidget(_label("Due:", self.due_edit, self))
        details.addWidget(self.due_edit, 1)
        status_line = QHBoxLayout()  # a row of its own: the three fit a 1024-pixel window
        status_line.addWidget(QLabel("Status:", self))
        status_line.addWidget(_wrap(status_row, self))
        status_line.addStretch(1)
        closing = QHBoxLayout()
        closing.addWidget(_label("Closed on:", self.closed_edit, self))
        closing.addWidget(self.closed_edit, 1)
        closing.addSpacing(12)
        closing.addWidget(_label("Closing evidence:", self.evidence_edit, self))
        closing.addWidget(self.evidence_edit, 3)
        self.closing_row = _wrap(closing, self)
        self.closing_row.hide()
        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.action_edit)
        layout.addLayout(details)
        layout.addLayout(status_line)
        layout.addWidget(self.closing_row)
        layout.addWidget(self.error_label)

    def show_progress(self, log: list[ActionProgress], record: RecordProgress | None) -> None:
        """A finalized audit's action: its progress log and a line to add to it."""
        if record is None or self.action is None:
            if self.progress is not None:
                self.progress.hide()
            return
        if self.progress is None:
            self.progress = ActionProgressEditor(
                self.action_id, self.action.action[:60], record, self
            )
            layout = self.layout()
            assert layout is not None  # made in __init__
            layout.addWidget(self.progress)
        self.progress.show()
        self.progress.show_log(log)

    def status(self) -> ActionStatus:
        return next(s for s, b in self.status_buttons.items() if b.isChecked())

    def show_action(self, action: CorrectiveAction) -> None:
        """Show the stored action, without overwriting what the person is typing."""
        self.action, self.action_id = action, action.id
        if not self.action_edit.hasFocus() and self.action_edit.toPlainText() != action.action:
            self.action_edit.set_text_quietly(action.action)
        if not self.responsible_edit.hasFocus():
            self.responsible_edit.setText(action.responsible)
        self.due_edit.set_value(action.due, keep_typing=True)
        self.status_buttons[action.status].setChecked(True)
        if action.closed_on is not None:
            self.closed_edit.set_value(action.closed_on, keep_typing=True)
        if not self.evidence_edit.hasFocus():
            self.evidence_edit.setText(action.closing_evidence)
        self.closing_row.setVisible(action.status == ActionStatus.DONE)

    def set_read_only(self, read_only: bool) -> None:
        self.action_edit.setReadOnly(read_only)
        self.responsible_edit.setReadOnly(read_only)
        self.due_edit.setEnabled(not read_only)
        self.closed_edit.setEnabled(not read_only)
        self.evidence_edit.setReadOnly(read_only)
        for button in self.status_buttons.values():
            button.setEnabled(not read_only)

    def wanted(self) -> bool:
        """Whether a new, unsaved editor should stay: asked for, or typed in."""
        return self.asked_for or self.edited_action() != self.blank()

    def blank(self) -> CorrectiveAction:
        return CorrectiveAction(id=self.action_id, finding_key=self.finding_key)

    def edited_action(self) -> CorrectiveAction:
        return (self.action or self.blank()).model_copy(
            update={
                "action": self.action_edit.toPlainText().strip(),
                "responsible": self.responsible_edit.text().strip(),
                "due": self.due_edit.value(),
                "status": self.status(),
                **self._closing(),
            }
        )

    def _closing(self) -> dict[str, object]:
        """A done action's closing date (today unless typed) and evidence; none otherwise."""
        done = self.status() == ActionStatus.DONE
        self.closing_row.setVisible(done)
        if not done:
            return {"closed_on": None, "closing_evidence": ""}
        self.closed_edit.commit(show_problem=False, reformat=False)
        return {
            "closed_on": self.closed_edit.value() or dt.date.today(),
            "closing_evidence": self.evidence_edit.text().strip(),
        }

    @property
    def pending_key(self) -> str:
        return f"action:{self.action_id}"

    def _typing(self) -> None:
        self.typing.emit(self.pending_key)

    def _due_typed(self) -> None:
        self.due_edit.commit(show_problem=False, reformat=False)
        if self.due_edit.value() == (self.action or self.blank()).due:
            self.settled.emit(self.pending_key)  # not a whole date yet: nothing to save

    def flush(self) -> None:
        """Save what is typed now (the section or screen changes, the window closes)."""
        self.action_edit.flush()
        self._due_idle.stop()
        self._responsible_idle.stop()
        self.due_edit.commit(show_problem=False, reformat=False)
        self.save_action()

    def save_action(self) -> None:
        self._responsible_idle.stop()
        if self.action_edit.isReadOnly():
            self.settled.emit(self.pending_key)
            return
        action = self.edited_action()
        if action == (self.action or self.blank()):
            self.settled.emit(self.pending_key)
            return
        try:
            self._save(CorrectiveAction.model_validate(action.model_dump()))
        except EXPECTED_ERRORS as error:
            self.error_label.setText(error_text(error, "The corrective action"))
            self.error_label.show()
            self.settled.emit(self.pending_key)
            return
        self.error_label.hide()
        self.action = action
        self.settled.emit(self.pending_key)


def _label(text: str, buddy: QWidget, parent) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


def _wrap(layout, parent) -> QWidget:
    holder = QWidget(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder
