"""Sign-off (signatures, names, times) and, last, the fingerprint of the audit record."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from clinic_audit import __version__
from clinic_audit.audit.model import Person, Signature, SignatureRole, signature_meaning
from clinic_audit.files.integrity import signature_is_current
from clinic_audit.reports.context import ReportData
from clinic_audit.reports.flowables import Heading, PngImage, SignatureSpot
from clinic_audit.reports.styles import RULE, SHADE, grid
from clinic_audit.reports.text import esc
from clinic_audit.reports.textblock import KeepBlock
from clinic_audit.rules.display import plural

SIGNATURE_BOX = (70 * mm, 21 * mm)


def signoff_section(data: ReportData) -> list:
    s, audit, words = data.styles, data.audit, data.wording
    story: list = [Heading(esc(words.signoff), s.h1, outline=words.signoff, key="signoff")]
    if not data.final:
        story.append(
            s.body(
                "This is a draft. Signatures are printed on the final report only: a draft "
                "is not signed, and no one's signature may be taken from it."
                + (
                    f" The record holds {plural(len(audit.signatures), 'signature')} so far."
                    if audit.signatures
                    else ""
                ),
                after=4,
            )
        )
    roles = (
        (SignatureRole.INSPECTOR, words.inspector_role, audit.inspector, None),
        (
            SignatureRole.REPRESENTATIVE,
            words.representative_role,
            audit.representative,
            words.representative_statement,
        ),
    )
    for role, title, person, statement in roles:
        signature = audit.signature(role) if data.final else None
        block = _block(
            data, signature, title, person, statement, shown_meaning(data, role, signature)
        )
        story.append(KeepBlock(block, data.frame_height))
    story.append(KeepBlock(digital_signature_block(data), data.frame_height))
    return story


DIGITAL_BOX = (80 * mm, 24 * mm)


def digital_signature_block(data: ReportData) -> list:
    """The visible field of the report's digital signature, or why there is none."""
    s, plan = data.styles, data.signature
    lines: list = [Paragraph("Digital signature of this report", s.h2)]
    if plan is None:
        why = (
            "This report is UNSIGNED: a draft is never signed."
            if not data.final
            else "This report is UNSIGNED: it was built without a signing key. Only the "
            "printed record fingerprint (last page) can be checked against a record."
        )
        lines.append(s.body(why))
        return lines
    lines.append(
        s.body(
            f"{plan.meaning}. This report is signed digitally ({plan.level}); the "
            "box below shows the signer and the signing time. Any change to the file after "
            "signing, a page removed or a byte altered, shows when it is checked with "
            "'clinic-audit verify' or a PDF reader.",
            after=2 * mm,
        )
    )
    lines.append(
        SignatureSpot(
            *DIGITAL_BOX,
            data.signature_spots,
            "Digital signature: check it with 'clinic-audit verify' or a PDF reader",
            s.fonts.regular,
        )
    )
    lines.append(Spacer(1, 4 * mm))
    return lines


def shown_meaning(data: ReportData, role: SignatureRole, signature: Signature | None) -> str:
    """What a drawn signature says its signer did: as recorded when it was given, else (a
    signature made before signatures recorded it) what that role's signature means."""
    if signature is not None and signature.meaning.strip():
        return signature.meaning.strip()
    return signature_meaning(role, data.regulatory)


def _block(
    data: ReportData,
    signature: Signature | None,
    title: str,
    person: Person,
    statement,
    meaning: str,
) -> list:
    s = data.styles
    lines: list = [Paragraph(esc(title), s.h2)]
    if statement:
        lines.append(s.body(statement))
    if signature is None:
        picture = s.muted("Not signed in the app." if data.final else "Draft: not signed.")
        name, signed = person.name.strip() or "—", "—\n\nSignature: ______________________"
    else:
        picture = (
            _image(signature.image_png, s)
            if signature.image_png
            else s.muted("Signed without a drawn signature.")
        )
        name, signed = signature.name, data.time(signature.signed_at)
    runs = [s.run("Name: ", "bold"), s.run(name), s.run("\nSigned: ", "bold"), s.run(signed)]
    extra = [x.strip() for x in (person.role, person.organisation) if x.strip()]
    if extra:
        runs += [s.run("\nRole: ", "bold"), s.run(", ".join(extra))]
    if signature is not None:
        runs += [s.run("\nMeaning: ", "bold"), s.run(meaning)]
        runs += [s.run("\nCovers: ", "bold"), s.run(_covers(data, signature))]
    table = grid(
        s.fonts.regular,
        [[picture, s.text(*runs)]],
        colWidths=[SIGNATURE_BOX[0] + 8, data.frame_width - SIGNATURE_BOX[0] - 8],
        hAlign="LEFT",
    )
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (0, 0), SHADE),
            ("BOX", (0, 0), (0, 0), 0.5, RULE),
            ("LEFTPADDING", (1, 0), (1, 0), 10),
        ]
    )
    lines.append(table)
    return lines


