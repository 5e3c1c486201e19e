"""The wheel holds every file the tests import: a subpackage or data file that only the
editable install can see would pass every other test and crash for users."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLED_AS = {  # folder in the repository -> its place in the wheel
    "clinic_audit": "clinic_audit",
    "ui": "clinic_audit/ui",
    "reports": "clinic_audit/reports",
    "checklists": "clinic_audit/checklists",
}
SHIPPED_SUFFIXES = {".py", ".yaml", ".yml", ".json", ".png", ".svg", ".ttf"}

pytestmark = pytest.mark.wheel


def repository_files() -> set[str]:
    tracked = subprocess.run(
        ["git", "ls-files", *INSTALLED_AS], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    wanted = set()
    for name in tracked:
        path = Path(name)
        if path.suffix in SHIPPED_SUFFIXES:
            folder, *rest = path.parts
            wanted.add("/".join([INSTALLED_AS[folder], *rest]))
    return wanted


def test_every_module_and_data_file_is_in_the_wheel(tmp_path):
    request_cleanup = not (ROOT / "build").exists()  # setuptools' working folder
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    if request_cleanup:
        shutil.rmtree(ROOT / "build", ignore_errors=True)
    (wheel,) = tmp_path.glob("clinic_audit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        inside = set(archive.namelist())
    wanted = repository_files()
    assert {"clinic_audit/ui/screens/home.py", "clinic_audit/store/locks.py"} <= wanted
    assert sorted(wanted - inside) == []
    stray = sorted(n for n in inside if n.split("/")[0] in ("ui", "reports", "checklists"))
    assert stray == []  # nothing installed under a bare top-level name
