"""An audit made with checklist 1.0.0 scores exactly as it did when 1.0.0 shipped.

tests/data holds two sample audits made by the first release (b8044d9) and the summaries
that release computed for them (score, outcome, every finding with its severity, title
and citation). Every later change must leave them equal: a new checklist version, the
jurisdiction packs or new rules may change new audits, never old ones. The one change
allowed is the wording of the generated text: US spelling ("license", "labeled") and
plurals that are right ("19 days", not "19 day(s)").
"""

import json
import re
from pathlib import Path

import pytest

from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.files.portable import parse_portable
from clinic_audit.rules.scoring import summarize

DATA = Path(__file__).parents[2] / "data"
THEN = json.loads((DATA / "summaries-1.0.0.json").read_text())


def _as_then(now: dict, then: dict):
    """``now`` restricted to the fields the first release had (new fields are allowed)."""
    if isinstance(then, dict):
        return {key: _as_then(now[key], value) for key, value in then.items()}
    if isinstance(then, list):
        assert len(now) == len(then)
        return [_as_then(n, t) for n, t in zip(now, then, strict=True)]
    return now


def _reworded(then):
    """The first release's texts in today's wording (spelling and plurals only)."""
    if isinstance(then, dict):
        return {key: _reworded(value) for key, value in then.items()}
    if isinstance(then, list):
        return [_reworded(value) for value in then]
    if not isinstance(then, str):
        return then
    text = re.sub(r"\b1 day\(s\)", "1 day", then)
    text = re.sub(r"(\d+) day\(s\)", r"\1 days", text)
    text = re.sub(r"(?<![-_\w])([Ll])icence(?![-_\w])", r"\1icense", text)
    return re.sub(r"(?<![-_\w])([Ll])abelled(?![-_\w])", r"\1abeled", text)


@pytest.mark.parametrize("kind", ["regulatory", "self"])
def test_a_1_0_0_audit_scores_as_it_did_then(kind):
    path = DATA / f"audit-1.0.0-{kind}.json"
    audit = parse_portable(path.read_bytes(), str(path))
    assert audit.checklist_version == "1.0.0"
    now = summarize(builtin_checklist(audit.checklist_id, audit.checklist_version), audit)
    then = _reworded(THEN[kind])
    assert _as_then(now.model_dump(mode="json"), then) == then
    assert then["findings"] and all(f["reference"] for f in then["findings"])


@pytest.mark.parametrize("kind", ["regulatory", "self"])
def test_a_1_0_0_record_keeps_the_digest_its_report_printed(kind):
    from clinic_audit.files.integrity import audit_digest

    path = DATA / f"audit-1.0.0-{kind}.json"
    then = json.loads((DATA / "digests-1.0.0.json").read_text())[kind]
    assert audit_digest(parse_portable(path.read_bytes(), str(path))) == then
