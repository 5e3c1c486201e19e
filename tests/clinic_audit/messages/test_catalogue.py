"""The error catalogue: one member per message, each reading "what. fix"."""

import string

import pytest

from clinic_audit.messages.catalogue import ErrorCode, FileProblem, message


def fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_message_says_what_and_how_to_fix_it(code):
    assert code.what and not code.what.endswith(".")  # text() puts the full stop
    # a fix is a sentence, or a parameter that holds one (a suggestion worked out per case)
    assert (
        code.fix == ""
        or code.fix.endswith((".", "?"))
        or code.fix in ("{suggestion}", "{fix}", "{pattern_hint}", "{why}")
    )
    params = {name: f"<{name}>" for name in fields(code.what) | fields(code.fix)}
    assert code.text(**params).startswith(code.what.format(**params) + ".")


def test_codes_are_unique_and_look_up_by_their_value():
    assert len({code.value for code in ErrorCode}) == len(ErrorCode)
    assert ErrorCode.of("file_missing") is ErrorCode.FILE_MISSING
    assert ErrorCode.known("missing") and not ErrorCode.known("no_such_code")


def test_a_problem_with_a_mistyped_code_fails_when_made():
    with pytest.raises(ValueError, match="fiel_missing"):
        FileProblem("x.yaml", "fiel_missing")  # type: ignore[arg-type]


def test_a_file_problem_reads_where_what_fix():
    problem = FileProblem("a.yaml", ErrorCode.YAML_TAG, {"tag": "!!python"}, path="x", line=3)
    assert str(problem) == "a.yaml, line 3, at x: " + message(ErrorCode.YAML_TAG, tag="!!python")
