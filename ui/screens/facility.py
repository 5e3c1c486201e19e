"""A facility's history: every audit of it, a chart of score and findings by severity
over time, and its corrective actions not done, overdue first; or, for all facilities,
the actions not done (overdue only on request), exportable as CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from clinic_audit.enums import AuditKind, Severity
from clinic_audit.facility.history import (
    Inspection,
    OpenAction,
    ScoredAudits,
    actions_csv,
    inspections_of,
    open_actions,
    overdue,
)
from clinic_audit.rules.action_plan import is_overdue
from clinic_audit.rules.display import plural, score_text
from clinic_audit.store.errors import StoreError
from clinic_audit.ui import preferences
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs import messages
from clinic_audit.ui.screens.base import Screen
from clinic_audit.ui.widgets.history_chart import HistoryChart

ALL = "all"
ID_ROLE = Qt.ItemDataRole.UserRole
READ_AT_ONCE = 20  # audits read and scored before the screen is drawn (some 3 ms each);
AUDITS_PER_STEP = 4  # more are read this many at a time between events, never in one stall


class FacilityScreen(Screen):
    open_requested = Signal(str)
    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.audit_id = None  # not an audit screen
        self.chosen: str = ALL
        self.shown_actions: list[OpenAction] = []
        self.scored = ScoredAudits()
        self._scored_store: object = None  # the store ``scored`` was read from
        self._unread: list[tuple[str, str]] = []  # (audit id, version) still to read
        self._unread_total = 0
        self._reader = QTimer(self, interval=0)
        self._reader.timeout.connect(self._read_some)
        self.picker = QComboBox(self)
        self.picker.setAccessibleName("Facility")
        self.picker.currentIndexChanged.connect(self._picked)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.chart = HistoryChart(self)
        self.audits = _table(
            ["Date", "Kind", "Status", "Score", "Outcome", "Findings", "Inspector"], "Audits"
        )
        self.audits.doubleClicked.connect(self._open_audit)
        _stretch(self.audits, 4)
        self.overdue_only = QCheckBox("Overdue only", self)
        self.overdue_only.toggled.connect(self.refresh)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.setAccessibleName("Export the listed actions as CSV")
        self.export_button.clicked.connect(self.export_csv)
        self.back_button = QPushButton("Back to Home", self)
        self.back_button.clicked.connect(self.back_requested.emit)
        self.actions_table = _table(
            ["Due", "Facility", "Finding", "Action", "Responsible", "Status"], "Open actions"
        )
        self.actions_table.setSortingEnabled(True)
        _stretch(self.actions_table, 2, 3)
        self.actions_title = QLabel(self)
        self.legend = QLabel(
            "Bars: findings by severity (critical on top, then major, then minor); "
            "line: the score. Double-click an audit to open it.",
            self,
        )
        self.legend.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Facilities</h2>", self))
        top.addWidget(self.picker, 1)
        top.addWidget(self.back_button)
        action_bar = QHBoxLayout()
        action_bar.addWidget(self.actions_title, 1)
        action_bar.addWidget(self.overdue_only)
        action_bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.chart)
        layout.addWidget(self.legend)
        layout.addWidget(self.audits, 2)
        layout.addLayout(action_bar)
        layout.addWidget(self.actions_table, 3)

    def focus_default(self) -> None:
        self.picker.setFocus()

    def show_facility(self, facility_id: str = ALL) -> None:
        self.chosen = facility_id
        self.refresh()

    def show_facility_of(self, audit_id: str) -> None:
        self.show_facility(self.ctx.opened_store.facility_of(audit_id).id)

    def refresh(self) -> None:
        store = self.ctx.store
        if store is None:
            return
        if store is not self._scored_store:  # another store: what was read is not its
            self.scored.clear()
            self._scored_store = store
        facilities = store.facilities()
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.addItem("All facilities: the actions not done", ALL)
        for facility in facilities:
            numbers = ", ".join(facility.license_numbers) or "no license number"
            self.picker.addItem(f"{facility.name} ({numbers})", facility.id)
        index = self.picker.findData(self.chosen)
        self.picker.setCurrentIndex(max(index, 0))
        self.picker.blockSignals(False)
        today = dt.date.today()
        chosen = (
            [f for f in facilities if f.id == self.chosen] if self.chosen != ALL else facilities
        )
        unread = [pair for facility in chosen for pair in self.scored.unread(store, facility.id)]
        if len(unread) > READ_AT_ONCE:
            self._unread, self._unread_total = unread, len(unread)
            self._show_reading()
            self._reader.start()
            return
        self._reader.stop()
        waiting: list[OpenAction] = []
        history: list[Inspection] = []
        for facility in chosen:
            scored = self.scored.of_facility(store, facility.id)
            history = inspections_of(scored, store.action_logs_of(facility.id))
            waiting += open_actions(facility, history)
        self.scored.keep_only_asked()
        single = self.chosen != ALL and len(chosen) == 1
        for widget in (self.chart, self.legend, self.audits):
            widget.setVisible(single)
        if single:
            self._show_history(chosen[0], history)
        else:
            self.details.setText(f"{len(facilities)} facilities in the store.")
        self._show_actions(
            overdue(waiting, today) if self.overdue_only.isChecked() else waiting, today
        )

    def _read_some(self) -> None:
        store = self.ctx.store
        for _ in range(AUDITS_PER_STEP):
            if not self._unread or store is None:
                self._reader.stop()
                self.refresh()
                return
            audit_id, version = self._unread.pop(0)
            try:
                self.scored.read(store, audit_id, version)
            except StoreError:  # deleted meanwhile: the refresh at the end leaves it out
                continue
        self._show_reading()

    def _show_reading(self) -> None:
        done = self._unread_total - len(self._unread)
        for widget in (self.chart, self.legend, self.audits):
            widget.setVisible(False)
        self.details.setText(f"Reading the inspections: {done} of {self._unread_total}…")
        self.actions_title.setText("<b>Corrective actions:</b> reading…")
        self.actions_table.setRowCount(0)

    def _show_history(self, facility, history: list[Inspection]) -> None:
        addresses = "; ".join(a.replace("\n", ", ") for a in facility.addresses) or "no address"
        repeats = sum(1 for f in (history[-1].summary.findings if history else []) if f.repeat_of)
        self.details.setText(
            f"<b>{facility.name}</b> — {addresses}. {len(history)} inspections; "
            f"the last found {history[-1].counts() if history else 'nothing yet'}"
            f"{f', {repeats} of them repeat violations' if repeats else ''}."
        )
        self.chart.show_points(
            [
                (
                    i.audit.audit_date.isoformat(),
                    i.summary.score,
                    {s: i.summary.count(s) for s in Severity},
                )
                for i in history
            ]
        )
        self.audits.setRowCount(0)
        for inspection in reversed(history):
            audit, summary = inspection.audit, inspection.summary
            cells = [
                audit.audit_date.isoformat(),
                AuditKind(audit.kind).label,
                audit.status.value,
                score_text(summary.score),
                summary.outcome.label,
                inspection.counts(),
                audit.inspector.name or "—",
            ]
            _add_row(self.audits, cells, audit.id)

    def _show_actions(self, actions: list[OpenAction], today: dt.date) -> None:
        self.shown_actions = actions
        late = sum(is_overdue(o.action, today) for o in actions)
        what = "overdue" if self.overdue_only.isChecked() else "not done"
        self.actions_title.setText(
            f"<b>Corrective actions {what}:</b> {len(actions)} ({late} overdue on {today})"
        )
        self.actions_table.setSortingEnabled(False)
        self.actions_table.setRowCount(0)
        for item in actions:
            due = item.action.due.isoformat() if item.action.due else "—"
            status = item.action.status.value.replace("_", " ")
            if is_overdue(item.action, today):
                status = f"OVERDUE ({plural(item.days_overdue(today), 'day')}) · {status}"
            cells = [
                due,
                item.facility,
                item.finding,
                item.action.action,
                item.action.responsible,
                status,
            ]
            _add_row(self.actions_table, cells, item.audit.id)
        self.actions_table.setSortingEnabled(True)
        self.actions_table.sortItems(0, Qt.SortOrder.AscendingOrder)  # soonest due first
        self.export_button.setEnabled(bool(actions))

    def export_csv(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            "Export the actions as CSV",
            str(Path(preferences.last_folder(self.ctx.settings)) / "corrective-actions.csv"),
            "CSV files (*.csv)",
        )
        if not name:
            return
        preferences.remember_folder(self.ctx.settings, name)
        try:
            Path(name).write_text(actions_csv(self.shown_actions, dt.date.today()), "utf-8")
        except OSError as error:
            messages.show_error(
                self,
                "Not exported",
                f"{name} could not be written ({error.strerror or error}). Choose another folder.",
            )
            return
        self.ctx.saved.emit(f"Exported {len(self.shown_actions)} actions to {Path(name).name}")

    def _picked(self) -> None:
        self.chosen = self.picker.currentData() or ALL
        self.refresh()

    def _open_audit(self, index) -> None:
        item = self.audits.item(index.row(), 0)
        audit_id = item.data(ID_ROLE) if item is not None else None
        if audit_id:
            self.open_requested.emit(audit_id)


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


def _stretch(table: QTableWidget, *columns: int) -> None:
    """The text columns share the width; the others fit their contents."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(table.columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column in columns
            else (QHeaderView.ResizeMode.ResizeToContents)
        )
        header.setSectionResizeMode(column, mode)


def _add_row(table: QTableWidget, cells: list[str], audit_id: str) -> None:
    row = table.rowCount()
    table.insertRow(row)
    for column, text in enumerate(cells):
        item = QTableWidgetItem(text)
        item.setData(ID_ROLE, audit_id)
        item.setToolTip(text)
        table.setItem(row, column, item)
