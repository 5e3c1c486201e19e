"""Screen 4: the practitioner, product and device registers, each row with its findings."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit.model import Audit
from clinic_audit.rules.display import plural
from clinic_audit.rules.summary import Summary
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs import messages
from clinic_audit.ui.dialogs.errors import EXPECTED_ERRORS, error_text, load_audit
from clinic_audit.ui.dialogs.register_row import MIN_HEIGHT, RegisterRowDialog
from clinic_audit.ui.models.register_fields import (
    REGISTER_TITLES,
    REGISTERS,
    ROW_NOUNS,
    RegisterRow,
)
from clinic_audit.ui.models.registers import MODELS, RegisterModel, finding_phrase
from clinic_audit.ui.refresh_when_shown import RefreshWhenShown
from clinic_audit.ui.screens.base import Screen
from clinic_audit.ui.style.severity import severity_icon, worst
from clinic_audit.ui.widgets.lock_note import finalized_note, show_lock

MAX_COLUMN_CHARS = 26


class RegisterPanel(QWidget):
    """One register: its table, and Add / Edit / Remove."""

    def __init__(self, ctx: AppContext, register: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.register = register
        self.audit: Audit | None = None
        self.licence_types: list[tuple[str, str]] = []
        self.dialog: RegisterRowDialog | None = None
        noun = ROW_NOUNS[register]
        self.model: RegisterModel[RegisterRow] = MODELS[register](self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(f"{REGISTER_TITLES[register]} register")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setMinimumSectionSize(MIN_HEIGHT)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.model.COL_FINDINGS, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self._key_actions = {
            Qt.Key.Key_Return: self.edit_selected,
            Qt.Key.Key_Enter: self.edit_selected,
            Qt.Key.Key_Delete: self.remove_selected,
            Qt.Key.Key_Insert: self.add_row,
        }
        self.view.installEventFilter(self)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.add_button = self._button(f"Add {noun}…", self.add_row)
        self.edit_button = self._button(f"Edit {noun}…", self.edit_selected)
        self.remove_button = self._button(f"Remove {noun}…", self.remove_selected)
        self.empty_label = QLabel(f"No {register} recorded yet. Use “Add {noun}…”.", self)
        self.hint = QLabel(
            "Double-click a row or press Enter to edit it; Delete removes it, Insert adds one; "
            "Ctrl+Tab or Ctrl+PgDn goes to the next register. Findings are worked out as you "
            "save."
        )
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 — Qt's name
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            action = self._key_actions.get(event.key())
            if action is not None and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                action()
                return True
        return super().eventFilter(watched, event)

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.rstrip("…"))
        button.setMinimumHeight(MIN_HEIGHT)
        button.clicked.connect(slot)
        return button

    @property
    def read_only(self) -> bool:
        return self.audit is None or not self.audit.editable

    def show_rows(
        self, audit: Audit, summary: Summary, licence_types: list[tuple[str, str]]
    ) -> None:
        selected = self.selected_row()
        self.audit = audit
        self.licence_types = licence_types
        self.model.set_audit(audit, summary, dict(licence_types))
        self._fit_columns()
        self.view.resizeRowsToContents()
        self.empty_label.setVisible(self.model.rowCount() == 0)
        self.hint.setVisible(not self.read_only and self.model.rowCount() > 0)
        if selected is not None and (row := self.model.row_of(selected.id)) >= 0:
            self.view.selectRow(row)
        elif self.model.rowCount():
            self.view.selectRow(0)  # Enter edits a row as soon as the table has focus
        self._update_buttons()

    def _fit_columns(self) -> None:
        """Each column as wide as its text, up to a cap (long text wraps), so that the
        Findings column stays in view at 1280 px."""
        header = self.view.horizontalHeader()
        cap = self.fontMetrics().horizontalAdvance("x") * MAX_COLUMN_CHARS
        for column in range(self.model.COL_FINDINGS):
            wanted = max(self.view.sizeHintForColumn(column), header.sectionSizeHint(column))
            header.resizeSection(column, min(wanted, cap))

    def selected_row(self) -> RegisterRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        has_row = self.selected_row() is not None
        self.add_button.setEnabled(not self.read_only)
        self.edit_button.setEnabled(has_row and not self.read_only)
        self.remove_button.setEnabled(has_row and not self.read_only)

    def add_row(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None and not self.read_only:
            self._open_dialog(row)

    def _open_dialog(self, row: RegisterRow | None) -> None:
        if self.audit is None or self.read_only:
            return
        findings = []
        if row is not None:
            findings = [
                finding_phrase(f) for f in self.model.findings_at(self.model.row_of(row.id))
            ]
        self.dialog = RegisterRowDialog(
            self.register,
            row,
            self._save,
            self.audit.audit_date,
            self.window(),
            findings,
            licence_types=self.licence_types,
        )
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget_dialog)
        self.dialog.open()

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _save(self, row: RegisterRow) -> None:
        assert self.audit is not None  # the dialog was opened on it
        audit_id = self.audit.id
        before = self.ctx.summary(self.ctx.audit(audit_id))
        after = self.ctx.service.put_row(audit_id, self.register, row)
        self.ctx.notify_changed(audit_id, self._saved_message(before, after))
        if (index := self.model.row_of(row.id)) >= 0:
            self.view.selectRow(index)

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is None or self.read_only:
            return
        noun = ROW_NOUNS[self.register]
        messages.ask(
            self,
            f"Remove {noun}",
            f"Remove {row.name} from the {self.register} register? Corrective actions "
            "written for its findings go with it. The audit trail keeps a record of the removal.",
            f"Remove {noun}",
            lambda: self._remove(row),
        )

    def _remove(self, row: RegisterRow) -> None:
        assert self.audit is not None  # the row was chosen from it
        audit_id = self.audit.id
        try:
            before = self.ctx.summary(self.ctx.audit(audit_id))
            after = self.ctx.service.remove_row(audit_id, self.register, row.id)
        except EXPECTED_ERRORS as error:
            messages.show_error(self, "Not removed", error_text(error, f"Removing {row.name}"))
            return
        self.ctx.notify_changed(audit_id, self._saved_message(before, after))

    def _saved_message(self, before, after: Audit) -> str:
        """ "Saved", and which items the change made apply (to answer in the walk-through)
        or no longer apply."""
        from clinic_audit.rules.summary import applicability_change

        added, dropped = applicability_change(before, self.ctx.summary(after))
        checklist = self.ctx.service.checklist_of(after)
        said = ["Saved"]
        for ids, one, many in (
            (added, "now applies: answer it in the walk-through",
             "now apply: answer them in the walk-through"),
            (dropped, "no longer applies", "no longer apply"),
        ):  # fmt: skip
            if ids:
                labels = ", ".join(checklist.label_of(i) for i in ids[:6])
                more = f" and {len(ids) - 6} more" if len(ids) > 6 else ""
                if len(ids) == 1:
                    said.append(f"item {labels} {one}")
                else:
                    said.append(f"{len(ids)} items ({labels}{more}) {many}")
        return " — ".join(said)


class RegistersScreen(Screen):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.audit_id: str | None = None
        title = QLabel("<h2>Registers</h2>", self)
        intro = QLabel(
            "Record every practitioner who needles, every product applied to needled skin and "
            "every microneedling device. Findings are worked out from the audit date.",
            self,
        )
        intro.setWordWrap(True)
        self.read_only_note = finalized_note(self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Registers")
        self.tabs.tabBar().setAccessibleName("Choose a register")
        self.panels = {name: RegisterPanel(ctx, name, self) for name in REGISTERS}
        for name, panel in self.panels.items():
            self.tabs.addTab(panel, REGISTER_TITLES[name])
        # Ctrl+Tab comes with QTabWidget; Ctrl+PgDn / PgUp too, but the table took them
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self._next_tab(step))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.tabs, 1)
        self.refresher = RefreshWhenShown(self, ctx.audit_changed)

    def panel(self, register: str) -> RegisterPanel:
        return self.panels[register]

    def focus_default(self) -> None:
        panel = self.tabs.currentWidget()
        if isinstance(panel, RegisterPanel):
            panel.view.setFocus()

    def _next_tab(self, step: int) -> None:
        count = self.tabs.count()
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % count)
        panel = self.tabs.currentWidget()
        if isinstance(panel, RegisterPanel):
            panel.view.setFocus()

    def show_audit(self, audit_id: str) -> None:
        self.audit_id = audit_id
        self.refresh()

    def refresh(self) -> None:
        if self.audit_id is None:
            return
        loaded = load_audit(self, self.ctx, self.audit_id, "Cannot show the registers")
        if loaded is None:
            return
        audit, summary = loaded
        for index, (name, panel) in enumerate(self.panels.items()):
            panel.show_rows(audit, summary, self.ctx.service.checklist_of(audit).licence_types())
            findings = [f for f in summary.findings if f.register_name == name]
            label = REGISTER_TITLES[name] + f" ({len(getattr(audit, name))})"
            if findings:
                label += f" — {plural(len(findings), 'finding')}"
            self.tabs.setTabText(index, label)
            top = worst(f.severity for f in findings)
            self.tabs.setTabIcon(index, severity_icon(top) if top else QIcon())
        show_lock(self.read_only_note, audit)
