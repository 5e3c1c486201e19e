"""The audits in the store as a table: one row per audit, columns named by COL_* constants."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from clinic_audit.enums import AuditKind, Outcome, Status
from clinic_audit.rules.display import score_text
from clinic_audit.store.quick_list import AuditRow
from clinic_audit.ui.style.theme import outcome_tone

COL_FACILITY, COL_KIND, COL_DATE, COL_STATUS, COL_SCORE, COL_OUTCOME = range(6)
HEADERS = ("Facility", "Kind", "Date", "Status", "Score", "Outcome")
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

STATUS_LABELS = {Status.DRAFT.value: "Draft", Status.FINALIZED.value: "Finalized"}


def widest_texts(column: int) -> list[str]:
    """Every text a column of few values can show (sizing columns from 2,000 rows is slow)."""
    return {
        COL_KIND: [kind.label for kind in AuditKind],
        COL_DATE: ["0000-00-00"],
        COL_STATUS: [*STATUS_LABELS.values(), "Finalized · agency's copy"],
        COL_SCORE: [score_text(100.0), score_text(None)],
    }[column]


class AuditListModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[AuditRow] = []
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None
        self._search_texts: dict[str, str] = {}
        self.marks: dict[str, str] = {}  # audit id → its sync state, shown after its status

    extra_terms: dict[str, str] = {}  # audit id → license numbers, inspector (see Home)

    def set_extra_terms(self, terms: dict[str, str]) -> None:
        self.extra_terms = terms
        self._search_texts = {}

    def set_rows(self, rows: list[AuditRow], marks: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self.marks = marks or {}
        self._rows = list(rows)
        self._search_texts = {}
        if self._sorted_by is not None:
            self._sort_rows(*self._sorted_by)
        self.endResetModel()

    def holds(self, rows: list[AuditRow]) -> bool:
        """Whether the model shows exactly these rows, in whatever order."""
        return len(rows) == len(self._rows) and set(rows) == set(self._rows)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, one key per row: a sorting proxy asks Python for two keys per
        comparison, some 26,000 calls for 2,000 audits."""
        self._sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        ids = [self._rows[index.row()].id for index in kept]
        self._sort_rows(column, order)
        rows = {row.id: number for number, row in enumerate(self._rows)}
        moved = [self.index(rows[i], index.column()) for index, i in zip(kept, ids, strict=True)]
        self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        self._rows.sort(
            key=lambda row: self._sort_key(row, column),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )

    def row_at(self, row: int) -> AuditRow:
        return self._rows[row]

    def search_text(self, row: int) -> str:
        """What a filter matches in a row: the shown text of its cells, casefolded."""
        audit = self._rows[row]
        if audit.id not in self._search_texts:
            cells = [self._shown(audit, column) for column in range(len(HEADERS))]
            cells.append(self.extra_terms.get(audit.id, ""))
            self._search_texts[audit.id] = "\n".join(cells).casefold()
        return self._search_texts[audit.id]

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
            return self._shown(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_OUTCOME:
            return outcome_tone(Outcome(row.outcome))
        return None

    def _shown(self, row: AuditRow, column: int) -> str:
        text = self._text(row, column)
        mark = self.marks.get(row.id) if column == COL_STATUS else None
        return f"{text} · {mark}" if mark else text

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
