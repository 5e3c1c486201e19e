"""Build the report: audit, checklist and computed summary in, PDF bytes (or a file) out."""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.platypus import PageBreak

from clinic_audit import __version__
from clinic_audit.audit.model import ActionProgress, Agency, Audit, AuditKind, Status
from clinic_audit.checklist.model import Checklist
from clinic_audit.checklist.packs import builtin_checklist_for
from clinic_audit.evidence.plan import SIGNED_MARK, UNSIGNED_MARK, SignaturePlan
from clinic_audit.evidence.record import attach, record_attachments, record_of
from clinic_audit.evidence.signing import ReportSigner
from clinic_audit.files.integrity import audit_digest
from clinic_audit.files.portable import PortableAudit, checklists_of, portable_record
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem
from clinic_audit.reports.context import PhotoSource, ReportData
from clinic_audit.reports.document import PAGE_SIZES, PageCount, PageInfo, ReportDoc
from clinic_audit.reports.fonts import load_fonts, stamp_font_file
from clinic_audit.reports.photos import PortablePhotos
from clinic_audit.reports.sections_contents import contents_section
from clinic_audit.reports.sections_cover import cover
from clinic_audit.reports.sections_findings import statements, summary_table
from clinic_audit.reports.sections_follow_up import follow_up_section
from clinic_audit.reports.sections_items import items_section
from clinic_audit.reports.sections_notice import notice_page
from clinic_audit.reports.sections_photos import photos_section, request_prints
from clinic_audit.reports.sections_registers import registers_section
from clinic_audit.reports.sections_signoff import integrity_section, signoff_section
from clinic_audit.reports.sections_sources import sources_section
from clinic_audit.reports.sections_summary import scores_section
from clinic_audit.reports.styles import build_styles
from clinic_audit.reports.xmp import xmp_packet
from clinic_audit.rules.scoring import summarize
from clinic_audit.rules.summary import Summary


@dataclass(frozen=True)
class Signing:
    """How to sign a report: the loaded key, and the time-stamp service (None: B-B)."""

    signer: ReportSigner
    timestamp_url: str | None = None


@dataclass(frozen=True)
class Layout:
    """How a report is laid out (the options of ``build_report``)."""

    page_size: str = "A4"
    generated_at: dt.datetime | None = None
    revision: int | None = None
    failure_photos_only: bool = False
    agency: Agency | None = None
    progress: list[ActionProgress] | None = None
    full_resolution: bool = False


# ASCII85 makes every stream (photos included) 25 % larger and costs seconds per report.
rl_config.useA85 = 0


def build_report(
    audit: Audit,
    checklist: Checklist,
    summary: Summary,
    photos: PhotoSource,
    page_size: str = "A4",
    generated_at: dt.datetime | None = None,
    revision: int | None = None,
    failure_photos_only: bool = False,
    agency: Agency | None = None,
    progress: list[ActionProgress] | None = None,
    full_resolution: bool = False,
) -> bytes:
    """The PDF report of ``audit``; ``photos`` has photo_jpeg(sha256). ``revision``: the
    record's revision, printed in the report id; ``failure_photos_only`` leaves the
    photos of items that did not fail out of the evidence pages; ``full_resolution``
    prints the stored JPEGs instead of copies at print resolution. Unsigned: see
    ``build_signed_report``."""
    layout = Layout(
        page_size, generated_at, revision, failure_photos_only, agency, progress, full_resolution
    )
    pdf, _data = _layout(audit, checklist, summary, photos, layout, None)
    return pdf


def _layout(
    audit: Audit,
    checklist: Checklist,
    summary: Summary,
    photos: PhotoSource,
    layout: Layout,
    signature: SignaturePlan | None,
) -> tuple[bytes, ReportData]:
    """The laid-out PDF, and what the layout recorded (where the signature field is)."""
    if signature is not None and audit.status != Status.FINALIZED:
        raise ValueError("a draft is never signed")
    page_size = layout.page_size
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page_size must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    generated_at = layout.generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    fonts = load_fonts()
    styles = build_styles(fonts)
    digest = audit_digest(audit)
    data = ReportData(
        audit=audit,
        checklist=checklist,
        summary=summary,
        photos=photos,
        styles=styles,
        generated_at=generated_at,
        digest=digest,
        frame_width=0,
        frame_height=0,
        revision=layout.revision,
        failure_photos_only=layout.failure_photos_only,
        agency=audit.agency or layout.agency,
        progress=layout.progress or [],
        signature=signature,
        full_resolution=layout.full_resolution,
    )
    title = data.wording.document_title
    info = PageInfo(
        facility=audit.facility.name,
        report_id=data.report_id,
        document_title=title,
        checklist=f"Checklist {checklist.id} {checklist.version}"
        + (f" · {checklist.pack.id} rules {checklist.pack.version}" if checklist.pack else ""),
        generated=data.time(generated_at),
        draft=not data.final,
        font=fonts.regular,
        bold=fonts.bold,
    )
    metadata = {
        "title": f"{title} — {audit.facility.name}, {audit.audit_date.isoformat()}",
        "author": audit.inspector.name or audit.inspector.organisation or "not recorded",
        "subject": f"{audit.kind.label}, {checklist.title} {checklist.version}",
        "creator": f"Clinic Audit {__version__}",
        "keywords": f"report {audit.id}, audit record SHA-256 {digest}, report id {data.report_id}"
        f", {SIGNED_MARK if signature is not None else UNSIGNED_MARK}",
    }
    output = io.BytesIO()
    doc = ReportDoc(output, info, page_size, metadata, fonts.regular)
    data.frame_width, data.frame_height = doc.width, doc.height
    packet = xmp_packet(
        title=metadata["title"],
        author=metadata["author"],
        subject=metadata["subject"],
        keywords=metadata["keywords"],
        creator_tool=metadata["creator"],
        producer="ReportLab PDF Library",
        created=generated_at,
        report_id=data.report_id,
        record_sha256=digest,
        audit_id=audit.id,
    )
    doc.metadata_packet = packet
    try:
        doc.multiBuild([PageCount(doc), *_story(data)], maxPasses=6)
    finally:
        data.printed.close()
    return output.getvalue(), data


