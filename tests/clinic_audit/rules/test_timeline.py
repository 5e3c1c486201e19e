"""The timeline check: the record's own clock must tell a possible story."""

import datetime as dt

from clinic_audit.files.integrity import signed_content_digest
from clinic_audit.files.sample import build_sample
from clinic_audit.rules.timeline import inspection_start, timeline_warnings

DAY = dt.date(2026, 6, 15)


def sample():
    return build_sample(photos=3, audit_date=DAY)


def test_the_sample_tells_a_coherent_story():
    audit = sample()
    start = inspection_start(audit)
    assert start.utcoffset() == dt.timedelta(hours=-5)  # Chicago in June (CDT)
    assert timeline_warnings(audit, report_at=start + dt.timedelta(hours=4)) == []
    answered = [r.answered_at for r in audit.responses.values()]
    assert min(answered) > start
    assert max(answered) < min(s.signed_at for s in audit.signatures)


def test_a_report_built_before_the_inspection_is_flagged():
    audit = sample()
    early = inspection_start(audit) - dt.timedelta(days=1)
    (warning,) = timeline_warnings(audit, report_at=early)
    assert "before the inspection began" in warning and "CDT" in warning


def test_finalizing_before_the_inspection_began_is_flagged_in_its_own_words():
    audit = sample()
    start = inspection_start(audit)
    assert timeline_warnings(audit, finalizing_at=start + dt.timedelta(hours=4)) == []
    (warning,) = timeline_warnings(audit, finalizing_at=start - dt.timedelta(hours=2))
    assert warning.startswith("It is 2026-06-15 07:30 CDT, before the inspection began")
    assert "finalized now" in warning and "report" not in warning


def test_a_change_after_a_signature_is_flagged():
    audit = sample()
    item_id = next(iter(audit.responses))
    audit.responses[item_id].note = "changed after signing"
    audit.responses[item_id].answered_at = audit.signatures[1].signed_at + dt.timedelta(hours=1)
    warnings = " ".join(timeline_warnings(audit))
    assert "record changed after the inspector signed" in warnings
    assert "1 answer or photo change dated after the facility representative signed" in warnings


def test_photos_out_of_the_inspection_and_after_finalizing_are_flagged():
    audit = sample()
    (_item, photo), *_ = audit.photo_refs()
    photo.taken_at = dt.datetime(2026, 6, 1, 8, 0)
    warnings = timeline_warnings(audit)
    assert any("before the inspection began" in w and "2026-06-01 08:00 CDT" in w for w in warnings)
    audit.finalized_at = inspection_start(audit) + dt.timedelta(hours=4)
    photo.taken_at = None
    photo.attached_at = audit.finalized_at + dt.timedelta(days=2)
    assert any("after the record was finalized" in w for w in timeline_warnings(audit))


def test_times_out_of_order_and_signing_before_arriving_are_flagged():
    audit = sample()
    audit.time_out = dt.time(8, 0)
    audit.signatures[0].signed_at = inspection_start(audit) - dt.timedelta(hours=2)
    audit.signatures[0].record_sha256 = signed_content_digest(audit)
    warnings = " ".join(timeline_warnings(audit))
    assert "Time out (08:00) is before time in (09:30)" in warnings
    assert "The inspector signed at 2026-06-15 07:30 CDT, before the inspection began" in warnings
