"""The register table models, tested without a window."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from clinic_audit.audit.model import (
    Audit,
    AuditKind,
    Device,
    DoseType,
    Facility,
    LicenceType,
    Practitioner,
    Product,
    Reprocessing,
)
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.rules.scoring import summarize
from clinic_audit.ui.models.registers import (
    FINDINGS_ROLE,
    NO_FINDINGS,
    DevicesModel,
    PractitionersModel,
    ProductsModel,
)
from clinic_audit.ui.style.severity import severity_colour

DAY = dt.date(2026, 6, 15)
DISPLAY = Qt.ItemDataRole.DisplayRole


def audit_with(**registers) -> Audit:
    checklist = builtin_checklist()
    return Audit(
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        kind=AuditKind.SELF_AUDIT,
        facility=Facility(name="Model Clinic"),
        audit_date=DAY,
        **registers,
    )


def loaded(model_class, audit):
    model = model_class()
    model.set_audit(audit, summarize(builtin_checklist(), audit))
    return model


def cell(model, row, column, role=DISPLAY):
    return model.data(model.index(row, column), role)


@pytest.fixture
def practitioners():
    return [
        Practitioner(
            name="Ann Valid",
            role="Medical director",
            licence_type=LicenceType.PHYSICIAN,
            licence_number="MD-1",
            licence_expiry=dt.date(2028, 1, 1),
            training_date=dt.date(2025, 1, 1),
        ),
        Practitioner(
            name="Bo Lapsed",
            licence_type=LicenceType.REGISTERED_NURSE,
            licence_number="RN-2",
            licence_expiry=dt.date(2026, 3, 1),
            training_date=dt.date(2025, 1, 1),
            supervising_physician="Ann Valid",
        ),
    ]


def test_practitioner_rows_show_their_fields_and_findings(qapp, qtmodeltester, practitioners):
    model = loaded(PractitionersModel, audit_with(practitioners=practitioners))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.columnCount() == PractitionersModel.COL_FINDINGS + 1
    assert cell(model, 0, PractitionersModel.COL_NAME) == "Ann Valid"
    assert cell(model, 0, PractitionersModel.COL_LICENCE) == "Physician\nMD-1"
    assert cell(model, 1, PractitionersModel.COL_EXPIRY) == "2026-03-01"
    practice = cell(model, 0, PractitionersModel.COL_PRACTICE).splitlines()
    assert practice[0] == "No supervising physician named"
    assert "needle depth not recorded" in practice
    assert cell(model, 0, PractitionersModel.COL_FINDINGS) == NO_FINDINGS
    assert cell(model, 1, PractitionersModel.COL_FINDINGS) == "Critical: license expired 2026-03-01"
    assert model.headerData(PractitionersModel.COL_FINDINGS, Qt.Orientation.Horizontal) == (
        "Findings"
    )


def test_a_flagged_row_is_coloured_by_its_worst_finding_and_has_an_icon(qapp, practitioners):
    model = loaded(PractitionersModel, audit_with(practitioners=practitioners))
    col = PractitionersModel.COL_FINDINGS
    assert cell(model, 1, col, Qt.ItemDataRole.ForegroundRole) == severity_colour(
        cell(model, 1, col, FINDINGS_ROLE)[0].severity
    )
    assert not cell(model, 1, col, Qt.ItemDataRole.DecorationRole).isNull()
    assert cell(model, 0, col, Qt.ItemDataRole.DecorationRole) is None
    assert "expired 106 days before the audit date" in cell(
        model, 1, col, Qt.ItemDataRole.ToolTipRole
    )


def test_several_findings_of_one_row_are_listed_one_per_line(qapp):
    person = Practitioner(name="Cy Nolicence")
    model = loaded(PractitionersModel, audit_with(practitioners=[person]))
    lines = cell(model, 0, PractitionersModel.COL_FINDINGS).splitlines()
    assert lines == [
        "Critical: no license recorded",
        "Major: no microneedling training record",
    ]


def test_product_rows_use_readable_labels(qapp, qtmodeltester):
    vial = Product(
        name="Saline",
        maker="Hospira",
        lot="B1",
        expiry=dt.date(2027, 1, 1),
        labelled_sterile=True,
        labelled_for_broken_skin=False,
        dose_type=DoseType.MULTI,
        opened_on=dt.date(2026, 6, 1),
    )
    model = loaded(ProductsModel, audit_with(products=[vial]))
    qtmodeltester.check(model)
    assert cell(model, 0, ProductsModel.COL_NAME) == "Saline\nHospira"
    assert cell(model, 0, ProductsModel.COL_CATEGORY) == "Other"
    assert cell(model, 0, ProductsModel.COL_STERILE) == "Yes"
    assert cell(model, 0, ProductsModel.COL_BROKEN_SKIN) == "No"
    assert cell(model, 0, ProductsModel.COL_DOSE) == "Multi-dose vial, opened 2026-06-01"
    assert cell(model, 0, ProductsModel.COL_FINDINGS) == (
        "Critical: not labeled for use on broken skin or with microneedling"
    )


def test_device_rows_and_an_empty_date(qapp, qtmodeltester):
    pen = Device(name="Pen", reprocessing=Reprocessing.STEAM_STERILIZATION)
    model = loaded(DevicesModel, audit_with(devices=[pen]))
    qtmodeltester.check(model)
    assert cell(model, 0, DevicesModel.COL_REPROCESSING) == "Steam sterilization (autoclave)"
    assert cell(model, 0, DevicesModel.COL_SPORE_TEST) == "—"
    assert cell(model, 0, DevicesModel.COL_FINDINGS) != NO_FINDINGS


def test_row_lookup_by_id(qapp, practitioners):
    model = loaded(PractitionersModel, audit_with(practitioners=practitioners))
    assert model.row_of(practitioners[1].id) == 1
    assert model.row_of("nope") == -1
    assert model.row_at(1) is not None and model.row_at(1).name == "Bo Lapsed"
