"""Every shipped checklist loads, round-trips, and covers what the client asked for."""

import pytest
import yaml

from clinic_audit.checklist.loader import builtin_checklist, builtin_names, parse_checklist
from clinic_audit.checklist.model import Checklist, Severity


@pytest.mark.parametrize("name", builtin_names())
def test_shipped_checklist_round_trips(name):
    checklist = builtin_checklist(name)
    as_yaml = yaml.safe_dump(
        checklist.model_dump(mode="json", by_alias=True, exclude_none=True),
        allow_unicode=True,
        sort_keys=False,
    )
    again = parse_checklist(as_yaml.encode(), f"{name} round-trip")
    assert again == checklist
    assert Checklist.model_validate_json(checklist.model_dump_json(by_alias=True)) == checklist


def test_builtin_microneedling_is_complete():
    checklist = builtin_checklist("microneedling")
    assert [s.id for s in checklist.sections] == [
        "room",
        "instruments",
        "skin-prep",
        "products",
        "practitioners",
        "aftercare",
    ]
    items = [item for _s, item in checklist.items()]
    assert len(items) >= 60
    assert all(item.reference.strip() for item in items)
    assert {item.severity for item in items} == set(Severity)


@pytest.mark.parametrize(
    "words",
    [
        ("infect",),  # infected skin deferred
        ("cleans",),  # skin cleansed before needling
        ("sterile",),  # sterile room / instruments
        ("intact skin", "broken skin"),  # bootleg topical products
        ("black",),  # skin turning black
        ("pus",),  # pus
        ("redness",),  # redness or warmth that spreads
        ("licen",),  # unqualified practitioner
        ("training",),
        ("contact details",),  # client records for a lookback
    ],
)
def test_every_red_flag_is_covered(words):
    checklist = builtin_checklist("microneedling")
    text = " ".join(f"{item.prompt} {item.guidance}".lower() for _s, item in checklist.items())
    assert any(word in text for word in words), words


def test_unsourced_items_say_so():
    checklist = builtin_checklist("microneedling")
    for _s, item in checklist.items():
        assert "[S" in item.reference or "unsourced" in item.reference.lower(), item.id
