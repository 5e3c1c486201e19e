"""Normalize a photo when it is attached: upright, RGB, bounded size, JPEG."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_EDGE = 2048
THUMB_EDGE = 480
JPEG_QUALITY = 85
PRINT_DPI = 200  # reports print photos re-encoded for their printed size at this resolution
PRINT_QUALITY = 80
MAX_INPUT_BYTES = 80_000_000
MAX_PIXELS = 150_000_000
_EXIF_DATETIME_ORIGINAL = 0x9003
_EXIF_OFFSET_TIME_ORIGINAL = 0x9011
_EXIF_MAKE = 0x010F
_EXIF_MODEL = 0x0110
_EXIF_IFD = 0x8769


class PhotoError(ValueError):
    """The file cannot be attached as a photo; the message says why and what to do."""


@dataclass(frozen=True)
class NormalizedPhoto:
    sha256: str
    jpeg: bytes
    jpeg_sha256: str
    width: int
    height: int
    taken_at: dt.datetime | None
    thumb: bytes
    taken_offset: str | None = None  # EXIF OffsetTimeOriginal, "+02:00"
    camera_make: str | None = None
    camera_model: str | None = None


def _register_heif() -> None:
    """Teach Pillow to read iPhone HEIC photos (imported on first use: it is slow to load)."""
    global _heif_registered
    if not _heif_registered:
        try:
            from pillow_heif import register_heif_opener

            register_heif_opener()
        except ImportError:
            pass
        _heif_registered = True


_heif_registered = False


def normalize(data: bytes, name: str = "photo") -> NormalizedPhoto:
    if not data:
        raise PhotoError(f"{name}: the file is empty (0 bytes). Choose the photo file again.")
    if len(data) > MAX_INPUT_BYTES:
        raise PhotoError(
            f"{name}: the file is {len(data) // 1_000_000} MB, more than the "
            f"{MAX_INPUT_BYTES // 1_000_000} MB allowed. Export a smaller copy and attach that."
        )
    _register_heif()
    try:
        image: Image.Image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise PhotoError(
                f"{name}: the image is {image.width}×{image.height} pixels, too large to attach. "
                "Resize it below 150 megapixels first."
            )
        image.draft("RGB", (MAX_EDGE, MAX_EDGE))
        taken_at = _taken_at(image)
        offset, make, model = _provenance(image)
        image = ImageOps.exif_transpose(image)
        image = _to_rgb(image)
        image.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    except PhotoError:
        raise
    except UnidentifiedImageError:
        raise PhotoError(
            f"{name}: this is not an image Clinic Audit can read. Attach a JPEG, PNG or HEIC photo."
        ) from None
    except Image.DecompressionBombError:
        raise PhotoError(
            f"{name}: the image has too many pixels to attach safely. "
            "Resize it below 150 megapixels first."
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise PhotoError(
            f"{name}: the image is damaged or cut off ({exc}). Copy it from the camera again."
        ) from None
    jpeg = out.getvalue()
    return NormalizedPhoto(
        thumb=_thumbnail(image),
        sha256=hashlib.sha256(data).hexdigest(),
        jpeg=jpeg,
        jpeg_sha256=hashlib.sha256(jpeg).hexdigest(),
        width=image.width,
        height=image.height,
        taken_at=taken_at,
        taken_offset=offset if taken_at is not None else None,
        camera_make=make,
        camera_model=model,
    )


def thumbnail(jpeg: bytes) -> bytes:
    """A print-resolution thumbnail of a stored JPEG (decoded at reduced size, so fast)."""
    image = Image.open(io.BytesIO(jpeg))
    image.draft("RGB", (THUMB_EDGE, THUMB_EDGE))
    return _thumbnail(image.convert("RGB"))


def print_size(pixels: tuple[int, int], box: tuple[float, float]) -> tuple[int, int]:
    """The pixel size of a photo of ``pixels`` printed to fit ``box`` (in points, 1/72
    inch) at PRINT_DPI: ``pixels`` itself when that is within a tenth of it (re-compressing
    it would gain nothing) or more."""
    ratio = min(box[0] / pixels[0], box[1] / pixels[1]) * PRINT_DPI / 72
    if ratio >= 0.9:
        return pixels
    return max(1, round(pixels[0] * ratio)), max(1, round(pixels[1] * ratio))


def print_copy(jpeg: bytes, size: tuple[int, int]) -> bytes:
    """The stored JPEG ``jpeg`` re-encoded at ``size`` pixels for printing (decoded at a
    reduced DCT scale where it can be, so fast)."""
    image: Image.Image = Image.open(io.BytesIO(jpeg))
    image.draft("RGB", size)
    image = image.convert("RGB")
    if image.size != size:
        image = image.resize(size, Image.Resampling.BILINEAR)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=PRINT_QUALITY, optimize=True)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return image.point(lambda value: value / 256).convert("L").convert("RGB")
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


def _taken_at(image: Image.Image) -> dt.datetime | None:
    try:
        raw = image.getexif().get_ifd(_EXIF_IFD).get(_EXIF_DATETIME_ORIGINAL)
        return dt.datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S") if raw else None
    except (ValueError, TypeError, KeyError, OSError):
        return None


_OFFSET = re.compile(r"^[+-](0\d|1[0-4]):[0-5]\d$")


def _provenance(image: Image.Image) -> tuple[str | None, str | None, str | None]:
    """The camera's UTC offset at capture, and its make and model, from EXIF (None each
    where the file does not say, or says something unusable)."""
    try:
        exif = image.getexif()
        offset = _text(exif.get_ifd(_EXIF_IFD).get(_EXIF_OFFSET_TIME_ORIGINAL))
        make, model = _text(exif.get(_EXIF_MAKE)), _text(exif.get(_EXIF_MODEL))
    except (ValueError, TypeError, KeyError, OSError):
        return None, None, None
    return (offset if offset and _OFFSET.match(offset) else None), make, model


def _text(raw: object) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    text = "".join(ch for ch in str(raw) if ch.isprintable()).strip("\x00 ")
    return text[:100] or None
