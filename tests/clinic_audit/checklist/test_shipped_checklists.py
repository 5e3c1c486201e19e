"""Every shipped checklist loads, round-trips, never changes once shipped, and covers
what the client asked for."""

import hashlib
from importlib import resources

import pytest
import yaml

from clinic_audit.checklist.loader import (
    builtin_checklist,
    builtin_file,
    builtin_latest,
    builtin_names,
    parse_checklist,
)
from clinic_audit.checklist.model import Checklist, Severity
from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.store.errors import StoreError

# A shipped checklist version is immutable: audits made with it must open, score and
# report exactly as they did. Change the content -> ship a new version file, pin it here.
SHIPPED = {
    "microneedling-1.0.0": "1fa440347d9ecad4729bdfeca4cb90d870c4a924ba198e238d5f1d27eef75d3c",
    "microneedling-2.0.0": "508cdd6f5bf3644cb6999ff129bd4a3e86750175f11f2ca2aaaef9265b64dbeb",
}


def test_every_shipped_version_is_pinned_and_unchanged():
    folder = resources.files("clinic_audit.checklists")
    found = {
        name: hashlib.sha256((folder / f"{name}.yaml").read_bytes()).hexdigest()
        for name in builtin_names()
    }
    assert set(found) == set(SHIPPED), "a new version file? pin its SHA-256 in SHIPPED"
    for name, digest in found.items():
        assert digest == SHIPPED[name], f"{name}.yaml changed: ship the change as a new version"


@pytest.mark.parametrize("name", builtin_names())
def test_the_file_name_is_the_id_and_version_inside(name):
    checklist = builtin_file(name)
    assert name == f"{checklist.id}-{checklist.version}"


@pytest.mark.parametrize("name", builtin_names())
def test_shipped_checklist_round_trips(name):
    checklist = builtin_file(name)
    as_yaml = yaml.safe_dump(
        checklist.model_dump(mode="json", by_alias=True, exclude_none=True),
        allow_unicode=True,
        sort_keys=False,
    )
    again = parse_checklist(as_yaml.encode(), f"{name} round-trip")
    assert again == checklist
    assert Checklist.model_validate_json(checklist.model_dump_json(by_alias=True)) == checklist


def test_a_new_audit_takes_the_newest_version_and_old_ones_stay_loadable():
    newest = builtin_checklist("microneedling")
    assert newest in builtin_latest()
    assert builtin_checklist("microneedling", "1.0.0").version == "1.0.0"
    versions = [builtin_file(n).version for n in builtin_names() if n.startswith("microneedling")]
    assert newest.version == max(versions, key=lambda v: tuple(map(int, v.split("."))))


def test_a_changed_checklist_under_a_shipped_version_is_refused(store):
    shipped = builtin_checklist("microneedling", "1.0.0")
    changed = shipped.model_copy(update={"title": "Quietly changed"})
    with pytest.raises(StoreError) as refused:
        store.add_checklist(changed)
    assert str(refused.value) == ErrorCode.CHECKLIST_CHANGED_SAME_VERSION.text(
        checklist="microneedling", version="1.0.0", where="built into Clinic Audit"
    )
    assert store.checklist("microneedling", "1.0.0").title == shipped.title
    store.add_checklist(shipped)  # the same content is fine


def test_builtin_microneedling_1_0_0_is_complete():
    checklist = builtin_checklist("microneedling", "1.0.0")
    assert [s.id for s in checklist.sections] == [
        "room",
        "instruments",
        "skin-prep",
        "products",
        "practitioners",
        "aftercare",
    ]
    items = [item for _s, item in checklist.items()]
    assert len(items) == 70
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
    for checklist in builtin_latest():
        text = " ".join(f"{item.prompt} {item.guidance}".lower() for _s, item in checklist.items())
        assert any(word in text for word in words), words


def test_unsourced_items_of_1_0_0_say_so():
    checklist = builtin_checklist("microneedling", "1.0.0")
    for _s, item in checklist.items():
        assert "[S" in item.reference or "unsourced" in item.reference.lower(), item.id
