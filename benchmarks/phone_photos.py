"""A report of 60 12-megapixel phone photos: its size with the default settings, and with
full resolution (issue 19, goal 3: under 10 MB by default, for email limits).

    python benchmarks/phone_photos.py [--photos 60] [--runs 3]

Generates photo-like 4000×3000 JPEGs (scenes with soft shapes, texture at two scales
and sensor grain, EXIF of a phone, quality 92: 3-5 MB each, as a phone writes them; not
flat colours, which compress to nothing), attaches them through the normal path
(``AuditService.attach_photo``: normalized to the stored JPEG) to the sample audit in a
temporary store, then runs `clinic-audit report --id` as a user does, as whole
processes, by default and with ``--photo-resolution full``, and prints each report's size
and median time. The store is kept in a temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

CLI = [sys.executable, "-m", "clinic_audit"]
SIZE = (4000, 3000)


def phone_photo(seed: int) -> bytes:
    """A 12-MP JPEG that compresses like a photo of a room: shapes, texture, grain."""
    rng = random.Random(seed)
    scene = Image.new("RGB", (400, 300), tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(scene)
    for _ in range(25):
        x, y = rng.randrange(-50, 400), rng.randrange(-50, 300)
        w, h = rng.randrange(20, 160), rng.randrange(20, 160)
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x, y, x + w, y + h), colour)
    image = scene.filter(ImageFilter.GaussianBlur(1.5)).resize(SIZE, Image.Resampling.BICUBIC)
    texture = Image.effect_noise((SIZE[0] // 4, SIZE[1] // 4), 22).resize(SIZE)
    grain = Image.effect_noise(SIZE, 9)
    detail = ImageChops.add(texture, grain, scale=2.0, offset=0).convert("RGB")
    image = ImageChops.add(image, detail, scale=1.0, offset=-128)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 14"
    exif.get_ifd(0x8769)[0x9003] = f"2026:12:03 10:{seed % 60:02d}:00"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def attach_all(db: Path, photos: list[bytes]) -> str:
    from clinic_audit.files.portable import import_audit
    from clinic_audit.files.sample import build_sample
    from clinic_audit.service.audit_service import AuditService
    from clinic_audit.store.database import Store

    with Store.open(db, create=True) as store:
        sample = build_sample(photos=0)
        sample.signatures = []  # a signed audit takes no more photos
        audit = import_audit(store, sample.model_dump_json().encode(), "sample.json", "bench")
        service = AuditService(store, "benchmark")
        items = [item_id for item_id, response in audit.responses.items() if response.result]
        for number, data in enumerate(photos):
            item = items[number % len(items)]
            service.attach_photo(audit.id, item, data, f"IMG_{5000 + number}.jpg")
        return audit.id


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        started = time.perf_counter()
        with ProcessPoolExecutor(2) as pool:
            photos = list(pool.map(phone_photo, range(args.photos)))
        megabytes = sum(map(len, photos)) / 1e6
        print(
            f"generated {len(photos)} 4000x3000 photos, {megabytes:.0f} MB "
            f"({megabytes / len(photos):.1f} MB each) in {time.perf_counter() - started:.0f} s"
        )
        started = time.perf_counter()
        audit_id = attach_all(folder / "store.sqlite3", photos)
        print(f"attached them (normalized, stored) in {time.perf_counter() - started:.0f} s")
        env["CLINIC_AUDIT_DB"] = str(folder / "store.sqlite3")
        for label, extra in (
            ("default (print)", []),
            ("--photo-resolution full", ["--photo-resolution", "full"]),
        ):
            out = folder / "report.pdf"
            command = [*CLI, "report", "--id", audit_id, "-o", str(out), *extra]
            timed(command, env)  # warm-up
            times = [timed(command, env) for _ in range(args.runs)]
            size = out.stat().st_size / 1e6
            print(
                f"{label:<26} {size:6.1f} MB  median {statistics.median(times):.2f} s "
                f"over {args.runs} runs"
            )


if __name__ == "__main__":
    main()
