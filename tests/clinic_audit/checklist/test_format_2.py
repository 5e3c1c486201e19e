"""Checklist format 2: codes, violation wording, cited sources, seen-on-site toggles,
register findings linked to items, weights, and evidence that is never hidden."""

import pytest
import yaml

from clinic_audit.audit.model import Practitioner, Response
from clinic_audit.checklist.loader import builtin_checklist, parse_checklist
from clinic_audit.checklist.model import Result, Severity
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, message
from clinic_audit.rules.scoring import summarize
from tests.factories import blank_audit

BASE = {
    "format": 2,
    "id": "mini",
    "title": "Mini",
    "version": "2.0",
    "scope": "A test checklist.",
    "sources": [{"key": "S1", "title": "Guide", "issuer": "CDC", "year": 2016, "kind": "guidance"}],
    "outcome_rules": {"minimum_score": 80, "one_finding_per_fact": True},
    "seen_on_site": [{"id": "prp", "label": "PRP equipment"}],
    "register_rules": {
        "licence_types_in_scope": ["physician"],
        "findings": {
            "practitioners.no_licence": {
                "severity": "critical",
                "item": "licence-shown",
                "sources": [{"key": "S1", "section": "1.2"}],
            }
        },
    },
    "sections": [
        {
            "id": "main",
            "title": "Main",
            "purpose": "Everything.",
            "items": [
                {
                    "id": "licence-shown",
                    "code": "MA-01",
                    "prompt": "A licence is shown.",
                    "violation": "No licence was shown.",
                    "guidance": "Ask for it.",
                    "evidence": "Records: the licence.",
                    "severity": "critical",
                    "sources": [{"key": "S1", "section": "1.1"}],
                },
                {
                    "id": "prp-kit-closed",
                    "code": "MA-02",
                    "prompt": "One closed PRP kit per patient.",
                    "violation": "A PRP kit was shared.",
                    "guidance": "Look.",
                    "evidence": "Observation: the kits.",
                    "severity": "critical",
                    "weight": 5,
                    "sources": [{"key": "S1", "section": "2"}],
                    "applies_when": {"seen": "prp"},
                },
            ],
        }
    ],
}


def parsed(change=lambda data: None):
    data = yaml.safe_load(yaml.safe_dump(BASE))
    change(data)
    return parse_checklist(yaml.safe_dump(data).encode(), "mini.yaml")


def problems(change) -> list[str]:
    with pytest.raises(BadFileError) as refused:
        parsed(change)
    return [str(problem) for problem in refused.value.problems]


def item(data, index=0):
    return data["sections"][0]["items"][index]


def test_the_mini_checklist_is_valid_and_cites_by_key():
    checklist = parsed()
    first = checklist.item("licence-shown")
    assert checklist.label_of("licence-shown") == "MA-01"
    assert checklist.reference_of(first) == "CDC 2016 [S1] 1.1"


@pytest.mark.parametrize("field", ["code", "violation", "sources"])
def test_a_format_2_item_needs_code_violation_and_sources(field):
    found = problems(lambda data: item(data).pop(field))
    assert any(f"at sections[0].items[0].{field}" in p for p in found), found
    assert any("a format 2 checklist item needs" in p for p in found)


def test_codes_are_unique():
    found = problems(lambda data: item(data, 1).update(code="MA-01"))
    expected = message(ErrorCode.DUPLICATE_CODE, item_code="MA-01", first="licence-shown")
    assert any(expected in p for p in found), found


def test_every_source_key_resolves_and_every_source_is_cited():
    def change(data):
        item(data)["sources"] = [{"key": "S9", "section": "x"}]
        data["register_rules"]["findings"]["practitioners.no_licence"]["sources"] = []
        item(data, 1)["sources"] = [{"key": "S9", "section": "y"}]

    found = problems(change)
    assert any(message(ErrorCode.UNKNOWN_SOURCE, key="S9") in p for p in found)
    assert any(message(ErrorCode.UNUSED_SOURCE, key="S1") in p for p in found)


def test_a_seen_condition_names_a_toggle_and_a_finding_an_item():
    def change(data):
        item(data, 1)["applies_when"] = {"seen": "autoclave"}
        data["register_rules"]["findings"]["practitioners.no_licence"]["item"] = "nope"

    found = problems(change)
    assert any("the condition names 'autoclave'" in p for p in found)
    assert any(message(ErrorCode.UNKNOWN_FINDING_ITEM, item="nope") in p for p in found)


def test_seen_on_site_makes_an_item_apply_and_evidence_keeps_it():
    checklist = parsed()
    audit = blank_audit(checklist)

    def applies(a) -> bool:
        statuses = summarize(checklist, a).items
        return next(s for s in statuses if s.item_id == "prp-kit-closed").applicable

    assert not applies(audit)
    audit.seen_on_site = ["prp"]
    assert applies(audit)
    audit.responses["prp-kit-closed"] = Response(result=Result.FAIL, note="shared kit")
    audit.seen_on_site = []  # toggled off again: the recorded failure stays in view
    assert applies(audit)
    assert "item:prp-kit-closed" in {f.key for f in summarize(checklist, audit).findings}


def test_item_weights_score_and_one_fact_is_one_finding():
    checklist = parsed()
    audit = blank_audit(checklist, seen_on_site=["prp"])
    audit.responses["licence-shown"] = Response(result=Result.FAIL, note="none")
    audit.responses["prp-kit-closed"] = Response(result=Result.PASS)
    audit.practitioners = [Practitioner(name="No Licence")]
    summary = summarize(checklist, audit)
    assert summary.score == round(100 * 5 / (5 + 3), 1)  # weight 5 passed, severity 3 failed
    register = next(f for f in summary.findings if f.rule == "no_licence")
    assert register.evidences == "licence-shown" and register.counted_with == "item:licence-shown"
    critical = [f for f in summary.findings if f.severity == Severity.CRITICAL]
    assert summary.count(Severity.CRITICAL) == 1 and len(critical) == 2  # listed, counted once
    audit.responses["licence-shown"] = Response(result=Result.PASS)
    alone = summarize(checklist, audit)
    assert alone.count(Severity.CRITICAL) == 1  # the register finding stands on its own


def test_the_shipped_2_0_0_links_every_register_finding_to_an_item_of_its_severity():
    checklist = builtin_checklist("microneedling", "2.0.0")
    assert checklist.outcome_rules.one_finding_per_fact
    for key, data in checklist.register_rules.findings.items():
        assert data.item is not None, key
        assert data.severity == checklist.item(data.item).severity, key
