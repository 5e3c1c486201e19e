"""Photos from a folder: the phone's photos newest first, the attached ones marked, the
ticked ones attached to the item through the normal path."""

import os

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from clinic_audit.audit.model import Facility
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.ui import preferences
from clinic_audit.ui.dialogs.photo_folder import PhotoFolderDialog, attached_photos
from clinic_audit.ui.screens.walkthrough import WalkthroughScreen
from tests.factories import blank_audit
from tests.ui.conftest import SAMPLE_DAY, make_jpeg

CHECKLIST = builtin_checklist()


def phone_folder(tmp_path):
    folder = tmp_path / "Phone" / "DCIM"
    folder.mkdir(parents=True)
    for number, colour in enumerate(((200, 0, 0), (0, 200, 0), (0, 0, 200)), start=1):
        path = make_jpeg(folder / f"IMG_000{number}.JPG", colour=colour)
        os.utime(path, (1_780_000_000 + number * 60,) * 2)  # IMG_0003 is the newest
    (folder / "notes.txt").write_text("not a photo")
    return folder


def draft(app_ctx):
    audit = blank_audit(CHECKLIST, facility=Facility(name="Corner Clinic"), audit_date=SAMPLE_DAY)
    return app_ctx.service.create(audit)


def test_newest_first_with_the_attached_ones_marked(qtbot, app_ctx, tmp_path):
    folder = phone_folder(tmp_path)
    audit = draft(app_ctx)
    item = CHECKLIST.sections[0].items[0]
    data = (folder / "IMG_0002.JPG").read_bytes()
    audit = app_ctx.service.attach_photo(audit.id, item.id, data, "IMG_0002.JPG")
    dialog = PhotoFolderDialog(folder, attached_photos(audit, CHECKLIST.label_of), "1.2")
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert [t.split("\n")[0] for t in texts] == ["IMG_0003.JPG", "IMG_0002.JPG", "IMG_0001.JPG"]
    assert f"✓ attached to {CHECKLIST.label_of(item.id)}" in texts[1]
    assert "attached" not in texts[0] + texts[2]
    assert not dialog.ok_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog._pending)  # every thumbnail read
    dialog.list.setFocus()
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
    dialog.list.setCurrentRow(2)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
    assert dialog.ok_button.text() == "Attach 2 photos"
    assert [os.path.basename(p) for p in dialog.chosen()] == ["IMG_0003.JPG", "IMG_0001.JPG"]


def test_shift_a_attaches_the_ticked_photos_to_the_current_item(qtbot, app_ctx, tmp_path):
    folder = phone_folder(tmp_path)
    app_ctx.settings.setValue(preferences.PHOTO_IMPORT_FOLDER, str(folder))
    audit = draft(app_ctx)
    screen = WalkthroughScreen(app_ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.show_audit(audit.id)
    screen.activateWindow()
    item_id = screen.current_item
    qtbot.waitUntil(lambda: screen.cards[item_id].hasFocus())

    seen = []

    def tick_newest_and_attach():
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, PhotoFolderDialog)
            dialog.activateWindow()  # as the window system does for a new modal dialog
            qtbot.waitUntil(dialog.isActiveWindow)
            dialog.list.setFocus()
            dialog.list.setCurrentRow(0)
            qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
            seen.append(dialog.ok_button.text())
            dialog.ok_button.setFocus()
            qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()  # a failed check must not leave the modal dialog open

    QTimer.singleShot(0, tick_newest_and_attach)
    with qtbot.waitSignal(screen.photos.attached, timeout=10_000):
        qtbot.keyClick(screen.cards[item_id], Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert seen == ["Attach 1 photo"]
    photos = app_ctx.audit(audit.id).response(item_id).photos
    assert [p.filename for p in photos] == ["IMG_0003.JPG"]
    screen.photos.wait()
