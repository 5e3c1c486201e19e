"""Scope of practice: may this person do what they do, here, under their supervision?

A jurisdiction pack's matrix (license type × procedure → allowed, supervision required)
is checked against what the practitioner register records of each person: their license
type, the deepest needle setting they use, whether they draw blood for PRP, and their
supervision arrangement. Each breach is a cited finding (the rule's basis in law).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clinic_audit.audit.model import Practitioner
from clinic_audit.checklist.pack_model import (
    SUPERVISION_LEVELS,
    Basis,
    Procedure,
    ScopeOfPractice,
    ScopeRule,
)
from clinic_audit.enums import Severity

SUPERVISION_WORDS = {
    "none": "no supervision",
    "medical_director_on_file": "a medical director on file",
    "good_faith_exam": "a good-faith examination by a physician or midlevel first",
    "physician_available": "a physician available for consultation",
    "physician_on_site": "a physician on site",
}


def practice_facts(person: Practitioner) -> list[str]:
    """What the register records of what the person does, as the scope rules read it:
    supervision, deepest needle setting, blood draws (screens and report print these)."""
    facts = [SUPERVISION_WORDS.get(person.supervision or "", "supervision not recorded")]
    depth = person.max_depth_mm
    facts.append("needle depth not recorded" if depth is None else f"needles up to {depth:g} mm")
    if person.draws_blood:
        facts.append("draws blood for PRP")
    return facts


@dataclass(frozen=True)
class ScopeBreach:
    rule: str  # the register rule: practitioners.<rule>
    severity: Severity
    problem: str
    detail: str
    basis: list[Basis] = field(default_factory=list)


def scope_breaches(person: Practitioner, scope: ScopeOfPractice) -> list[ScopeBreach]:
    """What the person does that their license or supervision does not allow here."""
    licence = person.licence_type
    labels = {t.id: t.label for t in scope.licence_types}
    name = labels.get(licence, licence.replace("_", " "))
    breaches = []
    needling = [p for p in scope.procedures if p.kind == "microneedling"]
    allowed = [p for p in needling if _allows(scope, licence, p)]
    if not allowed:
        breaches.append(
            ScopeBreach(
                "licence_out_of_scope",
                Severity.CRITICAL,
                f"a {name} may not perform microneedling here",
                f"No {name} may microneedle under this jurisdiction's scope of practice.",
                _basis(scope, licence, needling),
            )
        )
    elif person.max_depth_mm is None:
        breaches.append(
            ScopeBreach(
                "depth_not_recorded",
                Severity.MINOR,
                "the deepest needle setting used is not recorded",
                f"A {name} may microneedle here only up to "
                f"{_deepest(allowed)} mm; record the deepest setting this person uses.",
            )
        )
    else:
        breaches += _depth_and_supervision(person, scope, name, needling)
    if person.draws_blood:
        breaches += _blood_draw(person, scope, name)
    return breaches


def _depth_and_supervision(
    person: Practitioner, scope: ScopeOfPractice, name: str, needling: list[Procedure]
) -> list[ScopeBreach]:
    depth = person.max_depth_mm
    assert depth is not None  # checked by the caller
    band = next((p for p in needling if _in_band(p, depth)), None)
    if band is None or not _allows(scope, person.licence_type, band):
        allowed = [p for p in needling if _allows(scope, person.licence_type, p)]
        return [
            ScopeBreach(
                "depth_beyond_licence",
                Severity.CRITICAL,
                f"microneedling at {depth:g} mm is beyond what a {name} may do here",
                f"A {name} may microneedle here only up to {_deepest(allowed)} mm.",
                _basis(scope, person.licence_type, [band] if band else needling),
            )
        ]
    return _supervision(person, _rule(scope, person.licence_type, band), name, band.label)


def _blood_draw(person: Practitioner, scope: ScopeOfPractice, name: str) -> list[ScopeBreach]:
    draws = [p for p in scope.procedures if p.kind == "prp_draw"]
    licence = next((t for t in scope.licence_types if t.id == person.licence_type), None)
    rules = [r for p in draws if (r := _rule(scope, person.licence_type, p)) is not None]
    allowed = any(r.allowed for r in rules) if rules else bool(licence and licence.can_draw_blood)
    if not allowed:
        return [
            ScopeBreach(
                "blood_draw_not_licensed",
                Severity.CRITICAL,
                f"draws blood for PRP, which a {name} is not licensed to do here",
                "Only a person licensed to draw blood may draw it for PRP.",
                [b for r in rules for b in r.basis],
            )
        ]
    rule = next((r for r in rules if r.allowed), None)
    return _supervision(person, rule, name, "the blood draw")


def _supervision(
    person: Practitioner, rule: ScopeRule | None, name: str, what: str
) -> list[ScopeBreach]:
    if rule is None or rule.supervision == "none":
        return []
    has = person.supervision or "none"
    if SUPERVISION_LEVELS.index(has) >= SUPERVISION_LEVELS.index(rule.supervision):
        return []
    return [
        ScopeBreach(
            "supervision_missing",
            Severity.CRITICAL,
            f"works without the supervision {what} requires",
            f"Here a {name} needs {SUPERVISION_WORDS[rule.supervision]} for {what}; "
            f"recorded: {SUPERVISION_WORDS[has]}.",
            list(rule.basis),
        )
    ]


def _rule(scope: ScopeOfPractice, licence: str, procedure: Procedure) -> ScopeRule | None:
    return next(
        (r for r in scope.rules if r.licence == licence and r.procedure == procedure.id), None
    )


def _allows(scope: ScopeOfPractice, licence: str, procedure: Procedure) -> bool:
    rule = _rule(scope, licence, procedure)
    return scope.default_allowed if rule is None else rule.allowed


def _in_band(procedure: Procedure, depth: float) -> bool:
    low = procedure.depth_min_mm if procedure.depth_min_mm is not None else 0.0
    high = procedure.depth_max_mm if procedure.depth_max_mm is not None else 10.0
    return low <= depth <= high


def _deepest(procedures: list[Procedure]) -> str:
    depths = [p.depth_max_mm for p in procedures if p.depth_max_mm is not None]
    return f"{max(depths):g}" if depths else "any depth"


def _basis(scope: ScopeOfPractice, licence: str, procedures: list[Procedure]) -> list[Basis]:
    return [b for p in procedures if (r := _rule(scope, licence, p)) is not None for b in r.basis]
