"""The app on the agency's server: an inspector's Home lists what a supervisor assigned
to them, and beginning that inspection marks the assignment begun."""

import datetime as dt

import pytest
from PySide6.QtCore import QSettings

from clinic_audit.audit.model import Audit, AuditKind, Facility
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.store import agency
from clinic_audit.store.database import Store
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.screens.home import HomeScreen

pytestmark = pytest.mark.server
GLOW = Facility(name="Glow Medspa", licence_number="L-7")


def test_an_inspector_sees_the_assignment_and_beginning_it_marks_it(qtbot, server, tmp_path):
    checklist = builtin_checklist()
    sam = Store.connect(server.address("sup_sam"))
    ben = Store.connect(server.address("insp_ben"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(ben, "Ben", settings)
    made = ctx.service.create(
        Audit(checklist_id=checklist.id, checklist_version=checklist.version,
              kind=AuditKind.REGULATORY, facility=GLOW,
              audit_date=dt.date(2026, 11, 2))
    )  # fmt: skip
    facility = ben.facility_of(made.id)
    agency.assign(sam, facility.id, "insp_ben", dt.date(2027, 1, 20), "complaint", "Pus reported")
    home = HomeScreen(ctx)
    qtbot.addWidget(home)
    home.resize(1100, 600)
    home.show()
    qtbot.waitExposed(home)
    assert home.assigned_label.isVisible()
    text = home.assigned_label.text()
    assert "Assigned to you" in text and "Glow Medspa — due 2027-01-20 (complaint)" in text
    assert "Pus reported" in text
    assert server.database in home.findChild(type(home.assigned_label), "storeLocation").text()
    second = ctx.service.create(
        Audit(checklist_id=checklist.id, checklist_version=checklist.version,
              kind=AuditKind.REGULATORY, facility=GLOW,
              audit_date=dt.date(2026, 11, 3))
    )  # fmt: skip
    (begun,) = agency.assignments(sam, open_only=False)
    assert begun.audit_id == second.id
    home.refresh()
    assert not home.assigned_label.isVisible()
    sam.close()
    ben.close()
