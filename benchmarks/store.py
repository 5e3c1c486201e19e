"""Store benchmarks: time to commit one answer, and to list a store of 2,000 audits.

Run: python benchmarks/store.py [--audits 2000]. Prints medians of several runs.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Result
from clinic_audit.files.portable import PortableAudit
from clinic_audit.files.sample import build_sample
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store.database import Store


def answer_latency(folder: Path, answers: int = 200) -> list[float]:
    store = Store.open(folder / "answers.sqlite3", create=True)
    service = AuditService(store, "bench")
    sample = build_sample(photos=0)
    audit = service.create(
        PortableAudit.model_validate(sample.model_dump()).model_copy(
            update={"responses": {}, "signatures": [], "actions": []}
        )
    )
    items = [item.id for _s, item in builtin_checklist().items()]
    timings = []
    for number in range(answers):
        started = time.perf_counter()
        service.answer(
            audit.id,
            items[number % len(items)],
            Result.PASS if number % 3 else Result.FAIL,
            note=f"answer {number}",
        )
        timings.append(time.perf_counter() - started)
    store.close()
    return timings


def list_time(folder: Path, audits: int, runs: int = 7) -> tuple[float, float]:
    store = Store.open(folder / "scale.sqlite3", create=True)
    sample = build_sample(photos=0)
    started = time.perf_counter()
    for number in range(audits):
        copy = sample.model_copy(update={"id": f"{number:032x}"}, deep=True)
        copy.facility.name = f"Clinic {number:04d}"
        store.create(copy, "bench")
    fill = time.perf_counter() - started
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        rows = store.list()
        timings.append(time.perf_counter() - started)
    assert len(rows) == audits
    store.close()
    return fill, statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--audits", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        timings = answer_latency(Path(folder))
        ms = sorted(t * 1000 for t in timings)
        print(
            f"answer committed (synchronous=FULL, WAL): median {statistics.median(ms):.2f} ms, "
            f"p95 {ms[int(len(ms) * 0.95)]:.2f} ms, max {ms[-1]:.2f} ms over {len(ms)} answers"
        )
        fill, listed = list_time(Path(folder), args.audits)
        print(
            f"store with {args.audits} audits: filled in {fill:.1f} s; "
            f"list() median {listed * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
