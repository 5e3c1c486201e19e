"""`clinic-audit report FILE.json -o OUT.pdf` as a user runs it, against its floor.

    python benchmarks/report_command.py [--runs 7] [--photos 60] [--sign]

Makes the sample (`clinic-audit sample --photos N`), runs the report command once, and
from that report prepares the floor's input (untimed): each page's extracted text and the
JPEGs each page shows, as files. Then it runs, alternating, whole processes of the
command and of benchmarks/report_command_floor.py (plain ReportLab laying out the same
text and embedding the same JPEGs by path) and prints medians and the ratio (issue 19:
at most 1.5x). With ``--sign`` the command also signs (a key made with `clinic-audit keys
create`), and the figure to compare is the unsigned one plus importing pyHanko once.
Both run from compiled bytecode, as installed (one warm-up run each).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLI = [sys.executable, "-m", "clinic_audit"]


def run(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def prepare(report: Path, folder: Path) -> int:
    """The floor's input from ``report``: pages.json and one file per distinct JPEG."""
    from pypdf import PdfReader

    pages, seen = [], set()
    for page in PdfReader(report).pages:
        images, y = [], 700.0
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        for ref in xobjects.get_object().values() if xobjects else []:
            image = ref.get_object()
            filters = image.get("/Filter")
            filters = [filters] if isinstance(filters, str) else list(filters or [])
            if image.get("/Subtype") != "/Image" or filters != ["/DCTDecode"]:
                continue
            data = image.get_data()
            name = hashlib.sha256(data).hexdigest()[:16] + ".jpg"
            if name not in seen:
                (folder / name).write_bytes(data)
                seen.add(name)
            width, height = float(image["/Width"]), float(image["/Height"])
            scale = min(480 / width, 300 / height, 1.0)
            y = max(50.0, y - height * scale)
            images.append({"file": name, "x": 50, "y": y, "w": width * scale, "h": height * scale})
        pages.append({"text": page.extract_text().split("\n"), "images": images})
    (folder / "pages.json").write_text(json.dumps(pages))
    return len(pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--sign", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(XDG_CONFIG_HOME=str(folder / "config"), XDG_DATA_HOME=str(folder / "data"))
        sample = folder / "sample.json"
        subprocess.run(
            [*CLI, "sample", "-o", str(sample), "--photos", str(args.photos)],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        report = [*CLI, "report", str(sample), "-o", str(folder / "report.pdf")]
        if args.sign:
            key = folder / "me.p12"
            env["CLINIC_AUDIT_KEY_PASSWORD"] = "benchmark-password"
            subprocess.run(
                [*CLI, "keys", "create", "-o", str(key), "--name", "Bench Inspector"],
                check=True,
                env=env,
                stdout=subprocess.DEVNULL,
            )
            report += ["--sign-with", str(key)]
        run(report, env)
        prepared = folder / "floor"
        prepared.mkdir()
        pages = prepare(folder / "report.pdf", prepared)
        floor = [sys.executable, str(HERE / "report_command_floor.py"), str(prepared)]
        floor.append(str(folder / "floor.pdf"))
        run(floor, env)
        mine, base = [], []
        for _ in range(args.runs):
            mine.append(run(report, env))
            base.append(run(floor, env))
        size = (folder / "report.pdf").stat().st_size / 1e6
        floor_size = (folder / "floor.pdf").stat().st_size / 1e6
    ratios = sorted(m / b for m, b in zip(mine, base, strict=True))
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {args.photos} photos, {pages} pages, runs {args.runs}"
    )
    print(
        f"clinic-audit report{' --sign-with' if args.sign else ''}: "
        f"median {statistics.median(mine):.2f} s ({size:.1f} MB)"
    )
    print(
        f"floor (plain ReportLab, same text and JPEGs): median {statistics.median(base):.2f} s "
        f"({floor_size:.1f} MB)"
    )
    print(
        f"ratio of medians {statistics.median(mine) / statistics.median(base):.2f}x; "
        f"pairwise {ratios[0]:.2f}-{ratios[-1]:.2f}x, median {statistics.median(ratios):.2f}x"
    )


if __name__ == "__main__":
    main()
