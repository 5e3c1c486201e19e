"""A follow-up's report lists the earlier findings and what was found first; a repeat
violation says so in the summary table and its statement."""

import datetime as dt

from clinic_audit.audit.follow_up import CorrectionFound
from clinic_audit.audit.model import Status
from clinic_audit.checklist.model import Result
from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample
from clinic_audit.reports.build import build_report
from clinic_audit.service.audit_service import AuditService

from .conftest import flat, pdf_pages

FIRST = dt.date(2026, 1, 12)


def test_a_follow_up_report_starts_with_the_earlier_findings_and_flags_repeats(store):
    service = AuditService(store, "t")
    sample = build_sample(photos=1, audit_date=FIRST)
    source = import_audit(store, sample.model_dump_json().encode(), "s.json", "t")

    def finalize(a):
        a.status, a.finalized_at = Status.FINALIZED, sample.signatures[-1].signed_at

    store.modify(source.id, "t", "finalize", finalize)
    follow_up = service.follow_up(source.id)
    first, second = follow_up.earlier_findings[:2]
    service.record_earlier(follow_up.id, first.key, CorrectionFound.CORRECTED, note="New fridge")
    service.record_earlier(follow_up.id, second.key, CorrectionFound.NOT_CORRECTED, note="Full")
    failed_again = second.key.removeprefix("item:")
    audit = service.answer(follow_up.id, failed_again, Result.FAIL, "Still overfilled")
    checklist = service.checklist_of(audit)
    pdf = build_report(audit, checklist, service.summary(audit), store, revision=3)
    pages = pdf_pages(pdf)
    text = flat("\n".join(pages))
    assert "Earlier findings re-checked" in text
    assert text.index("Earlier findings re-checked") < text.index("Summary of violations")
    assert f"{first.code} " in text and "Corrected — New fridge" in text
    assert "Not corrected — Full" in text and "NOT RECORDED" in text
    assert f"repeat of {FIRST.isoformat()}" in text  # in the summary table
    assert f"REPEAT OF {FIRST.isoformat()}" in text  # in the statement's heading


def test_the_action_plan_shows_progress_logged_after_finalizing(store, tmp_path):
    from clinic_audit.audit.model import ActionStatus, AuditKind
    from clinic_audit.reports.build import build_report_file

    sample = build_sample(photos=1, audit_date=FIRST, kind=AuditKind.SELF_AUDIT)
    audit = import_audit(store, sample.model_dump_json().encode(), "s.json", "t")

    def finalize(a):
        a.status, a.finalized_at = Status.FINALIZED, sample.signatures[-1].signed_at

    store.modify(audit.id, "t", "finalize", finalize)
    action = next(a for a in audit.actions if a.status != ActionStatus.DONE)
    AuditService(store, "t").record_progress(
        audit.id, action.id, ActionStatus.DONE, "Receipt for the new fridge, filed"
    )
    out = tmp_path / "plan.pdf"
    build_report_file(output=out, audit_id=audit.id, store=store)
    text = flat("\n".join(pdf_pages(out.read_bytes())))
    assert "Receipt for the new fridge, filed" in text
