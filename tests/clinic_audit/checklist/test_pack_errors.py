"""A bad pack is refused with every problem named: file, line, place, what, how to fix."""

from pathlib import Path

import pytest
import yaml

from clinic_audit.checklist.packs import parse_pack
from clinic_audit.cli.main import main
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, message

EXAMPLE = (Path(__file__).parents[2] / "data" / "pack-example.yaml").read_text()


def refused(change) -> list[str]:
    data = yaml.safe_load(EXAMPLE)
    change(data)
    with pytest.raises(BadFileError) as error:
        parse_pack(yaml.safe_dump(data, sort_keys=False).encode(), "my-pack.yaml")
    return [str(problem) for problem in error.value.problems]


def test_the_example_pack_is_valid():
    pack, checklist = parse_pack(EXAMPLE.encode(), "example.yaml")
    assert checklist.pack is not None and checklist.pack.id == pack.id


def test_the_readme_example_pack_is_valid():
    readme = (Path(__file__).parents[3] / "README.md").read_text()
    blocks = [part.split("```", 1)[0] for part in readme.split("```yaml\n")[1:]]
    # the README shows other YAML files too (signing settings): the pack is the one with
    # its format key
    block = next(b for b in blocks if b.lstrip().startswith("pack_format:"))
    text = "\n".join(line.removeprefix("  ") for line in block.splitlines())
    pack, _checklist = parse_pack(text.encode(), "README.md example")
    assert pack.id == "example-state"


def test_an_override_of_an_item_the_base_lacks():
    found = refused(lambda d: d["items"].update({"room-no-such-item": {"no_rule": "x"}}))
    expected = message(
        ErrorCode.PACK_UNKNOWN_ITEM, item="room-no-such-item", base="microneedling@2.0.0"
    )
    assert any(p.startswith("my-pack.yaml, line") and expected in p for p in found), found


def test_an_enforceable_item_needs_a_basis():
    def change(data):
        data["items"]["room-visibly-clean-and-uncluttered"] = {"enforceable": True}

    found = refused(change)
    expected = message(ErrorCode.PACK_BASIS_MISSING, item="room-visibly-clean-and-uncluttered")
    assert any(expected in p for p in found), found


def test_a_basis_names_a_source_the_pack_lists():
    def change(data):
        item = data["items"]["practitioners-licence-verified-active"]
        item["basis"][0]["source"] = "S199"

    assert any(message(ErrorCode.UNKNOWN_SOURCE, key="S199") in p for p in refused(change))


@pytest.mark.parametrize("target", ["microneedling@9.0.0", "nothing@1.0.0"])
def test_the_base_must_exist_in_that_version(target):
    found = refused(lambda d: d.update(extends=target))
    assert any("at extends: the pack extends " + target in p for p in found), found


def test_a_missing_field_is_named_with_its_line():
    found = refused(lambda d: d.pop("notice"))
    assert any("the required key 'notice' is missing" in p for p in found), found


def test_validate_on_the_command_line_lists_the_problems(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    data = yaml.safe_load(EXAMPLE)
    data["items"]["room-no-such-item"] = {"no_rule": "x"}
    bad.write_text(yaml.safe_dump(data))
    assert main(["validate", str(bad)]) == 2
    assert "room-no-such-item" in capsys.readouterr().err
    good = tmp_path / "good.yaml"
    good.write_text(EXAMPLE)
    assert main(["validate", str(good)]) == 0
    assert "valid — pack example-state 1.0.0" in capsys.readouterr().out


def test_schema_pack_prints_the_json_schema(capsys):
    import json

    assert main(["schema", "pack"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "scope_of_practice" in schema["properties"]
