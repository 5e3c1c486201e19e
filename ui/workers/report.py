"""Builds the PDF report on a worker thread and reports back on the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from clinic_audit.messages.catalogue import BadFileError
from clinic_audit.store.errors import StoreError
from clinic_audit.ui.context import AppContext

log = logging.getLogger(__name__)

NO_BUILDER = (
    "The PDF report builder is not part of this installation of Clinic Audit, so no report "
    "can be made. Reinstall Clinic Audit (pip install clinic-audit) and try again."
)


def real_builder() -> Callable[..., object]:
    """``clinic_audit.reports.build_report_file``, imported only when a report is built."""
    from clinic_audit.reports import build_report_file

    return build_report_file


class _Signals(QObject):
    done = Signal(str)
    failed = Signal(str)


class _BuildJob(QRunnable):
    def __init__(
        self,
        find_builder,
        ctx: AppContext,
        audit_id: str,
        output: str,
        page: str,
        failures_only: bool = False,
        signing=None,
        full_resolution: bool = False,
    ):
        super().__init__()
        self.signals = _Signals()
        self._find_builder = find_builder
        self._args = dict(
            store=ctx.store,
            audit_id=audit_id,
            output=output,
            page_size=page,
            failure_photos_only=failures_only,
            full_resolution=full_resolution,
        )
        if signing is not None:
            self._args["signing"] = signing

    def run(self) -> None:
        try:
            builder = self._find_builder()
        except (ImportError, AttributeError):
            log.exception("the report builder cannot be imported")
            self.signals.failed.emit(NO_BUILDER)
            return
        try:
            path = builder(**self._args)
        except BadFileError as error:
            self.signals.failed.emit("\n".join(str(p) for p in error.problems))
        except (StoreError, ValueError) as error:
            self.signals.failed.emit(f"The report was not built: {error}")
        except Exception as error:  # a bug: keep the app alive, say so, log the details
            log.exception("building the report failed")
            self.signals.failed.emit(
                f"The report could not be built because of an unexpected error "
                f"({type(error).__name__}: {error}). Your audit is safe in the store. "
                "Please try again, and report this problem if it happens again."
            )
        else:
            self.signals.done.emit(str(path or self._args["output"]))


class ReportRunner(QObject):
    """``start()`` returns at once; ``finished(path)`` or ``failed(message)`` follows."""

    started = Signal()
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent=None, find_builder=real_builder):
        super().__init__(parent)
        self.ctx = ctx
        self.find_builder = find_builder
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._job: _BuildJob | None = None
        self._kept: list[_BuildJob] = []  # alive until their thread has surely left run()

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start(
        self,
        audit_id: str,
        output_path: str,
        page_size: str = "A4",
        failures_only: bool = False,
        signing=None,
        full_resolution: bool = False,
    ) -> None:
        if self.busy:
            self.failed.emit("A report is already being built; wait for it to finish.")
            return
        job = _BuildJob(
            self.find_builder,
            self.ctx,
            audit_id,
            output_path,
            page_size,
            failures_only,
            signing,
            full_resolution,
        )
        job.setAutoDelete(False)
        job.signals.done.connect(self._on_done)
        job.signals.failed.connect(self._on_failed)
        if self.pool.activeThreadCount() == 0:
            self._kept.clear()
        self._kept.append(job)
        self._job = job
        self.started.emit()
        self.pool.start(job)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is done (for shutdown); True if it finished."""
        return self.pool.waitForDone(msecs)

    def _on_done(self, path: str) -> None:
        self._job = None
        self.finished.emit(path)

    def _on_failed(self, message: str) -> None:
        self._job = None
        self.failed.emit(message)
