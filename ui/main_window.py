"""The main window: navigation between the screens, menus, and the "saved" status bar.

The window shows before the store is open: it says "Opening the store…" until Home
lists the audits, read straight from the file, and Home's buttons and the menus wait
until the store is open. Each screen's module is imported when it is first needed, so
start-up pays only for what the first screen shows. For the same reason Qt's ``Qt``
namespace (some 20 ms to build its enums) is first used once the store is open.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.ui import preferences
from clinic_audit.ui.lazy_screens import LazyScreens
from clinic_audit.ui.style.theme import retint

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from clinic_audit.store.quick_list import AuditRow
    from clinic_audit.ui.context import AppContext
    from clinic_audit.ui.screens.findings import FindingsScreen
    from clinic_audit.ui.screens.home import HomeScreen
    from clinic_audit.ui.screens.new_audit import NewAuditScreen
    from clinic_audit.ui.screens.registers import RegistersScreen
    from clinic_audit.ui.screens.report import ReportScreen
    from clinic_audit.ui.screens.review import ReviewScreen
    from clinic_audit.ui.screens.walkthrough import WalkthroughScreen
    from clinic_audit.ui.workers.store_opener import StoreOpener

NAVIGATION = (
    ("home", "Home", "Ctrl+0"),
    ("registers", "Registers", "Ctrl+1"),  # first: its rows add items to walk through
    ("walkthrough", "Walk-through", "Ctrl+2"),
    ("findings", "Findings & actions", "Ctrl+3"),
    ("review", "Review & sign", "Ctrl+4"),
    ("report", "Report", "Ctrl+5"),
)
DEFAULT_SIZE = (1280, 800)
AUDIT_SCREENS = ("registers", "walkthrough", "findings", "review", "report")
OPENING_TEXT = "Opening the store and reading the list of audits…"
NAV_STYLE = "QListWidget::item { padding: 9px 6px; }"
NAV_ROW_PADDING = 18  # the padding above and below the text, as in NAV_STYLE


class Standard(str):
    """The name of a platform-standard shortcut (QKeySequence.StandardKey), looked up when
    the shortcuts are set: building that enum takes a few milliseconds. ``fallback``: the
    keys to use where the platform has none for it (Preferences on most Linux desktops)."""

    fallback = ""

    def __new__(cls, name: str, fallback: str = "") -> Standard:
        standard = super().__new__(cls, name)
        standard.fallback = fallback
        return standard


class MainWindow(QMainWindow):
    """``MainWindow(ctx)`` on an open store; or ``MainWindow(settings=…)`` shown at once,
    then ``open_store(path, actor)``: ``listed`` follows when Home lists the audits (if
    they could be read before the store is open), ``ready`` when all can be used."""

    listed = Signal()
    ready = Signal()
    store_failed = Signal(str)  # the store cannot be opened: what is wrong, what to do

    def __init__(
        self,
        ctx: AppContext | None = None,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ):
        super().__init__(parent)
        self.ctx: AppContext | None = None
        self.settings = ctx.settings if ctx is not None else settings or QSettings()
        self.opener: StoreOpener | None = None
        self.rows_before_open: list[AuditRow] | None = None  # for Home, see _audits_listed
        self.audit_id: str | None = None
        self.screens = LazyScreens(self)  # each made on first use
        self.setWindowTitle("Clinic Audit")
        self.stack = QStackedWidget()
        self.opening_label: QLabel | None = None
        self._show_opening_message(OPENING_TEXT)

        self.audit_label = QLabel("No audit open")
        self.audit_label.setWordWrap(True)
        self.audit_label.setAccessibleName("Open audit")
        self.nav = QListWidget()
        self.nav.setAccessibleName("Navigation")
        # As tall as NAV_STYLE makes them; the style sheet itself waits until the store is
        # open: the first style sheet of the app costs some 6 ms.
        row_height = self.nav.fontMetrics().height() + NAV_ROW_PADDING
        for _name, title, _keys in NAVIGATION:
            item = QListWidgetItem(title)
            item.setSizeHint(QSize(0, row_height))
            self.nav.addItem(item)
        self.nav.setCurrentRow(0)
        self.nav.setEnabled(False)  # until the store is open
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

        self._restyle_timer = QTimer(self)
        self._restyle_timer.setSingleShot(True)
        self._restyle_timer.setInterval(0)
        self._restyle_timer.timeout.connect(self._restyle)
        self._last_saved: str | None = None
        self._refused = False
        self.saved_label = QLabel("Every change is saved as you make it")
        self.saved_label.setAccessibleName("Save status")
        self.statusBar().addPermanentWidget(self.saved_label)
        self._build_menus()
        for action in (*self.store_actions, *self.screen_actions.values()):
            action.setEnabled(False)
        self.next_unanswered_action.setEnabled(False)
        self.close_audit_action.setEnabled(False)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self._fit_to_screen()
        geometry = self.settings.value(preferences.GEOMETRY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
            self._fit_to_screen(keep_place=True)
        if ctx is not None:
            self.attach(ctx)

    def _fit_to_screen(self, keep_place: bool = False) -> None:
        """1280 x 800, or what the screen has room for (a 1366 x 768 laptop, 125 %
        scaling): the key hints and the status bar are never below the screen's edge."""
        screen = self.screen()
        room = screen.availableGeometry() if screen is not None else None
        if room is None or room.isEmpty():
            self.resize(*DEFAULT_SIZE)
            return
        frame = self.frameGeometry().size() - self.geometry().size()  # title bar, borders
        width = min(self.width() if keep_place else DEFAULT_SIZE[0], room.width() - frame.width())
        height = min(
            self.height() if keep_place else DEFAULT_SIZE[1], room.height() - frame.height()
        )
        self.resize(width, height)
        self._fitted_size = self.size()
        if not keep_place or not room.contains(self.frameGeometry()):
            left = room.left() + max(0, (room.width() - width - frame.width()) // 2)
            top = room.top() + max(0, (room.height() - height - frame.height()) // 2)
            self.move(left, top)

    # the screens --------------------------------------------------------------------

    @property
    def context(self) -> AppContext:
        """The open store's context (screens are made only once there is one)."""
        if self.ctx is None:
            raise RuntimeError("no screen can be made before the store is listed")
        return self.ctx

    @property
    def home(self) -> HomeScreen:
        return self.screens.home

    @property
    def new_audit(self) -> NewAuditScreen:
        return self.screens.new_audit

    @property
    def walkthrough(self) -> WalkthroughScreen:
        return self.screens.walkthrough

    @property
    def registers(self) -> RegistersScreen:
        return self.screens.registers

    @property
    def findings(self) -> FindingsScreen:
        return self.screens.findings

    @property
    def review(self) -> ReviewScreen:
        return self.screens.review

    @property
    def report(self) -> ReportScreen:
        return self.screens.report

    # the store ----------------------------------------------------------------------

    def open_store(self, db_path: Path | str | None, actor: str, create: bool = False) -> None:
        """Open the store (``db_path`` None: the default one in the user's data folder) on a
        worker thread, once the window has been painted (the worker competes for Python's
        GIL); the window says so meanwhile. A missing ``db_path`` is refused (``store_failed``)
        unless ``create``; the default store is created the first time."""
        from clinic_audit.ui.workers.store_opener import StoreOpener

        opener = self.opener = StoreOpener(self)
        opener.listed.connect(lambda rows, path: self._audits_listed(path, actor, rows))
        opener.opened.connect(lambda store, rows: self._store_opened(store, actor, rows))
        opener.failed.connect(self._store_not_opened)
        opener.crashed.connect(self._store_crashed)
        QTimer.singleShot(0, lambda: opener.start(db_path, create))

    def _audits_listed(self, db_path: Path, actor: str, rows: list[AuditRow]) -> None:
        """Home shows the audits read from the file; the store opens once it is painted."""
        from clinic_audit.ui.context import AppContext

        self.ctx = AppContext(None, actor, self.settings, db_file=db_path)
        self.rows_before_open = rows
        self.show_screen("home")
        self._remove_opening_label()
        self.statusBar().showMessage("Opening the store…")
        self.listed.emit()
        assert self.opener is not None  # it listed them
        QTimer.singleShot(0, self.opener.open)

    def _store_opened(self, store, actor: str, rows: list[AuditRow]) -> None:
        from clinic_audit.ui.context import AppContext

        if self.ctx is None:
            self.attach(AppContext(store, actor, self.settings))
        else:
            self.ctx.store = store
            self.statusBar().clearMessage()
            self.attach(self.ctx)
            self.home.store_opened(rows)
        assert self.opener is not None  # it opened the store
        QTimer.singleShot(0, self.opener.warm_up)  # once Home has been painted

    def _store_not_opened(self, message: str) -> None:
        self._show_opening_message(f"The store could not be opened.<br><br>{_escape(message)}")
        self.store_failed.emit(message)

    def _store_crashed(self, exc_info) -> None:
        self._show_opening_message(
            "Clinic Audit could not open its store because of an unexpected error."
        )
        sys.excepthook(*exc_info)

    def _show_opening_message(self, html: str) -> None:
        """In place of the screens (even of a Home listed before the store failed to open)."""
        self.ctx = None
        self.statusBar().clearMessage()
        if self.opening_label is None:
            self.opening_label = QLabel()
            self.opening_label.setAccessibleName("Opening the store")
            self.opening_label.setWordWrap(True)
            self.stack.addWidget(self.opening_label)
        self.opening_label.setText(_centred(html))
        self.stack.setCurrentWidget(self.opening_label)

    def attach(self, ctx: AppContext) -> None:
        """Work on this open store: Home lists its audits, and the menus come alive."""
        self.ctx = ctx
        ctx.saved.connect(self._show_saved)
        ctx.pending_changed.connect(self._show_save_state)
        ctx.not_saved.connect(self._show_not_saved)
        ctx.audit_changed.connect(self._on_changed)
        self._set_shortcuts()
        self.nav.setStyleSheet(NAV_STYLE)
        for action in self.store_actions:
            action.setEnabled(True)
        self.nav.setEnabled(True)
        self._set_audit_enabled(False)
        if "home" not in self.screens:
            self.show_screen("home")
        self._remove_opening_label()
        self.ready.emit()

    def _remove_opening_label(self) -> None:
        if self.opening_label is not None:
            self.stack.removeWidget(self.opening_label)
            self.opening_label.deleteLater()
            self.opening_label = None

    def _build_menus(self) -> None:
        self._shortcuts: list[tuple[QAction, str]] = []  # the keys, or a Standard name
        file_menu = self.menuBar().addMenu("&File")
        self.store_actions = [
            self._action(file_menu, "&New audit…", Standard("New"), self.show_new_audit),
            self._action(file_menu, "&Open…", Standard("Open"), self.show_audit_list),
            self._action(file_menu, "&Import…", "Ctrl+I", lambda: self.home.import_file()),
            self._action(file_menu, "&Export…", "Ctrl+E", self.export_audit),
        ]
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", Standard("Quit"), self.close)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self._action(edit_menu, "&Undo", "Ctrl+Z", self.undo)
        self.redo_action = self._action(edit_menu, "&Redo", "Ctrl+Shift+Z", self.redo)
        edit_menu.addSeparator()
        self.settings_action = self._action(
            edit_menu, "&Settings…", Standard("Preferences", "Ctrl+,"), self.show_settings
        )
        self.store_actions.append(self.settings_action)

        audit_menu = self.menuBar().addMenu("&Audit")
        self.screen_actions: dict[str, QAction] = {}
        for name, title, keys in NAVIGATION:
            self.screen_actions[name] = self._action(
                audit_menu,
                title.replace("&", "&&"),  # a literal "&", not a mnemonic: "Findings & actions"
                keys,
                lambda _c=False, n=name: self.show_screen(n),
            )
        audit_menu.addSeparator()
        self.facilities_action = self._action(
            audit_menu, "&Facilities and overdue actions…", "Ctrl+8", self.show_facilities
        )
        self.store_actions.append(self.facilities_action)
        self.next_unanswered_action = self._action(
            audit_menu, "Next &unanswered item", "Ctrl+U", self.next_unanswered
        )
        self.close_audit_action = self._action(
            audit_menu, "&Close audit", "Ctrl+W", self.close_audit
        )

        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", Standard("HelpContents"), self.show_keys)
        self._action(help_menu, "&About Clinic Audit", None, self.show_about)

    def _action(self, menu, text: str, keys, slot) -> QAction:
        action = QAction(self)  # QAction(text, self) would build QIcon's enums first: 2 ms
        action.setText(text)
        if keys is not None:
            self._shortcuts.append((action, keys))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _set_shortcuts(self) -> None:
        """Once the store is open: the first setShortcut() builds Qt's ``Qt`` namespace, and
        importing QKeySequence builds its enums (some 2 ms)."""
        from PySide6.QtGui import QKeySequence

        for action, keys in self._shortcuts:
            if isinstance(keys, Standard):
                bindings = QKeySequence.keyBindings(getattr(QKeySequence.StandardKey, keys))
                if not bindings and keys.fallback:
                    bindings = [QKeySequence(keys.fallback)]
                action.setShortcuts(bindings)
            else:
                action.setShortcut(QKeySequence(keys))
        self._shortcuts = []
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)  # macOS: app menu

    def show_settings(self) -> None:
        """Settings (Ctrl+,): the agency's letterhead and the inspector's defaults."""
        if self.ctx is None:
            return
        from PySide6.QtCore import Qt

        from clinic_audit.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings_dialog = dialog
        dialog.open()

    # screens ------------------------------------------------------------------------

    def show_screen(self, name: str, focus: bool = True) -> None:
        """Show a screen; ``focus``: put the keys where a person starts on it (not when
        the navigation list is being walked with its arrow keys)."""
        if self.ctx is None or (self.ctx.store is None and name != "home"):
            return  # the store is still being opened
        self._flush_pending()  # what is typed on the screen left behind is saved now
        screen = self.screens.get(name)
        if name in AUDIT_SCREENS and self.audit_id and screen.audit_id != self.audit_id:
            screen.show_audit(self.audit_id)
        self.stack.setCurrentWidget(screen)
        rows = [n for n, _t, _k in NAVIGATION]
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(rows.index(name) if name in rows else 0)
        self.nav.blockSignals(False)
        if focus or name in ("walkthrough", "home"):
            screen.focus_default()

    def current_screen(self) -> str | None:
        shown = self.stack.currentWidget()
        return next((n for n, s in self.screens.items() if s is shown), None)

    def _nav_changed(self, row: int) -> None:
        if row >= 0:
            self.show_screen(NAVIGATION[row][0], focus=False)

    def show_facility_of(self, audit_id: str) -> None:
        """The history of the facility an audit is of."""
        if self.ctx is None or self.ctx.store is None:
            return
        self.screens.facility.show_facility_of(audit_id)
        self.show_screen("facility")

    def show_facilities(self) -> None:
        """Every facility's corrective actions not done (Audit › Facilities…)."""
        if self.ctx is None or self.ctx.store is None:
            return
        self.screens.facility.show_facility()
        self.show_screen("facility")

    def show_new_audit(self) -> None:
        self.new_audit.reset()
        self.show_screen("new_audit")
        self.new_audit.focus_default()

    def show_audit_list(self) -> None:
        self.show_screen("home")

    # the open audit -------------------------------------------------------------------

    def open_audit(self, audit_id: str, screen: str = "walkthrough") -> None:
        """Show the audit on ``screen``; the other screens show it when they are chosen."""
        self._flush_pending()
        if audit_id != self.audit_id:
            self.context.service.history.clear()  # undo lives with the audit it changed
        self.audit_id = audit_id
        self.screens.get(screen).show_audit(audit_id)
        self._set_audit_enabled(True)
        self._show_title()
        self.show_screen(screen)

    def close_audit(self) -> None:
        self._flush_pending()
        self.context.service.history.clear()
        self.audit_id = None
        self._set_audit_enabled(False)
        self._show_title()
        self.show_screen("home")

    def jump_to_item(self, item_id: str) -> None:
        self.show_screen("walkthrough")
        self.walkthrough.go_to_item(item_id)

    def jump_to_finding(self, finding_key: str) -> None:
        self.show_screen("findings")
        self.findings.go_to_finding(finding_key)

    def next_unanswered(self) -> None:
        self.show_screen("walkthrough")
        self.walkthrough.next_unanswered()

    def export_audit(self) -> None:
        if self.audit_id is None:
            self.show_screen("home")
            self.home.export_selected()
            return
        audit = self.context.audit(self.audit_id)
        self.home.export(audit.id, audit.facility.name, audit.audit_date.isoformat())

    def _flush_pending(self) -> None:
        """Commit at once whatever has been typed and is waiting for its pause."""
        for screen in list(self.screens.values()):
            flush = getattr(screen, "flush_pending", None)
            if flush is not None:
                flush()

    # undo and redo ------------------------------------------------------------------

    def undo(self) -> None:
        self._step("undo")

    def redo(self) -> None:
        self._step("redo")

    def _step(self, which: str) -> None:
        from clinic_audit.store.errors import StoreError

        if self.audit_id is None or self.ctx is None or self.ctx.store is None:
            return
        self._flush_pending()  # a note being typed is a change to undo first
        service = self.ctx.service
        try:
            change = service.undo(self.audit_id) if which == "undo" else service.redo(self.audit_id)
        except StoreError as error:
            self.statusBar().showMessage(f"Could not {which}: {error}", 15000)
            self._update_undo_actions()
            return
        hint = "Ctrl+Shift+Z to redo" if which == "undo" else "Ctrl+Z to undo"
        done = "Undid" if which == "undo" else "Redid"
        self.ctx.notify_changed(self.audit_id, f"{done} the {change.label} — {hint}")

    def _update_undo_actions(self) -> None:
        if self.ctx is None or self.ctx.store is None or self.audit_id is None:
            self.undo_action.setEnabled(False)
            self.redo_action.setEnabled(False)
            return
        history = self.ctx.service.history
        for action, change, word in (
            (self.undo_action, history.next_undo(), "&Undo"),
            (self.redo_action, history.next_redo(), "&Redo"),
        ):
            ours = change if change is not None and change.audit_id == self.audit_id else None
            action.setEnabled(ours is not None)
            action.setText(word if ours is None else f"{word} the {ours.label}")

    def _set_audit_enabled(self, enabled: bool) -> None:
        from PySide6.QtCore import Qt

        self.screen_actions["home"].setEnabled(True)
        for row, (name, _title, _keys) in enumerate(NAVIGATION):
            if name in AUDIT_SCREENS:
                item = self.nav.item(row)
                flags = item.flags()
                on = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                item.setFlags(flags | on if enabled else flags & ~on)
                self.screen_actions[name].setEnabled(enabled)
        self.next_unanswered_action.setEnabled(enabled)
        self.close_audit_action.setEnabled(enabled)
        self._update_undo_actions()

    def _show_title(self) -> None:
        if self.audit_id is None:
            self.setWindowTitle("Clinic Audit")
            self.audit_label.setText("No audit open")
            return
        from clinic_audit.audit.model import Status
        from clinic_audit.store.errors import StoreError

        try:
            audit = self.context.audit(self.audit_id)
        except StoreError:
            return
        if audit.status == Status.FINALIZED:
            state = "finalized, read-only"
        else:
            state = "draft, signed" if audit.signatures else "draft"
        self.setWindowTitle(f"{audit.facility.name} ({audit.audit_date}) — Clinic Audit")
        self.audit_label.setText(
            f"<b>{_escape(audit.facility.name)}</b><br>{audit.audit_date} · {state}"
        )

    def _on_changed(self, audit_id: str) -> None:
        if audit_id == self.audit_id:
            self._show_title()
        self._update_undo_actions()

    def on_deleted(self, audit_id: str) -> None:
        if audit_id == self.audit_id:
            self.close_audit()

    def on_finalized(self, audit_id: str) -> None:
        self._show_title()
        self.statusBar().showMessage("The audit is finalized; it is now read-only.", 10000)
        self.home.sync_bar.sync_now(automatic=True)  # when a server is configured

    def _show_saved(self, message: str) -> None:
        self._last_saved = time.strftime("%H:%M:%S")
        self._refused = False
        self._show_save_state()
        if message:
            self.statusBar().showMessage(message, 10000)

    def _show_not_saved(self, _message: str) -> None:
        self._refused = True
        self._show_save_state()

    def _show_save_state(self) -> None:
        """ "Saving…" while typed text waits to be committed, "saved" only once the last
        commit has returned and nothing waits, a warning after a refused change."""
        if self.ctx is not None and self.ctx.pending:
            self.saved_label.setText("Saving…")
        elif self._refused:
            self.saved_label.setText("⚠ The last change was not saved — see the message")
        elif self._last_saved:
            self.saved_label.setText(f"✓ All changes saved · {self._last_saved}")

    # help and closing -------------------------------------------------------------------

    def show_keys(self) -> None:
        from clinic_audit.ui.dialogs import help as help_dialogs

        help_dialogs.show_keys(self)

    def show_about(self) -> None:
        from clinic_audit.ui.dialogs import help as help_dialogs

        ctx = self.ctx
        db_file = ctx.db_file if ctx is not None and ctx.store is not None else None
        help_dialogs.show_about(self, db_file)  # None while the store is being opened

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        screen = self.screen()
        chosen_here = self.size() == getattr(self, "_fitted_size", None)  # not by a caller
        room = screen.availableGeometry() if screen is not None else None
        if chosen_here and room is not None and not room.contains(self.frameGeometry()):
            self._fit_to_screen(keep_place=True)  # now the frame's size is known

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_restyle_timer"):
            self._restyle_timer.start()  # once, when the palette is set everywhere

    def _restyle(self) -> None:
        """The theme changed (Settings, or the system's scheme): the colours set in style
        sheets and the screens drawn again, from the store (everything is saved)."""
        retint(self)
        for screen in self.screens.values():
            getattr(screen, "restyle", screen.refresh)()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._flush_pending()
        for screen in self.screens.values():
            screen.finish_work()
        self.settings.setValue(preferences.GEOMETRY, self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _centred(text: str) -> str:
    """Rich text centred in its label (the Qt.AlignmentFlag way would build ``Qt`` early)."""
    return f"<p align='center'>{text}</p>"
