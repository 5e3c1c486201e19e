"""Benchmark signing: seconds and size of the 60-photo report written unsigned (with its
record embedded), signed (PAdES B-B, a self-signed key), and signed with --full-evidence.

A script run by hand, not a test:

    python benchmarks/report_signed.py [--photos 60] [--runs 3] [--folder DIR]

The sample audit is imported into a temp store (``report_sample.sample_store``) and
finalized (only a final report is signed); each variant is written ``--runs`` times and
the best time is printed with the file's size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from clinic_audit.evidence.keys import write_self_signed
from clinic_audit.evidence.signing import load_signer
from clinic_audit.reports.build import Signing, write_report
from clinic_audit.service.audit_service import AuditService

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_sample import sample_store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="report-signed-"))
    store, audit_id = sample_store(folder, args.photos)
    if store.get(audit_id).status.value != "finalized":
        AuditService(store, actor="benchmark").finalize(audit_id)
    key = folder / "bench.p12"
    if not key.exists():
        write_self_signed(key, "Benchmark Signer", b"benchmark")
    signing = Signing(load_signer(key, b"benchmark"))
    variants = {
        "unsigned": {},
        "signed": {"signing": signing},
        "signed, full evidence": {"signing": signing, "full_evidence": True},
    }
    for label, options in variants.items():
        times = []
        for _run in range(args.runs):
            started = time.perf_counter()
            written = write_report(
                store=store, audit_id=audit_id, output=folder / "report.pdf", **options
            )
            times.append(time.perf_counter() - started)
        size = written.path.stat().st_size
        print(f"{label:<22} best {min(times):.2f} s  {size / 1e6:.2f} MB ({size:,} bytes)")
    store.close()


if __name__ == "__main__":
    main()
