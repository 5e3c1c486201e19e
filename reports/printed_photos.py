"""The JPEGs a report prints: each stored photo re-encoded at PRINT_DPI for the largest
size the report prints it at (so that 60 phone photos still make a report that can be
emailed), or with ``full_resolution`` the stored JPEG byte for byte.

Copies are made on both cores while the pages are laid out (Pillow decodes, resizes and
encodes without holding the GIL), and a copy's SHA-256 is printed when its page is drawn
(``textblock.DigestRun``). The stored bytes are read on the caller's thread, since a store
is not shared between threads.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from clinic_audit.audit.model import PhotoRef
from clinic_audit.files.photos import print_copy, print_size


@dataclass(frozen=True)
class PrintedCopy:
    """The image a report embeds for one photo; ``reduced``: a print copy, not the
    stored JPEG itself."""

    jpeg: bytes
    sha256: str
    width: int
    height: int
    reduced: bool = False


def _copy(
    stored: bytes, stored_sha256: str, pixels: tuple[int, int], size: tuple[int, int]
) -> PrintedCopy:
    try:
        jpeg = print_copy(stored, size)
    except (OSError, ValueError):  # a JPEG that cannot be decoded is printed as it is
        return PrintedCopy(stored, stored_sha256, *pixels)
    return PrintedCopy(jpeg, hashlib.sha256(jpeg).hexdigest(), size[0], size[1], reduced=True)


class PrintedPhotos:
    """Print copies by the photo's original SHA-256: ``request`` each photo with the box
    it is printed largest in, before anything else asks for it."""

    def __init__(self, photos, full_resolution: bool = False):
        self._photos = photos  # has photo_jpeg(sha256)
        self.full_resolution = full_resolution
        self._futures: dict[str, Future[PrintedCopy]] = {}
        self._boxes: dict[str, tuple[float, float]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self.drawn: dict[str, PrintedCopy] = {}  # by the stored JPEG's SHA-256

    def request(self, ref: PhotoRef, box: tuple[float, float]) -> None:
        if ref.sha256 in self._futures:
            return
        self._boxes[ref.sha256] = box
        stored = self._photos.photo_jpeg(ref.sha256)
        pixels = (ref.width, ref.height)
        size = pixels if self.full_resolution else print_size(pixels, box)
        if size == pixels:
            done: Future[PrintedCopy] = Future()
            done.set_result(PrintedCopy(stored, ref.jpeg_sha256, *pixels))
            self._futures[ref.sha256] = done
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(2, thread_name_prefix="print-copy")
        self._futures[ref.sha256] = self._pool.submit(_copy, stored, ref.jpeg_sha256, pixels, size)

    def box(self, ref: PhotoRef) -> tuple[float, float]:
        """The box (points) the photo was asked for in: where the page draws it."""
        return self._boxes[ref.sha256]

    def copy(self, ref: PhotoRef) -> PrintedCopy:
        future = self._futures.get(ref.sha256)
        if future is None:
            raise KeyError(f"photo {ref.sha256[:12]} was drawn but never requested")
        return future.result()

    def draw(self, ref: PhotoRef) -> bytes:
        copy = self.copy(ref)
        self.drawn[ref.jpeg_sha256] = copy
        return copy.jpeg

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
