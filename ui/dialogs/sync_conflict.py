"""A draft changed on this laptop and on another device: both versions side by side,
part by part, and the inspector keeps one side of each. Nothing is lost either way:
the side not kept stays whole as a conflict copy, trail and all."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.sync.merge import PartDifference, Side
from clinic_audit.ui.context import AppContext

KEEP_LABELS: dict[Side, str] = {"mine": "This laptop's", "theirs": "The server's"}
COL_PART, COL_MINE, COL_THEIRS, COL_KEEP = range(4)


class SyncConflictDialog(QDialog):
    def __init__(self, ctx: AppContext, audit_id: str, parent=None):
        super().__init__(parent)
        from clinic_audit.sync.merge import differences, item_titles
        from clinic_audit.sync.resolve import both_versions

        self.ctx = ctx
        self.audit_id = audit_id
        mine, theirs = both_versions(ctx.opened_store, audit_id)
        titles = item_titles(ctx.opened_store.checklist_for(mine))
        self.parts: list[PartDifference] = differences(mine, theirs, titles)
        self.setWindowTitle(f"Choose what to keep — {mine.facility.name}")
        intro = QLabel(
            f"<b>The draft audit of {_escape(mine.facility.name)} ({mine.audit_date}) was "
            "changed on this laptop and on another device.</b><br>For each part that "
            "differs, keep this laptop's version or the server's. The version not kept "
            "is saved whole as a conflict copy for your supervisor; nothing is lost."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.parts), 4)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setAccessibleName("Parts that differ between the two versions")
        self.table.setHorizontalHeaderLabels(["Part", "This laptop", "The server", "Keep"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_PART, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_PART, 280)
        header.setSectionResizeMode(COL_MINE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_THEIRS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_KEEP, QHeaderView.ResizeMode.ResizeToContents)
        self.choosers: list[QComboBox] = []
        for row, part in enumerate(self.parts):
            for column, text in ((COL_PART, part.title), (COL_MINE, part.mine),
                                 (COL_THEIRS, part.theirs)):  # fmt: skip
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
            chooser = QComboBox()
            chooser.setAccessibleName(f"Keep which version of {part.title}")
            for side, label in KEEP_LABELS.items():
                chooser.addItem(label, side)
            holder = QWidget()
            centred = QVBoxLayout(holder)
            centred.setContentsMargins(4, 2, 4, 2)
            centred.addWidget(chooser, 0, Qt.AlignmentFlag.AlignVCenter)
            self.table.setCellWidget(row, COL_KEEP, holder)
            self.choosers.append(chooser)
        self.table.resizeRowsToContents()
        all_mine = QPushButton("Keep all of this laptop's")
        all_mine.clicked.connect(lambda: self.keep_all("mine"))
        all_theirs = QPushButton("Keep all of the server's")
        all_theirs.clicked.connect(lambda: self.keep_all("theirs"))
        sides = QHBoxLayout()
        sides.addWidget(all_mine)
        sides.addWidget(all_theirs)
        sides.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setDefault(True)
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)
        self.error_label = QLabel("")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(sides)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(900, 420)

    def keep_all(self, side: Side) -> None:
        for chooser in self.choosers:
            chooser.setCurrentIndex(chooser.findData(side))

    def choices(self) -> dict[str, Side]:
        return {
            part.part: "theirs" if chooser.currentData() == "theirs" else "mine"
            for part, chooser in zip(self.parts, self.choosers, strict=True)
        }

    def merge(self) -> None:
        from clinic_audit.store.errors import StoreError
        from clinic_audit.sync.resolve import resolve_draft

        try:
            resolve_draft(self.ctx.opened_store, self.audit_id, self.choices(), self.ctx.actor)
        except StoreError as error:
            self.error_label.setText(f"Not merged: {error}")
            self.error_label.show()
            return
        self.ctx.notify_changed(self.audit_id, "Merged the two versions; sync sends the result")
        self.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
