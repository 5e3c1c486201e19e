"""Read and normalize a photo file on a worker thread, so a big photo never freezes the window.

Only the slow part (reading, decoding, resizing) runs on the worker; storing goes through
the one write path on the GUI thread when the worker signals back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from clinic_audit.files.photos import PhotoError, normalize
from clinic_audit.store.errors import StoreError
from clinic_audit.ui.context import AppContext

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", ".gif"}
PHOTO_TYPES = ("jpg", "jpeg", "heic", "heif", "png", "tif", "tiff", "bmp", "webp", "gif")
IMAGE_FILTER = (  # both cases: a phone names its photos IMG_0001.HEIC, and Linux tells case
    "Photos (" + " ".join(f"*.{kind} *.{kind.upper()}" for kind in PHOTO_TYPES) + ");;All files (*)"
)


def is_image_file(path: str) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


class PhotoJobSignals(QObject):
    done = Signal(object, object, str)  # the job, NormalizedPhoto, file name
    failed = Signal(object, str)  # the job, message for the user


class PhotoJob(QRunnable):
    def __init__(self, audit_id: str, item_id: str, path: str):
        super().__init__()
        self.setAutoDelete(False)  # Python keeps the job until its signal arrives
        self.audit_id = audit_id
        self.item_id = item_id
        self.path = path
        self.signals = PhotoJobSignals()

    def run(self) -> None:
        name = Path(self.path).name
        try:
            data = Path(self.path).read_bytes()
            photo = normalize(data, name)
        except PhotoError as error:
            self.signals.failed.emit(self, str(error))
        except OSError as error:
            self.signals.failed.emit(
                self,
                f"{name}: cannot read the file ({error.strerror or error}). "
                "Check that it is still there and that you may read it.",
            )
        except Exception as error:  # noqa: BLE001 - a worker must always answer
            self.signals.failed.emit(
                self,
                f"{name}: the photo could not be read ({type(error).__name__}: {error}). "
                "Try another copy of it, and report this if it happens again.",
            )
        else:
            self.signals.done.emit(self, photo, name)


class PhotoAttacher(QObject):
    """Runs photo jobs on the thread pool and stores each result through the one write path."""

    attached = Signal(str, str)  # audit id, item id
    failed = Signal(str, str, str)  # audit id, item id, message for the user
    pending_changed = Signal(str, int)  # item id, photos still being prepared

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.jobs: list[PhotoJob] = []

    def start(self, audit_id: str, item_id: str, paths: list[str]) -> None:
        for path in paths:
            job = PhotoJob(audit_id, item_id, path)
            job.signals.done.connect(self._store)
            job.signals.failed.connect(self._fail)
            self.jobs.append(job)
            QThreadPool.globalInstance().start(job)
        self.pending_changed.emit(item_id, self.pending(item_id))

    def pending(self, item_id: str) -> int:
        return sum(1 for job in self.jobs if job.item_id == item_id)

    def wait(self, msecs: int = 60_000) -> None:
        """Before closing: let running jobs finish, then store what they made."""
        QThreadPool.globalInstance().waitForDone(msecs)
        QCoreApplication.sendPostedEvents()

    def _finish(self, job: PhotoJob) -> None:
        self.jobs.remove(job)
        self.pending_changed.emit(job.item_id, self.pending(job.item_id))

    def _store(self, job: PhotoJob, photo, name: str) -> None:
        self._finish(job)
        try:
            self.ctx.service.attach_normalized_photo(job.audit_id, job.item_id, photo, name)
        except StoreError as error:
            self.failed.emit(job.audit_id, job.item_id, f"{name}: not added. {error}")
            return
        self.ctx.notify_changed(job.audit_id, f"Photo {name} added")
        self.attached.emit(job.audit_id, job.item_id)

    def _fail(self, job: PhotoJob, message: str) -> None:
        self._finish(job)
        self.failed.emit(job.audit_id, job.item_id, message)
