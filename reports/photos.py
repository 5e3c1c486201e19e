"""Where the report gets its photos: the store, or the photos embedded in a portable file."""

from __future__ import annotations

from clinic_audit.files.photos import thumbnail


class PortablePhotos:
    """Photos of a portable file (already checked by parse_portable); thumbnails made on demand."""

    def __init__(self, photo_data: dict[str, bytes]):
        self._data = photo_data
        self._thumbs: dict[str, bytes] = {}

    def photo_jpeg(self, sha256: str) -> bytes:
        return self._data[sha256]

    def photo_thumb(self, sha256: str) -> bytes:
        if sha256 not in self._thumbs:
            self._thumbs[sha256] = thumbnail(self._data[sha256])
        return self._thumbs[sha256]
