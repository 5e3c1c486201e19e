"""A follow-up inspection's first part: each finding of the audit it follows up, and
whether it was found corrected."""

from __future__ import annotations

from reportlab.lib.units import mm

from clinic_audit.audit.follow_up import CorrectionFound
from clinic_audit.reports.context import ReportData
from clinic_audit.reports.flowables import Heading
from clinic_audit.reports.styles import CELL_SIZE, grid, grid_table_style
from clinic_audit.reports.text import esc, fmt_date

TITLE = "Earlier findings re-checked"


def follow_up_section(data: ReportData) -> list:
    audit = data.audit
    if not audit.earlier_findings:
        return []
    s = data.styles
    source = audit.earlier_findings[0]
    corrected = sum(e.found == CorrectionFound.CORRECTED for e in audit.earlier_findings)
    story: list = [
        Heading(esc(TITLE), s.h1, outline=TITLE, key="follow-up"),
        s.body(
            f"This follow-up inspection re-checked the {len(audit.earlier_findings)} findings "
            f"of the inspection of {fmt_date(source.audit_date)} (audit {source.audit_id[:8]}): "
            f"{corrected} found corrected."
        ),
    ]
    rows: list[list] = [[s.head(t) for t in ("Code", "Severity", "Earlier finding", "Found")]]
    for earlier in audit.earlier_findings:
        found = earlier.found.label if earlier.found else "NOT RECORDED"
        note = f" — {earlier.note.strip()}" if earlier.note.strip() else ""
        rows.append(
            [
                s.cell(earlier.code or "—", "bold"),
                s.text(s.severity_run(earlier.severity)),
                s.text(s.run(earlier.title, size=CELL_SIZE)),
                s.text(
                    s.run(found, "bold", CELL_SIZE),
                    s.run(note, size=CELL_SIZE),
                ),
            ]
        )
    widths = [17 * mm, 25 * mm, data.frame_width - 100 * mm, 58 * mm]
    table = grid(s.fonts.regular, rows, colWidths=widths, repeatRows=1)
    table.setStyle(grid_table_style())
    story.append(table)
    return story
