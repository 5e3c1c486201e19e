"""Shared by the report benchmarks: the sample audit with N photos, imported into a temp store."""

from __future__ import annotations

import time
from pathlib import Path

from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample
from clinic_audit.rules.scoring import summarize
from clinic_audit.store.database import Store


def sample_store(folder: Path, photos: int) -> tuple[Store, str]:
    """A store in ``folder`` holding the sample audit with ``photos`` photos (made once)."""
    path = folder / f"sample-{photos}.sqlite3"
    if path.exists():
        store = Store.open(path)
        return store, store.list()[0].id
    started = time.perf_counter()
    portable = build_sample(photos=photos)
    store = Store.open(path, create=True)
    audit = import_audit(store, portable.model_dump_json().encode(), "sample.json", "benchmark")
    print(f"  (made the {photos}-photo sample in {time.perf_counter() - started:.1f} s)")
    return store, audit.id


def report_inputs(store: Store, audit_id: str):
    """What build_report takes, loaded from the store: audit, checklist, summary, photos."""
    audit = store.get(audit_id)
    checklist = store.checklist_for(audit)
    return audit, checklist, summarize(checklist, audit), store
