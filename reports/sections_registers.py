"""The registers of practitioners, products and devices, with their findings marked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from reportlab.platypus import Paragraph, Table

from clinic_audit.audit.model import Device, Practitioner, Product
from clinic_audit.checklist.model import Checklist
from clinic_audit.reports.context import ReportData
from clinic_audit.reports.flowables import Heading
from clinic_audit.reports.styles import (
    CELL_SIZE,
    FAIL_TINT,
    SEVERITY_COLOURS,
    grid,
    grid_table_style,
)
from clinic_audit.reports.text import esc, fmt_date, yes_no
from clinic_audit.rules.scope import practice_facts


def registers_section(data: ReportData) -> list:
    s, audit, words = data.styles, data.audit, data.wording
    story: list = [Heading(esc(words.registers), s.h1, outline=words.registers, key="registers")]
    mark = s.fonts.mark("✗", "X")
    story.append(
        s.muted(
            f"Rows with a finding are marked {mark} and shaded; the finding is written "
            "under the row."
        )
    )
    # one call each: the three registers hold rows of three types
    story += _register(
        data, "Practitioners", audit.practitioners, practitioner_columns(data.checklist)
    )
    story += _register(data, "Products", audit.products, PRODUCT_COLUMNS)
    story += _register(data, "Devices", audit.devices, DEVICE_COLUMNS)
    return story


Row = TypeVar("Row", Practitioner, Product, Device)
Column = tuple[str, float, Callable[[Row], tuple[str, str]]]  # head, width, (bold, plain)


def _register(
    data: ReportData, title: str, rows: Sequence[Row], columns: list[Column[Row]]
) -> list:
    s = data.styles
    story: list = [Paragraph(f"{title} ({len(rows)})", s.h2)]
    if not rows:
        story.append(s.body(f"No {title.lower()} recorded."))
    else:
        story.append(_table(data, rows, columns))
    return story


def _table(data: ReportData, rows: Sequence[Row], columns: list[Column[Row]]) -> Table:
    s = data.styles
    mark = s.fonts.mark("✗", "X") + " "
    cells: list[list] = [[s.head(head) for head, _w, _f in columns]]
    style = grid_table_style()
    for row in rows:
        findings = data.summary.findings_for_row(row.id)
        line = []
        for number, (_h, _w, value) in enumerate(columns):
            bold, plain = value(row)
            if number == 0 and findings:
                bold = mark + bold
            runs = [s.run(bold, "bold", CELL_SIZE)] if bold else []
            if plain:
                runs.append(s.run(("\n" if bold else "") + plain, size=CELL_SIZE))
            line.append(s.text(*runs) if runs else s.cell("—"))
        cells.append(line)
        if findings:
            style.add("BACKGROUND", (0, len(cells) - 1), (-1, len(cells) - 1), FAIL_TINT)
        for finding in findings:
            runs = [
                s.severity_run(finding.severity),
                s.run(" — ", size=CELL_SIZE),
                s.run(finding.title, "bold", CELL_SIZE),
            ]
            if finding.detail:
                runs.append(s.run(f". {finding.detail}", size=CELL_SIZE))
            stated = data.finding_numbers.get(finding.key)
            if stated is not None:
                word = data.wording.finding_word.lower()
                runs.append(s.run(f" (stated in full as {word} {stated})", "italic", CELL_SIZE))
            cells.append([s.text(*runs)] + [""] * (len(columns) - 1))
            at = len(cells) - 1
            style.add("SPAN", (0, at), (-1, at))
            style.add("BACKGROUND", (0, at), (-1, at), FAIL_TINT)
            style.add("LINEBEFORE", (0, at), (0, at), 3, SEVERITY_COLOURS[finding.severity])
    widths = [data.frame_width * fraction for _h, fraction, _f in columns]
    table = grid(s.fonts.regular, cells, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(style)
    return table


def _plain(text: str) -> tuple[str, str]:
    return "", text.strip()


def practitioner_columns(checklist: Checklist) -> list[Column[Practitioner]]:
    """The practitioner register's columns; under a pack, with what its scope of practice
    checks (deepest needle setting, blood draws, supervision)."""

    def licence(p: Practitioner) -> tuple[str, str]:
        parts = [p.licence_number.strip(), p.issuing_board.strip()]
        return checklist.licence_label(p.licence_type), "\n".join(x for x in parts if x)

    def supervision(p: Practitioner) -> tuple[str, str]:
        named = p.supervising_physician.strip() or "—"
        if checklist.pack is None:
            return _plain(named)
        return named, "\n".join(practice_facts(p))

    return [
        ("Name and role", 0.22, lambda p: (p.name, p.role.strip())),
        ("License", 0.22, licence),
        ("License expires", 0.12, lambda p: _plain(fmt_date(p.licence_expiry))),
        ("Training", 0.22, _training),
        ("Supervision", 0.22, supervision),
    ]


def _training(p: Practitioner) -> tuple[str, str]:
    if not p.training_date and not p.training_provider:
        return "", "—"
    return "", f"{fmt_date(p.training_date)}\n{p.training_provider.strip()}".strip()


CATEGORY_WORDS = {
    "serum": "Serum",
    "hyaluronic_acid": "Hyaluronic acid",
    "prp": "PRP (platelet-rich plasma)",
    "exosome": "Exosome product",
    "anesthetic": "Anesthetic",
    "other": "Other",
}


def _product_name(p: Product) -> tuple[str, str]:
    lines = [p.maker.strip(), CATEGORY_WORDS.get(p.category.value, p.category.value)]
    return p.name, "\n".join(x for x in lines if x)


def _dose(p: Product) -> tuple[str, str]:
    text = "Multi-dose" if p.dose_type.value == "multi_dose" else "Single-dose"
    if p.opened_on:
        text += f", opened {fmt_date(p.opened_on)}"
    return "", text


PRODUCT_COLUMNS: list[Column[Product]] = [
    ("Product", 0.3, _product_name),
    ("Lot", 0.12, lambda p: _plain(p.lot or "—")),
    ("Expires", 0.12, lambda p: _plain(fmt_date(p.expiry))),
    ("Labeled sterile", 0.11, lambda p: _plain(yes_no(p.labelled_sterile))),
    ("Labeled for broken skin", 0.13, lambda p: _plain(yes_no(p.labelled_for_broken_skin))),
    ("Dose", 0.22, _dose),
]
REPROCESSING_WORDS = {
    "single_use_only": "Single use only",
    "steam_sterilization": "Steam sterilization",
    "disinfection_only": "Disinfection only",
    "unknown": "Unknown",
}
DEVICE_COLUMNS: list[Column[Device]] = [
    ("Device", 0.3, lambda d: (d.name, d.maker.strip())),
    ("FDA clearance", 0.15, lambda d: _plain(d.fda_clearance or "—")),
    ("Single-use cartridges", 0.15, lambda d: _plain(yes_no(d.single_use_cartridges))),
    ("Reprocessing", 0.22, lambda d: _plain(REPROCESSING_WORDS.get(d.reprocessing.value, "?"))),
    ("Last spore test", 0.18, lambda d: _plain(fmt_date(d.last_spore_test))),
]