def build_signed_report(
    audit: Audit,
    checklist: Checklist,
    summary: Summary,
    photos: PhotoSource,
    signing: Signing,
    page_size: str = "A4",
    generated_at: dt.datetime | None = None,
    revision: int | None = None,
    failure_photos_only: bool = False,
    agency: Agency | None = None,
    record: PortableAudit | None = None,
    full_evidence: bool = False,
    progress: list[ActionProgress] | None = None,
    full_resolution: bool = False,
) -> tuple[bytes, SignaturePlan | None]:
    """The report with its record embedded (``record``: the portable form to embed,
    default made from ``audit``; see ``evidence.record``), signed when the audit is
    finalized (a draft is never signed: it comes back unsigned, with None for the plan).
    The time-stamp service is asked first, so the pages state the level the signature
    really has (B-T, or B-B and why)."""
    from clinic_audit.evidence.signing import (
        FieldSpot,
        TimestampFailed,
        plan_signature,
        sign_report,
        unstamped,
    )

    layout = Layout(
        page_size, generated_at, revision, failure_photos_only, agency, progress, full_resolution
    )
    portable = record if record is not None else record_of(audit, revision)
    if audit.status != Status.FINALIZED:
        return _unsigned(audit, checklist, summary, photos, portable, full_evidence, layout), None
    plan, stamper = plan_signature(
        signing.signer, signing.timestamp_url, audit.kind == AuditKind.REGULATORY
    )
    for _attempt in range(2):
        pdf, data = _layout(audit, checklist, summary, photos, layout, plan)
        page, box = data.signature_spots[-1]
        x1, y1, x2, y2 = (round(v) for v in box)
        spot = FieldSpot(page, (x1, y1, x2, y2))
        try:
            files = record_attachments(portable, data.printed.drawn, photos, full_evidence)
            signed = sign_report(
                pdf,
                signing.signer,
                plan,
                spot,
                stamper,
                files,
                local_time=data.time,
                font_file=stamp_font_file(),
            )
            return signed, plan
        except TimestampFailed as error:  # lay the pages out again, saying B-B and why
            plan, stamper = (
                unstamped(
                    plan,
                    f"The time-stamp service {signing.timestamp_url} failed while signing "
                    f"({error}), so the signing time is the signer's computer clock.",
                ),
                None,
            )
    raise AssertionError("unreachable: the second attempt has no time stamper")


def unsigned_report(
    audit: Audit,
    checklist: Checklist,
    summary: Summary,
    photos: PhotoSource,
    record: Any,
    full_evidence: bool,
    page_size: str = "A4",
    generated_at: dt.datetime | None = None,
    revision: int | None = None,
    failure_photos_only: bool = False,
    agency: Agency | None = None,
    progress: list[ActionProgress] | None = None,
    full_resolution: bool = False,
) -> bytes:
    """The report laid out with ``record`` (a PortableAudit) embedded in it."""
    layout = Layout(
        page_size, generated_at, revision, failure_photos_only, agency, progress, full_resolution
    )
    return _unsigned(audit, checklist, summary, photos, record, full_evidence, layout)


def _unsigned(
    audit: Audit,
    checklist: Checklist,
    summary: Summary,
    photos: PhotoSource,
    record: Any,
    full_evidence: bool,
    layout: Layout,
) -> bytes:
    pdf, data = _layout(audit, checklist, summary, photos, layout, None)
    return attach(pdf, record_attachments(record, data.printed.drawn, photos, full_evidence))


def _story(data: ReportData) -> list:
    request_prints(data)
    first = notice_page if data.regulatory else cover
    parts = [
        first,
        contents_section,
        follow_up_section,
        summary_table,
        statements,
        scores_section,
        items_section,
        registers_section,
        photos_section,
    ]
    story: list = []
    for part in parts:
        flowables = part(data)
        if flowables:
            story += flowables
            if part is not first:  # the contents follow the first page's text
                story.append(PageBreak())
    return story + signoff_section(data) + sources_section(data) + integrity_section(data)


