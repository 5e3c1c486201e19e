"""Findings and the corrective action plan: one table row per finding, with its actions."""

from __future__ import annotations

from reportlab.platypus import Paragraph, Table

from clinic_audit.audit.model import ActionStatus, CorrectiveAction
from clinic_audit.reports.context import ReportData
from clinic_audit.reports.flowables import Heading
from clinic_audit.reports.styles import CELL_SIZE, FAIL_TINT, SEVERITY_COLOURS, grid_table_style
from clinic_audit.reports.text import esc, fmt_date
from clinic_audit.rules.action_plan import orphan_actions
from clinic_audit.rules.finding_keys import finding_item
from clinic_audit.rules.summary import Finding

STATUS_WORDS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
}
NOTE_EXCERPT = 600
# fractions of the frame width: #, finding, severity, reference, action, responsible, due
TALL_CELL = 1500  # characters of action text that may not fit on one page
COLUMNS = (0.035, 0.22, 0.12, 0.17, 0.20, 0.135, 0.12)


def findings_section(data: ReportData) -> list:
    s, words = data.styles, data.wording
    story: list = [Heading(esc(words.findings), s.h1, outline=words.findings)]
    findings = data.summary.findings
    if not findings:
        story.append(s.body("No findings, so no corrective action is required."))
        return story + _orphans(data)
    story.append(
        s.muted(
            "Each finding with the requirement it rests on and the action recorded to correct "
            "it. Critical findings come first."
        )
    )
    head = [
        "#",
        "Finding",
        "Severity",
        words.reference_label,
        "Required action",
        "Responsible",
        "Due",
    ]
    rows = [[s.head(text) for text in head]]
    style = grid_table_style()
    for number, finding in enumerate(findings, start=1):
        rows.append(_row(data, number, finding))
        colour = SEVERITY_COLOURS[finding.severity]
        style.add("LINEBEFORE", (0, number), (0, number), 3, colour)
        if finding.severity.value == "critical":
            style.add("BACKGROUND", (1, number), (2, number), FAIL_TINT)
    widths = [data.frame_width * fraction for fraction in COLUMNS]
    # Rows move whole to the next page, unless one may be taller than a page.
    split = any(len(a.action) + len(a.responsible) > TALL_CELL for a in data.audit.actions)
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=int(split))
    table.setStyle(style)
    story.append(table)
    return story + _orphans(data)


def _row(data: ReportData, number: int, finding: Finding) -> list:
    s = data.styles
    runs = [s.run(finding.title, "bold", CELL_SIZE)]
    if finding.detail:
        runs.append(s.run("\n" + finding.detail, size=CELL_SIZE))
    if finding.item_id:
        note = data.audit.response(finding.item_id).note
        if note.strip():
            if len(note) > NOTE_EXCERPT:  # the whole note is in the section-by-section results
                note = note[:NOTE_EXCERPT].rstrip() + " … (continued in the results by section)"
            runs += [s.run("\nObserved: ", "italic", CELL_SIZE), s.run(note, size=CELL_SIZE)]
    actions = data.actions.get(finding.key, [])
    return [
        s.cell(str(number)),
        s.text(*runs),
        s.text(s.severity_run(finding.severity)),
        s.cell(finding.reference or "—"),
        s.text(*_action_runs(s, actions)),
        *_responsible_and_due(s, actions),
    ]


def _responsible_and_due(s, actions: list[CorrectiveAction]) -> list:
    """Their own columns for one action; with several, each action's block names them
    (lines in a column would not sit level with the longer action texts)."""
    if len(actions) > 1:
        return [s.text(s.run("per action", "italic", CELL_SIZE))] * 2
    if not actions:
        return [s.cell("—"), s.cell("—")]
    return [s.cell(actions[0].responsible.strip() or "—"), s.cell(fmt_date(actions[0].due))]


def _action_runs(s, actions: list[CorrectiveAction]) -> list:
    if not actions:
        return [s.run("No corrective action recorded yet.", "italic", CELL_SIZE)]
    runs = []
    for number, action in enumerate(actions, start=1):
        if number > 1:
            runs.append(s.run("\n\n", size=CELL_SIZE))
        if len(actions) > 1:
            runs.append(s.run(f"{number}. ", "bold", CELL_SIZE))
        runs.append(s.run(action.action.strip() or "(action not described)", size=CELL_SIZE))
        runs.append(s.run(f" [{STATUS_WORDS[action.status]}]", "italic", CELL_SIZE))
        if len(actions) > 1:
            who = action.responsible.strip() or "no one named"
            due = f"due {fmt_date(action.due)}" if action.due else "no due date"
            runs.append(s.run(f"\n{who} · {due}", "italic", CELL_SIZE))
    return runs


def _orphans(data: ReportData) -> list:
    """Actions whose finding no longer stands (the item was answered again) stay visible."""
    s = data.styles
    left = orphan_actions(data.summary.finding_keys, data.audit.actions)
    if not left:
        return []
    story: list = [Paragraph("Actions recorded for findings that no longer stand", s.h3)]
    for action in left:
        story.append(
            s.body(
                f"• {_target(data, action.finding_key)}: {action.action.strip() or '—'} — "
                f"{action.responsible.strip() or 'no one named'}, due {fmt_date(action.due)} "
                f"[{STATUS_WORDS[action.status]}]",
                after=2,
            )
        )
    return story


def _target(data: ReportData, key: str) -> str:
    """What an action was written for, in words (its finding no longer stands)."""
    item_id = finding_item(key)
    return data.item_prompt(item_id) if item_id else "a register finding no longer raised"
