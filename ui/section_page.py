"""The cards of one section in a scrolling page; built once per section, then kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget

from clinic_audit.checklist_model import Checklist, Section
from clinic_audit.ui.condition_text import applies_only_when
from clinic_audit.ui.item_card import ItemCard


class SectionPage(QScrollArea):
    def __init__(self, section: Section, checklist: Checklist, thumbnail: Callable, parent=None):
        super().__init__(parent)
        self.section = section
        number = checklist.sections.index(section) + 1
        self.setWidgetResizable(True)
        self.setAccessibleName(f"Items of section {number}: {section.title}")
        container = QWidget()
        box = QVBoxLayout(container)
        box.setSpacing(10)
        self.cards: dict[str, ItemCard] = {}
        for index, item in enumerate(section.items, start=1):
            card = ItemCard(
                f"{number}.{index}",
                item,
                applies_only_when(item.applies_when, checklist),
                thumbnail,
            )
            box.addWidget(card)
            self.cards[item.id] = card
        box.addStretch(1)
        self.setWidget(container)

    def scroll_to(self, card: ItemCard) -> None:
        # Lay the cards out now (not on the next loop pass) so the scroll goes to the right place.
        self.widget().layout().activate()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.ensureWidgetVisible(card, 0, 24)
