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
import functools
import io
import logging
import tempfile
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
    from clinic_audit.evidence.loaded_key import loaded_once

    return ReportSigner(signer=loaded_once(signer), file=file)


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
    font_file: str | Path | None = None,
) -> bytes:
    """``pdf`` with ``attachments`` (name, data, MIME type, description) embedded as
    associated files (/AF, /AFRelationship /Source) and then signed in one incremental
    update, so the signature covers the attachments too. ``local_time`` writes the
    signing time in the box as the report writes times (the audit's zone); ``font_file``
    (a TrueType font, the report's own) draws the box, so a signer's name in any script
    shows as it is; without one the box is in Courier and its text folded to Latin-1."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import TimestampRequestError

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
    now = dt.datetime.now(dt.UTC)
    stamp_time = local_time(now) if local_time else now.strftime("%Y-%m-%d %H:%M:%S UTC")
    text = f"{plan.meaning}\nSigned by: {plan.signer}\nTime: {stamp_time}\n{plan.level}"
    out = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="clinic-audit-stamp-") as folder:
        font = stamp_font(font_file, text, Path(folder)) if font_file else None
        pdf_signer = signers.PdfSigner(
            meta,
            signer.signer,
            timestamper=stamper,
            stamp_style=stamp_style(text, font),
            new_field_spec=field_spec,
        )
        try:
            pdf_signer.sign_pdf(writer, output=out)
        except TimestampRequestError as error:
            raise TimestampFailed(_reason(error)) from error
    return out.getvalue()


def stamp_style(text: str, font_file: Path | None) -> Any:
    """The look of the visible signature (its meaning, signer, time and level): in
    ``font_file``, else in the standard Courier, which draws Latin-1 only."""
    from pyhanko.stamp import TextStampStyle

    escaped = text.replace("%", "%%")  # the stamp text is a %-format for pyHanko
    if font_file is None:
        return TextStampStyle(stamp_text=latin1(escaped), border_width=1)
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle

    size = 9  # the accumulator and the box must agree, or lines drift sideways
    return TextStampStyle(
        stamp_text=escaped,
        border_width=1,
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(str(font_file), font_size=size),
            font_size=size,
            leading=12,
        ),
    )


def stamp_font(font_file: str | Path, text: str, folder: Path) -> Path | None:
    """A copy of the TrueType font ``font_file`` holding only the glyphs of ``text`` (and
    every digit, so a later signing time needs no new copy), at 1000 units per em,
    written into ``folder``; None when it cannot be made (fontTools missing, the file
    unreadable: the box then falls back to Courier).

    pyHanko writes glyph widths as the font gives them, and a PDF reads them as
    thousandths of the font size: a font of 2048 units per em such as DejaVu Sans would
    set its letters twice as far apart. Scaling the whole font takes over a second; the
    few glyphs of the box, about 0.1 s, once per process for the same signer.
    """
    characters = "".join(sorted(set(text.replace("\n", "")) | set("0123456789")))
    data = _stamp_font_bytes(str(font_file), characters)
    if data is None:
        return None
    path = folder / "stamp.ttf"
    path.write_bytes(data)
    return path


@functools.lru_cache(maxsize=8)
def _stamp_font_bytes(font_file: str, characters: str) -> bytes | None:
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont, TTLibError
        from fontTools.ttLib.scaleUpem import scale_upem
    except ImportError:
        return None
    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "FFTM NOT subset" and the like
    try:
        font = TTFont(font_file)
        options = subset.Options()
        options.layout_features = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters)
        subsetter.subset(font)
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        out = io.BytesIO()
        font.save(out)
    except (OSError, TTLibError, KeyError, ValueError, AssertionError):
        return None
    finally:
        quiet.setLevel(level)
    return out.getvalue()


def latin1(text: str) -> str:
    """``text`` as the standard PDF fonts can draw it: accents dropped where that gives
    Latin-1 (Ł → L), other letters as '?'."""
    import unicodedata

    out = []
    for char in text:
        if char.encode("latin-1", "ignore"):
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(base.strip() or {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o"}.get(char, "?"))
    return "".join(out)


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
