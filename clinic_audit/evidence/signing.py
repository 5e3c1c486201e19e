"""Sign a finished report: a PAdES signature (pyHanko) in a visible field, with an RFC 3161
time stamp when a time-stamp service answers (B-T), else without (B-B).

The order matters for honesty: ``plan_signature`` loads the key and asks the time-stamp
service for a time stamp *before* the report is laid out, so the report can print which
level it has and why; ``sign_report`` then signs those bytes. Should the service fail
between the two, ``sign_report`` raises ``TimestampFailed`` and the caller lays the
report out again as B-B (it never prints B-T over a B-B signature).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic_audit.evidence.plan import SIGNATURE_FIELD, SignaturePlan, meaning_for
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem

TIMESTAMP_TIMEOUT = 8.0


class TimestampFailed(Exception):
    """The time-stamp service answered the probe but not the signature's request."""


@dataclass
class ReportSigner:
    """A loaded signing key (pyHanko's signer) and where it came from."""

    signer: Any  # pyhanko.sign.signers.SimpleSigner
    file: str

    @property
    def certificate(self) -> Any:  # asn1crypto.x509.Certificate
        return self.signer.signing_cert


def load_signer(p12: str | Path, password: bytes | None) -> ReportSigner:
    """The key and certificate of a PKCS#12 file; BadFileError when it is missing, not a
    PKCS#12 file, or the password is wrong."""
    from pyhanko.sign.signers import SimpleSigner

    file = str(p12)
    try:
        data = Path(p12).read_bytes()
    except FileNotFoundError:
        raise BadFileError([FileProblem(file, ErrorCode.FILE_MISSING, {})]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise BadFileError(
            [FileProblem(file, ErrorCode.FILE_UNREADABLE, {"reason": reason})]
        ) from None
    try:
        signer = SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=password)
    except ValueError:
        code = ErrorCode.KEY_PASSWORD_WRONG if _is_pkcs12(data) else ErrorCode.KEY_NOT_PKCS12
        raise BadFileError([FileProblem(file, code, {})]) from None
    return ReportSigner(signer=signer, file=file)


def _is_pkcs12(data: bytes) -> bool:
    """Whether ``data`` parses as PKCS#12 at all (so a failure is the password's)."""
    from asn1crypto import pkcs12

    try:
        pkcs12.Pfx.load(data).native  # noqa: B018 - parsing is the check
    except (ValueError, TypeError):
        return False
    return True


def name_of(name: Any) -> str:
    """A certificate name as a person reads it: the common name, else the whole name."""
    native = name.native
    return native.get("common_name") or name.human_friendly


def is_self_signed(cert: Any) -> bool:
    return cert.self_signed in ("yes", "maybe")


def probe_timestamp(url: str | None) -> tuple[Any | None, str]:
    """A time stamper for ``url`` that has just answered a request, and the sentence the
    report prints; (None, why not) without a URL or when the service does not answer."""
    if not url:
        return None, (
            "No time-stamp service is set (signing settings: timestamp_url), so the signing "
            "time is the signer's computer clock."
        )
    from pyhanko.sign.timestamps import HTTPTimeStamper

    stamper = HTTPTimeStamper(url, timeout=TIMESTAMP_TIMEOUT)
    try:
        asyncio.run(stamper.async_dummy_response("sha256"))
    except Exception as error:  # noqa: BLE001 - any failure means: no time stamp
        return None, (
            f"The time-stamp service {url} did not answer ({_reason(error)}), so the signing "
            "time is the signer's computer clock."
        )
    return stamper, f"The signing time is attested by the time-stamp service {url} (RFC 3161)."


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:200] if text else type(error).__name__


def plan_signature(
    signer: ReportSigner, timestamp_url: str | None, regulatory: bool
) -> tuple[SignaturePlan, Any | None]:
    """What the report will print about its signature, and the time stamper to use."""
    cert = signer.certificate
    stamper, why = probe_timestamp(timestamp_url)
    plan = SignaturePlan(
        signer=name_of(cert.subject),
        subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        self_signed=is_self_signed(cert),
        level="PAdES B-T" if stamper is not None else "PAdES B-B",
        why=why,
        meaning=meaning_for(regulatory),
        timestamp_url=timestamp_url if stamper is not None else None,
    )
    return plan, stamper


def unstamped(plan: SignaturePlan, why: str) -> SignaturePlan:
    from dataclasses import replace

    return replace(plan, level="PAdES B-B", why=why, timestamp_url=None)


@dataclass(frozen=True)
class FieldSpot:
    """Where the visible signature goes: page index (0 first) and box in PDF points."""

    page: int
    box: tuple[int, int, int, int]


def sign_report(
    pdf: bytes,
    signer: ReportSigner,
    plan: SignaturePlan,
    spot: FieldSpot | None,
    stamper: Any | None = None,
    attachments: list[tuple[str, bytes, str, str]] | None = None,
    local_time: Callable[[dt.datetime], str] | None = None,
) -> bytes:
    """``pdf`` with ``attachments`` (name, data, MIME type, description) embedded as
    associated files (/AF, /AFRelationship /Source) and then signed in one incremental
    update, so the signature covers the attachments too. ``local_time`` writes the
    signing time in the box as the report writes times (the audit's zone)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import TimestampRequestError
    from pyhanko.stamp import TextStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for name, data, mime, description in attachments or []:
        embed(writer, name, data, mime, description)
    field_spec = (
        fields.SigFieldSpec(SIGNATURE_FIELD, on_page=spot.page, box=spot.box)
        if spot is not None
        else fields.SigFieldSpec(SIGNATURE_FIELD)
    )
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=plan.meaning,
        name=plan.signer,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        signer_key_usage={"digital_signature"},
    )
    style = TextStampStyle(
        stamp_text=f"{plan.meaning}\nSigned by: %(signer)s\nTime: %(when)s\n{plan.level}",
        border_width=1,
    )
    pdf_signer = signers.PdfSigner(
        meta, signer.signer, timestamper=stamper, stamp_style=style, new_field_spec=field_spec
    )
    out = io.BytesIO()
    now = dt.datetime.now(dt.UTC)
    stamp_time = local_time(now) if local_time else now.strftime("%Y-%m-%d %H:%M:%S UTC")
    try:
        pdf_signer.sign_pdf(writer, output=out, appearance_text_params={"when": stamp_time})
    except TimestampRequestError as error:
        raise TimestampFailed(_reason(error)) from error
    return out.getvalue()


def embed(writer: Any, name: str, data: bytes, mime: str, description: str) -> None:
    """One associated file of the document, its relationship /Source (the report was
    made from it)."""
    import hashlib

    from pyhanko.pdf_utils import embed as pdf_embed
    from pyhanko.pdf_utils import generic

    stream = pdf_embed.EmbeddedFileObject.from_file_data(
        writer,
        data=data,
        compress=mime != "image/jpeg",  # a JPEG does not deflate; trying costs seconds
        mime_type=mime,
        params=pdf_embed.EmbeddedFileParams(embed_size=True, embed_checksum=True),
    )
    spec = pdf_embed.FileSpec(
        file_spec_string=name,
        file_name=name,
        embedded_data=stream,
        description=f"{description} (SHA-256 {hashlib.sha256(data).hexdigest()})",
        af_relationship=generic.NameObject("/Source"),
    )
    pdf_embed.embed_file(writer, spec)
