"""The cards of one section in a scrolling page; built once per section, then kept.

Building, styling and first showing a dozen cards at once makes the window stall for
well over 100 ms, so a page is built a card at a time (``build_one``) in the idle moments
before the inspector reaches its section, and its cards are built hidden: showing a page
shows the cards up to the current one and a little further (``reveal_through``), and the
rest are shown one per idle moment after that (``reveal_next``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget

from clinic_audit.checklist.model import Checklist, Section
from clinic_audit.ui.widgets.condition_text import applies_only_when
from clinic_audit.ui.widgets.item_card import ItemCard

CARDS_BELOW = 1  # shown at once below the current card: enough to fill the view


class SectionPage(QScrollArea):
    """``cards`` holds the cards built so far; ``wire(card)`` connects each new one."""

    def __init__(
        self,
        section: Section,
        checklist: Checklist,
        thumbnail: Callable,
        wire: Callable[[ItemCard], None],
        parent: QWidget,
    ):
        # Made inside its (styled) parent from the start, so each card is styled once.
        super().__init__(parent)
        self.section = section
        self.checklist = checklist
        self.thumbnail = thumbnail
        self.wire = wire
        self.number = checklist.sections.index(section) + 1
        self.setWidgetResizable(True)
        self.setAccessibleName(f"Items of section {self.number}: {section.title}")
        container = QWidget()
        self.setWidget(container)
        self.box = QVBoxLayout(container)
        self.box.setSpacing(10)
        self.box.addStretch(1)
        self.cards: dict[str, ItemCard] = {}

    @property
    def complete(self) -> bool:
        return len(self.cards) == len(self.section.items)

    def build_one(self) -> None:
        """Build, style and wire the next card (a few milliseconds)."""
        index = len(self.cards)
        item = self.section.items[index]
        card = ItemCard(
            f"{self.number}.{index + 1}",
            item,
            applies_only_when(item.applies_when, self.checklist),
            self.thumbnail,
            reference=self.checklist.reference_of(item),
            basis=self.checklist.basis_of(item),
        )
        card.hide()
        self.box.insertWidget(index, card)
        card.ensurePolished()
        self.wire(card)
        self.cards[item.id] = card

    def card(self, item_id: str) -> ItemCard:
        """The card of ``item_id``, built now (with those before it) if it is not yet."""
        ids = [item.id for item in self.section.items]
        last = min(ids.index(item_id) + CARDS_BELOW, len(ids) - 1)
        while len(self.cards) <= last:
            self.build_one()
        return self.cards[item_id]

    def reveal_through(self, card: ItemCard) -> None:
        """Show every card down to ``card`` and a couple below it."""
        last = list(self.cards.values()).index(card) + CARDS_BELOW
        for shown in list(self.cards.values())[: last + 1]:
            shown.show()

    def reveal_next(self) -> bool:
        """Show the first card still hidden; False if there is none."""
        hidden = next((c for c in self.cards.values() if c.isHidden()), None)
        if hidden is not None:
            hidden.show()
        return hidden is not None

    def scroll_to(self, card: ItemCard) -> None:
        self.reveal_through(card)
        # Lay the cards out now (not on the next loop pass) so the scroll goes to the right place.
        self.box.activate()  # the layout of the page's widget
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.ensureWidgetVisible(card, 0, 24)
