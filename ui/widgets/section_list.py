"""The sections of the checklist with progress and a failure marker, updated in place."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from clinic_audit.rules.summary import SectionScore
from clinic_audit.ui.style.theme import tone

SECTION_ID_ROLE = Qt.ItemDataRole.UserRole
LIST_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End}


def section_status(section: SectionScore) -> str:
    text = f"{section.answered} / {section.applicable} answered"
    if section.has_critical_failure:
        text += f" · ✖ {section.failed} failed, CRITICAL"
    elif section.failed:
        text += f" · ✖ {section.failed} failed"
    elif section.applicable and section.answered == section.applicable:
        text += " · ✓ done"
    return text


def _dot(colour: QColor, filled: bool) -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(colour)
    if filled:
        painter.setBrush(colour)
    painter.drawEllipse(2, 2, 12, 12)
    painter.end()
    return QIcon(pixmap)


class SectionList(QListWidget):
    section_chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Sections")
        self.setIconSize(QSize(16, 16))
        self.setWordWrap(True)
        self.setSpacing(2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.currentItemChanged.connect(self._on_current)

    def show_sections(self, sections: list[SectionScore]) -> None:
        """Update the rows in place; rebuild only if the list of sections changed."""
        ids = [s.section_id for s in sections]
        if ids != [self.item(n).data(SECTION_ID_ROLE) for n in range(self.count())]:
            self.blockSignals(True)
            self.clear()
            for section in sections:
                item = QListWidgetItem()
                item.setData(SECTION_ID_ROLE, section.section_id)
                self.addItem(item)
            self.blockSignals(False)
        for row, section in enumerate(sections):
            self._paint_row(self.item(row), section, number=row + 1)

    def _paint_row(self, item: QListWidgetItem, section: SectionScore, number: int) -> None:
        status = section_status(section)
        item.setText(f"{number}. {section.title}\n{status}")
        item.setToolTip(status)
        font = self.font()
        font.setBold(section.has_critical_failure)
        item.setFont(font)
        if section.has_critical_failure:
            item.setIcon(_dot(tone("critical"), filled=True))
            item.setForeground(tone("critical"))
        elif section.failed:
            item.setIcon(_dot(tone("major"), filled=True))
            item.setForeground(self.palette().text())
        else:
            done = section.applicable and section.answered == section.applicable
            item.setIcon(_dot(tone("good") if done else tone("muted"), filled=bool(done)))
            item.setForeground(self.palette().text())

    def event(self, event: QEvent) -> bool:
        # Arrow keys move between sections here, not between items (the walk-through's keys).
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in LIST_KEYS
        ):
            event.accept()
            return True
        return super().event(event)

    def set_current_section(self, section_id: str) -> None:
        for row in range(self.count()):
            if self.item(row).data(SECTION_ID_ROLE) == section_id:
                self.blockSignals(True)
                self.setCurrentRow(row)
                self.blockSignals(False)
                return

    def _on_current(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.section_chosen.emit(current.data(SECTION_ID_ROLE))
