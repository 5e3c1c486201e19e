"""Findings from the registers, including the date edges around the audit date."""

import datetime as dt

import pytest

from clinic_audit.audit.model import (
    Device,
    DoseType,
    LicenceType,
    Practitioner,
    Product,
    Reprocessing,
)
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Severity
from clinic_audit.rules.register_rules import register_findings
from tests.factories import AUDIT_DAY, blank_audit

DAY = dt.timedelta(days=1)


@pytest.fixture
def checklist():
    """The rules' own severities, as checklist 1.0.0 keeps them (2.0.0 sets its own:
    test_register_findings_take_severity_citation_and_item_from_the_checklist)."""
    return builtin_checklist("microneedling", "1.0.0")


def good_practitioner(**changes) -> Practitioner:
    values = dict(
        name="Ana Ruiz",
        licence_type=LicenceType.REGISTERED_NURSE,
        licence_number="RN-1",
        licence_expiry=AUDIT_DAY + 400 * DAY,
        training_date=AUDIT_DAY - 100 * DAY,
        supervising_physician="Dr. Lee",
    )
    values.update(changes)
    return Practitioner(**values)


def good_product(**changes) -> Product:
    values = dict(
        name="HA gel",
        lot="L1",
        expiry=AUDIT_DAY + 100 * DAY,
        labelled_sterile=True,
        labelled_for_broken_skin=True,
    )
    values.update(changes)
    return Product(**values)


def good_device(**changes) -> Device:
    values = dict(
        name="Pen",
        fda_clearance="DEN160029",
        single_use_cartridges=True,
        reprocessing=Reprocessing.SINGLE_USE_ONLY,
    )
    values.update(changes)
    return Device(**values)


def rules_hit(checklist, **registers) -> dict[str, Severity]:
    audit = blank_audit(checklist, **registers)
    return {
        f.key.rsplit(":", 1)[1]: f.severity for f in register_findings(checklist, audit, AUDIT_DAY)
    }


def test_clean_registers_give_no_findings(checklist):
    assert (
        rules_hit(
            checklist,
            practitioners=[good_practitioner()],
            products=[good_product()],
            devices=[good_device()],
        )
        == {}
    )


@pytest.mark.parametrize(
    ("expiry", "expected"),
    [
        (AUDIT_DAY - DAY, {"licence_expired": Severity.CRITICAL}),
        (AUDIT_DAY, {"licence_expires_today": Severity.CRITICAL}),
        (AUDIT_DAY + DAY, {"licence_expiring_soon": Severity.MINOR}),
        (AUDIT_DAY + 30 * DAY, {"licence_expiring_soon": Severity.MINOR}),
        (AUDIT_DAY + 31 * DAY, {}),
        (None, {"licence_expiry_unknown": Severity.MAJOR}),
    ],
)
def test_licence_expiry_edges(checklist, expiry, expected):
    assert (
        rules_hit(checklist, practitioners=[good_practitioner(licence_expiry=expiry)]) == expected
    )


def test_expired_licence_title_names_the_date(checklist):
    person = good_practitioner(licence_expiry=dt.date(2026, 3, 1))
    audit = blank_audit(checklist, practitioners=[person])
    (finding,) = register_findings(checklist, audit, AUDIT_DAY)
    assert finding.title == "Ana Ruiz: license expired 2026-03-01"
    assert finding.row_id == person.id and finding.register_name == "practitioners"


@pytest.mark.parametrize(
    ("changes", "rule", "severity"),
    [
        (dict(licence_type=LicenceType.NONE, licence_number=""), "no_licence", Severity.CRITICAL),
        (dict(licence_number="  "), "no_licence", Severity.CRITICAL),
        (dict(licence_type=LicenceType.ESTHETICIAN), "licence_out_of_scope", Severity.CRITICAL),
        (dict(training_date=None), "no_training_record", Severity.MAJOR),
        (dict(supervising_physician=""), "no_supervising_physician", Severity.MAJOR),
    ],
)
def test_practitioner_rules(checklist, changes, rule, severity):
    assert rules_hit(checklist, practitioners=[good_practitioner(**changes)])[rule] == severity


