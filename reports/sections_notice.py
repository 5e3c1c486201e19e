"""Page 1 of a regulatory notice: the agency's letterhead, who and what was inspected and
when, the outcome, the severity legend with each severity's deadline, and the legal
notice (authority, plan of correction, the right to respond, what follows if nothing is
corrected, the re-inspection, and whether the notice is a final determination)."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from clinic_audit.checklist.model import Severity
from clinic_audit.reports.context import ReportData
from clinic_audit.reports.flowables import Heading, PngImage
from clinic_audit.reports.sections_cover import (
    details_table,
    hours_text,
    outcome_block,
    person_text,
)
from clinic_audit.reports.styles import ACCENT, MUTED, RULE, SHADE, grid
from clinic_audit.reports.text import esc
from clinic_audit.reports.textblock import KeepBlock
from clinic_audit.rules.deadlines import pack_deadline
from clinic_audit.rules.display import long_date, plural

LOGO_BOX = (22 * mm, 22 * mm)


def notice_page(data: ReportData) -> list:
    s, audit = data.styles, data.audit
    story: list = [_letterhead(data), Spacer(1, 5 * mm)]
    story.append(
        Heading(esc(data.wording.document_title), s.title, outline=data.wording.document_title)
    )
    story.append(s.text(s.run(_control_line(data), "bold", 9.5, ACCENT), after=4 * mm))
    story += [details_table(data, _facility_rows(data), _inspection_rows(data)), Spacer(1, 5 * mm)]
    story += outcome_block(data)
    story += _legend(data)
    if audit.kind.value == "regulatory_inspection":
        story += _legal_notice(data)
    return story


def _control_line(data: ReportData) -> str:
    if data.final:
        return (
            f"Report {data.report_id} · final notice, issued {data.time(data.audit.finalized_at)}"
        )
    return f"Report {data.report_id} · DRAFT — not a final notice; it is not signed or served"


def _letterhead(data: ReportData):
    s, agency = data.styles, data.agency
    if agency is None:
        return s.text(
            s.run("Issuing agency: ", "bold", 10),
            s.run(
                "not recorded in this audit (the agency's details are set in Settings).", size=10
            ),
        )
    lines = [s.text(s.run(agency.name, "bold", 13, ACCENT), after=2)]
    if agency.address.strip():
        lines.append(s.text(s.run(agency.address.strip(), size=9.5)))
    reach = " · ".join(x.strip() for x in (agency.phone, agency.email, agency.website) if x.strip())
    if reach:
        lines.append(s.text(s.run(reach, size=9.5)))
    text = KeepBlock(lines, data.frame_height)
    if agency.logo_png is None:
        return text
    try:
        logo = PngImage(agency.logo_png, LOGO_BOX)
    except (OSError, ValueError, SyntaxError):
        return text
    table = grid(
        s.fonts.regular,
        [[logo, text]],
        colWidths=[LOGO_BOX[0] + 4 * mm, data.frame_width - LOGO_BOX[0] - 4 * mm],
    )
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("LINEBELOW", (0, 0), (-1, -1), 1.2, ACCENT),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]
    )
    return table


def _facility_rows(data: ReportData) -> list[tuple[str, str]]:
    facility = data.audit.facility
    return [
        ("Facility", facility.name),
        ("Address", facility.address.strip() or "—"),
        ("Facility license", facility.licence_number.strip() or "—"),
        ("Contact", facility.contact.strip() or "—"),
        ("Representative", person_text(data.audit.representative)),
    ]


def _inspection_rows(data: ReportData) -> list[tuple[str, str]]:
    audit, checklist = data.audit, data.checklist
    inspector = person_text(audit.inspector)
    extra = [x.strip() for x in (audit.inspector.credential, audit.inspector.contact_info)]
    inspector = "\n".join([inspector, *[x for x in extra if x]])
    rules = f"{checklist.title}, version {checklist.version}"
    if checklist.pack is not None:
        pack = checklist.pack
        rules = f"{pack.title}, version {pack.version} (effective {pack.effective}); {rules}"
    return [
        ("Case number", audit.case_number.strip() or "not recorded"),
        ("Purpose", audit.purpose.label if audit.purpose else "not recorded"),
        ("Date", long_date(audit.audit_date)),
        ("Time in – out", hours_text(data)),
        (data.wording.inspector_role, inspector),
        ("Rules applied", rules),
    ]


def _legend(data: ReportData) -> list:
    s, checklist, summary = data.styles, data.checklist, data.summary
    thresholds = checklist.pack.thresholds if checklist.pack is not None else None
    rows = []
    for severity in Severity:
        if thresholds is not None:
            rule = next(d for d in thresholds.correction_deadlines if d.severity == severity)
            deadline = rule.text
        else:
            deadline = "The deadline the inspector set with each finding."
        count = plural(summary.count(severity), "violation")
        rows.append(
            [s.text(s.severity_run(severity, 9)), s.cell(count), s.cell(f"Correct: {deadline}")]
        )
    table = grid(
        s.fonts.regular,
        rows,
        colWidths=[30 * mm, 24 * mm, data.frame_width - 54 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    story: list = [
        KeepBlock(
            [Paragraph("Severities and correction deadlines", s.h3), table], data.frame_height
        )
    ]
    if checklist.severity_rule:
        story.append(
            s.text(
                s.run("How severities are assigned: ", "bold", 8.5),
                s.run(checklist.severity_rule, size=8.5),
                before=3,
                after=2,
            )
        )
    return story


def _legal_notice(data: ReportData) -> list:
    s, audit, checklist = data.styles, data.audit, data.checklist
    if checklist.pack is None:
        rows = [
            (
                "Rules",
                "This audit was made under the base checklist, without a jurisdiction pack: "
                "its findings cite guidance, not the law of a place.",
            )
        ]
    else:
        rows = _pack_notice_rows(data)
    lines: list = [Paragraph("What this notice requires and your rights", s.h2)]
    table = grid(
        s.fonts.regular,
        [[s.cell(label, "bold"), s.cell(text)] for label, text in rows],
        colWidths=[40 * mm, data.frame_width - 40 * mm],
        splitInRow=1,
    )
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, -1), SHADE),
            ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
            ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
    )
    lines.append(table)
    if audit.kind.value == "regulatory_inspection" and not data.final:
        lines.append(
            s.text(
                s.run(
                    "This is a draft: until it is finalized and signed it is not a notice, and "
                    "no deadline in it runs.",
                    "italic",
                    8.5,
                    MUTED,
                ),
                before=3,
            )
        )
    return [Spacer(1, 4 * mm), *lines]


def _pack_notice_rows(data: ReportData) -> list[tuple[str, str]]:
    audit, pack = data.audit, data.checklist.pack
    assert pack is not None
    notice, thresholds = pack.notice, pack.thresholds
    plan = notice.plan_of_correction
    if thresholds.plan_of_correction_days:
        due = audit.audit_date + dt.timedelta(days=thresholds.plan_of_correction_days)
        plan += f" Due by {long_date(due)} ({plural(thresholds.plan_of_correction_days, 'day')})."
    respond = notice.right_to_respond
    if thresholds.appeal_days:
        respond += (
            f" Counted from the inspection day, {plural(thresholds.appeal_days, 'day')} end on "
            f"{long_date(audit.audit_date + dt.timedelta(days=thresholds.appeal_days))}."
        )
    critical = pack_deadline(Severity.CRITICAL, thresholds, audit.audit_date)
    rows = [
        ("Authority", notice.authority),
        (
            "Correction",
            "Correct each violation by the deadline printed with it. "
            f"Critical violations: {critical.text}",
        ),
        ("Plan of correction", plan),
        ("Right to respond", respond),
        ("If not corrected", notice.if_not_corrected),
        ("Re-inspection", _reinspection(data)),
    ]
    if notice.not_final:
        rows.append(("Status of this notice", notice.not_final))
    return rows


def _reinspection(data: ReportData) -> str:
    audit, pack = data.audit, data.checklist.pack
    if audit.reinspection_date is not None:
        return f"On or after {long_date(audit.reinspection_date)}, to verify the corrections."
    interval = pack.thresholds.inspection_interval_months if pack else None
    if interval:
        return (
            f"Not yet scheduled; routine inspections follow every "
            f"{plural(interval, 'month')}. The agency will give notice of the date."
        )
    return "Not yet scheduled; the agency will give notice of the date."
