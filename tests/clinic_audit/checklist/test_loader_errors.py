"""Malformed checklists are refused with the catalogue's where / what / how-to-fix messages."""

import time

import pytest

from clinic_audit.checklist.loader import load_checklist, parse_checklist
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, message

VALID = """\
id: demo
title: Demo checklist
version: "1.0"
scope: Test scope.
outcome_rules:
  minimum_score: 80
register_rules:
  licence_types_in_scope: [physician]
sections:
  - id: room
    title: Room
    purpose: Purpose.
    items:
      - id: room-clean
        prompt: The room is clean.
        guidance: Look.
        evidence: The room.
        severity: major
        reference: "[S1]"
      - id: room-sharps
        prompt: A sharps bin is at hand.
        guidance: Look.
        evidence: The bin.
        severity: critical
        reference: "[S28]"
"""


def problems(text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(BadFileError) as caught:
        parse_checklist(data, "bad.yaml")
    return caught.value.problems


def only(text):
    found = problems(text)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_valid_base_loads():
    assert len(parse_checklist(VALID.encode(), "ok.yaml").items()) == 2


def test_misspelt_key_suggests_the_right_one():
    problem = only(VALID.replace("severity: major", "severty: major"))
    assert problem.line == 18
    assert "sections[0].items[0]" in problem.path
    found = [str(p) for p in problems(VALID.replace("severity: major", "severty: major"))]
    assert any("Did you mean 'severity'?" in text for text in found)


def test_unknown_and_missing_keys_are_all_reported_at_once():
    text = VALID.replace("severity: major", "severty: major").replace("    title: Room\n", "")
    found = problems(text)
    codes = sorted(p.code for p in found)
    assert codes == ["extra_forbidden", "missing"]
    assert all(str(p).startswith("bad.yaml, line ") for p in found)


def test_bad_severity_lists_the_allowed_values():
    problem = only(VALID.replace("severity: major", "severity: extreme"))
    assert str(problem).endswith(
        message(ErrorCode.ENUM, value="extreme", expected="critical, major or minor")
    )
    assert problem.line == 18


def test_duplicate_key():
    problem = only(VALID.replace("title: Demo checklist\n", "title: Demo\ntitle: Again\n"))
    assert problem.code == "yaml_duplicate_key"
    assert problem.line == 3 and problem.params["first_line"] == 2


def test_duplicate_item_id():
    problem = only(VALID.replace("id: room-sharps", "id: room-clean"))
    assert problem.code == "duplicate_id"
    assert problem.path == "sections[0].items[1].id"
    assert message(ErrorCode.DUPLICATE_ID, id="room-clean", first="sections[0].items[0]") in str(
        problem
    )


def test_condition_on_unknown_or_later_item():
    text = VALID.replace(
        '        reference: "[S1]"\n',
        '        reference: "[S1]"\n        applies_when: {item: room-sharps, result_in: [pass]}\n',
    )
    problem = only(text)
    assert problem.code == "condition_unknown_item"
    assert problem.path == "sections[0].items[0].applies_when.item"


def test_condition_on_unknown_register_field():
    text = VALID.replace(
        '        reference: "[S1]"\n',
        '        reference: "[S1]"\n'
        "        applies_when: {register: devices, where: {colour: red}}\n",
    )
    problem = only(text)
    assert problem.code == "condition_unknown_field"
    assert "reprocessing" in problem.fix


def test_condition_without_a_kind():
    text = VALID.replace(
        '        reference: "[S1]"\n',
        '        reference: "[S1]"\n        applies_when: {when: always}\n',
    )
    assert only(text).code == "condition_kind"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "file_empty"),
        ("   \n\n", "file_empty"),
        ("# only a comment\n", "file_empty"),
        ("- a\n- b\n", "yaml_not_mapping"),
        ("just a string\n", "yaml_not_mapping"),
        ("id: [unclosed\n", "yaml_syntax"),
        ("id: demo\n  title: wrong indent\n", "yaml_syntax"),
        ("a: &anchor [1]\nb: *anchor\n", "yaml_alias"),
        ("id: !!python/object/apply:os.system [echo hi]\n", "yaml_tag"),
        ("id: !custom x\n", "yaml_tag"),
        ("x: " + "[" * 60 + "]" * 60 + "\n", "yaml_too_deep"),
    ],
)
def test_refused_documents(text, code):
    assert only(text).code == code


def test_yaml_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev, name = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    started = time.perf_counter()
    assert only("\n".join(lines)).code == "yaml_alias"
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"id: demo\x00\x01\x02", "file_binary"),
        (b"id: caf\xe9\n", "file_not_utf8"),
        (b"x: " + b"a" * 2_100_000, "file_too_large"),
    ],
)
def test_refused_bytes(data, code):
    assert only(data).code == code


def test_wrong_types():
    text = VALID.replace("minimum_score: 80", "minimum_score: high").replace(
        "items:\n      - id: room-clean", "items:\n      - id: Room Clean"
    )
    codes = sorted(p.code for p in problems(text))
    assert codes == ["string_pattern_mismatch", "wrong_type"]


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(BadFileError, match="the file does not exist"):
        load_checklist(tmp_path / "nope.yaml")
    with pytest.raises(BadFileError, match="it is a folder"):
        load_checklist(tmp_path)
