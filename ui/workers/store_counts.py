"""The counts Home shows over the whole store: open findings and repeat violations at each
facility's latest audit, overdue actions at all of them. Reading every audit takes a while
in a big store, so it is done a few audits at a time between events, never in one stall."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from clinic_audit.audit.model import ActionStatus
from clinic_audit.rules.action_plan import actions_by_finding, is_overdue, with_progress
from clinic_audit.rules.display import plural
from clinic_audit.rules.scoring import summarize
from clinic_audit.store.database import Store

AUDITS_PER_STEP = 4  # some 10 ms each: a step stays well under the 100 ms stall goal


@dataclass
class StoreCounts:
    facilities: int = 0
    open_findings: int = 0
    overdue_actions: int = 0
    repeats: int = 0

    def text(self) -> str:
        places = "1 facility" if self.facilities == 1 else f"{self.facilities} facilities"
        return (
            f"Across {places}: {plural(self.open_findings, 'open finding')} · "
            f"{plural(self.overdue_actions, 'overdue action')} · "
            f"{plural(self.repeats, 'repeat violation')} (Audit › Facilities, Ctrl+8)"
        )


COUNT_LIMIT = 1000  # facilities Home counts for; beyond, `clinic-audit actions` does


class StoreCounter(QObject):
    counted = Signal(object)  # StoreCounts

    def __init__(self, parent=None):
        super().__init__(parent)
        self._timer = QTimer(self, interval=0)
        self._timer.timeout.connect(self._step)
        self._queue: list[tuple[str, bool]] = []  # (audit id, latest of its facility)
        self._counts = StoreCounts()
        self._store: Store | None = None
        self._today = dt.date.today()

    def start(self, store: Store) -> bool:
        """Count, a few audits between events; False (nothing counted) for more than
        COUNT_LIMIT facilities, as a supervisor sees on the agency's server."""
        self._store, self._today = store, dt.date.today()
        facilities = store.facilities()
        if len(facilities) > COUNT_LIMIT:
            return False
        self._counts = StoreCounts(facilities=len(facilities))
        self._queue = []
        for facility in facilities:
            ids = store.audits_of(facility.id)
            self._queue += [(audit_id, audit_id == ids[-1]) for audit_id in ids]
        self._timer.start()
        return True

    def _step(self) -> None:
        store = self._store
        assert store is not None  # started
        for _ in range(AUDITS_PER_STEP):
            if not self._queue:
                self._timer.stop()
                self.counted.emit(self._counts)
                return
            audit_id, latest = self._queue.pop()
            try:
                audit = store.get(audit_id)
            except Exception:  # noqa: BLE001 - deleted meanwhile: it no longer counts
                continue
            actions = with_progress(audit.actions, store.action_log(audit_id), audit.zone)
            self._counts.overdue_actions += sum(is_overdue(a, self._today) for a in actions)
            if latest:
                summary = summarize(store.checklist_for(audit), audit)
                by_finding = actions_by_finding(actions)
                for finding in summary.counted:
                    done = by_finding.get(finding.key, [])
                    if not done or any(a.status != ActionStatus.DONE for a in done):
                        self._counts.open_findings += 1
                    self._counts.repeats += finding.repeat_of is not None
