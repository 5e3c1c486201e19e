"""The shipped jurisdiction packs: each validates over its base, cites only the law of its
jurisdiction as basis, resolves every source key, and never changes once shipped; the
thresholds and the scope-of-practice matrix change the findings as the pack says."""

import hashlib
from importlib import resources

import pytest

from clinic_audit.audit.model import Device, Practitioner, Reprocessing
from clinic_audit.checklist.pack_model import SUPERVISION_LEVELS
from clinic_audit.checklist.packs import builtin_pack, builtin_pack_names, builtin_packs, resolve
from clinic_audit.enums import Severity
from clinic_audit.files.sample import build_sample
from clinic_audit.rules.register_rules import register_findings
from clinic_audit.rules.scoring import summarize
from tests.factories import AUDIT_DAY, blank_audit

SHIPPED = {
    "california-1.0.0": "8d57d139ef5e3c2d618d58205a0cddb9a20a158e0601d81a233c53049c1d5fc2",
    "florida-1.0.0": "e34730c82cbdfed7782913112a3bf8b49f81c3cd34458d434c73292e371e34a7",
    "generic-us-1.0.0": "a179921901c4db72b67f34221e3dde3f55985fc8cf6a3adc07f0b5ee23aaa9e2",
    "nevada-1.0.0": "2a3303e057038cfdb90208b7a018282b977e960c96186356065eeb1a44c1b399",
    "new-mexico-1.0.0": "69168d2af0a9b7d5e9610bf9c15c9c3c9c00183037bc8187b997840a58d2edfd",
    "texas-1.0.0": "de5549f0e0ff99da0381b61e083aeacf35310c0833cf260ccf01dbd71c5eac7a",
}
STATE_PACKS = ["california", "florida", "nevada", "new-mexico", "texas"]


def test_every_shipped_pack_is_pinned_and_unchanged():
    folder = resources.files("clinic_audit.checklists") / "packs"
    found = {
        name: hashlib.sha256((folder / f"{name}.yaml").read_bytes()).hexdigest()
        for name in builtin_pack_names()
    }
    assert found == SHIPPED, "a pack version never changes: ship a new version and pin it"


@pytest.mark.parametrize("name", builtin_pack_names())
def test_the_file_name_is_the_pack_id_and_version(name):
    pack, _checklist = builtin_pack(name)
    assert name == f"{pack.id}-{pack.version}"


@pytest.mark.parametrize("name", builtin_pack_names())
def test_a_sample_under_the_pack_cites_only_its_own_law(name):
    pack, checklist = builtin_pack(name)
    audit = build_sample(photos=0, audit_date=AUDIT_DAY, pack=pack.id)
    assert (audit.pack_id, audit.pack_version) == (pack.id, pack.version)
    summary = summarize(checklist, audit)
    pack_keys = {source.key for source in pack.sources}
    keys = {source.key for source in checklist.sources}
    assert summary.findings
    for finding in summary.findings:
        assert finding.basis or finding.no_rule, finding.key  # law, or why there is none
        for basis in finding.basis:
            assert basis.source is None or basis.source in pack_keys, (finding.key, basis)
        for key in _keys(finding.reference):
            assert key in keys, (finding.key, key)  # every [S#] resolves


def _keys(text: str) -> list[str]:
    import re

    return re.findall(r"\[(S\d+)\]", text)


@pytest.mark.parametrize("name", [f"{p}-1.0.0" for p in STATE_PACKS])
def test_a_state_pack_has_ten_items_with_a_confirmed_basis(name):
    _pack, checklist = builtin_pack(name)
    confirmed = [i for _s, i in checklist.items() if any(b.confirmed for b in i.basis)]
    assert len(confirmed) >= 10


def test_the_generic_pack_says_it_cites_no_state_law():
    pack, checklist = builtin_pack("generic-us-1.0.0")
    assert pack.jurisdiction.region is None
    assert "not state law" in pack.statement or "no state law" in pack.statement.lower()
    codes = {b.code.split()[0] for _s, i in checklist.items() for b in i.basis}
    assert codes <= {"29", "21", "7", "40", "FIFRA"}, codes  # federal titles only


def test_the_spore_test_interval_follows_the_pack():
    _pack, texas = builtin_pack("texas-1.0.0")
    base = texas.model_copy(update={"pack": None})
    device = Device(
        name="Autoclave-cleaned handpiece",
        fda_clearance="K1",
        single_use_cartridges=True,
        reprocessing=Reprocessing.STEAM_STERILIZATION,
        last_spore_test=AUDIT_DAY.replace(day=AUDIT_DAY.day - 10),
    )

    def overdue(checklist, days):
        rules = checklist.register_rules.model_copy(update={"spore_test_max_age_days": days})
        variant = checklist.model_copy(update={"register_rules": rules})
        found = register_findings(variant, blank_audit(variant, devices=[device]), AUDIT_DAY)
        return any(f.rule == "spore_test_overdue" for f in found)

    assert not overdue(base, 30) and overdue(base, 7)
    pack, _c = builtin_pack("texas-1.0.0")
    for name in builtin_pack_names():
        pack, checklist = builtin_pack(name)
        interval = pack.thresholds.spore_test_max_age_days
        assert checklist.register_rules.spore_test_max_age_days == (
            interval if interval is not None else 7
        )


