"""The catalog of user-facing error messages: what is wrong, and how to fix it.

Every message a user can see about a bad file or a refused change is a member of
``ErrorCode``, which carries its text, so a mistyped code fails when the module loads
(or in the type checker) rather than when a user meets it, and tests build the expected
text from the same member (``ErrorCode.X.text(...)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

_TEXTS: dict[str, tuple[str, str]] = {}  # code -> (what, fix), filled as members are made


class ErrorCode(StrEnum):
    """A problem's code (its value: stable, e.g. in pydantic's error types) with what is
    wrong and how to fix it, as templates of the problem's parameters."""

    def __new__(cls, code: str, what: str, fix: str) -> ErrorCode:
        member = str.__new__(cls, code)
        member._value_ = code
        _TEXTS[code] = (what, fix)
        return member

    @property
    def what(self) -> str:
        return _TEXTS[self.value][0]

    @property
    def fix(self) -> str:
        return _TEXTS[self.value][1]

    @classmethod
    def of(cls, code: str) -> ErrorCode:
        """The member of this code (ValueError for an unknown one)."""
        member = cls._value2member_map_.get(code)
        if member is None:
            raise ValueError(f"{code!r} is not an error code of the catalog")
        return member  # type: ignore[return-value]  # the map holds only members

    def text(self, **params: Any) -> str:
        """The whole message: what is wrong, then how to fix it."""
        what = self.what.format(**params)
        fix = self.fix.format(**params)
        return f"{what}. {fix}" if fix else f"{what}."

    @classmethod
    def known(cls, code: str) -> bool:
        return code in cls._value2member_map_

    FILE_MISSING = (
        "file_missing",
        "the file does not exist",
        "Check the path and try again.",
    )
    FILE_UNREADABLE = (
        "file_unreadable",
        "the file cannot be read ({reason})",
        "Check its permissions.",
    )
    FILE_UNWRITABLE = (
        "file_unwritable",
        "the file cannot be written ({reason})",
        "Choose another name or folder, or close the file if another program has it open.",
    )
    FILE_EMPTY = (
        "file_empty",
        "the file is empty",
        "Pick the right file, or write its content first.",
    )
    FILE_TOO_LARGE = (
        "file_too_large",
        "the file is {size} bytes, more than the {limit} bytes allowed for this kind of file",
        "Check that you picked the right file.",
    )
    FILE_BINARY = (
        "file_binary",
        "the file is not a text file (it contains NUL bytes)",
        "Pick the YAML text file, not a document or an image.",
    )
    FILE_NOT_UTF8 = (
        "file_not_utf8",
        "the file is not UTF-8 text (bad byte at offset {offset})",
        "Save it again as UTF-8 in your text editor.",
    )
    YAML_SYNTAX = (
        "yaml_syntax",
        "YAML syntax error: {problem}",
        "Fix the indentation or punctuation there.",
    )
    YAML_ALIAS = (
        "yaml_alias",
        "anchors and aliases (&name, *name) are not allowed",
        "Write the value out in full where it is used.",
    )
    YAML_TAG = (
        "yaml_tag",
        "the tag {tag} is not allowed",
        "Remove the tag; checklists hold plain text, numbers, lists and mappings only.",
    )
    YAML_TOO_DEEP = (
        "yaml_too_deep",
        "the document is nested more than {limit} levels deep",
        "Flatten the structure; a checklist needs only a few levels.",
    )
    YAML_DUPLICATE_KEY = (
        "yaml_duplicate_key",
        "the key '{key}' appears twice in the same mapping (first on line {first_line})",
        "Keep one of them.",
    )
    YAML_NOT_MAPPING = (
        "yaml_not_mapping",
        "the document is {kind}, not a mapping of keys",
        "Start the file with 'id:', 'title:', 'version:' and the other checklist keys.",
    )
    MISSING = (
        "missing",
        "the required key '{key}' is missing",
        "Add '{key}:' here.",
    )
    EXTRA_FORBIDDEN = (
        "extra_forbidden",
        "unknown key '{key}'",
        "{suggestion}",
    )
    ENUM = (
        "enum",
        "'{value}' is not allowed here",
        "Use one of: {expected}.",
    )
    LITERAL_ERROR = (
        "literal_error",
        "'{value}' is not allowed here",
        "Use one of: {expected}.",
    )
    STRING_PATTERN_MISMATCH = (
        "string_pattern_mismatch",
        "'{value}' has the wrong form",
        "{pattern_hint}",
    )
    STRING_TOO_SHORT = (
        "string_too_short",
        "the text is empty",
        "Write the text here.",
    )
    STRING_TOO_LONG = (
        "string_too_long",
        "the text is too long ({length} characters)",
        "Shorten it.",
    )
    TOO_SHORT = (
        "too_short",
        "the list is empty",
        "Add at least one entry.",
    )
    WRONG_TYPE = (
        "wrong_type",
        "expected {expected}, found {found} '{value}'",
        "Write {expected} here.",
    )
    OUT_OF_RANGE = (
        "out_of_range",
        "{value} is out of range ({bound})",
        "Use a value {bound}.",
    )
    CONDITION_KIND = (
        "condition_kind",
        "a condition needs one of the keys item, register, seen, all, any, not",
        "Write for example 'applies_when: {{item: earlier-item-id, result_in: [pass]}}'.",
    )
    DUPLICATE_ID = (
        "duplicate_id",
        "the id '{id}' is used twice (first at {first})",
        "Give each section and item its own id; ids must stay stable once audits use them.",
    )
    ITEM_FIELD_MISSING = (
        "item_field_missing",
        "a format {format} checklist item needs '{field}'",
        "{why}",
    )
    DUPLICATE_CODE = (
        "duplicate_code",
        "the code '{item_code}' is used twice (first by item '{first}')",
        "Give each item its own code; a code is never reused, even for a removed item.",
    )
    UNKNOWN_SOURCE = (
        "unknown_source",
        "the source key '{key}' is not in the checklist's sources",
        "Add it under 'sources:' with its title, issuer and year, or cite a listed key.",
    )
    UNUSED_SOURCE = (
        "unused_source",
        "the source '{key}' is listed but no item cites it",
        "Cite it where it supports an item, or remove it from 'sources:'.",
    )
    UNKNOWN_TOGGLE = (
        "unknown_toggle",
        "the condition names '{toggle}', which is not one of the seen_on_site toggles",
        "Use one of: {known}; or add it under 'seen_on_site:'.",
    )
    UNKNOWN_FINDING_ITEM = (
        "unknown_finding_item",
        "the register finding names item '{item}', which this checklist does not have",
        "Name the item whose requirement this register finding shows unmet.",
    )
    PACK_UNKNOWN_BASE = (
        "pack_unknown_base",
        "the pack extends {base}, which is not installed (installed: {known})",
        "Write 'extends: <checklist id>@<version>' naming an installed checklist version.",
    )
    PACK_DOES_NOT_RESOLVE = (
        "pack_does_not_resolve",
        "laid over {base}, the pack gives a checklist that is not valid: at {where}, {problem}",
        "Correct the pack's added or changed items there.",
    )
    PACK_SOURCE_CLASHES = (
        "pack_source_clashes",
        "the source key '{key}' is used by the pack and by its base {base}",
        "Give the pack's sources keys its base does not use (e.g. from S101).",
    )
    PACK_UNKNOWN_ITEM = (
        "pack_unknown_item",
        "the pack names item '{item}', which {base} does not have",
        "Use an item id of the base checklist (clinic-audit validate lists them), or add "
        "the item under add_items.",
    )
    PACK_UNKNOWN_SECTION = (
        "pack_unknown_section",
        "the pack adds an item to section '{section}', which the base does not have",
        "Use a section id of the base checklist, or add the section under add_sections.",
    )
    PACK_BASIS_MISSING = (
        "pack_basis_missing",
        "item '{item}' is declared enforceable but has no basis",
        "Cite the rule it rests on under 'basis:' (code, title, requirement, confirmed), "
        "or remove 'enforceable: true'.",
    )
    PACK_BASIS_AND_NO_RULE = (
        "pack_basis_and_no_rule",
        "item '{item}' has a basis and also says there is no rule or that it does not apply",
        "Keep the basis, or the 'no_rule' / 'not_applicable' reason, not both.",
    )
    PACK_UNKNOWN_RULE = (
        "pack_unknown_rule",
        "'{rule}' is not a register rule",
        "Use one of the '<register>.<rule>' names of register_rules.findings.",
    )
    PACK_UNKNOWN_LICENCE = (
        "pack_unknown_licence",
        "the scope rule names the license type '{licence}', which the pack does not list",
        "List it under scope_of_practice.licence_types, or correct the id.",
    )
    PACK_UNKNOWN_PROCEDURE = (
        "pack_unknown_procedure",
        "the scope rule names the procedure '{procedure}', which the pack does not list",
        "List it under scope_of_practice.procedures, or correct the id.",
    )
    PACK_DEADLINES = (
        "pack_deadlines",
        "the correction deadlines must give one deadline for each severity",
        "Write one entry each for critical, major and minor.",
    )
    CONDITION_SELF = (
        "condition_self",
        "the condition of item '{id}' refers to itself",
        "Refer to an earlier item.",
    )
    CONDITION_UNKNOWN_ITEM = (
        "condition_unknown_item",
        "the condition refers to item '{id}', which is not an earlier item of this checklist",
        "{suggestion}",
    )
    CONDITION_UNKNOWN_FIELD = (
        "condition_unknown_field",
        "the {register} register has no field '{field}'",
        "Use one of: {known}.",
    )
    CONDITION_BAD_VALUE = (
        "condition_bad_value",
        "'{value}' is not a value of the field '{field}'",
        "Use one of: {allowed}.",
    )
    TOO_LONG = (
        "too_long",
        "there are more than {limit} entries here",
        "Keep at most {limit}; Clinic Audit never writes more.",
    )
    INVALID = (
        "invalid",
        "{detail}",
        "Correct the value.",
    )
    AUDIT_NOT_JSON = (
        "audit_not_json",
        "the file is not valid JSON ({problem})",
        "{fix}",
    )
    AUDIT_UNKNOWN_CHECKLIST = (
        "audit_unknown_checklist",
        "the audit uses checklist '{checklist}' version {version}, which is not installed",
        "Import it with --checklist FILE, or install that version of the checklist first.",
    )
    AUDIT_PHOTO_MISMATCH = (
        "audit_photo_mismatch",
        "the embedded photo {sha} does not match its SHA-256",
        "The file was altered or damaged; export it again from the original store.",
    )
    AUDIT_PHOTO_MISSING = (
        "audit_photo_missing",
        "the photo {sha} is referenced but not embedded",
        "Export the audit again with its photos.",
    )
    AUDIT_PHOTO_NOT_IMAGE = (
        "audit_photo_not_image",
        "the embedded photo {sha} is not a JPEG image",
        "Export the audit again from the original store.",
    )
    AUDIT_TOO_DEEP = (
        "audit_too_deep",
        "the document is nested more than {limit} levels deep",
        "An audit file needs only a few levels; this one was not written by Clinic Audit.",
    )
    AUDIT_TOO_MANY_VALUES = (
        "audit_too_many_values",
        "the document has more than {limit} keys, values and brackets",
        "No audit needs that many; this file was not written by Clinic Audit, or was altered.",
    )
    AUDIT_UNKNOWN_ITEM = (
        "audit_unknown_item",
        "the checklist '{checklist}' version {version} has no item '{item}'",
        "The file was not made with this checklist, or was altered; "
        "export it again from the original store.",
    )
    AUDIT_UNKNOWN_ROW = (
        "audit_unknown_row",
        "the {register} register of this audit has no row with the id {row}",
        "The file was altered; export it again from the original store.",
    )
    AUDIT_IMPLAUSIBLE_DATE = (
        "audit_implausible_date",
        "the date {value} is implausible: {rule} ({earliest} to {latest})",
        "Correct the date in the audit, then export it again.",
    )
    AUDIT_IMPLAUSIBLE_PHOTO_DATE = (
        "audit_implausible_photo_date",
        "the photo's date {value} is implausible: {rule} ({earliest} to {latest})",
        "The photo was kept as it is; its camera clock was probably not set.",
    )
    AUDIT_EXISTS = (
        "audit_exists",
        "an audit with the id {id} is already in the store",
        "Delete it first with 'clinic-audit delete ID' (drafts only), or keep the one in "
        "the store.",
    )

    # the store and the one write path (whole sentences: "what. fix")
    STORE_IS_FOLDER = (
        "store_is_folder",
        "{path} is a folder, not a store file",
        "Choose a file name.",
    )
    STORE_MISSING = (
        "store_missing",
        "No store at {path}{no_folder}",
        "Check the path, or create a new store there with: {command} "
        "(or add --create to the command).",
    )
    STORE_CANNOT_CREATE = (
        "store_cannot_create",
        "Cannot create the store file {path}: {reason}",
        "Choose a folder you can write to with --db.",
    )
    STORE_DAMAGED = (
        "store_damaged",
        "{path} is not a Clinic Audit store, or it is damaged ({error})",
        "It was left untouched; move it aside or choose another file with --db.",
    )
    STORE_FOREIGN = (
        "store_foreign",
        "{path} is a database of some other program",
        "It was left untouched; choose another file with --db.",
    )
    STORE_NEWER = (
        "store_newer",
        "{path} was written by a newer Clinic Audit (store version {version}, this "
        "program knows up to {known})",
        "Update Clinic Audit to open it.",
    )
    STORE_SQLITE_MALFORMED = (
        "store_sqlite_malformed",
        "The store file {path} is damaged (SQLite: {error})",
        "Nothing was changed; restore it from a backup or move it aside and choose another "
        "file with --db.",
    )
    STORE_SQLITE_NOT_A_DATABASE = (
        "store_sqlite_not_a_database",
        "The store file {path} is not a Clinic Audit store",
        "Nothing was changed; choose another file with --db.",
    )
    STORE_SQLITE_READONLY = (
        "store_sqlite_readonly",
        "The store file {path} is read-only, so the change was not saved",
        "Make the file writable or choose another with --db.",
    )
    STORE_SQLITE_DISK_FULL = (
        "store_sqlite_disk_full",
        "The store file {path} cannot grow: the disk is full, so the change was not saved",
        "Free some space and repeat the change.",
    )
    STORE_SQLITE_CANNOT_OPEN = (
        "store_sqlite_cannot_open",
        "The store file {path} cannot be opened",
        "Check that the folder exists and is writable.",
    )
    SERVER_DOWN = (
        "server_down",
        "Cannot reach the Clinic Audit server {server} ({error})",
        "Nothing was changed. Check the network and that the server is running, then try "
        "again; until then work on the laptop's own store (leave out --db).",
    )
    SERVER_LOGIN_REFUSED = (
        "server_login_refused",
        "The server {server} refused the login of {user}: wrong password, or the account "
        "has expired or was disabled",
        "Nothing was changed. Type the password again; if it is right, ask your supervisor "
        "or the agency's database administrator to renew the account.",
    )
    SERVER_PASSWORD_NEEDED = (
        "server_password_needed",
        "The server {server} asks for {user}'s password and none was given",
        "Put it in libpq's password file (~/.pgpass, mode 0600) or the system keyring "
        "(clinic-audit server login), or run the command from a terminal to be asked.",
    )
    SERVER_TLS = (
        "server_tls",
        "The secure connection to {server} failed ({error})",
        "Nothing was changed. With sslmode=verify-full the server's certificate must be "
        "signed by the authority in sslrootcert and name the host you connect to; ask the "
        "agency's administrator for the right certificate, or for the server to turn on TLS.",
    )
    SERVER_NO_DATABASE = (
        "server_no_database",
        "The server {server} has no database {database}, or {user} may not connect to it",
        "Check the name in the address; the administrator makes it with "
        "'clinic-audit server init'.",
    )
    SERVER_NOT_SET_UP = (
        "server_not_set_up",
        "The database at {server} holds no Clinic Audit store yet",
        "The administrator sets it up with 'clinic-audit server init ADDRESS'.",
    )
    SERVER_OLDER = (
        "server_older",
        "The server {server} holds store version {version}; this program needs {known}",
        "The administrator brings it forward with 'clinic-audit server upgrade ADDRESS'.",
    )
    SERVER_NOT_ALLOWED = (
        "server_not_allowed",
        "The server refused: {user} may not {doing} ({error})",
        "Nothing was changed. Inspectors write only their own drafts and clerks only read; "
        "ask a supervisor if this should be yours.",
    )
    SERVER_GUARD = (
        "server_guard",
        "The store refused the change: {error}",
        "Finalized audits, their trail and action log are kept as they were; record new "
        "findings in a new audit.",
    )
    SERVER_LOST = (
        "server_lost",
        "The connection to the server {server} broke off, so this change was not saved ({error})",
        "Check the network, then repeat the change; what was saved before is on the server.",
    )
    SERVER_BAD_ADDRESS = (
        "server_bad_address",
        "The server address {server} is not one Clinic Audit can use ({error})",
        "Write it as postgresql://NAME@HOST/DATABASE, with ?sslmode=verify-full&sslrootcert="
        "FILE for TLS; no password in it.",
    )
    NOT_AN_INSPECTOR = (
        "not_an_inspector",
        "{name} is not an inspector on this server",
        "Give the login of one of: {known}.",
    )
    ASSIGNMENT_NOT_FOUND = (
        "assignment_not_found",
        "There is no assignment {id} that you may change",
        "Run 'clinic-audit assignments' to see yours.",
    )
    REPORT_NOT_IN_STORE = (
        "report_not_in_store",
        "No issued report {sha}… is in the store",
        "Run 'clinic-audit reports ID' to see the reports issued of an audit.",
    )
    STORE_LOCKED_BY_OTHER_PROGRAM = (
        "store_locked_by_other_program",
        "The store file {path} is locked by another program in a way Clinic Audit cannot share",
        "Close that program and open the store again.",
    )
    STORE_FILE_REPLACED = (
        "store_file_replaced",
        "The file {path} of the store was removed or replaced by another program while "
        "Clinic Audit had the store open, so this change was not saved",
        "If that file was moved away, put it back (it holds the latest changes); then quit "
        "Clinic Audit, open it again, and repeat the change.",
    )
    STORE_BUSY = (
        "store_busy",
        "The store {path} stayed busy for {seconds} s (another Clinic Audit window or "
        "command is using it), so nothing was changed",
        "Try again in a moment.",
    )
    CHECKLIST_CHANGED_SAME_VERSION = (
        "checklist_changed_same_version",
        "A different checklist '{checklist}' version {version} is {where}",
        "A shipped checklist version never changes: give the changed checklist a new "
        "version number.",
    )
    PACK_NOT_INSTALLED = (
        "pack_not_installed",
        "The jurisdiction pack '{pack}' version {version} is not installed",
        "Install it with 'clinic-audit packs --install FILE'.",
    )
    PACK_CHANGED_SAME_VERSION = (
        "pack_changed_same_version",
        "A different pack '{pack}' version {version} is already installed or shipped",
        "A pack version never changes: give the changed pack a new version number.",
    )
    PACK_OTHER_BASE = (
        "pack_other_base",
        "The pack '{pack}' {version} extends {base}, not the audit's checklist {checklist}",
        "Choose a pack made for the audit's checklist version.",
    )
    CHECKLIST_NOT_INSTALLED = (
        "checklist_not_installed",
        "The checklist '{checklist}' version {version} is not installed",
        "Import it with --checklist FILE.",
    )
    AUDIT_NOT_FOUND = (
        "audit_not_found",
        "No audit with the id {id} is in the store",
        "Run 'clinic-audit list' to see the audits there.",
    )
    FACILITY_NOT_FOUND = (
        "facility_not_found",
        "No facility {id} is in the store",
        "Run 'clinic-audit facilities' to see them; give a license number, the start of "
        "an id, or a name.",
    )
    FOLLOW_UP_OF_DRAFT = (
        "follow_up_of_draft",
        "Audit {id} is not finalized, so it cannot be followed up yet",
        "Finalize it first; a follow-up re-checks the findings of a finalized audit.",
    )
    CORRECTED_WITHOUT_EVIDENCE = (
        "corrected_without_evidence",
        "{finding} cannot be recorded as corrected without evidence",
        "Write what shows it is corrected (a note), or attach a photo of it.",
    )
    PROGRESS_OF_DRAFT = (
        "progress_of_draft",
        "Audit {id} is a draft: change its actions themselves",
        "Progress is logged separately only once an audit is finalized.",
    )
    NO_SUCH_ACTION = (
        "no_such_action",
        "The audit has no corrective action {id}",
        "Run 'clinic-audit actions' to see the actions and their audits.",
    )
    DONE_WITHOUT_EVIDENCE = (
        "done_without_evidence",
        "The action '{action}' cannot be closed without evidence",
        "Write what shows it is done (a receipt, a log, what was seen), or attach a photo.",
    )
    FACILITY_AMBIGUOUS = (
        "facility_ambiguous",
        "'{wanted}' names {count} facilities: {names}",
        "Give more of the name, the license number or the id.",
    )
    AUDIT_FINALIZED = (
        "audit_finalized",
        "The audit of {facility} ({date}) is finalized and cannot be changed",
        "Start a new audit to record new findings.",
    )
    AUDIT_AGENCY_COPY = (
        "audit_agency_copy",
        "The audit of {facility} ({date}) is the agency's copy, pulled from the server, "
        "and is read-only on this laptop",
        "Only its inspector changes it, on their own laptop or on the server.",
    )
    SYNC_NO_SERVER = (
        "sync_no_server",
        "No server to sync with",
        "Give one with --server postgresql://NAME@HOST/DATABASE, or set it in the app's "
        "Settings (Server); after one sync the store remembers it.",
    )
    SYNC_LOST = (
        "sync_lost",
        "The connection to the server {server} broke off during sync ({error})",
        "Every audit sent before is whole on the server, and nothing on this laptop was "
        "lost: sync again when the network is back, and it carries on from there.",
    )
    SYNC_NOT_A_LAPTOP = (
        "sync_not_a_laptop",
        "{store} is the agency's server: sync runs from a laptop's own store",
        "Leave out --db (the laptop's store), and give the server with --server.",
    )
    SYNC_NO_CONFLICT = (
        "sync_no_conflict",
        "The audit {id} has no draft conflict to resolve",
        "Run 'clinic-audit sync' to see which audits have one.",
    )
    SYNC_BAD_PART = (
        "sync_bad_part",
        "'{part}' is not a part that differs between the two versions of audit {id}",
        "The parts that differ: {parts}.",
    )
    SYNC_COPY_NOT_FOUND = (
        "sync_copy_not_found",
        "No conflict copy starts with '{id}'",
        "Run 'clinic-audit conflicts' on the server to list them.",
    )
    AUDIT_FINALIZED_NO_DELETE = (
        "audit_finalized_no_delete",
        "The audit of {facility} ({date}) is finalized, so it cannot be deleted",
        "A finalized audit is kept as it is.",
    )
    AUDIT_FINALIZED_NO_PHOTO = (
        "audit_finalized_no_photo",
        "The audit is finalized, so no photo can be added",
        "Start a new audit to record new evidence.",
    )
    AUDIT_SIGNED = (
        "audit_signed",
        "The audit is signed by {names}, and a signature covers exactly what was signed",
        "To change anything, clear the signatures on Review & sign, make the change, then "
        "sign again.",
    )
    CHANGE_INVALID = (
        "change_invalid",
        "The change was not saved: {error}",
        "Correct the value and repeat the change.",
    )
    CHANGE_REFUSED = (
        "change_refused",
        "{doing}: {problems}",
        "Nothing was saved.",
    )
    AUDIT_ID_CHANGED = (
        "audit_id_changed",
        "The id of an audit cannot be changed",
        "Keep the id; make a new audit for a new record.",
    )
    CONCURRENT_CHANGE = (
        "concurrent_change",
        "Someone else changed this audit at the same moment; nothing was saved",
        "Open it again and repeat the change.",
    )
    PHOTO_NOT_IN_STORE = (
        "photo_not_in_store",
        "The photo {sha}… is missing from the store",
        "Attach the photo again, or import the audit again with its photos.",
    )
    CHECKLIST_NO_ITEM = (
        "checklist_no_item",
        "The checklist {checklist} {version} has no item '{item}'",
        "Answer an item of this checklist.",
    )
    NOTHING_TO_UNDO = ("nothing_to_undo", "There is nothing to undo", "")
    NOTHING_TO_REDO = ("nothing_to_redo", "There is nothing to redo", "")
    UNDO_STALE = (
        "undo_stale",
        "The audit was changed since the {change} (in another window or by another "
        "person), so the {step} was not done",
        "Nothing was changed; make the change again by hand if it is still wanted.",
    )
    AGENCY_LOGO_UNUSABLE = (
        "agency_logo_unusable",
        "the logo {logo} cannot be used: {reason}",
        "Give a PNG or JPEG file (a path beside the settings file, or a full path), or "
        "remove the 'logo' line.",
    )
    DEADLINE_LATER_THAN_PACK = (
        "deadline_later_than_pack",
        "{finding}: the deadline {due} is later than the {pack} pack allows ({allowed})",
        "Choose a date on or before {allowed_date}; a deadline may be earlier than the "
        "pack's, never later.",
    )
    DEADLINE_BEFORE_INSPECTION = (
        "deadline_before_inspection",
        "{finding}: the deadline {due} is before the inspection ({audit_date})",
        "Choose a date on or after the inspection day, or 'Immediately'.",
    )
    NO_SUCH_FINDING = (
        "no_such_finding",
        "The audit has no finding '{key}' (it may have been answered again)",
        "Open the Findings screen again and choose a finding it lists.",
    )
    FINDING_NO_DEADLINE = (
        "finding_no_deadline",
        "{findings} no correction deadline ({names})",
        "Set a deadline on each one on the Findings screen (Required correction), then finalize.",
    )
    FINALIZE_REFUSED = (
        "finalize_refused",
        "The audit cannot be finalized: {blockers}",
        "Complete what is listed, then finalize.",
    )
    KEY_NOT_PKCS12 = (
        "key_not_pkcs12",
        "the file is not a PKCS#12 key file (.p12 or .pfx)",
        "Give the key file itself, or make one with 'clinic-audit keys create'.",
    )
    KEY_PASSWORD_WRONG = (
        "key_password_wrong",
        "the key file cannot be opened with this password",
        "Set CLINIC_AUDIT_KEY_PASSWORD to the key's password, or type it when asked.",
    )
    KEY_PASSWORD_NEEDED = (
        "key_password_needed",
        "the key file needs a password, and there is no terminal to ask for it on",
        "Set CLINIC_AUDIT_KEY_PASSWORD to the key's password, or keep it in the system "
        "keyring (clinic-audit keys create --keyring).",
    )
    KEYRING_UNAVAILABLE = (
        "keyring_unavailable",
        "the key's password cannot be kept in the system keyring ({reason})",
        "Install the keyring package (pip install keyring) on a system with a keyring, or "
        "leave out --keyring and give the password each time.",
    )
    KEY_EXISTS = (
        "key_exists",
        "the file exists already; a key is never written over another",
        "Choose a new file name, or move the old key away first.",
    )
    CERT_UNREADABLE = (
        "cert_unreadable",
        "the trust list names a file that is not a certificate ({reason})",
        "Give a PEM or DER certificate file (.crt, .pem, .cer), or remove it from the list.",
    )
    REPORT_TAMPERED = (
        "report_tampered",
        "the report was changed after it was made, so its record is not imported ({reason})",
        "Import the original report, or the audit's portable file (.json).",
    )
    REPORT_NO_RECORD = (
        "report_no_record",
        "the report carries no audit record (it was made before reports embedded theirs)",
        "Import the audit's portable file (.json) instead; export it where the audit is.",
    )
    REPORT_PHOTOS_MISSING = (
        "report_photos_missing",
        "{count} photos of the record are neither printed in the report nor embedded in it",
        "Build the report again with --full-evidence (or with every photo printed), or "
        "import the audit's portable file (.json).",
    )


@dataclass(frozen=True)
class FileProblem:
    """One problem in one file: where, what, and how to fix it."""

    file: str
    code: ErrorCode
    params: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    line: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", ErrorCode.of(self.code))  # a wrong code fails here

    @property
    def what(self) -> str:
        return self.code.what.format(**self.params)

    @property
    def fix(self) -> str:
        return self.code.fix.format(**self.params)

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


def message(code: ErrorCode, **params: Any) -> str:
    """The text a problem with this code reads as (``code.text``), for tests and callers."""
    return ErrorCode.of(code).text(**params)


def dotted(path: tuple[str | int, ...]) -> str:
    """('sections', 0, 'items', 2, 'id') -> 'sections[0].items[2].id'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
