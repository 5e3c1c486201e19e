"""The main window's screens, each made (and its module imported) the first time it is
needed, so that start-up pays only for the first one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from clinic_audit.ui.main_window import MainWindow
    from clinic_audit.ui.screens.base import Screen
    from clinic_audit.ui.screens.facility import FacilityScreen
    from clinic_audit.ui.screens.findings import FindingsScreen
    from clinic_audit.ui.screens.home import HomeScreen
    from clinic_audit.ui.screens.new_audit import NewAuditScreen
    from clinic_audit.ui.screens.registers import RegistersScreen
    from clinic_audit.ui.screens.report import ReportScreen
    from clinic_audit.ui.screens.review import ReviewScreen
    from clinic_audit.ui.screens.walkthrough import WalkthroughScreen

S = TypeVar("S", bound="Screen")


class LazyScreens:
    """The screens made so far, by name; ``home``, ``walkthrough`` … make one when first
    asked for, add it to the window's stack and connect it to the window."""

    def __init__(self, window: MainWindow):
        self.window = window
        self._made: dict[str, Screen] = {}

    def __contains__(self, name: object) -> bool:
        return name in self._made

    def __iter__(self) -> Iterator[str]:
        return iter(self._made)

    def items(self):
        return self._made.items()

    def values(self):
        return self._made.values()

    def get(self, name: str) -> Screen:
        return getattr(self, name)

    def _screen(self, name: str, make: Callable[[], S]) -> S:
        if name not in self._made:
            screen = make()
            self._made[name] = screen
            self.window.stack.addWidget(screen)
        return cast(S, self._made[name])  # made by ``make``

    @property
    def home(self) -> HomeScreen:
        def make() -> HomeScreen:
            from clinic_audit.ui.screens.home import HomeScreen

            window = self.window
            home = HomeScreen(window.context, rows=window.rows_before_open)
            window.rows_before_open = None
            home.new_requested.connect(window.show_new_audit)
            home.open_requested.connect(window.open_audit)
            home.deleted.connect(window.on_deleted)
            home.facility_requested.connect(window.show_facility_of)
            return home

        return self._screen("home", make)

    @property
    def new_audit(self) -> NewAuditScreen:
        def make() -> NewAuditScreen:
            from clinic_audit.ui.screens.new_audit import NewAuditScreen

            new_audit = NewAuditScreen(self.window.context)
            new_audit.created.connect(self.window.open_audit)
            new_audit.cancelled.connect(lambda: self.window.show_screen("home"))
            return new_audit

        return self._screen("new_audit", make)

    @property
    def facility(self) -> FacilityScreen:
        def make() -> FacilityScreen:
            from clinic_audit.ui.screens.facility import FacilityScreen

            facility = FacilityScreen(self.window.context)
            facility.open_requested.connect(self.window.open_audit)
            facility.back_requested.connect(lambda: self.window.show_screen("home"))
            return facility

        return self._screen("facility", make)

    @property
    def walkthrough(self) -> WalkthroughScreen:
        def make() -> WalkthroughScreen:
            from clinic_audit.ui.screens.walkthrough import WalkthroughScreen

            walkthrough = WalkthroughScreen(self.window.context)
            walkthrough.notice.connect(lambda text: self.window.statusBar().showMessage(text, 8000))
            return walkthrough

        return self._screen("walkthrough", make)

    @property
    def registers(self) -> RegistersScreen:
        def make() -> RegistersScreen:
            from clinic_audit.ui.screens.registers import RegistersScreen

            return RegistersScreen(self.window.context)

        return self._screen("registers", make)

    @property
    def findings(self) -> FindingsScreen:
        def make() -> FindingsScreen:
            from clinic_audit.ui.screens.findings import FindingsScreen

            return FindingsScreen(self.window.context)

        return self._screen("findings", make)

    @property
    def review(self) -> ReviewScreen:
        def make() -> ReviewScreen:
            from clinic_audit.ui.screens.review import ReviewScreen

            review = ReviewScreen(self.window.context)
            review.jump_to_item.connect(self.window.jump_to_item)
            review.jump_to_finding.connect(self.window.jump_to_finding)
            review.finalized.connect(self.window.on_finalized)
            return review

        return self._screen("review", make)

    @property
    def report(self) -> ReportScreen:
        def make() -> ReportScreen:
            from clinic_audit.ui.screens.report import ReportScreen

            return ReportScreen(self.window.context)

        return self._screen("report", make)