def build_report_file(**options: Any) -> Path:
    """Load an audit (from the store, or a portable file), build its report, write
    ``output``; the options are ``write_report``'s.

    ``page_size`` None: the jurisdiction pack's (Letter in the US), else A4. ``agency``:
    the letterhead for a record that names no agency (the record's own is kept).
    ``signing``: sign the report of a finalized audit (see ``write_report``).
    Raises BadFileError or StoreError with a message for the user when the input or the
    output cannot be used.
    """
    return write_report(**options).path


@dataclass(frozen=True)
class WrittenReport:
    path: Path
    final: bool
    signature: SignaturePlan | None  # None: unsigned (no key, or a draft)


def write_report(
    *,
    output: str | os.PathLike,
    page_size: str | None = None,
    store=None,
    audit_id: str | None = None,
    portable_file: str | os.PathLike | None = None,
    failure_photos_only: bool = False,
    agency: Agency | None = None,
    signing: Signing | None = None,
    full_evidence: bool = False,
    full_resolution: bool = False,
) -> WrittenReport:
    """``build_report_file``, saying whether and how the report was signed. Every report
    written embeds its record (``evidence.record``); ``full_evidence`` also embeds the
    stored photos; ``full_resolution`` prints the stored photos instead of print copies."""
    if (audit_id is None) == (portable_file is None):
        raise ValueError("give either audit_id (with store) or portable_file")
    if audit_id is not None:
        if store is None:
            raise ValueError("audit_id needs a store")
        audit = store.get(audit_id)
        checklist = store.checklist_for(audit)
        photos: PhotoSource = store
        revision = store.revision(audit_id)
        progress = store.action_log(audit_id)
        record = portable_record(store, audit_id, with_photos=False)
    else:
        assert portable_file is not None  # one of the two, checked above
        audit, photos = _load_portable(Path(portable_file), store)
        checklist = _checklist(audit, store, str(portable_file))
        revision = getattr(audit, "revision", None)  # a portable file may carry it
        record = audit
        progress = []
    if page_size is None:
        page_size = checklist.pack.thresholds.page_size if checklist.pack else "A4"
    summary = summarize(checklist, audit)
    plan = None
    options = {
        "revision": revision,
        "failure_photos_only": failure_photos_only,
        "agency": agency,
        "progress": progress,
        "full_resolution": full_resolution,
    }
    if signing is None:
        pdf = unsigned_report(
            audit, checklist, summary, photos, record, full_evidence, page_size, **options
        )
    else:
        pdf, plan = build_signed_report(
            audit,
            checklist,
            summary,
            photos,
            signing,
            page_size,
            record=record,
            full_evidence=full_evidence,
            **options,
        )
    path = _write(Path(output), pdf)
    if audit_id is not None and audit.status == Status.FINALIZED:
        store.file_report(audit_id, pdf, signed=plan is not None)  # the record of issue
    return WrittenReport(path, audit.status == Status.FINALIZED, plan)


def _load_portable(path: Path, store):
    """The audit of a portable file, checked against its checklist (the store's, or else
    a built-in one), so that the report shows nothing the checklist does not have."""
    from clinic_audit.files.portable import parse_portable

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadFileError([FileProblem(str(path), ErrorCode.FILE_MISSING, {})]) from None
    except IsADirectoryError:
        raise _unreadable(path, "it is a folder") from None
    except OSError as error:
        raise _unreadable(path, error.strerror or str(error)) from None

    lookup = builtin_checklist_for if store is None else checklists_of(store)
    portable = parse_portable(data, str(path), lookup)
    return portable, PortablePhotos(portable.photo_data)


def _checklist(audit: Audit, store, file: str) -> Checklist:
    found = (checklists_of(store) if store is not None else builtin_checklist_for)(audit)
    if found is None:
        raise BadFileError(
            [
                FileProblem(
                    file,
                    ErrorCode.AUDIT_UNKNOWN_CHECKLIST,
                    {"checklist": audit.checklist_id, "version": audit.checklist_version},
                )
            ]
        )
    return found


def _unreadable(path: Path, reason: str) -> BadFileError:
    return BadFileError([FileProblem(str(path), ErrorCode.FILE_UNREADABLE, {"reason": reason})])


def _write(path: Path, pdf: bytes) -> Path:
    """Write through a temporary file, so a failed write never leaves half a report."""
    if path.is_dir():
        raise _unwritable(path, "it is a folder; give a file name such as report.pdf")
    if not path.parent.is_dir():
        raise _unwritable(path, f"the folder {path.parent} does not exist")
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        part.write_bytes(pdf)
        os.replace(part, path)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise _unwritable(path, error.strerror or str(error)) from None
    return path


def _unwritable(path: Path, reason: str) -> BadFileError:
    return BadFileError([FileProblem(str(path), ErrorCode.FILE_UNWRITABLE, {"reason": reason})])
