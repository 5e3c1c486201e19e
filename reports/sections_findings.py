"""The findings: a short table (the summary of violations, or a self-audit's action
plan), then each finding in full as a notice states it — the requirement and the law it
rests on, "not met, as evidenced by" what was observed, the correction required and its
deadline, the proof asked, and the facility's plan of correction.

Table cells hold bounded text (long user text is cut there and printed whole in the
statement), so a table row never grows past a page; the statements are text blocks,
which break between lines wherever a page ends.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from clinic_audit.audit.model import ActionStatus, CorrectiveAction
from clinic_audit.enums import Severity
from clinic_audit.reports.context import (
    ReportData,
    finding_anchor,
    item_anchor,
    photo_anchor,
)
from clinic_audit.reports.flowables import Anchor, Heading
from clinic_audit.reports.styles import (
    CELL_SIZE,
    FAIL_TINT,
    MUTED,
    SEVERITY_COLOURS,
    SHADE,
    grid,
    grid_table_style,
)
from clinic_audit.reports.text import esc, fmt_date
from clinic_audit.reports.textblock import KeepBlock
from clinic_audit.rules.action_plan import is_overdue, orphan_actions, required_correction
from clinic_audit.rules.finding_keys import finding_item
from clinic_audit.rules.summary import Finding

STATUS_WORDS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
}
CELL_TEXT = 240  # characters of user text in a table cell; the statement has it whole
INDENT = 4 * mm  # a statement's lines, under its band


def cut(text: str, limit: int = CELL_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rstrip() + " … (in full below)"


def repeat_text(finding: Finding) -> str:
    """ " · repeat of 2026-01-12 (raised from major)", or nothing."""
    if finding.repeat_of is None:
        return ""
    raised = f", raised from {finding.escalated_from.value}" if finding.escalated_from else ""
    return f" · repeat of {finding.repeat_of.isoformat()}{raised}"


def headline(finding: Finding) -> str:
    """The finding in one line: the violation (the failed state), else its title."""
    return finding.violation or finding.title


# the short table ----------------------------------------------------------------------


def summary_table(data: ReportData) -> list:
    s, words = data.styles, data.wording
    story: list = [Heading(esc(words.summary), s.h1, outline=words.summary, key="summary")]
    findings = data.summary.findings
    if not findings:
        story.append(s.body("No findings: every answered item passed, so nothing is to correct."))
        return story
    if data.regulatory:
        story.append(
            s.muted(
                "Most severe first. The number links to the violation's full statement; "
                "each is to be corrected by the date shown."
            )
        )
        story.append(_violations_table(data, findings))
    else:
        story.append(
            s.muted(
                "Each finding's actions: who, by when, and how far they have got. "
                f"Overdue is as of {fmt_date(data.today)}."
            )
        )
        story.append(_action_plan_table(data, findings))
    return story


def _violations_table(data: ReportData, findings: list[Finding]) -> Table:
    s = data.styles
    rows: list[list] = [[s.head(t) for t in ("#", "Code", "Severity", "Violation", "Correct by")]]
    style = grid_table_style()
    for number, finding in enumerate(findings, start=1):
        deadline = finding.deadline.short_text if finding.deadline else "NOT SET"
        counted = "" if finding.counted_with is None else " (counted with its item)"
        counted += repeat_text(finding)
        rows.append(
            [
                Paragraph(s.link(str(number), finding_anchor(number)), s.small_para),
                s.cell(finding.code or "—", "bold"),
                s.text(s.severity_run(finding.severity)),
                s.text(s.run(cut(headline(finding)), size=CELL_SIZE), s.run(counted, "italic")),
                s.cell(deadline, "bold" if deadline in ("Immediately", "NOT SET") else "regular"),
            ]
        )
        _mark_row(style, number, finding)
    widths = [8 * mm, 17 * mm, 25 * mm, data.frame_width - 80 * mm, 30 * mm]
    table = grid(s.fonts.regular, rows, colWidths=widths, repeatRows=1)
    table.setStyle(style)
    return table


def _mark_row(style, row: int, finding: Finding) -> None:
    style.add("LINEBEFORE", (0, row), (0, row), 3, SEVERITY_COLOURS[finding.severity])
    if finding.severity.value == "critical":
        style.add("BACKGROUND", (1, row), (2, row), FAIL_TINT)


def _action_plan_table(data: ReportData, findings: list[Finding]) -> Table:
    s = data.styles
    head = ["#", "Finding", "Severity", "Action", "Who, by when", "Status", "Closing evidence"]
    rows: list[list] = [[s.head(t) for t in head]]
    style = grid_table_style()
    today = data.today
    for number, finding in enumerate(findings, start=1):
        actions: list[CorrectiveAction | None] = [*data.actions.get(finding.key, [])] or [None]
        for index, action in enumerate(actions):
            title = f"{finding.code} " if finding.code else ""
            title += cut(headline(finding), 160) if index == 0 else "(continued)"
            rows.append(
                [
                    Paragraph(s.link(str(number), finding_anchor(number)), s.small_para),
                    s.cell(title),
                    s.text(s.severity_run(finding.severity)) if index == 0 else s.cell(""),
                    *_action_cells(s, action, today),
                ]
            )
            _mark_row(style, len(rows) - 1, finding)
    widths = [7 * mm, 38 * mm, 21 * mm]
    rest = data.frame_width - sum(widths)
    widths += [rest * 0.32, rest * 0.2, rest * 0.2, rest * 0.28]
    table = grid(s.fonts.regular, rows, colWidths=widths, repeatRows=1)
    table.setStyle(style)
    return table


def _action_cells(s, action: CorrectiveAction | None, today) -> list:
    if action is None or not action.action.strip():
        return [s.text(s.run("No action recorded yet.", "italic", CELL_SIZE)), s.cell("—")] + [
            s.cell("—"),
            s.cell("—"),
        ]
    who = action.responsible.strip() or "no one named"
    status = STATUS_WORDS[action.status]
    runs = [s.run(status, "bold", CELL_SIZE)]
    if is_overdue(action, today):
        runs.append(s.run("\nOVERDUE", "bold", CELL_SIZE, SEVERITY_COLOURS[Severity.CRITICAL]))
    if action.closed_on:
        runs.append(s.run(f"\nclosed {fmt_date(action.closed_on)}", size=CELL_SIZE))
    return [
        s.cell(cut(action.action, 300)),
        s.cell(f"{cut(who, 80)}\n{fmt_date(action.due)}"),
        s.text(*runs),
        s.cell(cut(action.closing_evidence, 200) or "—"),
    ]


# each finding in full -----------------------------------------------------------------


def statements(data: ReportData) -> list:
    s, words = data.styles, data.wording
    findings = data.summary.findings
    if not findings:
        return []
    story: list = [Heading(esc(words.findings), s.h1, outline=words.findings, key="statements")]
    if data.regulatory:
        story.append(
            s.muted(
                "Each violation: the requirement and the rule it rests on, what shows it was "
                "not met, what must be corrected and by when, and the facility's plan."
            )
        )
    total = len(findings)
    for number, finding in enumerate(findings, start=1):
        story.append(KeepBlock(_head(data, number, total, finding), data.frame_height))
        story += _body(data, number, finding)
        story.append(Spacer(1, 4 * mm))
    return story + _orphans(data)


def _head(data: ReportData, number: int, total: int, finding: Finding) -> list:
    s = data.styles
    word = data.wording.finding_word
    deadline = finding.deadline.short_text if finding.deadline else "deadline not set"
    band = grid(
        s.fonts.regular,
        [
            [
                s.text(
                    s.run(f"{word} {number} of {total}", "bold", 10),
                    s.run(f"   {finding.code}" if finding.code else "", "bold", 10),
                    s.run("   "),
                    s.severity_run(finding.severity, 10),
                    s.run(repeat_text(finding).upper(), "bold", 9.5),
                ),
                s.text(s.run(f"Correct by: {deadline}", "bold", 9.5)),
            ]
        ],
        colWidths=[data.frame_width * 0.62, data.frame_width * 0.38],
    )
    band.setStyle(
        [
            ("BACKGROUND", (0, 0), (-1, -1), SHADE),
            ("LINEBEFORE", (0, 0), (0, 0), 4, SEVERITY_COLOURS[finding.severity]),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
    )
    title = s.text(s.run(headline(finding), "bold", 10), before=4, after=2)
    return [Anchor(finding_anchor(number)), band, title]


def _labelled(data: ReportData, label: str, *runs, before: float = 2):
    """ "Label: text" with the label in bold, as a statement of deficiencies reads."""
    s = data.styles
    head = [s.run(f"{label}: ", "bold", 9.5)] if label else []
    return s.text(*head, *runs, indent=INDENT, before=before)


def _body(data: ReportData, number: int, finding: Finding) -> list:
    s, audit = data.styles, data.audit
    parts: list = []
    parts += _requirement(data, finding)
    note = audit.response(finding.item_id).note.strip() if finding.item_id else ""
    observed = [note, finding.detail] if note else [finding.detail or headline(finding)]
    waiver = audit.response(finding.item_id).photo_waiver.strip() if finding.item_id else ""
    if waiver:
        observed.append(f"No photo was taken: {waiver}")
    evidence = [s.run("\n".join(text for text in observed if text), size=9.5)]
    label = "Not met, as evidenced by" if data.regulatory else "What was found"
    parts.append(_labelled(data, label, *evidence))
    links = _links(data, finding)
    if links:
        parts.append(links)
    if finding.reference:
        parts.append(_labelled(data, "See also", s.run(finding.reference, size=9)))
    own = audit.correction(finding.key)
    correction = required_correction(finding, own, data.item_prompt)
    label = "Required correction" if data.regulatory else "What to fix"
    parts.append(_labelled(data, label, s.run(correction, size=9.5), before=4))
    if finding.deadline is not None:
        parts.append(_labelled(data, "Deadline", s.run(finding.deadline.text, "bold", 9.5)))
    elif data.regulatory:
        parts.append(
            _labelled(
                data,
                "Deadline",
                s.run("No deadline set (a draft cannot be finalized without one).", "bold", 9.5),
            )
        )
    if own is not None and own.proof.strip():
        parts.append(_labelled(data, "Proof requested", s.run(own.proof.strip(), size=9.5)))
    parts.append(_plan(data, finding))
    return parts


def _requirement(data: ReportData, finding: Finding) -> list:
    s = data.styles
    if data.checklist.pack is None:
        return [_labelled(data, "Requirement", s.run(_requirement_text(data, finding), size=9.5))]
    if not finding.basis:
        text = finding.no_rule or "No specific rule of this jurisdiction; guidance only."
        return [
            _labelled(data, "Requirement", s.run(_requirement_text(data, finding), size=9.5)),
            _labelled(data, "Basis", s.run(text, size=9.5)),
        ]
    lines = []
    for index, basis in enumerate(finding.basis):
        runs = [s.run(basis.code, "bold", 9.5), s.run(f", {basis.title}, requires ", size=9.5)]
        runs.append(s.run(basis.requirement.rstrip(".") + ".", size=9.5))
        if not basis.confirmed:
            runs.append(s.run(" [Text of this section not confirmed.]", "italic", 9))
        if basis.source:
            runs.append(s.run(f" [{basis.source}]", size=9))
        lines.append(_labelled(data, "Requirement" if index == 0 else "Also", *runs))
    return lines


def _requirement_text(data: ReportData, finding: Finding) -> str:
    item_id = finding.item_id or finding.evidences
    return data.item_prompt(item_id) if item_id else finding.problem or finding.title


def _links(data: ReportData, finding: Finding):
    s = data.styles
    targets = []
    item_id = finding.item_id or finding.evidences
    if item_id:
        label = data.label_of(item_id)
        targets.append(s.link(f"item {esc(label)} in the results", item_anchor(item_id)))
        for number in data.photo_numbers_of(item_id):
            if data.printed_photo(number):
                targets.append(s.link(f"photo {number}", photo_anchor(number)))
    if not targets:
        return None
    style = s.small_para.clone("links", leftIndent=INDENT)
    return Paragraph("See: " + ", ".join(targets), style)


def _plan(data: ReportData, finding: Finding):
    s = data.styles
    actions = [a for a in data.actions.get(finding.key, []) if a.action.strip()]
    label = "Plan of correction" if data.regulatory else "Action plan"
    if not actions:
        text = (
            "None recorded yet; the facility is to send its plan of correction as the notice says."
            if data.regulatory
            else "No action recorded yet."
        )
        return _labelled(data, label, s.run(text, "italic", 9.5), before=4)
    runs = []
    for number, action in enumerate(actions, start=1):
        if number > 1:
            runs.append(s.run("\n", size=9.5))
        if len(actions) > 1:
            runs.append(s.run(f"{number}. ", "bold", 9.5))
        who = action.responsible.strip() or "no one named"
        runs.append(s.run(action.action.strip(), size=9.5))
        runs.append(
            s.run(
                f"\n{who} · by {fmt_date(action.due)} · {STATUS_WORDS[action.status]}",
                "italic",
                9,
                MUTED,
            )
        )
        if action.closed_on or action.closing_evidence.strip():
            closed = f"closed {fmt_date(action.closed_on)}" if action.closed_on else "closing"
            evidence = action.closing_evidence.strip()
            runs.append(s.run(f" · {closed}" + (f": {evidence}" if evidence else ""), size=9))
    return _labelled(data, label, *runs, before=4)


def _orphans(data: ReportData) -> list:
    """Actions whose finding no longer stands (the item was answered again) stay visible."""
    s = data.styles
    left = orphan_actions(data.summary.finding_keys, data.audit.actions)
    if not left:
        return []
    story: list = [Paragraph("Actions recorded for findings that no longer stand", s.h3)]
    for action in left:
        item_id = finding_item(action.finding_key)
        target = data.item_prompt(item_id) if item_id else "a register finding no longer raised"
        story.append(
            s.body(
                f"• {target}: {action.action.strip() or '—'} — "
                f"{action.responsible.strip() or 'no one named'}, due {fmt_date(action.due)} "
                f"[{STATUS_WORDS[action.status]}]",
                after=2,
            )
        )
    return story
