"""`clinic-audit gui --screenshots DIR`: the sample audit on every main screen, as PNGs.

Runs on a throw-away store and settings file, so the user's own data is never touched.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from clinic_audit.audit.follow_up import CorrectionFound
from clinic_audit.audit.model import Audit, AuditKind, Facility
from clinic_audit.files.agency import save_agency
from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import SAMPLE_AGENCY, build_sample
from clinic_audit.files.sample_images import logo_png
from clinic_audit.store.database import Store
from clinic_audit.ui import preferences
from clinic_audit.ui.context import AppContext

WINDOW_SIZE = (1280, 800)
DEADLINE_FINDING = "item:room-blood-spill-kit"
FAILED_ITEM = "room-no-food-with-blood-or-products"
SHOTS = (
    "home",
    "new_audit",
    "walkthrough_failed_item",
    "registers_finding",
    "findings",
    "findings_deadline",
    "review_sign",
    "report",
    "settings",
    "facility",
    "follow_up",
)


def take_screenshots(out_dir: Path, dark: bool) -> int:
    """Write one PNG per screen into ``out_dir``; 0 when all were written, else 1 or 2."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"clinic-audit: cannot create {out_dir}: {error.strerror}.", file=sys.stderr)
        return 2
    errors: list[str] = []
    previous_hook = sys.excepthook
    sys.excepthook = lambda kind, error, _tb: errors.append(f"{kind.__name__}: {error}")
    try:
        with tempfile.TemporaryDirectory(prefix="clinic-audit-shots-") as temp:
            written = _take_all(Path(temp), out_dir, "-dark" if dark else "")
    finally:
        sys.excepthook = previous_hook
    if errors:
        print("clinic-audit: errors while taking screenshots:", *errors, sep="\n", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} screenshots to {out_dir}: " + ", ".join(written))
    return 0


def _take_all(temp: Path, out_dir: Path, suffix: str) -> list[str]:
    from clinic_audit.ui.main_window import MainWindow

    store = Store.open(temp / "store.sqlite3", create=True)
    settings = QSettings(str(temp / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(preferences.INSPECTOR_NAME, "Dana Whitfield")
    settings.setValue(
        preferences.INSPECTOR_ORGANIZATION, "State Health Services, Medical Spa Inspection Unit"
    )
    settings.setValue(preferences.INSPECTOR_CREDENTIAL, "SHA-4471")
    settings.setValue(preferences.INSPECTOR_CONTACT, "+1 512 555 0199")
    ctx = AppContext(store, "screenshots", settings)
    agency = SAMPLE_AGENCY.model_copy(update={"logo_png": logo_png()})
    ctx.agency_file = save_agency(agency, temp / "agency.yaml")
    audit_id, signatures = _fill_store(ctx)
    window = MainWindow(ctx)
    window.resize(*WINDOW_SIZE)
    window.show()
    written = []

    def shot(name: str) -> None:
        for _ in range(3):
            QApplication.processEvents()
        path = out_dir / f"{name}{suffix}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"cannot write {path}")
        written.append(path.name)

    window.home.select(audit_id)
    shot("home")
    window.show_new_audit()
    window.new_audit.facility_name.setText("Glow Aesthetics Medspa")
    window.new_audit.facility_licence.setText("MSP-2025-0412")
    window.new_audit.facility_address.setPlainText("88 Canyon Road\nSanta Fe, NM 87501")
    region = window.new_audit.facility_region
    region.setCurrentIndex(region.findData("NM"))
    shot("new_audit")
    window.open_audit(audit_id)
    window.walkthrough.go_to_item(FAILED_ITEM)
    shot("walkthrough_failed_item")
    _select_register_finding(window, ctx, audit_id)
    shot("registers_finding")
    window.show_screen("findings")
    shot("findings")
    card = window.findings.card(DEADLINE_FINDING)  # its deadline set earlier by the inspector
    window.findings.scroll_area.ensureWidgetVisible(card, 0, 0)
    shot("findings_deadline")
    for signature in signatures:  # signed last: a signed record is not changed
        ctx.service.sign(audit_id, signature.role, signature.name, signature.image_png)
    ctx.notify_changed(audit_id)
    window.show_screen("review")
    shot("review_sign")
    window.show_screen("report")
    _build_report(window, temp / "reports")
    shot("report")
    _settings_shot(window, ctx, out_dir / f"settings{suffix}.png")
    written.append(f"settings{suffix}.png")
    window.show_facility_of(audit_id)
    shot("facility")
    older = next(r.id for r in store.list() if r.status == "finalized")
    follow_up = ctx.service.follow_up(older)
    first = follow_up.earlier_findings[0]
    ctx.service.record_earlier(
        follow_up.id, first.key, CorrectionFound.CORRECTED, "A separate staff fridge is in use."
    )
    window.open_audit(follow_up.id)
    window.show_screen("findings")
    shot("follow_up")
    window.close()
    store.close()
    return written


def _fill_store(ctx: AppContext) -> tuple[str, list]:
    """The sample audit (a draft, its signatures returned to be given later), an older
    self-audit (finalized) and a just-started one."""
    today = dt.date.today()
    older = build_sample(
        photos=5,
        audit_date=today - dt.timedelta(days=120),
        kind=AuditKind.SELF_AUDIT,
        facility_name="Lumen Skin & Laser Studio (annual self-audit)",
    )
    import_audit(ctx.opened_store, older.model_dump_json().encode(), "older.json", "screenshots")
    ctx.service.finalize(older.id)
    ctx.service.create(
        Audit(
            checklist_id=older.checklist_id,
            checklist_version=older.checklist_version,
            kind=AuditKind.REGULATORY,
            facility=Facility(name="Glow Aesthetics Medspa"),
            audit_date=today,
        )
    )
    sample = build_sample(photos=6, audit_date=today - dt.timedelta(days=1), pack="texas")
    signatures, sample.signatures = sample.signatures, []
    import_audit(ctx.opened_store, sample.model_dump_json().encode(), "sample.json", "screenshots")
    return sample.id, signatures


def _settings_shot(window, ctx: AppContext, path: Path) -> None:
    from clinic_audit.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(ctx, window)
    dialog.show()
    for _ in range(3):
        QApplication.processEvents()
    if not dialog.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    dialog.reject()


def _select_register_finding(window, ctx: AppContext, audit_id: str) -> None:
    window.show_screen("registers")
    summary = ctx.summary(ctx.audit(audit_id))
    finding = next((f for f in summary.findings if f.from_register), None)
    if finding is None:
        return
    screen = window.registers
    names = list(screen.panels)
    screen.tabs.setCurrentIndex(names.index(finding.register_name))
    panel = screen.panels[finding.register_name]
    row = panel.model.row_of(finding.row_id)
    if row is not None and row >= 0:
        panel.view.selectRow(row)


def _build_report(window, folder: Path) -> None:
    """Build the sample's PDF (into the throw-away folder) so the screen shows the result."""
    folder.mkdir()
    screen = window.report
    screen.path_edit.setText(str(folder / "lumen-skin-laser-studio-audit.pdf"))
    loop = QEventLoop()
    screen.runner.finished.connect(loop.quit)
    screen.runner.failed.connect(loop.quit)
    QTimer.singleShot(120_000, loop.quit)
    failures: list[str] = []
    screen.runner.failed.connect(failures.append)
    screen.build()
    if screen.runner.busy:
        loop.exec()
    for message in failures:
        print(f"clinic-audit: warning: the sample report was not built: {message}", file=sys.stderr)
