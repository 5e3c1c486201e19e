"""Home: the audits in the store, sortable and filterable; new, open, import, export, delete."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from clinic_audit.enums import Status
from clinic_audit.messages.catalogue import BadFileError
from clinic_audit.store.errors import StoreError
from clinic_audit.store.quick_list import AuditRow
from clinic_audit.ui import preferences
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs import messages
from clinic_audit.ui.models.audit_list import (
    COL_DATE,
    COL_FACILITY,
    COL_KIND,
    COL_OUTCOME,
    COL_SCORE,
    COL_STATUS,
    AuditListModel,
    widest_texts,
)
from clinic_audit.ui.refresh_when_shown import RefreshWhenShown
from clinic_audit.ui.screens.base import Screen

if TYPE_CHECKING:
    from clinic_audit.ui.workers.store_counts import StoreCounter

AUDIT_FILES = "Clinic Audit files (*.json);;All files (*)"
IMPORT_FILES = "Clinic Audit files and reports (*.json *.pdf);;All files (*)"
CELL_PADDING = 20  # the item view's text margins on both sides, and some air


class FilterProxy(QSortFilterProxyModel):
    """Shows the audits whose cells contain the filter text (any case); the model sorts
    them (see AuditListModel.sort). Both in one Python call per row, not one per cell."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._needle = ""

    def set_filter_text(self, text: str) -> None:
        if not hasattr(self, "beginFilterChange"):  # PySide6 before 6.9
            self._needle = text.casefold()
            self.invalidateFilter()
            return
        self.beginFilterChange()
        self._needle = text.casefold()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, _source_parent) -> bool:
        if not self._needle:
            return True
        model = cast(AuditListModel, self.sourceModel())  # the one model this proxy is for
        return self._needle in model.search_text(source_row)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


