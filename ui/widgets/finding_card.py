"""One finding and its corrective actions, edited in place and saved as they are made."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from clinic_audit.audit.model import CorrectiveAction
from clinic_audit.checklist.model import Severity
from clinic_audit.rules.summary import Finding
from clinic_audit.ui.dialogs.register_row import MIN_HEIGHT
from clinic_audit.ui.style.severity import SEVERITY_WORDS, severity_css
from clinic_audit.ui.widgets.action_editor import ActionEditor
from clinic_audit.ui.widgets.correction_editor import CorrectionEditor, SaveCorrection


class FindingCard(QFrame):
    """The finding, then an editor per corrective action (at least one, blank until
    written); "Add another action" adds one. ``save(action)`` stores an action;
    ``remove_requested(editor)`` asks for one to go."""

    remove_requested = Signal(object)  # an ActionEditor
    typing = Signal(str)  # an editor's pending key (see ActionEditor)
    settled = Signal(str)

    def __init__(
        self,
        finding: Finding,
        where: str,
        observed: str,
        save: Callable[[CorrectiveAction], None],
        due_default: dt.date,
        parent=None,
        save_correction: SaveCorrection | None = None,
    ):
        super().__init__(parent)
        self.finding = finding
        self.editors: list[ActionEditor] = []
        self._save = save
        self._due_default = due_default
        self._read_only = False
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
        if finding.repeat_of is not None:
            raised = (
                f", raised from {finding.escalated_from.value} by the rules"
                if finding.escalated_from
                else ""
            )
            facts.insert(
                0,
                f"<b style='color:{colour}'>REPEAT VIOLATION:</b> also failed at the "
                f"inspection of {finding.repeat_of.isoformat()}{raised}.",
            )
        self.facts_label = QLabel("<br>".join(facts), self)
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextFormat(Qt.TextFormat.RichText)

        self.name = f"{word} finding: {finding.title}"
        self.setAccessibleName(self.name)
        self.add_button = QPushButton("Add another action", self)
        self.add_button.setAccessibleName(f"Add another corrective action for: {finding.title}")
        self.add_button.setMinimumHeight(MIN_HEIGHT)
        self.add_button.clicked.connect(self.add_action)
        self.correction_editor: CorrectionEditor | None = None
        if save_correction is not None:  # a regulatory finding: the agency's requirement
            self.correction_editor = CorrectionEditor(finding, save_correction, due_default, self)
            self.correction_editor.typing.connect(self.typing)
            self.correction_editor.settled.connect(self.settled)
        self.editors_layout = QVBoxLayout()
        self.editors_layout.setContentsMargins(0, 0, 0, 0)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.facts_label)
        if self.correction_editor is not None:
            layout.addWidget(self.correction_editor)
        layout.addLayout(self.editors_layout)
        layout.addLayout(add_row)
        self._new_editor()

    def show_actions(self, actions: list[CorrectiveAction]) -> None:
        """Show the stored actions in order, then any new one not saved yet; an editor
        whose action left the store goes, and there is always at least one."""
        stored = {action.id for action in actions}
        for editor in list(self.editors):
            gone = editor.action is not None and editor.action_id not in stored
            if gone or (editor.action is None and not editor.wanted()):
                self._remove(editor)
        by_id = {editor.action_id: editor for editor in self.editors}
        shown = [by_id.get(action.id) or self._new_editor() for action in actions]
        for editor, action in zip(shown, actions, strict=True):
            editor.show_action(action)
        unsaved = [editor for editor in self.editors if editor.action is None]
        self.editors = shown + unsaved
        if not self.editors:
            self._new_editor()
        for index, editor in enumerate(self.editors):
            self.editors_layout.insertWidget(index, editor)
        self._update_editors()

    def add_action(self) -> ActionEditor:
        editor = self._new_editor()
        editor.asked_for = True
        self._update_editors()
        editor.action_edit.setFocus()
        return editor

    def drop_editor(self, editor: ActionEditor) -> None:
        """Take away an editor whose action is not stored (or no longer)."""
        self._remove(editor)
        if not self.editors:
            self._new_editor()
        self._update_editors()

    def flush(self) -> None:
        if self.correction_editor is not None:
            self.correction_editor.flush()
        for editor in list(self.editors):
            editor.flush()

    def _remove(self, editor: ActionEditor) -> None:
        self.settled.emit(editor.pending_key)
        self.editors.remove(editor)
        editor.setParent(None)
        editor.deleteLater()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._update_editors()

    def _new_editor(self) -> ActionEditor:
        editor = ActionEditor(
            self.finding.key, self.finding.title, self._save, self._due_default, self
        )
        editor.remove_requested.connect(self.remove_requested)
        editor.typing.connect(self.typing)
        editor.settled.connect(self.settled)
        self.editors.append(editor)
        self.editors_layout.addWidget(editor)
        editor.show()  # a child added to a shown widget would appear only later
        return editor

    def _update_editors(self) -> None:
        several = len(self.editors) > 1
        for number, editor in enumerate(self.editors, start=1):
            editor.title_label.setText(
                f"Corrective action {number}:" if several else "Corrective action:"
            )
            editor.remove_button.setVisible(several and not self._read_only)
            editor.set_read_only(self._read_only)
        self.add_button.setVisible(not self._read_only)


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")
