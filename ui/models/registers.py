"""Qt table models of the three registers; each row also shows the findings it produces."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from clinic_audit.audit.model import Audit, Device, Practitioner, Product
from clinic_audit.rules.scope import practice_facts
from clinic_audit.rules.summary import Finding, Summary
from clinic_audit.ui.models.register_fields import (
    RegisterRow,
    choice_label,
    date_text,
    licence_words,
    yes_no,
)
from clinic_audit.ui.style.severity import (
    SEVERITY_WORDS,
    good_colour,
    severity_colour,
    severity_icon,
    worst,
)

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole
FINDINGS_ROLE = Qt.ItemDataRole.UserRole + 1
NO_FINDINGS = "No findings"
Row = TypeVar("Row", bound=RegisterRow)


def finding_phrase(finding: Finding) -> str:
    """'Minor: licence expires 2026-12-12' — the problem, without the row's name."""
    return f"{SEVERITY_WORDS[finding.severity]}: {finding.problem or finding.title}"


class RegisterModel(QAbstractTableModel, Generic[Row]):
    register = ""
    COLUMNS: list[tuple[str, Callable[[Row], str]]] = []

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Row] = []
        self._findings: dict[str, list[Finding]] = {}
        self.licence_labels: dict[str, str] = {}  # the audit's checklist's (or pack's)

    COL_FINDINGS = 0  # the last column, after COLUMNS

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        assert len(cls.COLUMNS) == cls.COL_FINDINGS, cls.__name__

    def set_audit(
        self, audit: Audit, summary: Summary, licence_labels: dict[str, str] | None = None
    ) -> None:
        self.beginResetModel()
        self.licence_labels = licence_labels or {}
        self._rows = list(getattr(audit, self.register))
        self._findings = {row.id: summary.findings_for_row(row.id) for row in self._rows}
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def findings_at(self, row: int) -> list[Finding]:
        return self._findings.get(self._rows[row].id, [])

    def row_of(self, row_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == row_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.COLUMNS[section][0] if section < len(self.COLUMNS) else "Findings"
        return None

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if index.column() == self.COL_FINDINGS:
            return self._findings_data(row, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        return None

    def cell(self, row: Row, column: int) -> str:
        return self.COLUMNS[column][1](row)

    def _findings_data(self, row: Row, role):
        findings = self._findings.get(row.id, [])
        top = worst(f.severity for f in findings)
        if role == FINDINGS_ROLE:
            return findings
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if not findings:
                return NO_FINDINGS
            return "\n".join(finding_phrase(f) for f in findings)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return severity_colour(top) if top else good_colour()
        if role == Qt.ItemDataRole.DecorationRole and top:
            return severity_icon(top)
        if role == Qt.ItemDataRole.FontRole and top:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _tooltip(self, row: Row) -> str:
        findings = self._findings.get(row.id, [])
        if not findings:
            return f"{row.name}: no findings."
        lines = [f"{finding_phrase(f)}. {f.detail} ({f.reference})" for f in findings]
        return "\n".join(lines)


class PractitionersModel(RegisterModel[Practitioner]):
    register = "practitioners"
    COL_NAME, COL_ROLE, COL_LICENCE, COL_EXPIRY, COL_TRAINING, COL_PRACTICE = range(6)
    COL_FINDINGS = 6
    COLUMNS = [
        ("Name", lambda p: p.name),
        ("Role", lambda p: p.role),
        ("License", lambda p: p.licence_number),  # the type is put in front, see cell()
        ("License expires", lambda p: date_text(p.licence_expiry)),
        ("Trained on", lambda p: date_text(p.training_date)),
        ("Supervision and practice", lambda p: _practice(p)),
    ]

    def cell(self, row: Practitioner, column: int) -> str:
        if column == self.COL_LICENCE:
            kind = self.licence_labels.get(row.licence_type) or licence_words(row.licence_type)
            return "\n".join(filter(None, [kind, row.licence_number]))
        return super().cell(row, column)


def _practice(person: Practitioner) -> str:
    supervisor = person.supervising_physician.strip()
    named = f"Supervisor: {supervisor}" if supervisor else "No supervising physician named"
    return "\n".join([named, *practice_facts(person)])


class ProductsModel(RegisterModel[Product]):
    register = "products"
    COL_NAME, COL_CATEGORY, COL_LOT, COL_EXPIRY, COL_STERILE, COL_BROKEN_SKIN, COL_DOSE = range(7)
    COL_FINDINGS = 7
    COLUMNS = [
        ("Product", lambda p: p.name if not p.maker else f"{p.name}\n{p.maker}"),
        ("Category", lambda p: choice_label(p.category)),
        ("Lot", lambda p: p.lot or "—"),
        ("Expires", lambda p: date_text(p.expiry)),
        ("Sterile", lambda p: yes_no(p.labelled_sterile)),
        ("For broken skin", lambda p: yes_no(p.labelled_for_broken_skin)),
        ("Dose", lambda p: _dose_text(p)),
    ]


class DevicesModel(RegisterModel[Device]):
    register = "devices"
    COL_NAME, COL_CLEARANCE, COL_CARTRIDGES, COL_REPROCESSING, COL_SPORE_TEST = range(5)
    COL_FINDINGS = 5
    COLUMNS = [
        ("Device", lambda d: d.name if not d.maker else f"{d.name}\n{d.maker}"),
        ("FDA clearance", lambda d: d.fda_clearance or "—"),
        ("Single-use cartridges", lambda d: yes_no(d.single_use_cartridges)),
        ("Reprocessing", lambda d: choice_label(d.reprocessing)),
        ("Last spore test", lambda d: date_text(d.last_spore_test)),
    ]


def _dose_text(product: Product) -> str:
    text = choice_label(product.dose_type)
    if product.opened_on:
        text += f", opened {product.opened_on.isoformat()}"
    return text


MODELS: dict[str, type[RegisterModel]] = {  # each of its own row type
    "practitioners": PractitionersModel,
    "products": ProductsModel,
    "devices": DevicesModel,
}
