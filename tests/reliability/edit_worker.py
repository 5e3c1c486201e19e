"""Child process for the crash test: makes numbered edits, printing each once it is saved."""

import sys

from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Result
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store.database import Store


def main(db_path: str, audit_id: str, first: int) -> None:
    service = AuditService(Store.open(db_path), actor="worker")
    items = [item.id for _section, item in builtin_checklist().items() if not item.applies_when]
    number = first
    while True:
        item = items[number % len(items)]
        service.answer(
            audit_id, item, Result.PASS if number % 2 else Result.FAIL, note=f"edit {number}"
        )
        print(f"saved {number}", flush=True)
        number += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
