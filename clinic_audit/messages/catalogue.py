"""The catalogue of user-facing error messages: what is wrong, and how to fix it.

Every message a user can see about a bad file comes from here, so tests build the
expected text from the same templates.
"""

from __future__ import annotations

from dataclasses import dataclass

CATALOGUE: dict[str, tuple[str, str]] = {
    # code: (what is wrong, how to fix it)
    "file_missing": ("the file does not exist", "Check the path and try again."),
    "file_unreadable": ("the file cannot be read ({reason})", "Check its permissions."),
    "file_unwritable": (
        "the file cannot be written ({reason})",
        "Choose another name or folder, or close the file if another program has it open.",
    ),
    "file_empty": ("the file is empty", "Pick the right file, or write its content first."),
    "file_too_large": (
        "the file is {size} bytes, more than the {limit} bytes allowed for this kind of file",
        "Check that you picked the right file.",
    ),
    "file_binary": (
        "the file is not a text file (it contains NUL bytes)",
        "Pick the YAML text file, not a document or an image.",
    ),
    "file_not_utf8": (
        "the file is not UTF-8 text (bad byte at offset {offset})",
        "Save it again as UTF-8 in your text editor.",
    ),
    "yaml_syntax": ("YAML syntax error: {problem}", "Fix the indentation or punctuation there."),
    "yaml_alias": (
        "anchors and aliases (&name, *name) are not allowed",
        "Write the value out in full where it is used.",
    ),
    "yaml_tag": (
        "the tag {tag} is not allowed",
        "Remove the tag; checklists hold plain text, numbers, lists and mappings only.",
    ),
    "yaml_too_deep": (
        "the document is nested more than {limit} levels deep",
        "Flatten the structure; a checklist needs only a few levels.",
    ),
    "yaml_duplicate_key": (
        "the key '{key}' appears twice in the same mapping (first on line {first_line})",
        "Keep one of them.",
    ),
    "yaml_not_mapping": (
        "the document is {kind}, not a mapping of keys",
        "Start the file with 'id:', 'title:', 'version:' and the other checklist keys.",
    ),
    "missing": ("the required key '{key}' is missing", "Add '{key}:' here."),
    "extra_forbidden": ("unknown key '{key}'", "{suggestion}"),
    "enum": ("'{value}' is not allowed here", "Use one of: {expected}."),
    "literal_error": ("'{value}' is not allowed here", "Use one of: {expected}."),
    "string_pattern_mismatch": ("'{value}' has the wrong form", "{pattern_hint}"),
    "string_too_short": ("the text is empty", "Write the text here."),
    "string_too_long": ("the text is too long ({length} characters)", "Shorten it."),
    "too_short": ("the list is empty", "Add at least one entry."),
    "wrong_type": ("expected {expected}, found {found} '{value}'", "Write {expected} here."),
    "out_of_range": ("{value} is out of range ({bound})", "Use a value {bound}."),
    "condition_kind": (
        "a condition needs one of the keys item, register, all, any, not",
        "Write for example 'applies_when: {{item: earlier-item-id, result_in: [pass]}}'.",
    ),
    "duplicate_id": (
        "the id '{id}' is used twice (first at {first})",
        "Give each section and item its own id; ids must stay stable once audits use them.",
    ),
    "condition_self": (
        "the condition of item '{id}' refers to itself",
        "Refer to an earlier item.",
    ),
    "condition_unknown_item": (
        "the condition refers to item '{id}', which is not an earlier item of this checklist",
        "{suggestion}",
    ),
    "condition_unknown_field": (
        "the {register} register has no field '{field}'",
        "Use one of: {known}.",
    ),
    "condition_bad_value": (
        "'{value}' is not a value of the field '{field}'",
        "Use one of: {allowed}.",
    ),
    "too_long": (
        "there are more than {limit} entries here",
        "Keep at most {limit}; Clinic Audit never writes more.",
    ),
    "invalid": ("{detail}", "Correct the value."),
    # portable audit files
    "audit_not_json": ("the file is not valid JSON ({problem})", "{fix}"),
    "audit_unknown_checklist": (
        "the audit uses checklist '{checklist}' version {version}, which is not installed",
        "Import it with --checklist FILE, or install that version of the checklist first.",
    ),
    "audit_photo_mismatch": (
        "the embedded photo {sha} does not match its SHA-256",
        "The file was altered or damaged; export it again from the original store.",
    ),
    "audit_photo_missing": (
        "the photo {sha} is referenced but not embedded",
        "Export the audit again with its photos.",
    ),
    "audit_photo_not_image": (
        "the embedded photo {sha} is not a JPEG image",
        "Export the audit again from the original store.",
    ),
    "audit_too_deep": (
        "the document is nested more than {limit} levels deep",
        "An audit file needs only a few levels; this one was not written by Clinic Audit.",
    ),
    "audit_too_many_values": (
        "the document has more than {limit} keys, values and brackets",
        "No audit needs that many; this file was not written by Clinic Audit, or was altered.",
    ),
    "audit_unknown_item": (
        "the checklist '{checklist}' version {version} has no item '{item}'",
        "The file was not made with this checklist, or was altered; "
        "export it again from the original store.",
    ),
    "audit_unknown_row": (
        "the {register} register of this audit has no row with the id {row}",
        "The file was altered; export it again from the original store.",
    ),
    "audit_implausible_date": (
        "the date {value} is implausible: {rule} ({earliest} to {latest})",
        "Correct the date in the audit, then export it again.",
    ),
    "audit_implausible_photo_date": (
        "the photo's date {value} is implausible: {rule} ({earliest} to {latest})",
        "The photo was kept as it is; its camera clock was probably not set.",
    ),
    "audit_exists": (
        "an audit with the id {id} is already in the store",
        "Delete it first (drafts only), or keep the one in the store.",
    ),
}


@dataclass(frozen=True)
class FileProblem:
    """One problem in one file: where, what, and how to fix it."""

    file: str
    code: str
    params: dict
    path: str = ""
    line: int | None = None

    @property
    def what(self) -> str:
        return CATALOGUE[self.code][0].format(**self.params)

    @property
    def fix(self) -> str:
        return CATALOGUE[self.code][1].format(**self.params)

    @property
    def where(self) -> str:
        place = self.file
        if self.line is not None:
            place += f", line {self.line}"
        if self.path:
            place += f", at {self.path}"
        return place

    def __str__(self) -> str:
        return f"{self.where}: {self.what}. {self.fix}"


class BadFileError(Exception):
    """A file was refused; ``problems`` lists everything wrong with it at once."""

    def __init__(self, problems: list[FileProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def message(code: str, **params) -> str:
    """The text a problem with this code reads as, for tests and callers."""
    what, fix = CATALOGUE[code]
    return f"{what.format(**params)}. {fix.format(**params)}"


def dotted(path: tuple) -> str:
    """('sections', 0, 'items', 2, 'id') -> 'sections[0].items[2].id'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
