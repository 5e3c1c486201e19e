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


def cited_keys(data: ReportData) -> tuple[set[str], set[str]]:
    """The source keys the report prints: (the law findings rest on, everything else)."""
    basis: set[str] = set()
    other: set[str] = set()
    for _section, item in data.checklist.items():
        other.update(ref.key for ref in item.sources)
        other.update(KEY.findall(item.reference or ""))
        basis.update(b.source for b in item.basis if b.source)
    for finding in data.summary.findings:
        other.update(KEY.findall(finding.reference))
        basis.update(b.source for b in finding.basis if b.source)
    return basis, other - basis


def sources_section(data: ReportData) -> list:
    s, words = data.styles, data.wording
    basis, other = cited_keys(data)
    known = {source.key: source for source in data.checklist.sources}
    if not (basis | other) & set(known):
        return []
    story: list = [Heading(esc(words.sources), s.h1, outline=words.sources, key="sources")]
    story.append(
        s.muted(
            "Every source the report cites by key. The law applied is what findings rest "
            "on; the other sources are cited as the standard of care (see also), including "
            "the rules of other places, which do not bind here."
        )
    )
    if data.checklist.pack is not None:
        where = data.checklist.pack.jurisdiction.name
        story += _group(data, f"Law applied ({where})", [known[k] for k in basis if k in known])
    groups: dict[str, list[Source]] = {}
    for key in other:
        if key in known:
            groups.setdefault(known[key].kind, []).append(known[key])
    for kind, title in KIND_TITLES.items():
        if kind == "law" and data.checklist.pack is not None:
            title = "Other law, cited as guidance"
        story += _group(data, title, groups.get(kind, []))
    return story


def _group(data: ReportData, title: str, sources: list[Source]) -> list:
    if not sources:
        return []
    s = data.styles
    story: list = [Paragraph(esc(title), s.h3)]
    for source in sorted(sources, key=_order):
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
