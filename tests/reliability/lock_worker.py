"""Child process for the lock-loss tests: holds the store open as the app does, then does
what drops a process's POSIX locks (a Qt file dialog on the store's folder, or a plain
open/close of the store's files), then edits on request, printing each saved edit.

    python lock_worker.py DB AUDIT_ID dialog|descriptors|nothing

Prints ``ready <classic locks left>`` once the damage is done, then reads lines
``edit N`` from stdin and answers ``saved N`` after each edit has committed.
"""

import os
import sys
from pathlib import Path

from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Result
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store.database import Store


def classic_locks_held(paths: list[str]) -> int:
    """How many POSIX (process-owned) locks this process holds on the given files."""
    inodes = {os.stat(p).st_ino for p in paths if os.path.exists(p)}
    count = 0
    with open("/proc/locks") as locks:
        for line in locks:
            fields = line.split()
            if fields[1] == "POSIX" and fields[4] == str(os.getpid()):
                count += int(fields[5].rsplit(":", 1)[1]) in inodes
    return count


def browse_folder_in_a_file_dialog(folder: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

    app = QApplication.instance() or QApplication([])
    dialog = QFileDialog(None, "Add photos", str(folder))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    loop = QEventLoop()
    model = dialog.findChild(QFileSystemModel)
    model.directoryLoaded.connect(lambda _path: QTimer.singleShot(200, loop.quit))
    QTimer.singleShot(10_000, loop.quit)  # a bound, should the folder never report loaded
    dialog.show()
    loop.exec()
    dialog.selectFile(str(folder / Path(sys.argv[1]).name))  # as a person clicking the file
    QTimer.singleShot(200, loop.quit)
    loop.exec()
    dialog.reject()
    app.processEvents()


def main(db_path: str, audit_id: str, damage: str) -> None:
    store = Store.open(db_path)
    service = AuditService(store, actor="worker")
    items = [item.id for _section, item in builtin_checklist().items() if not item.applies_when]
    service.set_note(audit_id, items[0], "opened")  # as the app: the store is in use
    files = [db_path, db_path + "-wal", db_path + "-shm"]
    if damage == "dialog":
        browse_folder_in_a_file_dialog(Path(db_path).parent)
    elif damage == "descriptors":
        for name in files:
            os.close(os.open(name, os.O_RDONLY))
    print(f"ready {classic_locks_held(files)}", flush=True)
    for line in sys.stdin:
        number = int(line.split()[1])
        item = items[number % len(items)]
        service.answer(
            audit_id, item, Result.PASS if number % 2 else Result.FAIL, note=f"edit {number}"
        )
        print(f"saved {number}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
