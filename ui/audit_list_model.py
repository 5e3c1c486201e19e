"""The audits in the store as a table: one row per audit, columns named by COL_* constants."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from clinic_audit.audit_model import AuditKind, Status
from clinic_audit.store import AuditRow
from clinic_audit.summary_model import Outcome
from clinic_audit.ui.theme import outcome_tone

COL_FACILITY, COL_KIND, COL_DATE, COL_STATUS, COL_SCORE, COL_OUTCOME = range(6)
HEADERS = ("Facility", "Kind", "Date", "Status", "Score", "Outcome")
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

STATUS_LABELS = {Status.DRAFT.value: "Draft", Status.FINALIZED.value: "Finalized"}


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f} %"


class AuditListModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[AuditRow] = []

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> AuditRow:
        return self._rows[row]

    def row_of(self, audit_id: str) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.id == audit_id), None)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_OUTCOME:
            return outcome_tone(Outcome(row.outcome))
        return None

    @staticmethod
    def _text(row: AuditRow, column: int) -> str:
        if column == COL_FACILITY:
            return row.facility_name
        if column == COL_KIND:
            return AuditKind(row.kind).label
        if column == COL_DATE:
            return row.audit_date
        if column == COL_STATUS:
            return STATUS_LABELS.get(row.status, row.status)
        if column == COL_SCORE:
            return score_text(row.score)
        return Outcome(row.outcome).label

    @classmethod
    def _sort_key(cls, row: AuditRow, column: int):
        if column == COL_SCORE:
            return -1.0 if row.score is None else row.score
        if column == COL_FACILITY:
            return row.facility_name.casefold()
        return cls._text(row, column)
