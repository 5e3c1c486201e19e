"""When the inspection ended ("Now" when leaving) and, for a regulatory audit, the date
the facility may be inspected again; each saved as it is entered."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton

from clinic_audit.audit.model import Audit, AuditKind
from clinic_audit.audit.notice import parse_time_of_day
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text
from clinic_audit.ui.style.theme import tone
from clinic_audit.ui.widgets.date_field import DateField


class VisitTimes(QGroupBox):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__("The visit", parent)
        self.ctx = ctx
        self.audit: Audit | None = None
        self.time_in_label = QLabel(self)
        self.time_out = QLineEdit(self)
        self.time_out.setAccessibleName("Time out: when the inspection ended")
        self.time_out.setPlaceholderText("e.g. 12:45 or 12:45 pm")
        self.time_out.editingFinished.connect(self._save_time_out)
        self.now_button = QPushButton("Now", self)
        self.now_button.setAccessibleName("Time out: now")
        self.now_button.clicked.connect(self._time_out_now)
        self.reinspection = DateField(
            "Re-inspection on or after", dt.date.today(), self, none_text="Not set", min_height=0
        )
        self.reinspection.changed.connect(self._save_reinspection)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {tone('critical').name()}; font-weight: bold")
        self.error_label.hide()
        time_row = QHBoxLayout()
        time_row.addWidget(self.time_out)
        time_row.addWidget(self.now_button)
        time_row.addWidget(self.time_in_label, 1)
        form = QFormLayout(self)
        time_label = QLabel("Time &out:", self)
        time_label.setBuddy(self.time_out)
        form.addRow(time_label, time_row)
        self.reinspection_label = QLabel("Re-inspection:", self)
        form.addRow(self.reinspection_label, self.reinspection)
        form.addRow("", self.error_label)

    def show_audit(self, audit: Audit, read_only: bool) -> None:
        self.audit = audit
        zone = audit.time_zone or "UTC"
        time_in = f"{audit.time_in:%H:%M}" if audit.time_in else "not recorded"
        self.time_in_label.setText(f"Time in {time_in} ({zone})")
        if not self.time_out.hasFocus():
            self.time_out.setText(f"{audit.time_out:%H:%M}" if audit.time_out else "")
        regulatory = audit.kind == AuditKind.REGULATORY
        self.reinspection_label.setVisible(regulatory)
        self.reinspection.setVisible(regulatory)
        self.reinspection.set_value(audit.reinspection_date)
        self.time_out.setReadOnly(read_only)
        self.now_button.setEnabled(not read_only)
        self.reinspection.setEnabled(not read_only)

    def _time_out_now(self) -> None:
        if self.audit is None:
            return
        now = dt.datetime.now(self.audit.zone).time().replace(second=0, microsecond=0)
        self.time_out.setText(f"{now:%H:%M}")
        self._save(time_out=now)

    def _save_time_out(self) -> None:
        if self.audit is None or self.time_out.isReadOnly():
            return
        typed = self.time_out.text().strip()
        try:
            value = parse_time_of_day(typed) if typed else None
        except ValueError as error:
            self._problem(f"Time out: {error}.")
            return
        if value != self.audit.time_out:
            self._save(time_out=value)

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

    def _problem(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.time_out.setFocus(Qt.FocusReason.OtherFocusReason)
