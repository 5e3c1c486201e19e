"""The coverage files: every item of the sources the checklist was reviewed against is
covered by checklist items, or excluded with a reason; the New Mexico failures are each
caught by a critical item; the client's red flags are all covered."""

from importlib import resources

import pytest
import yaml

from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Severity

FOLDER = resources.files("clinic_audit.checklists") / "coverage"
FILES = sorted(entry.name for entry in FOLDER.iterdir() if entry.name.endswith(".yaml"))


def coverage(name: str) -> dict:
    return yaml.safe_load((FOLDER / name).read_text(encoding="utf-8"))


def checklist_of(data: dict):
    checklist_id, version = data["checklist"].split("@")
    return builtin_checklist(checklist_id, version)


def test_the_four_coverage_files_ship():
    assert FILES == [
        "cdc-outpatient-2016.yaml",
        "mmwr-2024-73-16.yaml",
        "osha-1910-1030.yaml",
        "red-flags.yaml",
    ]


@pytest.mark.parametrize("name", FILES)
def test_every_entry_is_covered_by_items_that_exist_or_excluded_with_a_reason(name):
    data = coverage(name)
    ids = {item.id for _s, item in checklist_of(data).items()}
    refs = [entry["ref"] for entry in data["items"]]
    assert len(refs) == len(set(refs)), "each source item once"
    for entry in data["items"]:
        covered, excluded = entry.get("covered_by"), entry.get("not_applicable")
        assert bool(covered) != bool(excluded), entry["ref"]
        if excluded:
            assert len(excluded.strip()) > 10, entry["ref"]  # a reason, not a word
        for item_id in covered or []:
            assert item_id in ids, (entry["ref"], item_id)
        assert "gap" not in entry, entry["ref"]


def test_the_new_mexico_failures_are_each_caught_by_a_critical_item():
    data = coverage("mmwr-2024-73-16.yaml")
    checklist = checklist_of(data)
    assert len(data["items"]) == 7
    for entry in data["items"]:
        severities = {checklist.item(i).severity for i in entry["covered_by"]}
        assert Severity.CRITICAL in severities, entry["ref"]


def test_the_red_flags_are_covered_and_after_treatment_ones_on_site_too():
    data = coverage("red-flags.yaml")
    assert len(data["items"]) == 9
    on_site = [entry for entry in data["items"] if "on_site" in entry]
    assert len(on_site) >= 3
    ids = {item.id for _s, item in checklist_of(data).items()}
    assert all(set(entry["on_site"]) <= ids for entry in on_site)


def test_the_cdc_map_accounts_for_every_item_it_lists():
    data = coverage("cdc-outpatient-2016.yaml")
    covered = [e for e in data["items"] if e.get("covered_by")]
    excluded = [e for e in data["items"] if e.get("not_applicable")]
    assert len(covered) + len(excluded) == len(data["items"]) >= 100
    assert "source_text" in data  # what was checked against the source, and what was not