def _scope_findings(checklist, **person) -> set[str]:
    values = dict(
        name="Pat Doe",
        licence_number="L-1",
        licence_expiry=AUDIT_DAY.replace(year=AUDIT_DAY.year + 2),
        training_date=AUDIT_DAY.replace(year=AUDIT_DAY.year - 1),
        supervising_physician="Dr. Lee",
    )
    values.update(person)
    audit = blank_audit(checklist, practitioners=[Practitioner(**values)])
    scope_rules = {
        "no_licence",
        "licence_out_of_scope",
        "depth_beyond_licence",
        "depth_not_recorded",
        "supervision_missing",
        "blood_draw_not_licensed",
    }
    found = register_findings(checklist, audit, AUDIT_DAY)
    return {f.rule for f in found if f.rule in scope_rules}


@pytest.mark.parametrize("name", builtin_pack_names())
def test_every_scope_rule_holds_at_the_edges_of_its_depth_band(name):
    pack, checklist = builtin_pack(name)
    scope = pack.scope_of_practice
    bands = {p.id: p for p in scope.procedures}
    for rule in scope.rules:
        procedure = bands[rule.procedure]
        if procedure.kind != "microneedling":
            continue
        low = procedure.depth_min_mm or 0.0
        high = procedure.depth_max_mm if procedure.depth_max_mm is not None else 10.0
        for depth in {low, high}:
            found = _scope_findings(
                checklist,
                licence_type=rule.licence,
                max_depth_mm=depth,
                supervision="physician_on_site",
            )
            if rule.allowed:
                assert not found, (rule, depth, found)
            else:
                refused = {"licence_out_of_scope", "depth_beyond_licence", "no_licence"}
                assert found & refused, (rule, depth)


@pytest.mark.parametrize("name", builtin_pack_names())
def test_every_supervision_rule_is_met_at_its_level_and_not_below(name):
    pack, checklist = builtin_pack(name)
    bands = {p.id: p for p in pack.scope_of_practice.procedures}
    for rule in pack.scope_of_practice.rules:
        procedure = bands[rule.procedure]
        if not rule.allowed or rule.supervision == "none" or procedure.kind != "microneedling":
            continue
        depth = procedure.depth_max_mm if procedure.depth_max_mm is not None else 1.0
        level = SUPERVISION_LEVELS.index(rule.supervision)
        met = _scope_findings(
            checklist, licence_type=rule.licence, max_depth_mm=depth, supervision=rule.supervision
        )
        below = _scope_findings(
            checklist,
            licence_type=rule.licence,
            max_depth_mm=depth,
            supervision=SUPERVISION_LEVELS[level - 1],
        )
        assert "supervision_missing" not in met, rule
        assert "supervision_missing" in below, rule


def test_an_esthetician_microneedling_in_california_is_a_cited_finding():
    _pack, checklist = builtin_pack("california-1.0.0")
    audit = blank_audit(
        checklist,
        practitioners=[
            Practitioner(
                name="Ana Esteban",
                licence_type="esthetician",
                licence_number="Z1",
                max_depth_mm=0.5,
            )
        ],
    )
    found = [
        f
        for f in register_findings(checklist, audit, AUDIT_DAY)
        if f.rule == "licence_out_of_scope"
    ]
    assert found and found[0].severity.value == "critical"
    assert found[0].basis and all(b.code for b in found[0].basis)


def test_a_prp_draw_by_someone_not_licensed_to_draw_blood_is_a_finding():
    _pack, checklist = builtin_pack("texas-1.0.0")
    assert "blood_draw_not_licensed" in _scope_findings(
        checklist, licence_type="esthetician", max_depth_mm=0.2, draws_blood=True
    ) or "licence_out_of_scope" in _scope_findings(
        checklist, licence_type="esthetician", max_depth_mm=0.2, draws_blood=True
    )
    assert "blood_draw_not_licensed" not in _scope_findings(
        checklist,
        licence_type="physician",
        max_depth_mm=1.0,
        draws_blood=True,
        supervision="physician_on_site",
    )


def test_an_audit_under_version_1_scores_the_same_after_version_2_is_installed(store, service):
    pack, _checklist = builtin_pack("texas-1.0.0")
    base = store.checklist(*pack.base)
    audit = build_sample(photos=0, audit_date=AUDIT_DAY, pack="texas")
    audit.signatures = []
    from clinic_audit.files.portable import import_audit

    made = import_audit(store, audit.model_dump_json().encode(), "t.json", "t")
    before = summarize(store.checklist_for(made), made)
    first_item = next(iter(pack.items))
    stricter = pack.model_copy(
        update={
            "version": "2.0.0",
            "items": {
                **pack.items,
                first_item: pack.items[first_item].model_copy(update={"severity": Severity.MINOR}),
            },
        }
    )
    resolve(stricter, base)  # a valid version 2
    store.add_pack(stricter)
    again = store.get(made.id)
    assert again.pack_version == "1.0.0"
    from clinic_audit.store.database import Store

    reopened = Store.open(store.db_file)
    assert summarize(reopened.checklist_for(again), again) == before
    reopened.close()
    assert ("texas", "1.0.0") in builtin_packs()