class HomeScreen(Screen):
    """The audits of ``ctx.store``; or, given ``rows`` while the store is still opening
    (``ctx.store`` None), those rows: they can be sorted, filtered and chosen, and an
    audit asked to open opens once ``store_opened`` is called; the other buttons wait."""

    new_requested = Signal()
    open_requested = Signal(str)
    deleted = Signal(str)
    facility_requested = Signal(str)  # the history of the selected audit's facility

    def __init__(self, ctx: AppContext, parent=None, rows: list[AuditRow] | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._open_when_ready: str | None = None
        self._terms_stale = True
        self.model = AuditListModel(self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)

        title = QLabel("<h2>Audits</h2>")
        where = QLabel(f"Stored in {ctx.db_file or 'memory'} — every change is saved.")
        where.setObjectName("storeLocation")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts_label = QLabel("")
        self.counts_label.setAccessibleName("Open findings, overdue actions and repeats")
        self.counter: StoreCounter | None = None  # made once the store is open
        self.assigned_label = QLabel("")
        self.assigned_label.setObjectName("assignedToYou")
        self.assigned_label.setAccessibleName("Inspections assigned to you")
        self.assigned_label.setWordWrap(True)
        self.assigned_label.hide()
        from clinic_audit.ui.widgets.sync_bar import SyncBar

        self.sync_bar = SyncBar(ctx, self)
        self.sync_bar.synced.connect(self._after_sync)
        self.sync_bar.resolve_requested.connect(self.resolve_conflict)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(
            "Filter by facility, license number, inspector, kind, date, status or outcome…"
        )
        self.filter_edit.setAccessibleName("Filter audits")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter)

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setAccessibleName("Audits in the store")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self._size_columns()
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.empty_label = QLabel(
            "No audits yet. Start one with “New audit…”, or import an audit file."
        )

        self.new_button = self._button("New audit…", "Start a new audit", self.new_requested.emit)
        self.open_button = self._button("Open", "Open the selected audit", self.open_selected)
        self.import_button = self._button("Import…", "Import an audit file", self.import_file)
        self.export_button = self._button(
            "Export…", "Export the selected audit to a file", self.export_selected
        )
        self.delete_button = self._button(
            "Delete…", "Delete the selected draft audit", self.delete_selected
        )
        self.follow_up_button = self._button(
            "Follow-up inspection",
            "Start a follow-up inspection of the selected finalized audit",
            self.follow_up_selected,
        )
        self.follow_up_button.setToolTip(
            "A new inspection of the same facility that re-checks each finding of this one."
        )
        self.facility_button = self._button(
            "Facility history",
            "Show every audit of the selected audit's facility",
            self._facility_of_selected,
        )
        buttons = QHBoxLayout()
        for button in (
            self.new_button,
            self.open_button,
            self.follow_up_button,
            self.facility_button,
            self.import_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(where)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.assigned_label)
        layout.addWidget(self.sync_bar)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self.refresher = RefreshWhenShown(self, ctx.audit_changed, any_audit=True)
        if rows is None:
            self.refresh()
            self.sync_bar.store_opened()
        else:
            self._show_rows(rows)

    def store_opened(self, rows: list[AuditRow]) -> None:
        """The store is open (``ctx.store``) and holds ``rows``: the buttons come alive,
        and an audit chosen to open meanwhile opens."""
        if not self.model.holds(rows):
            self._show_rows(rows)
        self._update_buttons()
        self.count()
        self.show_assignments()
        self.sync_bar.store_opened()
        waiting, self._open_when_ready = self._open_when_ready, None
        if waiting is not None:
            self.open_requested.emit(waiting)

    def _size_columns(self) -> None:
        """Fit the columns of few values to their widest text, without reading every row."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        for column in (COL_KIND, COL_DATE, COL_STATUS, COL_SCORE):
            widest = max(metrics.horizontalAdvance(text) for text in widest_texts(column))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, max(widest + CELL_PADDING, header.sectionSizeHint(column)))
        header.setSectionResizeMode(COL_FACILITY, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_OUTCOME, QHeaderView.ResizeMode.Stretch)

    def _filter(self, text: str) -> None:
        """The license numbers and inspectors are read from the store the first time a
        filter is typed (they need the audit documents, which listing does not read)."""
        if text and self._terms_stale and self.ctx.store is not None:
            self.model.set_extra_terms(self.ctx.store.search_terms())
            self._terms_stale = False
        self.proxy.set_filter_text(text)

    def _button(self, text: str, accessible: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setMinimumHeight(34)
        button.clicked.connect(slot)
        return button

    def focus_default(self) -> None:
        self.table.setFocus()

    def refresh(self) -> None:
        self._show_rows(self.ctx.opened_store.home_list())
        self.count()
        self.show_assignments()
        self.sync_bar.show_status()

    def _after_sync(self) -> None:
        if self.ctx.store is not None:
            self.refresh()

    def resolve_conflict(self, audit_id: str) -> None:
        """Both versions of a draft in conflict, side by side, to choose from."""
        from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text
        from clinic_audit.ui.dialogs.sync_conflict import SyncConflictDialog

        if self.sync_bar.worker.running:
            messages.show_error(
                self, "Conflict", "A sync is running. Choose what to keep once it has finished."
            )
            return
        try:
            dialog = SyncConflictDialog(self.ctx, audit_id, self)
        except EXPECTED_ERRORS as error:
            messages.show_error(self, "Conflict", error_text(error, "Reading the conflict"))
            return
        if dialog.exec():
            self.refresh()
            self.sync_bar.sync_now(automatic=True)

    def finish_work(self) -> None:
        self.sync_bar.wait()

    def show_assignments(self) -> None:
        """On the agency's server: the inspections a supervisor assigned to this person
        and not yet begun (New audit lists their facilities; starting one begins it)."""
        store = self.ctx.store
        if store is None or not store.on_server:
            return
        from clinic_audit.store import agency

        mine = agency.assignments(store, agency.who_am_i(store))
        lines = [
            f"• {html.escape(a.facility_name)} — due {a.due_date} ({html.escape(a.purpose)})"
            + (f": {html.escape(a.note)}" if a.note else "")
            for a in mine[:8]
        ]
        if len(mine) > 8:
            lines.append(f"… and {len(mine) - 8} more (clinic-audit assignments)")
        from clinic_audit.store.database import HOME_LIMIT

        parts = ["<b>Assigned to you</b><br>" + "<br>".join(lines)] if lines else []
        if self.model.rowCount() >= HOME_LIMIT:
            parts.append(
                f"The newest {HOME_LIMIT:,} audits you may see are listed; find older ones "
                "with: clinic-audit audits --facility NAME --from DATE"
            )
        self.assigned_label.setText("<br>".join(parts))
        self.assigned_label.setVisible(bool(parts))

    def count(self) -> None:
        """Recount the store's open findings, overdue actions and repeats, a few audits
        at a time between events."""
        from clinic_audit.ui.workers.store_counts import StoreCounter

        if self.counter is None:
            self.counter = StoreCounter(self)
            self.counter.counted.connect(lambda counts: self.counts_label.setText(counts.text()))
        if not self.counter.start(self.ctx.opened_store):
            self.counts_label.setText(
                "Too many facilities to count here: see every overdue action with "
                "clinic-audit actions --overdue (or --csv FILE)."
            )

    def _show_rows(self, rows: list[AuditRow]) -> None:
        self._terms_stale = True
        chosen = self.selected_row()
        store, shown_marks = self.ctx.store, None
        if store is not None:  # listed before the store opened: no SQLAlchemy yet
            from clinic_audit.sync.status import marks

            shown_marks = marks(store)
        self.model.set_rows(rows, shown_marks)
        self.empty_label.setVisible(self.model.rowCount() == 0)
        if chosen is not None:
            self.select(chosen.id)
        elif self.proxy.rowCount():  # the first row current: Enter or Ctrl+O opens it at once
            self._select_index(self.proxy.index(0, 0))
        self._update_buttons()

    def select(self, audit_id: str) -> None:
        row = self.model.row_of(audit_id)
        if row is None:
            return
        self._select_index(self.proxy.mapFromSource(self.model.index(row, 0)))

    def _select_index(self, index) -> None:
        self.table.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.setCurrentIndex(index)

    def selected_row(self) -> AuditRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def _update_buttons(self, *_args) -> None:
        row = self.selected_row()
        store_open = self.ctx.store is not None
        self.new_button.setEnabled(store_open)
        self.import_button.setEnabled(store_open)
        self.open_button.setEnabled(row is not None)
        self.export_button.setEnabled(row is not None and store_open)
        is_draft = row is not None and row.status == Status.DRAFT.value
        self.delete_button.setEnabled(is_draft and store_open)
        self.follow_up_button.setEnabled(row is not None and not is_draft and store_open)
        self.facility_button.setEnabled(row is not None and store_open)
        self.delete_button.setToolTip(
            "" if is_draft or row is None else "A finalized audit is kept; it cannot be deleted."
        )

    def _facility_of_selected(self) -> None:
        row = self.selected_row()
        if row is not None and self.ctx.store is not None:
            self.facility_requested.emit(row.id)

    def follow_up_selected(self) -> None:
        row = self.selected_row()
        if row is None or self.ctx.store is None:
            return
        from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text

        try:
            audit = self.ctx.service.follow_up(row.id)
        except EXPECTED_ERRORS as error:
            messages.show_error(self, "No follow-up", error_text(error, "Starting the follow-up"))
            return
        self.ctx.notify_changed(audit.id, f"Started a follow-up inspection of {row.facility_name}")
        self.open_requested.emit(audit.id)

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if self.ctx.store is None:
            self._open_when_ready = row.id
        else:
            self.open_requested.emit(row.id)

    def import_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Import an audit", preferences.last_folder(self.ctx.settings), IMPORT_FILES
        )
        if not name:
            return
        preferences.remember_folder(self.ctx.settings, name)
        from clinic_audit.files.portable import import_audit, is_pdf

        sources: list[str] = []
        try:
            data = Path(name).read_bytes()
            if is_pdf(data):  # a report: the record it carries
                from clinic_audit.evidence.importing import import_report, photo_sources

                store, actor = self.ctx.opened_store, self.ctx.service.actor
                audit, inside = import_report(store, data, name, actor)
                label_of = store.checklist_for(audit).label_of
                sources = photo_sources(audit, inside, label_of) if inside.print_copies else []
            else:
                audit = import_audit(self.ctx.opened_store, data, name, self.ctx.service.actor)
        except OSError as error:
            messages.show_error(
                self, "Import", f"{name}: cannot read the file ({error.strerror}). Check it."
            )
            return
        except BadFileError as error:
            messages.show_problems(
                self,
                "Import — the file has problems",
                f"Nothing was imported. {Path(name).name} has these problems:",
                [str(problem) for problem in error.problems],
            )
            return
        except StoreError as error:
            messages.show_error(self, "Import", str(error))
            return
        self.ctx.notify_changed(audit.id, f"Imported the audit of {audit.facility.name}")
        self.select(audit.id)
        if sources:
            messages.show_info(self, "Imported from the report", "\n".join(sources))

    def export_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.export(row.id, row.facility_name, row.audit_date)

    def export(self, audit_id: str, facility: str, audit_date: str) -> None:
        slug = re.sub(r"[^A-Za-z0-9]+", "-", facility).strip("-").lower() or "audit"
        suggested = str(Path(preferences.last_folder(self.ctx.settings)) / f"{slug}-{audit_date}")
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export the audit", suggested + ".json", AUDIT_FILES
        )
        if not name:
            return
        preferences.remember_folder(self.ctx.settings, name)
        from clinic_audit.files.portable import export_audit

        try:
            Path(name).write_bytes(export_audit(self.ctx.opened_store, audit_id))
        except OSError as error:
            messages.show_error(
                self,
                "Export",
                f"{name}: cannot write the file ({error.strerror}). Choose another folder.",
            )
            return
        except StoreError as error:
            messages.show_error(self, "Export", str(error))
            return
        self.ctx.saved.emit(f"Exported to {name}")

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.status != Status.DRAFT.value:
            return
        messages.ask(
            self,
            "Delete the audit",
            f"Delete the draft audit of {row.facility_name} ({row.audit_date})?\n\n"
            "Its answers, notes, photos, registers and signatures are removed from the store. "
            "This cannot be undone.",
            "Delete",
            lambda: self._delete(row),
        )

    def _delete(self, row: AuditRow) -> None:
        try:
            self.ctx.service.delete(row.id)
        except StoreError as error:
            messages.show_error(self, "Delete", str(error))
            return
        self.deleted.emit(row.id)
        self.refresh()
        self.ctx.saved.emit(f"Deleted the audit of {row.facility_name}")
