"""The report runner builds off the GUI thread and always ends in finished or failed."""

import threading

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer

from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem
from clinic_audit.ui.workers.report import NO_BUILDER, ReportRunner


class SlowBuilder:
    """Stands in for build_report_file; holds until the test lets it go (no sleeping)."""

    def __init__(self):
        self.release = threading.Event()
        self.calls = []
        self.thread = None

    def __call__(self, **kwargs):
        self.thread = threading.get_ident()
        self.calls.append(kwargs)
        assert self.release.wait(10)
        with open(kwargs["output"], "wb") as out:
            out.write(b"%PDF-1.4 stand-in")
        return kwargs["output"]


@pytest.fixture
def runner(app_ctx):
    runner = ReportRunner(app_ctx)
    yield runner
    runner.wait(10_000)


@pytest.fixture
def slow(runner):
    slow = SlowBuilder()
    runner.find_builder = lambda: slow
    yield slow
    slow.release.set()  # a failed test must not leave the worker waiting


def test_the_build_runs_off_the_gui_thread_while_the_gui_keeps_going(
    qtbot, app_ctx, runner, slow, sample_audit, tmp_path
):
    output = str(tmp_path / "report.pdf")
    ticks = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    with qtbot.waitSignal(runner.started):
        runner.start(sample_audit.id, output, "Letter")
    assert runner.busy
    qtbot.waitUntil(lambda: bool(slow.calls) and len(ticks) >= 3)  # the GUI loop runs meanwhile
    assert slow.thread != threading.get_ident()
    assert slow.calls == [
        dict(
            store=app_ctx.store,
            audit_id=sample_audit.id,
            output=output,
            page_size="Letter",
            failure_photos_only=False,
            full_resolution=False,
        )
    ]
    with qtbot.waitSignal(runner.finished) as finished:
        slow.release.set()
    timer.stop()
    assert finished.args == [output]
    assert not runner.busy


def test_a_second_start_while_busy_is_refused(qtbot, runner, slow, sample_audit, tmp_path):
    runner.start(sample_audit.id, str(tmp_path / "a.pdf"))
    with qtbot.waitSignal(runner.failed) as refused:
        runner.start(sample_audit.id, str(tmp_path / "b.pdf"))
    assert "already being built" in refused.args[0]
    with qtbot.waitSignal(runner.finished):
        slow.release.set()


def test_a_missing_report_package_is_a_clear_failure(qtbot, runner, sample_audit, tmp_path):
    def missing():
        raise ImportError("No module named 'clinic_audit.reports'")

    runner.find_builder = missing
    with qtbot.waitSignal(runner.failed) as failed:
        runner.start(sample_audit.id, str(tmp_path / "r.pdf"))
    assert failed.args == [NO_BUILDER]
    assert not runner.busy


def test_a_refused_output_file_says_where_and_how_to_fix(qtbot, runner, sample_audit, tmp_path):
    problem = FileProblem(str(tmp_path), ErrorCode.FILE_UNWRITABLE, {"reason": "it is a folder"})

    def refuses(**_kwargs):
        raise BadFileError([problem])

    runner.find_builder = lambda: refuses
    with qtbot.waitSignal(runner.failed) as failed:
        runner.start(sample_audit.id, str(tmp_path))
    assert failed.args == [str(problem)]


def test_an_unexpected_error_is_reported_without_a_traceback(qtbot, runner, sample_audit, tmp_path):
    def broken(**_kwargs):
        raise RuntimeError("font table exploded")

    runner.find_builder = lambda: broken
    with qtbot.waitSignal(runner.failed) as failed:
        runner.start(sample_audit.id, str(tmp_path / "r.pdf"))
    message = failed.args[0]
    assert "font table exploded" in message and "Your audit is safe" in message
    assert "Traceback" not in message


def test_the_real_builder_writes_the_pdf_of_the_audit(qtbot, runner, sample_audit, tmp_path):
    output = tmp_path / "real.pdf"
    with qtbot.waitSignal(runner.finished, timeout=60_000) as finished:
        runner.start(sample_audit.id, str(output), "A4")
    assert finished.args == [str(output)]
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert sample_audit.facility.name in text


def test_the_real_builder_refuses_a_missing_folder(qtbot, runner, sample_audit, tmp_path):
    with qtbot.waitSignal(runner.failed, timeout=60_000) as failed:
        runner.start(sample_audit.id, str(tmp_path / "nowhere" / "r.pdf"))
    assert "does not exist" in failed.args[0]
