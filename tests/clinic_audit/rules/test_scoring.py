"""Scores over applicable answered items, and the outcome with its critical override."""

from clinic_audit.audit.model import LicenceType, Practitioner, Product, ProductCategory, Response
from clinic_audit.checklist.model import Result
from clinic_audit.files.sample import build_sample
from clinic_audit.rules.scoring import summarize
from clinic_audit.rules.summary import Outcome
from tests.factories import AUDIT_DAY, blank_audit


def answer_all(checklist, audit, result=Result.PASS, **overrides):
    for _s, item in checklist.items():
        audit.responses[item.id] = Response(result=overrides.get(item.id, result), note="n")
    return audit


def first_item(checklist, severity):
    return next(
        item
        for _s, item in checklist.items()
        if item.severity == severity and item.applies_when is None
    )


def test_blank_audit_is_incomplete_never_compliant(checklist):
    summary = summarize(checklist, blank_audit(checklist))
    assert summary.outcome == Outcome.INCOMPLETE
    assert summary.score is None
    assert len(summary.unanswered) == sum(1 for s in summary.items if s.applicable)


def test_all_pass_is_compliant(checklist):
    summary = summarize(checklist, answer_all(checklist, blank_audit(checklist)))
    assert summary.outcome == Outcome.COMPLIANT
    assert summary.score == 100.0
    assert summary.findings == [] and summary.unanswered == []


def test_one_minor_failure_needs_corrective_action(checklist):
    minor = first_item(checklist, "minor")
    summary = summarize(
        checklist, answer_all(checklist, blank_audit(checklist), **{minor.id: Result.FAIL})
    )
    assert summary.outcome == Outcome.COMPLIANT_WITH_ACTIONS
    assert [f.key for f in summary.findings] == [f"item:{minor.id}"]
    assert 99 < summary.score < 100


def test_one_critical_failure_stops_whatever_the_score(checklist):
    critical = first_item(checklist, "critical")
    summary = summarize(
        checklist, answer_all(checklist, blank_audit(checklist), **{critical.id: Result.FAIL})
    )
    assert summary.score > 95
    assert summary.outcome == Outcome.NON_COMPLIANT
    assert summary.outcome.label == "Non-compliant — stop microneedling until corrected"


def test_critical_override_also_applies_while_incomplete(checklist):
    critical = first_item(checklist, "critical")
    audit = blank_audit(checklist)
    audit.responses[critical.id] = Response(result=Result.FAIL)
    assert summarize(checklist, audit).outcome == Outcome.NON_COMPLIANT


def test_critical_register_finding_stops(checklist):
    audit = answer_all(checklist, blank_audit(checklist))
    audit.practitioners.append(
        Practitioner(name="X", licence_type=LicenceType.ESTHETICIAN, licence_number="E1")
    )
    assert summarize(checklist, audit).outcome == Outcome.NON_COMPLIANT


def test_low_score_without_critical_is_non_compliant(checklist):
    majors = {item.id: Result.FAIL for _s, item in checklist.items() if item.severity == "major"}
    summary = summarize(checklist, answer_all(checklist, blank_audit(checklist), **majors))
    assert summary.score < checklist.outcome_rules.minimum_score
    assert summary.outcome == Outcome.NON_COMPLIANT


def test_not_observed_and_not_applicable_are_not_scored_but_not_unanswered(checklist):
    items = [item for _s, item in checklist.items() if item.applies_when is None]
    audit = answer_all(
        checklist,
        blank_audit(checklist),
        **{items[0].id: Result.NOT_OBSERVED, items[1].id: Result.NOT_APPLICABLE},
    )
    summary = summarize(checklist, audit)
    assert summary.score == 100.0 and summary.unanswered == []
    statuses = {s.item_id: s for s in summary.items}
    assert statuses[items[1].id].applicable is False
    assert statuses[items[0].id].result == Result.NOT_OBSERVED


def test_conditional_items_apply_only_when_their_condition_holds(checklist):
    prp_items = [
        item.id
        for _s, item in checklist.items()
        if item.applies_when is not None and "prp" in item.id
    ]
    assert prp_items
    audit = blank_audit(checklist)
    applicable = {s.item_id for s in summarize(checklist, audit).items if s.applicable}
    assert not applicable & set(prp_items)
    audit.products.append(Product(name="PRP kit", category=ProductCategory.PRP))
    applicable = {s.item_id for s in summarize(checklist, audit).items if s.applicable}
    assert set(prp_items) <= applicable


def test_failed_item_without_required_note_or_photo_is_reported(checklist):
    item = next(i for _s, i in checklist.items() if i.photo_required_on_fail)
    audit = blank_audit(checklist)
    audit.responses[item.id] = Response(result=Result.FAIL)
    summary = summarize(checklist, audit)
    status = next(s for s in summary.items if s.item_id == item.id)
    assert status.missing_note and status.missing_photo
    assert item.id in summary.missing_evidence


def test_section_scores_and_counts(checklist):
    summary = summarize(checklist, build_sample(photos=0, audit_date=AUDIT_DAY))
    room = next(s for s in summary.sections if s.section_id == "room")
    assert room.failed == 3 and room.has_critical_failure
    assert room.answered == room.applicable
    assert summary.findings[0].severity == "critical"
    assert [f.severity.rank for f in summary.findings] == sorted(
        f.severity.rank for f in summary.findings
    )
