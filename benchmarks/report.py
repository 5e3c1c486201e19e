"""Benchmark the PDF report: seconds, MB and peak memory at 60 and 120 photos, against a floor.

A script run by hand, not a test:

    python benchmarks/report.py [--runs 5] [--folder DIR]

For each size it imports the sample audit (clinic-audit sample --photos N) into a temp
store, builds the report ``--runs`` times (after one warm-up build), and prints the median
seconds and the PDF size. The floor (benchmarks/report_floor.py: plain ReportLab, same
text and images) is timed in the same process, interleaved with the report, so both see
the same machine load. Peak memory is the resident-set high-water mark of a separate
process that builds the 120-photo report once (ru_maxrss), and the peak of Python
allocations during one build (tracemalloc).
Goals (issue 6): report <= 1.5 x floor; PDF < 15 MB at 60 photos; 120 photos <= 2.2 x
the time of 60; the 120-photo build under 400 MB.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from report_floor import floor_pdf, register_fonts  # noqa: E402
from report_sample import report_inputs, sample_store  # noqa: E402

from clinic_audit.reports import build_report  # noqa: E402


def measure(folder: Path, photos: int, runs: int) -> dict:
    store, audit_id = sample_store(folder, photos)
    inputs = report_inputs(store, audit_id)
    build_report(*inputs)  # warm-up: imports, font files, first subsets
    floor_pdf(*inputs)
    report_times, floor_times, report_cpu, floor_cpu = [], [], [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        pdf = build_report(*inputs)
        report_times.append(time.perf_counter() - started)
        report_cpu.append(time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        floor_pdf(*inputs)
        floor_times.append(time.perf_counter() - started)
        floor_cpu.append(time.process_time() - cpu)
    tracemalloc.start()
    build_report(*inputs)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    store.close()
    return {
        "photos": photos,
        "seconds": statistics.median(report_times),
        "floor": statistics.median(floor_times),
        "cpu": statistics.median(report_cpu),
        "floor_cpu": statistics.median(floor_cpu),
        "mb": len(pdf) / 1e6,
        "pages": len(re.findall(rb"/Type /Page\b(?!s)", pdf)),
        "traced_mb": traced_peak / 1e6,
    }


def child_peak(folder: Path, photos: int) -> tuple[float, float]:
    """Peak resident memory (MB) of a fresh process, after loading and after one build.

    Read from /proc/self/status VmHWM (Linux): unlike ru_maxrss it is not inherited
    from the parent process, which holds the big samples.
    """
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(HERE)!r})\n"
        "from pathlib import Path\n"
        "from report_sample import report_inputs, sample_store\n"
        "from clinic_audit.reports import build_report\n"
        "def peak():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1]) / 1024\n"
        f"store, audit_id = sample_store(Path({str(folder)!r}), {photos})\n"
        "inputs = report_inputs(store, audit_id)\n"
        "before = peak()\n"
        "build_report(*inputs)\n"
        "print(json.dumps([before, peak()]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = json.loads(done.stdout.strip().splitlines()[-1])
    return before, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=Path, help="keep the sample stores here (reused)")
    args = parser.parse_args()
    register_fonts()
    print(
        f"Machine: {platform.processor() or platform.machine()}, {platform.system()}, "
        f"Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as temp:
        folder = args.folder or Path(temp)
        results = [measure(folder, photos, args.runs) for photos in (60, 120)]
        before, peak = child_peak(folder, 120)
    for r in results:
        print(
            f"{r['photos']:>3} photos: report {r['seconds']:.3f} s (median of {args.runs}), "
            f"floor {r['floor']:.3f} s, ratio {r['seconds'] / r['floor']:.2f}x "
            f"(CPU time {r['cpu']:.3f} s / {r['floor_cpu']:.3f} s = "
            f"{r['cpu'] / r['floor_cpu']:.2f}x); "
            f"{r['mb']:.2f} MB, {r['pages']} pages; Python allocations peak "
            f"{r['traced_mb']:.0f} MB"
        )
    small, large = results
    print(
        f"120/60 photos time ratio: {large['seconds'] / small['seconds']:.2f}x "
        f"(CPU {large['cpu'] / small['cpu']:.2f}x; floor {large['floor'] / small['floor']:.2f}x)"
    )
    print(
        f"Peak resident memory of a process building the 120-photo report: {peak:.0f} MB "
        f"({before:.0f} MB before it, with the audit loaded)"
    )


if __name__ == "__main__":
    main()
