"""One finding and its corrective action, edited in place and saved as it is made."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit_model import ActionStatus, CorrectiveAction
from clinic_audit.checklist_model import Severity
from clinic_audit.summary_model import Finding
from clinic_audit.ui.register_dialogs import MIN_HEIGHT, OptionalDateEdit
from clinic_audit.ui.severity_style import SEVERITY_WORDS, severity_css
from clinic_audit.ui.user_messages import EXPECTED_ERRORS, error_text

STATUS_WORDS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
}


class ActionTextEdit(QPlainTextEdit):
    """Emits ``committed`` when the person pauses typing or leaves the box."""

    committed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._idle = QTimer(self, singleShot=True, interval=1200)
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

    def focusOutEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if self._idle.isActive():
            self._idle.stop()
            self.committed.emit()
        super().focusOutEvent(event)


class FindingCard(QFrame):
    """``save(action)`` stores the action; a refused save is shown here and the typing kept."""

    def __init__(
        self,
        finding: Finding,
        where: str,
        observed: str,
        save: Callable[[CorrectiveAction], None],
        due_default: dt.date,
        parent=None,
    ):
        super().__init__(parent)
        self.finding = finding
        self.action: CorrectiveAction | None = None
        self._save = save
        self.setObjectName("findingCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        colour = severity_css(finding.severity)
        width = 8 if finding.severity == Severity.CRITICAL else 5
        self.setStyleSheet(
            f"QFrame#findingCard {{ border: 1px solid palette(mid); "
            f"border-left: {width}px solid {colour}; border-radius: 4px; }}"
            "QPushButton:checked { background: palette(highlight); "
            "color: palette(highlighted-text); font-weight: bold; "
            "border: 1px solid palette(highlight); border-radius: 3px; padding: 0 8px; }"
        )
        word = SEVERITY_WORDS[finding.severity]
        self.severity_label = QLabel(word.upper(), self)
        self.severity_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.title_label = QLabel(finding.title, self)
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        if finding.severity == Severity.CRITICAL:
            font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.addWidget(self.severity_label, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.title_label, 1)
        facts = [f"<b>Where:</b> {_escape(where)}"]
        if observed:
            facts.append(f"<b>Observed:</b> {_escape(observed)}")
        if finding.detail:
            facts.append(_escape(finding.detail))
        if finding.reference:
            facts.append(f"<b>Reference:</b> {_escape(finding.reference)}")
        self.facts_label = QLabel("<br>".join(facts), self)
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextFormat(Qt.TextFormat.RichText)

        name = f"{word} finding: {finding.title}"
        self.setAccessibleName(name)
        self.action_edit = ActionTextEdit(self)
        self.action_edit.setPlaceholderText("What will be done to correct this?")
        self.action_edit.setAccessibleName(f"Corrective action for: {finding.title}")
        self.action_edit.setFixedHeight(58)
        self.action_edit.committed.connect(self.save_action)
        self.responsible_edit = QLineEdit(self)
        self.responsible_edit.setPlaceholderText("Who will do it")
        self.responsible_edit.setAccessibleName(f"Responsible person for: {finding.title}")
        self.responsible_edit.setMinimumHeight(MIN_HEIGHT)
        self.responsible_edit.editingFinished.connect(self.save_action)
        self.due_edit = OptionalDateEdit("Due date", due_default, self, none_text="No due date")
        self.due_edit.set_value(None)
        # Typing a date changes it digit by digit; save once the person has stopped.
        self._due_idle = QTimer(self, singleShot=True, interval=700)
        self._due_idle.timeout.connect(self.save_action)
        self.due_edit.changed.connect(self._due_idle.start)
        self.status_buttons: dict[ActionStatus, QPushButton] = {}
        self.status_group = QButtonGroup(self)
        status_row = QHBoxLayout()
        status_row.setSpacing(0)
        for status, text in STATUS_WORDS.items():
            button = QPushButton(text, self)
            button.setCheckable(True)
            button.setMinimumHeight(MIN_HEIGHT)
            button.setMinimumWidth(96)
            button.setAccessibleName(f"Action status {text} for: {finding.title}")
            button.clicked.connect(self.save_action)
            self.status_group.addButton(button)
            self.status_buttons[status] = button
            status_row.addWidget(button)
        self.status_buttons[ActionStatus.OPEN].setChecked(True)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {severity_css(Severity.CRITICAL)};")
        self.error_label.hide()

        details = QHBoxLayout()
        details.addWidget(_label("Responsible:", self.responsible_edit, self))
        details.addWidget(self.responsible_edit, 2)
        details.addSpacing(12)
        details.addWidget(_label("Due:", self.due_edit.date_edit, self))
        details.addWidget(self.due_edit, 1)
        details.addSpacing(12)
        details.addWidget(QLabel("Status:", self))
        details.addWidget(_wrap(status_row, self))
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.facts_label)
        layout.addWidget(_label("Corrective action:", self.action_edit, self))
        layout.addWidget(self.action_edit)
        layout.addLayout(details)
        layout.addWidget(self.error_label)

    def status(self) -> ActionStatus:
        return next(s for s, b in self.status_buttons.items() if b.isChecked())

    def show_action(self, action: CorrectiveAction | None) -> None:
        """Show the stored action, without overwriting what the person is typing."""
        self.action = action
        action = action or CorrectiveAction(finding_key=self.finding.key)
        if not self.action_edit.hasFocus() and self.action_edit.toPlainText() != action.action:
            self.action_edit.set_text_quietly(action.action)
        if not self.responsible_edit.hasFocus():
            self.responsible_edit.setText(action.responsible)
        self.due_edit.set_value(action.due)
        self.status_buttons[action.status].setChecked(True)

    def set_read_only(self, read_only: bool) -> None:
        self.action_edit.setReadOnly(read_only)
        self.responsible_edit.setReadOnly(read_only)
        self.due_edit.setEnabled(not read_only)
        for button in self.status_buttons.values():
            button.setEnabled(not read_only)

    def edited_action(self) -> CorrectiveAction:
        base = self.action or CorrectiveAction(finding_key=self.finding.key)
        return base.model_copy(
            update={
                "action": self.action_edit.toPlainText().strip(),
                "responsible": self.responsible_edit.text().strip(),
                "due": self.due_edit.value(),
                "status": self.status(),
            }
        )

    def save_action(self) -> None:
        if self.action_edit.isReadOnly():
            return
        action = self.edited_action()
        unchanged = CorrectiveAction(id=action.id, finding_key=self.finding.key)
        if action == (self.action or unchanged):
            return
        try:
            self._save(CorrectiveAction.model_validate(action.model_dump()))
        except EXPECTED_ERRORS as error:
            self.error_label.setText(error_text(error, "The corrective action"))
            self.error_label.show()
            return
        self.error_label.hide()
        self.action = action


def _label(text: str, buddy: QWidget, parent) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


def _wrap(layout, parent) -> QWidget:
    holder = QWidget(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")
