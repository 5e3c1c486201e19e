"""Sync from the app: "Sync now" on a laptop's Home, with progress and the last sync's
result, the agency's copies marked, and a draft in conflict resolved side by side."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from clinic_audit.service.audit_service import AuditService
from clinic_audit.store.database import Store
from clinic_audit.sync.engine import sync
from clinic_audit.ui import preferences
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs.sync_conflict import SyncConflictDialog
from clinic_audit.ui.screens.home import HomeScreen
from clinic_audit.ui.widgets.sync_bar import NO_SERVER
from tests.server.sync_helpers import draft_on, first_items

pytestmark = pytest.mark.server


def laptop_home(qtbot, store: Store, tmp_path, address: str | None) -> HomeScreen:
    settings = QSettings(str(tmp_path / f"{id(store)}.ini"), QSettings.Format.IniFormat)
    if address:
        settings.setValue(preferences.SERVER_ADDRESS, address)
    home = HomeScreen(AppContext(store, "Ana", settings))
    qtbot.addWidget(home)
    home.resize(1100, 600)
    home.show()
    qtbot.waitExposed(home)
    return home


def test_sync_now_sends_the_laptops_work_and_says_so(qtbot, server, laptops, logins, tmp_path):
    laptop = laptops("ana")
    audit_id = draft_on(laptop)
    no_server = laptop_home(qtbot, laptop, tmp_path / "a", None)
    assert no_server.sync_bar.isVisible() and no_server.sync_bar.status.text() == NO_SERVER
    qtbot.mouseClick(no_server.sync_bar.button, Qt.MouseButton.LeftButton)
    assert no_server.sync_bar.status.text() == NO_SERVER

    home = laptop_home(qtbot, laptop, tmp_path, server.address("insp_ana"))  # syncs at once
    bar = home.sync_bar
    qtbot.waitUntil(lambda: "Last synced today" in bar.status.text(), timeout=30_000)
    assert "1 audit sent" in bar.status.text() and bar.button.isEnabled()
    assert logins("insp_ana").get(audit_id) == laptop.get(audit_id)
    AuditService(laptop, "ana").set_note(audit_id, first_items(laptop, audit_id, 1)[0], "later")
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.button.isEnabled() and "1 audit sent" in bar.status.text())
    assert logins("insp_ana").get(audit_id) == laptop.get(audit_id)
    home.finish_work()


def test_a_draft_in_conflict_is_marked_and_merged_side_by_side(
    qtbot, server, laptops, logins, tmp_path
):
    one, two = laptops("ana-1"), laptops("ana-2")
    audit_id = draft_on(one)
    sync(one, logins("insp_ana"))
    sync(two, logins("insp_ana"))
    first, second = first_items(one, audit_id)
    AuditService(one, "ana").set_note(audit_id, first, "Autoclave log missing for May")
    AuditService(two, "ana").set_note(audit_id, second, "Cartridge reused on two clients")
    sync(one, logins("insp_ana"))
    sync(two, logins("insp_ana"))
    home = laptop_home(qtbot, two, tmp_path, None)  # no server in Settings: no sync by itself
    assert not home.sync_bar.worker.running
    row = home.model.row_of(audit_id)
    assert row is not None
    assert "conflict: choose" in home.model.index(row, 3).data()
    assert home.sync_bar.conflict_button.isVisible()
    assert "1 draft in conflict" in home.sync_bar.conflict_button.text()

    dialog = SyncConflictDialog(home.ctx, audit_id, home)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    checklist = two.checklist_for(two.get(audit_id))
    numbers = [checklist.label_of(first), checklist.label_of(second)]
    assert [text.split()[0] for text in texts] == numbers
    mine_first = dialog.table.item(0, 1).text()
    theirs_first = dialog.table.item(0, 2).text()
    assert "Autoclave" not in mine_first and "Autoclave log missing" in theirs_first
    dialog.choosers[0].setCurrentIndex(1)  # the server's note on item one
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    merged = two.get(audit_id)
    assert merged.responses[first].note == "Autoclave log missing for May"
    assert merged.responses[second].note == "Cartridge reused on two clients"
    home.refresh()
    assert "conflict" not in home.model.index(home.model.row_of(audit_id), 3).data()
    assert not home.sync_bar.conflict_button.isVisible()
    assert sync(two, logins("insp_ana")).pushed == 1
