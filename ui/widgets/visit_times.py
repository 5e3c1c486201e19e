"""When the inspection began and ended ("Now" when leaving), in the audit's zone, and, for
a regulatory audit, the date the facility may be inspected again; each saved as it is
entered (a time being typed keeps the window at "Saving…" until it is committed)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from clinic_audit.audit.model import Audit, AuditKind
from clinic_audit.audit.notice import parse_time_of_day
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text
from clinic_audit.ui.style.theme import tint
from clinic_audit.ui.widgets.date_field import DateField


class VisitTimes(QGroupBox):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__("The visit", parent)
        self.ctx = ctx
        self.audit: Audit | None = None
        self.time_in_label = QLabel(self)  # the zone the times are in
        self.time_in = _time_edit("Time in: when the inspection began", "e.g. 09:30", self)
        self.time_out = _time_edit("Time out: when the inspection ended", "e.g. 12:45 pm", self)
        for edit, field in ((self.time_in, "time_in"), (self.time_out, "time_out")):
            edit.editingFinished.connect(lambda f=field: self._save_time(f))
            edit.textEdited.connect(lambda _text, f=field: self.ctx.typing(self._key(f)))
        self.now_button = QPushButton("Now", self)
        self.now_button.setAccessibleName("Time out: now")
        self.now_button.clicked.connect(self._time_out_now)
        self.reinspection = DateField(
            "Re-inspection on or after", dt.date.today(), self, none_text="Not set", min_height=0
        )
        self.reinspection.changed.connect(self._save_reinspection)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        tint(self.error_label, "critical", "font-weight: bold")
        self.error_label.hide()
        time_row = QHBoxLayout()
        time_row.addWidget(self.time_in)
        time_row.addSpacing(16)
        out_label = QLabel("Time &out:", self)
        out_label.setBuddy(self.time_out)
        time_row.addWidget(out_label)
        time_row.addWidget(self.time_out)
        time_row.addWidget(self.now_button)
        time_row.addSpacing(8)
        time_row.addWidget(self.time_in_label, 1)
        form = QFormLayout(self)
        time_label = QLabel("Time &in:", self)
        time_label.setBuddy(self.time_in)
        form.addRow(time_label, time_row)
        self.reinspection_label = QLabel("Re-inspection:", self)
        reinspection_row = QHBoxLayout()
        reinspection_row.addWidget(self.reinspection)
        reinspection_row.addStretch(1)  # a date is short: the field is not stretched
        form.addRow(self.reinspection_label, reinspection_row)
        form.addRow("", self.error_label)

    def show_audit(self, audit: Audit, read_only: bool) -> None:
        self.audit = audit
        self.time_in_label.setText(f"in the audit's time zone, {audit.time_zone or 'UTC'}")
        for edit, value in ((self.time_in, audit.time_in), (self.time_out, audit.time_out)):
            if not edit.hasFocus() or read_only:
                edit.setText(f"{value:%H:%M}" if value else "")
            edit.setReadOnly(read_only)
        regulatory = audit.kind == AuditKind.REGULATORY
        self.reinspection_label.setVisible(regulatory)
        self.reinspection.setVisible(regulatory)
        self.reinspection.set_value(audit.reinspection_date)
        self.now_button.setEnabled(not read_only)
        self.reinspection.setEnabled(not read_only)

    def flush(self) -> None:
        """Commit a time still being typed (the screen or the window goes)."""
        for field in ("time_in", "time_out"):
            if self._key(field) in self.ctx.pending:
                self._save_time(field)

    def _key(self, field: str) -> str:
        return f"visit:{field}"

    def _time_out_now(self) -> None:
        if self.audit is None:
            return
        now = dt.datetime.now(self.audit.zone).time().replace(second=0, microsecond=0)
        self.time_out.setText(f"{now:%H:%M}")
        self._save(time_out=now)
        self.ctx.settled(self._key("time_out"))

    def _save_time(self, field: str) -> None:
        edit = self.time_in if field == "time_in" else self.time_out
        try:
            if self.audit is None or edit.isReadOnly():
                return
            typed = edit.text().strip()
            try:
                value = parse_time_of_day(typed) if typed else None
            except ValueError as error:
                self._problem(f"{edit.accessibleName().split(':')[0]}: {error}.", edit)
                return
            if value is not None:
                edit.setText(f"{value:%H:%M}")
            if value != getattr(self.audit, field):
                self._save(**{field: value})
        finally:
            self.ctx.settled(self._key(field))

    def _save_reinspection(self) -> None:
        if self.audit is not None and self.reinspection.value() != self.audit.reinspection_date:
            self._save(reinspection_date=self.reinspection.value())

    def _save(self, **fields: object) -> None:
        assert self.audit is not None
        try:
            self.ctx.service.update_header(self.audit.id, **fields)
        except EXPECTED_ERRORS as error:
            self.ctx.refused(str(error))
            self._problem(error_text(error, "The change"))
            return
        self.error_label.hide()
        self.ctx.notify_changed(self.audit.id, "Saved")

    def _problem(self, text: str, field: QWidget | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        (field or self.time_out).setFocus(Qt.FocusReason.OtherFocusReason)


def _time_edit(accessible: str, placeholder: str, parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(12)
    edit.setToolTip("Type the time as 09:30, 930 or 1:15 pm, in the audit's time zone.")
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("e.g. 12:45 pm") + 24)
    return edit
