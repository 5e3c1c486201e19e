"""The whole window, key hints and status bar included, fits a laptop's screen: 1366 x
768 and 1280 x 720, at 100 % and 125 % scaling (a screen of 1093 x 614 and 1024 x 576
device-independent pixels). Each size runs in its own process, on Qt's offscreen
platform set to that screen; the screenshots go to ``CLINIC_AUDIT_FIT_SHOTS`` if set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

WORKER = Path(__file__).with_name("fit_worker.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [(1366, 768, 1.0), (1280, 720, 1.0), (1366, 768, 1.25), (1280, 720, 1.25)],
)
def test_every_screen_fits_the_laptop(tmp_path, width, height, scale):
    logical = (round(width / scale), round(height / scale))
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": logical[0], "height": logical[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": scale,
    }]}))  # fmt: skip
    out = Path(os.environ.get("CLINIC_AUDIT_FIT_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    tag = f"{width}x{height}-{round(scale * 100)}"
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, str(WORKER), str(out), tag],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["room"] == list(logical)
    assert result["problems"] == []
    assert len(list(out.glob(f"*-{tag}.png"))) == 6
