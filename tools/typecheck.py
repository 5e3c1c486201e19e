"""Type-check the package as it is installed: ui/, reports/ and checklists/ live under
clinic_audit only in an installed copy (the editable install maps them at import time,
which checkers cannot see). Installs into a temporary folder, runs mypy there with the
configuration in pyproject.toml, and prints the findings with repository paths.

    python tools/typecheck.py        (exit status: mypy's)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLACES = {"clinic_audit/ui/": "ui/", "clinic_audit/reports/": "reports/"}


def main() -> int:
    made_build = not (ROOT / "build").exists()
    try:
        return _check()
    finally:
        if made_build:  # setuptools' working folder, left in the tree by the install
            shutil.rmtree(ROOT / "build", ignore_errors=True)


def _check() -> int:
    with tempfile.TemporaryDirectory(prefix="clinic-audit-types-") as site:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "--no-deps",
                "--no-build-isolation",
                "--target",
                site,
                str(ROOT),
            ],
            check=True,
        )
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--config-file",
                str(ROOT / "pyproject.toml"),
                "-p",
                "clinic_audit",
            ],
            cwd=site,
            capture_output=True,
            text=True,
        )
    for line in (result.stdout + result.stderr).splitlines():
        for installed, repository in PLACES.items():
            if line.startswith(installed):
                line = repository + line[len(installed) :]
                break
        print(line)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
