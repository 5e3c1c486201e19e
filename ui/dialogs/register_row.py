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
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit.model import LicenceType
from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text, validation_lines
from clinic_audit.ui.models.register_fields import (
    CHOICE_LABELS,
    FIELDS,
    LICENCE,
    ROW_MODELS,
    ROW_NOUNS,
    SUPERVISION,
    SUPERVISION_CHOICES,
    Field,
    RegisterRow,
    licence_words,
)
from clinic_audit.ui.style.theme import tint
from clinic_audit.ui.widgets.date_field import MIN_HEIGHT, DateField

NOT_RECORDED_DEPTH = -0.05  # the spin box's minimum, shown as 'Not recorded'


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
        licence_types: Sequence[tuple[str, str]] = (),
    ):
        super().__init__(parent)
        self.register = register
        self.original = row
        self.licence_types = list(licence_types) or [
            (value.value, label) for value, label in CHOICE_LABELS[LicenceType].items()
        ]
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
        tint(self.error_label, "critical")
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
        elif field.kind is float:
            spin = QDoubleSpinBox(self)
            spin.setRange(NOT_RECORDED_DEPTH, 10.0)
            spin.setDecimals(2)
            spin.setSingleStep(0.05)
            spin.setSuffix(" mm")
            spin.setSpecialValueText("Not recorded")  # shown at the minimum
            spin.setValue(NOT_RECORDED_DEPTH)
            widget = spin
        elif field.kind in (LICENCE, SUPERVISION):
            widget = QComboBox(self)
            choices = self.licence_types if field.kind == LICENCE else SUPERVISION_CHOICES
            for value, label in choices:
                widget.addItem(label, value)
            default = ROW_MODELS[self.register].model_fields[field.name].default
            widget.setCurrentIndex(max(widget.findData(default), 0))
        else:
            assert isinstance(field.kind, type) and issubclass(field.kind, Enum)
            widget = QComboBox(self)
            for choice, label in CHOICE_LABELS[field.kind].items():
                widget.addItem(label, choice)
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
                widget.setChecked(bool(value))  # not recorded (None) reads as no
            elif isinstance(widget, DateField):
                widget.set_value(value)
            elif isinstance(widget, QDoubleSpinBox):
                widget.setValue(NOT_RECORDED_DEPTH if value is None else value)
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index < 0 and isinstance(value, str):  # a type the checklist does not list
                    widget.addItem(licence_words(value), value)
                    index = widget.count() - 1
                widget.setCurrentIndex(index)

    def values(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QLineEdit):
                values[name] = widget.text().strip()
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, DateField):
                values[name] = widget.value()
            elif isinstance(widget, QDoubleSpinBox):
                depth = widget.value()
                values[name] = None if depth <= NOT_RECORDED_DEPTH else round(depth, 2)
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
