"""The source list: every document the report cites by key ([S12]), resolved — title,
issuer, year, and where to read it — laws first, then guidance and literature."""

from __future__ import annotations

import re

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from clinic_audit.checklist.types import Source
from clinic_audit.reports.context import ReportData
from clinic_audit.reports.flowables import Heading
from clinic_audit.reports.text import esc
from clinic_audit.reports.textblock import KeepBlock

KEY = re.compile(r"\[(S\d+)\]")
KIND_TITLES = {
    "law": "Law: statutes and rules",
    "guidance": "Guidance",
    "literature": "Literature",
    "manufacturer": "Manufacturers' instructions",
}


def cited_keys(data: ReportData) -> set[str]:
    """Every source key the report prints: in citations, and in the bases of findings."""
    keys: set[str] = set()
    for _section, item in data.checklist.items():
        keys.update(ref.key for ref in item.sources)
        keys.update(KEY.findall(item.reference or ""))
        keys.update(b.source for b in item.basis if b.source)
    for finding in data.summary.findings:
        keys.update(KEY.findall(finding.reference))
        keys.update(b.source for b in finding.basis if b.source)
    return keys


def sources_section(data: ReportData) -> list:
    s, words = data.styles, data.wording
    keys = cited_keys(data)
    sources = [source for source in data.checklist.sources if source.key in keys]
    if not sources:
        return []
    story: list = [Heading(esc(words.sources), s.h1, outline=words.sources, key="sources")]
    story.append(
        s.muted(
            "Every source the report cites by key. A law applies where the rules applied "
            "say so; guidance and literature are cited as the standard of care (see also)."
        )
    )
    for kind, title in KIND_TITLES.items():
        of_kind = sorted((x for x in sources if x.kind == kind), key=_order)
        if not of_kind:
            continue
        story.append(Paragraph(esc(title), s.h3))
        for source in of_kind:
            story.append(KeepBlock([_entry(data, source)], data.frame_height))
    return story


def _order(source: Source) -> int:
    return int(source.key[1:])


def _entry(data: ReportData, source: Source):
    s = data.styles
    runs = [
        s.run(f"{source.issuer} ({source.year}). ", size=9),
        s.run(source.title, "italic", 9),
        s.run(".", size=9),
    ]
    if source.document:
        runs.append(s.run(f" {source.document}.", size=9))
    if source.url:
        runs.append(s.run(f" {source.url}", size=8.5))
    return s.text(*runs, after=3, indent=14 * mm, marker=s.run(f"[{source.key}]", "bold", 9))