def test_physician_needs_no_supervisor(checklist):
    doctor = good_practitioner(licence_type=LicenceType.PHYSICIAN, supervising_physician="")
    assert rules_hit(checklist, practitioners=[doctor]) == {}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (dict(expiry=AUDIT_DAY - DAY), {"expired": Severity.CRITICAL}),
        (dict(expiry=AUDIT_DAY), {}),
        (dict(expiry=None), {"no_expiry": Severity.MAJOR}),
        (dict(lot=""), {"no_lot": Severity.MAJOR}),
        (dict(labelled_sterile=False), {"not_sterile": Severity.CRITICAL}),
        (dict(labelled_for_broken_skin=False), {"not_for_broken_skin": Severity.CRITICAL}),
        (dict(dose_type=DoseType.MULTI), {"vial_not_dated": Severity.MAJOR}),
        (dict(dose_type=DoseType.MULTI, opened_on=AUDIT_DAY - 28 * DAY), {}),
        (
            dict(dose_type=DoseType.MULTI, opened_on=AUDIT_DAY - 29 * DAY),
            {"vial_open_too_long": Severity.CRITICAL},
        ),
    ],
)
def test_product_rules(checklist, changes, expected):
    assert rules_hit(checklist, products=[good_product(**changes)]) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (dict(fda_clearance=""), {"no_fda_clearance": Severity.MAJOR}),
        (
            dict(
                single_use_cartridges=False,
                reprocessing=Reprocessing.STEAM_STERILIZATION,
                last_spore_test=AUDIT_DAY,
            ),
            {"reusable_cartridges": Severity.CRITICAL},
        ),
        (
            dict(single_use_cartridges=False, reprocessing=Reprocessing.DISINFECTION_ONLY),
            {"reusable_cartridges": Severity.CRITICAL, "not_sterilized": Severity.CRITICAL},
        ),
        (dict(reprocessing=Reprocessing.STEAM_STERILIZATION), {"no_spore_test": Severity.CRITICAL}),
        (
            dict(
                reprocessing=Reprocessing.STEAM_STERILIZATION, last_spore_test=AUDIT_DAY - 7 * DAY
            ),
            {},
        ),
        (
            dict(
                reprocessing=Reprocessing.STEAM_STERILIZATION, last_spore_test=AUDIT_DAY - 8 * DAY
            ),
            {"spore_test_overdue": Severity.CRITICAL},
        ),
    ],
)
def test_device_rules(checklist, changes, expected):
    assert rules_hit(checklist, devices=[good_device(**changes)]) == expected


def test_limits_come_from_the_checklist(checklist):
    strict = checklist.model_copy(
        update={
            "register_rules": checklist.register_rules.model_copy(
                update={"spore_test_max_age_days": 2}
            )
        }
    )
    device = good_device(
        reprocessing=Reprocessing.STEAM_STERILIZATION, last_spore_test=AUDIT_DAY - 3 * DAY
    )
    assert rules_hit(strict, devices=[device]) == {"spore_test_overdue": Severity.CRITICAL}
    assert rules_hit(checklist, devices=[device]) == {}


def test_register_findings_take_severity_citation_and_item_from_the_checklist():
    newest = builtin_checklist("microneedling", "2.0.0")
    person = good_practitioner(licence_expiry=None, supervising_physician="")
    found = {
        f.rule: f
        for f in register_findings(newest, blank_audit(newest, practitioners=[person]), AUDIT_DAY)
    }
    for rule, finding in found.items():
        data = newest.register_rules.findings[f"practitioners.{rule}"]
        assert finding.severity == data.severity == newest.item(data.item).severity
        assert finding.evidences == data.item
        assert finding.reference == newest.citation(data.sources) and "[S" in finding.reference
    assert found["licence_expiry_unknown"].severity == Severity.MINOR
    assert found["no_supervising_physician"].severity == Severity.CRITICAL