def _covers(data: ReportData, signature: Signature) -> str:
    """What the signature was given on, so a reader sees whether it covers this record."""
    if signature.record_sha256 is None:
        return "not recorded (signed before signatures recorded what they covered)"
    what = f"record SHA-256 {signature.record_sha256}"
    if signature.record_revision is not None:
        what = f"record revision {signature.record_revision}, SHA-256 {signature.record_sha256}"
    if signature_is_current(data.audit, signature):
        return what + " — this record as printed"
    return what + " — an EARLIER version of this record, not the one printed"


def _image(png: bytes, s):
    try:
        return PngImage(png, SIGNATURE_BOX)
    except (OSError, ValueError, SyntaxError):
        return s.muted("(the signature image cannot be read)")


def integrity_section(data: ReportData) -> list:
    s, audit = data.styles, data.audit
    status = (
        f"finalized {data.time(audit.finalized_at)}" if data.final else "a draft, not finalized"
    )
    revision = f"revision {data.revision}" if data.revision else "revision not recorded in the file"
    title = data.wording.integrity
    lines: list = [
        Heading(esc(title), s.h1, outline=title, key="integrity"),
        s.body(
            f"Report {data.report_id} was built from the audit record {audit.id} ({revision}; "
            f"{status}) at {data.time(data.generated_at)} by Clinic Audit {__version__}. "
            "A draft's report id ends in D and its revision, the final report's in F: the "
            "two are never the same document. The fingerprint below is the SHA-256 of the "
            "record; anyone holding the record can compute it again (clinic-audit verify), "
            "and a different value means the record is not the one this report was built "
            "from.",
            after=2 * mm,
        ),
        *_trail_lines(data),
        s.text(s.run(f"Audit record SHA-256: {data.digest}", "mono", 8.5), after=3 * mm),
        Paragraph("Signature", s.h3),
        *_signature_lines(data),
        Paragraph("Timeline check", s.h3),
    ]
    if data.timeline:
        lines.append(
            s.body(
                "The record's own times raise these questions (a warning, not a finding: a "
                "camera or computer clock can be wrong):",
                after=2,
            )
        )
        lines += [s.body(f"• {warning}", after=2) for warning in data.timeline]
    else:
        lines.append(
            s.body(
                "The record's times are consistent: photos taken during the inspection, "
                "signatures after the last change, and this report built after the "
                "inspection began."
            )
        )
    return [Spacer(1, 6 * mm), KeepBlock(lines, data.frame_height)]


def _trail_lines(data: ReportData) -> list:
    """The head of the trail's hash chain the record names (printed before the record's
    fingerprint, which stays the last digest on the page)."""
    s, head = data.styles, data.audit.trail_head
    if head is None:
        return []
    return [
        s.body(
            "Every change to the record is in its audit trail, each entry chained to the one "
            "before by its hash; when the audit was finalized the chain's head was written "
            "into the record (so this fingerprint covers it). 'clinic-audit verify --trail' "
            "walks the chain where the audit is stored.",
            after=1,
        ),
        s.text(s.run(f"Trail head at finalizing: {head}", "mono", 8.5), after=2),
    ]


def _signature_lines(data: ReportData) -> list:
    s, plan = data.styles, data.signature
    if plan is None:
        what = (
            "This report is unsigned (a draft is never signed)."
            if not data.final
            else "This report is unsigned. Without a signature, only the fingerprint "
            "above can be checked: it shows whether a record is the one the report was "
            "built from, not whether pages of this file were removed or changed."
        )
        return [s.body(what, after=3 * mm)]
    trust = (
        "The certificate is self-signed: the signature proves that the file was not "
        "changed after signing (integrity), not who signed it (identity)."
        if plan.self_signed
        else f"The certificate was issued by {plan.issuer}; whether that issuer is "
        "trusted is decided by the reader's trust list (clinic-audit verify uses the "
        "agency certificates named in the signing settings)."
    )
    level = (
        "The signature carries an RFC 3161 time stamp, so its time does not rest on the "
        "signer's clock."
        if plan.timestamped
        else "The signature carries no time stamp, so its time rests on the signer's "
        "computer clock."
    )
    return [
        s.body(
            f"This report is signed by {plan.signer}; the signature means: {plan.meaning}. "
            f"It is a PAdES signature that covers the whole file, the audit record "
            f"embedded in it included (audit-record.json). {trust}",
            after=2,
        ),
        s.body(f"Level: {plan.level}. {level} {plan.why}", after=3 * mm),
    ]
