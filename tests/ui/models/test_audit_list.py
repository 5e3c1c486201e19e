"""The audit list table model, checked without a window."""

from PySide6.QtCore import QPersistentModelIndex, QSortFilterProxyModel, Qt

from clinic_audit.store.database import AuditRow
from clinic_audit.ui.models.audit_list import (
    COL_DATE,
    COL_FACILITY,
    COL_KIND,
    COL_OUTCOME,
    COL_SCORE,
    COL_STATUS,
    HEADERS,
    ID_ROLE,
    SORT_ROLE,
    AuditListModel,
)
from clinic_audit.ui.screens.home import FilterProxy

DRAFT = AuditRow(
    id="a" * 32,
    facility_name="Lumen Skin & Laser Studio",
    kind="regulatory_inspection",
    audit_date="2026-06-15",
    status="draft",
    score=93.94,
    outcome="non_compliant",
    updated_at="2026-06-15T12:00:00+00:00",
)
FINAL = AuditRow(
    id="b" * 32,
    facility_name="bright medspa",
    kind="internal_self_audit",
    audit_date="2026-01-10",
    status="finalized",
    score=100.0,
    outcome="compliant",
    updated_at="2026-01-10T12:00:00+00:00",
)
BLANK = AuditRow(
    id="c" * 32,
    facility_name="Corner Clinic",
    kind="regulatory_inspection",
    audit_date="2026-03-01",
    status="draft",
    score=None,
    outcome="incomplete",
    updated_at="2026-03-01T12:00:00+00:00",
)


def text(model, row, column):
    return model.index(row, column).data()


def test_columns_and_headers(qapp):
    model = AuditListModel()
    assert model.columnCount() == len(HEADERS) == 6
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Facility",
        "Kind",
        "Date",
        "Status",
        "Score",
        "Outcome",
    ]
    assert model.rowCount() == 0


def test_rows_show_words_not_codes(qapp):
    model = AuditListModel()
    model.set_rows([DRAFT, FINAL, BLANK])
    assert model.rowCount() == 3
    assert text(model, 0, COL_FACILITY) == "Lumen Skin & Laser Studio"
    assert text(model, 0, COL_KIND) == "Regulatory inspection"
    assert text(model, 1, COL_KIND) == "Internal self-audit"
    assert text(model, 0, COL_DATE) == "2026-06-15"
    assert text(model, 0, COL_STATUS) == "Draft"
    assert text(model, 1, COL_STATUS) == "Finalized"
    assert text(model, 0, COL_SCORE) == "93.9%"
    assert text(model, 2, COL_SCORE) == "—"
    assert text(model, 0, COL_OUTCOME) == "Non-compliant — stop microneedling until corrected"
    assert text(model, 2, COL_OUTCOME) == "Incomplete — items still unanswered"
    assert model.index(1, COL_DATE).data(ID_ROLE) == "b" * 32
    assert model.row_of("c" * 32) == 2
    assert model.row_of("z" * 32) is None
    assert model.row_at(1) is FINAL


def test_outcome_is_coloured_differently_for_good_and_bad(qapp):
    model = AuditListModel()
    model.set_rows([DRAFT, FINAL])
    bad = model.index(0, COL_OUTCOME).data(Qt.ItemDataRole.ForegroundRole)
    good = model.index(1, COL_OUTCOME).data(Qt.ItemDataRole.ForegroundRole)
    assert bad.name() != good.name()


def test_sorting_by_score_is_numeric_and_blank_scores_sort_lowest(qapp):
    model = AuditListModel()
    model.set_rows([DRAFT, FINAL, BLANK])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(COL_SCORE, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, COL_SCORE).data() for r in range(3)] == ["100.0%", "93.9%", "—"]
    proxy.sort(COL_FACILITY, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, COL_FACILITY).data() == "bright medspa"  # case-insensitive


def test_reset_replaces_rows(qapp):
    model = AuditListModel()
    model.set_rows([DRAFT, FINAL])
    model.set_rows([BLANK])
    assert model.rowCount() == 1
    assert text(model, 0, COL_FACILITY) == "Corner Clinic"
    assert not model.index(5, 0).isValid()


def test_the_model_sorts_its_rows_itself_and_keeps_them_sorted(qapp):
    model = AuditListModel()
    model.set_rows([DRAFT, FINAL, BLANK])
    chosen = QPersistentModelIndex(model.index(1, COL_STATUS))  # FINAL, e.g. selected
    model.sort(COL_SCORE, Qt.SortOrder.DescendingOrder)
    assert [text(model, r, COL_SCORE) for r in range(3)] == ["100.0%", "93.9%", "—"]
    assert (chosen.row(), chosen.column()) == (0, COL_STATUS)
    model.sort(COL_FACILITY, Qt.SortOrder.AscendingOrder)
    assert [text(model, r, COL_FACILITY)[:6] for r in range(3)] == ["bright", "Corner", "Lumen "]
    assert chosen.row() == 0
    model.set_rows([DRAFT, BLANK, FINAL])  # a refresh keeps the order chosen
    assert [model.row_at(r) for r in range(3)] == [FINAL, BLANK, DRAFT]


def test_the_filter_matches_the_text_of_any_cell_in_any_case(qapp):
    model = AuditListModel()
    model.set_rows([DRAFT, FINAL, BLANK])
    proxy = FilterProxy()
    proxy.setSourceModel(model)

    def shown(text):
        proxy.set_filter_text(text)
        return {proxy.index(r, COL_FACILITY).data() for r in range(proxy.rowCount())}

    assert shown("MEDSPA") == {"bright medspa"}
    assert shown("finalized") == {"bright medspa"}  # the Status column
    assert shown("stop microneedling") == {"Lumen Skin & Laser Studio"}  # the Outcome
    assert shown("2026-0") == {"Lumen Skin & Laser Studio", "bright medspa", "Corner Clinic"}
    assert shown("spa\nregulatory") == set()  # never across two cells
    assert len(shown("")) == 3
