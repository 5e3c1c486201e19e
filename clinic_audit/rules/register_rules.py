"""Findings derived from the practitioner, product and device registers on the audit date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from clinic_audit.audit.model import (
    Audit,
    Device,
    DoseType,
    LicenceType,
    Practitioner,
    Product,
    Reprocessing,
)
from clinic_audit.checklist.model import Checklist, RegisterRules, Severity
from clinic_audit.rules.display import plural
from clinic_audit.rules.finding_keys import register_key
from clinic_audit.rules.scope import scope_breaches
from clinic_audit.rules.summary import Finding

CRITICAL, MAJOR, MINOR = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR
MakeFinding = Callable[[str, Severity, str, str], Finding]  # rule, severity, title, detail


def register_findings(checklist: Checklist, audit: Audit, as_of: dt.date) -> list[Finding]:
    rules = checklist.register_rules
    found: list[Finding] = []
    for person in audit.practitioners:
        found.extend(_practitioner(person, checklist, as_of))
    for product in audit.products:
        found.extend(_product(product, rules, as_of))
    for device in audit.devices:
        found.extend(_device(device, rules, as_of))
    return [_cited(checklist, finding) for finding in found]


def _cited(checklist: Checklist, finding: Finding) -> Finding:
    """A format 2 checklist cites a register finding by sources, and names the item whose
    requirement it shows unmet; under a pack, the law it rests on."""
    data = checklist.register_rules.findings.get(f"{finding.register_name}.{finding.rule}")
    if data is None:
        return finding
    update: dict[str, object] = {}
    if data.item:
        update["evidences"] = data.item
    if data.sources:
        update["reference"] = checklist.citation(data.sources)
    if data.basis and not finding.basis:
        update["basis"] = data.basis
    if data.no_rule:
        update["no_rule"] = data.no_rule
    return finding.model_copy(update=update) if update else finding


def _finding(
    rules: RegisterRules,
    register: str,
    row_id: str,
    rule: str,
    severity: Severity,
    subject: str,
    problem: str,
    detail: str,
) -> Finding:
    """A register finding; its citation (and, where the checklist sets one, its severity)
    are checklist data: ``register_rules.findings["<register>.<rule>"]``."""
    data = rules.findings.get(f"{register}.{rule}")
    reference = data.reference if data is not None and data.reference else ""
    if data is not None and data.severity is not None:
        severity = data.severity
    return Finding(
        key=register_key(register, row_id, rule),
        severity=severity,
        title=f"{subject}: {problem}",
        detail=detail,
        reference=reference,
        register_name=register,
        row_id=row_id,
        rule=rule,
        subject=subject,
        problem=problem,
    )


def _practitioner(p: Practitioner, checklist: Checklist, as_of: dt.date) -> Iterator[Finding]:
    rules = checklist.register_rules

    def make(rule: str, severity: Severity, title: str, detail: str) -> Finding:
        return _finding(rules, "practitioners", p.id, rule, severity, p.name, title, detail)

    if checklist.pack is not None:  # the jurisdiction's scope of practice decides
        yield from _under_pack(p, checklist, as_of, make)
        return

    if p.licence_type == LicenceType.NONE or not p.licence_number.strip():
        yield make(
            "no_licence",
            CRITICAL,
            "no license recorded",
            "No license type or number was shown for a person who performs the procedure.",
        )
    elif p.licence_type not in rules.licence_types_in_scope:
        allowed = ", ".join(t.replace("_", " ") for t in rules.licence_types_in_scope)
        label = checklist.licence_label(p.licence_type).lower()
        yield make(
            "licence_out_of_scope",
            CRITICAL,
            f"license type '{label}' does not cover microneedling",
            f"In this checklist's jurisdiction microneedling needs one of: {allowed}.",
        )
    if p.licence_type != LicenceType.NONE:
        yield from _licence_dates(p, rules, as_of, make)
    if p.training_date is None:
        yield make(
            "no_training_record",
            MAJOR,
            "no microneedling training record",
            "No date of device-specific microneedling training was shown.",
        )
    if p.licence_type not in (LicenceType.PHYSICIAN, LicenceType.NONE) and not (
        p.supervising_physician.strip()
    ):
        yield make(
            "no_supervising_physician",
            MAJOR,
            "no supervising physician named",
            "A delegated procedure needs a named supervising physician.",
        )


def _under_pack(
    p: Practitioner, checklist: Checklist, as_of: dt.date, make: MakeFinding
) -> Iterator[Finding]:
    """Under a pack: its scope-of-practice matrix instead of a list of license types."""
    assert checklist.pack is not None
    rules = checklist.register_rules
    if p.licence_type == LicenceType.NONE or not p.licence_number.strip():
        yield make(
            "no_licence",
            CRITICAL,
            "no license recorded",
            "No license type or number was shown for a person who performs the procedure.",
        )
    else:
        for breach in scope_breaches(p, checklist.pack.scope_of_practice):
            finding = make(breach.rule, breach.severity, breach.problem, breach.detail)
            if breach.basis:
                finding = finding.model_copy(update={"basis": breach.basis})
            yield finding
        yield from _licence_dates(p, rules, as_of, make)
    if p.training_date is None:
        yield make(
            "no_training_record",
            MAJOR,
            "no microneedling training record",
            "No date of device-specific microneedling training was shown.",
        )


def _licence_dates(
    p: Practitioner, rules: RegisterRules, as_of: dt.date, make: MakeFinding
) -> Iterator[Finding]:
    expiry = p.licence_expiry
    if expiry is None:
        yield make(
            "licence_expiry_unknown",
            MAJOR,
            "license expiry date not recorded",
            "Verify the license on the board's lookup and record its expiry date.",
        )
    elif expiry < as_of:
        yield make(
            "licence_expired",
            CRITICAL,
            f"license expired {expiry.isoformat()}",
            f"The license expired {plural((as_of - expiry).days, 'day')} before the audit date.",
        )
    elif expiry == as_of:
        yield make(
            "licence_expires_today",
            CRITICAL,
            f"license expires on the audit date {expiry.isoformat()}",
            "Proof of renewal is needed before any further treatment.",
        )
    elif (expiry - as_of).days <= rules.licence_warning_days:
        yield make(
            "licence_expiring_soon",
            MINOR,
            f"license expires {expiry.isoformat()}",
            f"The license expires {plural((expiry - as_of).days, 'day')} after the audit date.",
        )


def _product(p: Product, rules: RegisterRules, as_of: dt.date) -> Iterator[Finding]:
    def make(rule: str, severity: Severity, title: str, detail: str) -> Finding:
        return _finding(rules, "products", p.id, rule, severity, p.name, title, detail)

    if p.expiry is None:
        yield make(
            "no_expiry",
            MAJOR,
            "no expiry date on the container",
            "Every container must show its expiry date.",
        )
    elif p.expiry < as_of:
        yield make(
            "expired",
            CRITICAL,
            f"expired {p.expiry.isoformat()}",
            "An expired product was available for use during needling.",
        )
    if not p.lot.strip():
        yield make(
            "no_lot",
            MAJOR,
            "no lot number",
            "Without a lot number an adverse reaction cannot be traced.",
        )
    if not p.labelled_sterile:
        yield make(
            "not_sterile",
            CRITICAL,
            "not labeled sterile",
            "Products pushed into needled skin must be labeled sterile.",
        )
    if not p.labelled_for_broken_skin:
        yield make(
            "not_for_broken_skin",
            CRITICAL,
            "not labeled for use on broken skin or with microneedling",
            "A topical product tested only on intact skin is being pushed into the dermis.",
        )
    if p.dose_type == DoseType.MULTI:
        if p.opened_on is None:
            yield make(
                "vial_not_dated",
                MAJOR,
                "multi-dose vial not dated when opened",
                "Date a multi-dose vial when it is first opened.",
            )
        elif (as_of - p.opened_on).days > rules.multi_dose_max_open_days:
            days = (as_of - p.opened_on).days
            yield make(
                "vial_open_too_long",
                CRITICAL,
                f"multi-dose vial open {days} days (limit {rules.multi_dose_max_open_days})",
                f"Opened {p.opened_on.isoformat()}; discard it.",
            )


def _device(d: Device, rules: RegisterRules, as_of: dt.date) -> Iterator[Finding]:
    def make(rule: str, severity: Severity, title: str, detail: str) -> Finding:
        return _finding(rules, "devices", d.id, rule, severity, d.name, title, detail)

    if not d.fda_clearance.strip():
        yield make(
            "no_fda_clearance",
            MAJOR,
            "no FDA clearance number",
            "Verify the device's 510(k) or De Novo number (product code QAI).",
        )
    if not d.single_use_cartridges:
        yield make(
            "reusable_cartridges",
            CRITICAL,
            "needle cartridges are reused",
            "Needle cartridges must be sterile, single-use and never reprocessed.",
        )
    if d.reprocessing in (Reprocessing.DISINFECTION_ONLY, Reprocessing.UNKNOWN) and (
        not d.single_use_cartridges
    ):
        yield make(
            "not_sterilized",
            CRITICAL,
            "skin-entering parts not sterilized",
            "Items that enter skin must be steam-sterilized, not only disinfected.",
        )
    if d.reprocessing == Reprocessing.STEAM_STERILIZATION:
        limit = rules.spore_test_max_age_days
        if d.last_spore_test is None:
            yield make(
                "no_spore_test",
                CRITICAL,
                "no spore test on record",
                f"A biological indicator test is due at least every {limit} days.",
            )
        elif (as_of - d.last_spore_test).days > limit:
            days = (as_of - d.last_spore_test).days
            yield make(
                "spore_test_overdue",
                CRITICAL,
                f"last spore test {days} days ago (limit {limit})",
                f"Last test {d.last_spore_test.isoformat()}.",
            )
