"""The "seen on site" toggles: what the inspector sees (PRP equipment, multi-dose vials, a
steam sterilizer) makes the items about it apply, whatever the registers declare."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from clinic_audit.audit.model import Audit
from clinic_audit.checklist.model import Checklist


class SeenOnSite(QWidget):
    """One box per toggle of the checklist; hidden when the checklist has none."""

    toggled = Signal(str, bool)  # toggle id, seen

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.boxes: dict[str, QCheckBox] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("Seen on site:", self)
        self.title.setToolTip(
            "Mark what you see at the clinic: the items about it then apply, even if the "
            "registers do not list it."
        )
        self._layout.addWidget(self.title)
        self._layout.addStretch(1)
        self._checklist_key: tuple[str, str] | None = None
        self.hide()

    def show_audit(self, checklist: Checklist, audit: Audit, read_only: bool) -> None:
        key = (checklist.id, checklist.version)
        if key != self._checklist_key:
            self._build(checklist)
            self._checklist_key = key
        for toggle_id, box in self.boxes.items():
            blocked = box.blockSignals(True)
            box.setChecked(toggle_id in audit.seen_on_site)
            box.blockSignals(blocked)
            box.setEnabled(not read_only)
        self.setVisible(bool(self.boxes))

    def _build(self, checklist: Checklist) -> None:
        for box in self.boxes.values():
            box.setParent(None)
            box.deleteLater()
        self.boxes = {}
        for position, toggle in enumerate(checklist.seen_on_site, start=1):
            short = toggle.label.split(" (")[0]  # the examples in brackets go to the tooltip
            box = QCheckBox(short, self)
            box.setToolTip(toggle.label)
            box.setAccessibleName(f"Seen on site: {short}")
            box.setAccessibleDescription(toggle.label)
            box.toggled.connect(lambda seen, t=toggle.id: self.toggled.emit(t, seen))
            self._layout.insertWidget(position, box)
            self.boxes[toggle.id] = box
