"""The form that adds or edits one register row, checked by the row's pydantic model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from enum import Enum

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.checklist.model import Severity
from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text, validation_lines
from clinic_audit.ui.models.register_fields import (
    CHOICE_LABELS,
    FIELDS,
    ROW_MODELS,
    ROW_NOUNS,
    Field,
    RegisterRow,
)
from clinic_audit.ui.style.severity import severity_css
from clinic_audit.ui.widgets.date_field import MIN_HEIGHT, DateField


class RegisterRowDialog(QDialog):
    """Calls ``save(row)`` on Save; stays open with the reason shown if the row is refused."""

    def __init__(
        self,
        register: str,
        row: RegisterRow | None,
        save: Callable[[RegisterRow], None],
        default_date: dt.date,
        parent=None,
        findings: Sequence[str] = (),
    ):
        super().__init__(parent)
        self.register = register
        self.original = row
        self._save = save
        noun = ROW_NOUNS[register]
        self.setWindowTitle(f"Edit {noun}" if row else f"Add a {noun}")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(520)
        self.inputs: dict[str, QWidget] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # At the top: beside the box, not the note a date field may show under it.
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for field in FIELDS[register]:
            widget = self._input_for(field, default_date)
            self.inputs[field.name] = widget
            if field.kind is bool:
                form.addRow("", widget)
            else:
                label = QLabel(field.label + ":", self)
                label.setFixedHeight(MIN_HEIGHT)
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                label.setBuddy(widget)
                form.addRow(label, widget)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName("Problems with this form")
        self.error_label.setStyleSheet(f"color: {severity_css(Severity.CRITICAL)};")
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(f"Save {noun}")
        for button, name in (
            (self.save_button, f"Save {noun}"),
            (buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel"),
        ):
            button.setAccessibleName(name)
            button.setMinimumHeight(MIN_HEIGHT)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if findings:
            now = QLabel("Findings of this row now: " + "; ".join(findings) + ".", self)
            now.setWordWrap(True)
            layout.addWidget(now)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        if row is not None:
            self.set_values(row)

    def _input_for(self, field: Field, default_date: dt.date) -> QWidget:
        widget: QWidget
        if field.kind is str:
            widget = QLineEdit(self)
            widget.setPlaceholderText(field.hint)
        elif field.kind is bool:
            widget = QCheckBox(field.label, self)
        elif field.kind is dt.date:
            widget = DateField(field.label, default_date, self)  # as tall as its note needs
            widget.set_value(None)
            widget.setAccessibleName(field.label)
            return widget
        else:
            widget = QComboBox(self)
            for value, label in CHOICE_LABELS[field.kind].items():
                widget.addItem(label, value)
            default = ROW_MODELS[self.register].model_fields[field.name].default
            widget.setCurrentIndex(widget.findData(default))
        widget.setAccessibleName(field.label)
        widget.setMinimumHeight(MIN_HEIGHT)
        return widget

    def set_values(self, row: RegisterRow) -> None:
        for name, widget in self.inputs.items():
            value = getattr(row, name)
            if isinstance(widget, QLineEdit):
                widget.setText(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(value)
            elif isinstance(widget, DateField):
                widget.set_value(value)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(widget.findData(value))

    def values(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QLineEdit):
                values[name] = widget.text().strip()
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, DateField):
                values[name] = widget.value()
            elif isinstance(widget, QComboBox):
                values[name] = _enum_value(widget.currentData())
        return values

    def row(self) -> RegisterRow:
        """The row the form describes (ValidationError if the model refuses it)."""
        base = self.original.model_dump() if self.original else {}
        return ROW_MODELS[self.register].model_validate(base | self.values())

    def accept(self) -> None:
        for widget in self.inputs.values():
            if isinstance(widget, DateField) and not widget.commit():
                problem = widget.problem()
                assert problem is not None  # commit() refused the text and said why
                self._show_problem("Please correct: " + problem, focus=widget)
                return
        try:
            row = self.row()
        except ValidationError as error:
            labels = {f.name: f.label for f in FIELDS[self.register]}
            self._show_problem("Please correct: " + " ".join(validation_lines(error, labels)))
            return
        try:
            self._save(row)
        except EXPECTED_ERRORS as error:
            self._show_problem(error_text(error, f"The {ROW_NOUNS[self.register]}"))
            return
        super().accept()

    def _show_problem(self, text: str, focus: QWidget | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        (focus or self.error_label).setFocus(Qt.FocusReason.OtherFocusReason)


def _enum_value(value):
    return value.value if isinstance(value, Enum) else value
