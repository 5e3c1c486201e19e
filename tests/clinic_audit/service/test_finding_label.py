"""How a refusal or a finalize blocker names a finding."""

from clinic_audit.enums import Severity
from clinic_audit.rules.summary import Finding
from clinic_audit.service.audit_service import finding_label


def finding(title: str, code: str = "") -> Finding:
    return Finding(
        key="register:practitioners:1:x", severity=Severity.MINOR, title=title, code=code
    )


def test_an_item_finding_is_named_by_its_code():
    assert finding_label(finding("Sharps container at the chair", code="RM-13")) == "RM-13"


def test_a_register_finding_is_named_whole_when_short_and_cut_at_a_word_when_long():
    short = "María José Hernández: license expires 2026-07-01"
    assert finding_label(finding(short)) == short
    long = "María José Hernández, registered nurse: license expires on 2026-07-01, renew it"
    label = finding_label(finding(long))
    assert len(label) <= 60 and label.endswith("…")
    assert long.startswith(label[:-1]) and long[len(label) - 1] == " "  # cut between words
