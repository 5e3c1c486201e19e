"""The main window's screens, each made (and its module imported) the first time it is needed.

Importing a screen pulls in the data models and the widgets it uses; Home alone is
needed to start, so the others wait until a person asks for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from clinic_audit.ui.screens.findings import FindingsScreen
    from clinic_audit.ui.screens.home import HomeScreen
    from clinic_audit.ui.screens.new_audit import NewAuditScreen
    from clinic_audit.ui.screens.registers import RegistersScreen
    from clinic_audit.ui.screens.report import ReportScreen
    from clinic_audit.ui.screens.review import ReviewScreen
    from clinic_audit.ui.screens.walkthrough import WalkthroughScreen


class LazyScreens:
    """Mixed into MainWindow: ``screens`` holds those made so far; ``self.home`` etc. make
    one when first asked for, add it to ``self.stack`` and connect it to the window."""

    def screen(self, name: str) -> QWidget:
        if name not in self.screens:
            screen = getattr(self, f"_make_{name}")()
            self.screens[name] = screen
            self.stack.addWidget(screen)
        return self.screens[name]

    def _make_home(self) -> HomeScreen:
        from clinic_audit.ui.screens.home import HomeScreen

        home = HomeScreen(self.ctx, rows=self.rows_before_open)
        self.rows_before_open = None
        home.new_requested.connect(self.show_new_audit)
        home.open_requested.connect(self.open_audit)
        home.deleted.connect(self._on_deleted)
        return home

    def _make_new_audit(self) -> NewAuditScreen:
        from clinic_audit.ui.screens.new_audit import NewAuditScreen

        new_audit = NewAuditScreen(self.ctx)
        new_audit.created.connect(self.open_audit)
        new_audit.cancelled.connect(lambda: self.show_screen("home"))
        return new_audit

    def _make_walkthrough(self) -> WalkthroughScreen:
        from clinic_audit.ui.screens.walkthrough import WalkthroughScreen

        walkthrough = WalkthroughScreen(self.ctx)
        walkthrough.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        return walkthrough

    def _make_registers(self) -> RegistersScreen:
        from clinic_audit.ui.screens.registers import RegistersScreen

        return RegistersScreen(self.ctx)

    def _make_findings(self) -> FindingsScreen:
        from clinic_audit.ui.screens.findings import FindingsScreen

        return FindingsScreen(self.ctx)

    def _make_review(self) -> ReviewScreen:
        from clinic_audit.ui.screens.review import ReviewScreen

        review = ReviewScreen(self.ctx)
        review.jump_to_item.connect(self.jump_to_item)
        review.finalized.connect(self._on_finalized)
        return review

    def _make_report(self) -> ReportScreen:
        from clinic_audit.ui.screens.report import ReportScreen

        return ReportScreen(self.ctx)

    @property
    def home(self) -> HomeScreen:
        return self.screen("home")

    @property
    def new_audit(self) -> NewAuditScreen:
        return self.screen("new_audit")

    @property
    def walkthrough(self) -> WalkthroughScreen:
        return self.screen("walkthrough")

    @property
    def registers(self) -> RegistersScreen:
        return self.screen("registers")

    @property
    def findings(self) -> FindingsScreen:
        return self.screen("findings")

    @property
    def review(self) -> ReviewScreen:
        return self.screen("review")

    @property
    def report(self) -> ReportScreen:
        return self.screen("report")
