"""The main window: navigation between the screens, menus, and the "saved" status bar."""

from __future__ import annotations

import time

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_audit import __version__
from clinic_audit.audit_model import Status
from clinic_audit.store import StoreError
from clinic_audit.ui import preferences
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.findings_screen import FindingsScreen
from clinic_audit.ui.home_screen import HomeScreen
from clinic_audit.ui.new_audit_screen import NewAuditScreen
from clinic_audit.ui.registers_screen import RegistersScreen
from clinic_audit.ui.report_screen import ReportScreen
from clinic_audit.ui.review_screen import ReviewScreen
from clinic_audit.ui.walkthrough_screen import KEYS_HINT, WalkthroughScreen

NAVIGATION = (
    ("home", "Home", "Ctrl+0"),
    ("walkthrough", "Walk-through", "Ctrl+1"),
    ("registers", "Registers", "Ctrl+2"),
    ("findings", "Findings & actions", "Ctrl+3"),
    ("review", "Review & sign", "Ctrl+4"),
    ("report", "Report", "Ctrl+5"),
)
AUDIT_SCREENS = ("walkthrough", "registers", "findings", "review", "report")


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.audit_id: str | None = None
        self.setWindowTitle("Clinic Audit")
        self.home = HomeScreen(ctx)
        self.new_audit = NewAuditScreen(ctx)
        self.walkthrough = WalkthroughScreen(ctx)
        self.registers = RegistersScreen(ctx)
        self.findings = FindingsScreen(ctx)
        self.review = ReviewScreen(ctx)
        self.report = ReportScreen(ctx)
        self.screens: dict[str, QWidget] = {
            "home": self.home,
            "new_audit": self.new_audit,
            "walkthrough": self.walkthrough,
            "registers": self.registers,
            "findings": self.findings,
            "review": self.review,
            "report": self.report,
        }
        self.stack = QStackedWidget()
        for screen in self.screens.values():
            self.stack.addWidget(screen)

        self.audit_label = QLabel("No audit open")
        self.audit_label.setWordWrap(True)
        self.audit_label.setAccessibleName("Open audit")
        self.nav = QListWidget()
        self.nav.setAccessibleName("Navigation")
        for _name, title, _keys in NAVIGATION:
            self.nav.addItem(title)
        self.nav.setStyleSheet("QListWidget::item { padding: 9px 6px; }")
        self.nav.currentRowChanged.connect(self._nav_changed)
        side = QVBoxLayout()
        side.addWidget(self.audit_label)
        side.addWidget(self.nav, 1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(200)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(side_widget)
        body.addWidget(self.stack, 1)
        central = QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)

        self.saved_label = QLabel("Every change is saved as you make it")
        self.saved_label.setAccessibleName("Save status")
        self.statusBar().addPermanentWidget(self.saved_label)
        self._build_menus()

        ctx.saved.connect(self._show_saved)
        ctx.audit_changed.connect(self._on_changed)
        self.home.new_requested.connect(self.show_new_audit)
        self.home.open_requested.connect(self.open_audit)
        self.home.deleted.connect(self._on_deleted)
        self.new_audit.created.connect(self.open_audit)
        self.new_audit.cancelled.connect(lambda: self.show_screen("home"))
        self.walkthrough.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.review.jump_to_item.connect(self.jump_to_item)
        self.review.finalized.connect(self._on_finalized)
        self._set_audit_enabled(False)
        self.show_screen("home")
        self.resize(1280, 800)
        geometry = ctx.settings.value(preferences.GEOMETRY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&New audit…", QKeySequence.StandardKey.New, self.show_new_audit)
        self._action(file_menu, "&Open…", QKeySequence.StandardKey.Open, self.show_audit_list)
        self._action(file_menu, "&Import…", "Ctrl+I", self.home.import_file)
        self.export_action = self._action(file_menu, "&Export…", "Ctrl+E", self.export_audit)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)

        audit_menu = self.menuBar().addMenu("&Audit")
        self.screen_actions: dict[str, QAction] = {}
        for name, title, keys in NAVIGATION:
            self.screen_actions[name] = self._action(
                audit_menu, title, keys, lambda _c=False, n=name: self.show_screen(n)
            )
        audit_menu.addSeparator()
        self.next_unanswered_action = self._action(
            audit_menu, "Next &unanswered item", "Ctrl+U", self.next_unanswered
        )
        self.close_audit_action = self._action(
            audit_menu, "&Close audit", "Ctrl+W", self.close_audit
        )

        help_menu = self.menuBar().addMenu("&Help")
        self._action(
            help_menu, "&Keyboard shortcuts", QKeySequence.StandardKey.HelpContents, self.show_keys
        )
        self._action(help_menu, "&About Clinic Audit", None, self.show_about)

    def _action(self, menu, text: str, keys, slot) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # screens ------------------------------------------------------------------------

    def show_screen(self, name: str) -> None:
        self.stack.setCurrentWidget(self.screens[name])
        rows = [n for n, _t, _k in NAVIGATION]
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(rows.index(name) if name in rows else 0)
        self.nav.blockSignals(False)
        if name == "walkthrough" and self.walkthrough.current_item:
            self.walkthrough.set_current(self.walkthrough.current_item)
        elif name == "home":
            self.home.table.setFocus()

    def current_screen(self) -> str:
        return next(n for n, s in self.screens.items() if s is self.stack.currentWidget())

    def _nav_changed(self, row: int) -> None:
        if row >= 0:
            self.show_screen(NAVIGATION[row][0])

    def show_new_audit(self) -> None:
        self.new_audit.reset()
        self.show_screen("new_audit")
        self.new_audit.facility_name.setFocus()

    def show_audit_list(self) -> None:
        self.show_screen("home")

    # the open audit -------------------------------------------------------------------

    def open_audit(self, audit_id: str, screen: str = "walkthrough") -> None:
        self.walkthrough.flush_notes()
        self.audit_id = audit_id
        for name in AUDIT_SCREENS:
            self.screens[name].show_audit(audit_id)
        self._set_audit_enabled(True)
        self._show_title()
        self.show_screen(screen)

    def close_audit(self) -> None:
        self.walkthrough.flush_notes()
        self.audit_id = None
        self._set_audit_enabled(False)
        self._show_title()
        self.show_screen("home")

    def jump_to_item(self, item_id: str) -> None:
        self.show_screen("walkthrough")
        self.walkthrough.go_to_item(item_id)

    def next_unanswered(self) -> None:
        self.show_screen("walkthrough")
        self.walkthrough.next_unanswered()

    def export_audit(self) -> None:
        if self.audit_id is None:
            self.show_screen("home")
            self.home.export_selected()
            return
        audit = self.ctx.audit(self.audit_id)
        self.home.export(audit.id, audit.facility.name, audit.audit_date.isoformat())

    def _set_audit_enabled(self, enabled: bool) -> None:
        for row, (name, _title, _keys) in enumerate(NAVIGATION):
            if name in AUDIT_SCREENS:
                item = self.nav.item(row)
                flags = item.flags()
                on = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                item.setFlags(flags | on if enabled else flags & ~on)
                self.screen_actions[name].setEnabled(enabled)
        self.next_unanswered_action.setEnabled(enabled)
        self.close_audit_action.setEnabled(enabled)

    def _show_title(self) -> None:
        if self.audit_id is None:
            self.setWindowTitle("Clinic Audit")
            self.audit_label.setText("No audit open")
            return
        try:
            audit = self.ctx.audit(self.audit_id)
        except StoreError:
            return
        state = "finalized, read-only" if audit.status == Status.FINALIZED else "draft"
        self.setWindowTitle(f"{audit.facility.name} ({audit.audit_date}) — Clinic Audit")
        self.audit_label.setText(
            f"<b>{_escape(audit.facility.name)}</b><br>{audit.audit_date} · {state}"
        )

    def _on_changed(self, audit_id: str) -> None:
        if audit_id == self.audit_id:
            self._show_title()

    def _on_deleted(self, audit_id: str) -> None:
        if audit_id == self.audit_id:
            self.close_audit()

    def _on_finalized(self, audit_id: str) -> None:
        self._show_title()
        self.statusBar().showMessage("The audit is finalized; it is now read-only.", 10000)

    def _show_saved(self, message: str) -> None:
        self.saved_label.setText(f"✓ All changes saved · {time.strftime('%H:%M:%S')}")
        if message:
            self.statusBar().showMessage(message, 5000)

    # help and closing -------------------------------------------------------------------

    def show_keys(self) -> None:
        QMessageBox.information(
            self,
            "Keyboard shortcuts",
            "In the walk-through:\n"
            + KEYS_HINT.removeprefix("Keys: ").replace(" · ", "\n")
            + "\n\nEverywhere:\nCtrl+0 … Ctrl+5 go to a screen\nCtrl+U next unanswered item",
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Clinic Audit",
            f"<b>Clinic Audit {__version__}</b><br>Guided safety inspection of microneedling "
            "clinics, with a PDF compliance report.<br><br>"
            f"Store: {_escape(str(self.ctx.store.db_file))}",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.walkthrough.flush_notes()
        self.walkthrough.photos.wait()
        self.report.runner.wait(60_000)
        self.ctx.settings.setValue(preferences.GEOMETRY, self.saveGeometry())
        self.ctx.settings.sync()
        super().closeEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
