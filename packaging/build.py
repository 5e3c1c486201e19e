"""Build the app as one folder that runs without Python, and pack it to hand out.

    python3 packaging/build.py            # -> dist/clinic-audit-<version>-<os>-<arch>.tar.gz

Linux writes a .tar.gz (with the .desktop file, icons, AppStream metainfo and an
install.sh), Windows and macOS a .zip. The build runs in its own virtual environment
(build/bundle/venv) on an installed copy of this checkout, never the editable one, so the
bundle holds what a user's install would. Needs the package registry (pip) the first time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
APP_ID = "org.clinicaudit.ClinicAudit"
ICONS = ROOT / "ui" / "style" / "icons"
PYINSTALLER = "pyinstaller>=6.0"


def version() -> str:
    text = (ROOT / "clinic_audit" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    if found is None:
        raise SystemExit("build: no __version__ in clinic_audit/__init__.py")
    return found.group(1)


def platform_tag() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform)
    return f"{system or sys.platform}-{platform.machine().lower()}"


def run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    # from the work folder: a checkout in the current folder would shadow the installed copy
    subprocess.run([str(part) for part in command], check=True, env=env, cwd=ROOT / "build")


def build_environment(work: Path, fresh: bool) -> Path:
    """A virtual environment with this checkout installed (not editable) and PyInstaller."""
    folder = work / "venv"
    if fresh and folder.exists():
        shutil.rmtree(folder)
    python = folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    if not python.exists():
        venv.create(folder, with_pip=True)
    # setuptools' own working folders from an earlier build could carry deleted files
    for stale in ("build/lib", "build/bdist." + sys.platform):
        shutil.rmtree(ROOT / stale, ignore_errors=True)
    run(python, "-m", "pip", "install", "-q", "--upgrade", PYINSTALLER, str(ROOT))
    return python


def stage(work: Path, python: Path) -> Path:
    """What the spec takes from the machine: the DejaVu fonts, the platform's icon."""
    folder = work / "stage"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "fonts").mkdir(parents=True)
    script = (
        "import shutil, sys\n"
        "from clinic_audit.reports.fonts import FILES, find_dejavu\n"
        "found = find_dejavu()\n"
        "missing = sorted(set(FILES) - set(found))\n"
        "if missing: sys.exit('build: DejaVu fonts not found: ' + ', '.join(missing) + "
        "' (apt-get install fonts-dejavu-core, or set CLINIC_AUDIT_FONT_DIR)')\n"
        "for path in found.values(): shutil.copy(path, sys.argv[1])\n"
    )
    run(python, "-c", script, folder / "fonts")
    largest = str(ICONS / "clinic-audit-512.png")
    if sys.platform == "win32":
        icon = (folder / "clinic-audit.ico", "ICO")
    elif sys.platform == "darwin":
        icon = (folder / "clinic-audit.icns", "ICNS")
    else:
        return folder
    convert = (
        "import sys\nfrom PIL import Image\n"
        "Image.open(sys.argv[1]).save(sys.argv[2], sys.argv[3])\n"
    )
    run(python, "-c", convert, largest, *(str(part) for part in icon))
    return folder


def pyinstaller(work: Path, python: Path, staged: Path) -> Path:
    dist = work / "dist"
    env = {**os.environ, "CLINIC_AUDIT_STAGE": str(staged)}
    run(
        python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", dist, "--workpath", work / "pyinstaller",
        PACKAGING / "clinic-audit.spec", env=env,
    )  # fmt: skip
    return dist / "clinic-audit"


def add_desktop_files(bundle: Path, release: str) -> None:
    """The freedesktop files (menu entry, icons, AppStream) and install.sh, in share/."""
    share = bundle / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    shutil.copy(PACKAGING / "linux" / f"{APP_ID}.desktop", share / "applications")
    (share / "metainfo").mkdir(exist_ok=True)
    metainfo = (PACKAGING / "linux" / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    metainfo = metainfo.replace("@VERSION@", release)
    metainfo = metainfo.replace("@DATE@", dt.date.today().isoformat())
    (share / "metainfo" / f"{APP_ID}.metainfo.xml").write_text(metainfo, encoding="utf-8")
    for png in ICONS.glob("clinic-audit-*.png"):
        size = png.stem.rsplit("-", 1)[1]
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(png, target / f"{APP_ID}.png")
    install = bundle / "install.sh"
    shutil.copy(PACKAGING / "linux" / "install.sh", install)
    install.chmod(0o755)


def pack(bundle: Path, release: str) -> Path:
    out = ROOT / "dist"
    out.mkdir(exist_ok=True)
    top = f"clinic-audit-{release}"
    if sys.platform.startswith("linux"):
        archive = out / f"{top}-{platform_tag()}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(bundle, arcname=top)
        return archive
    archive = out / f"{top}-{platform_tag()}.zip"
    source = bundle.parent / "Clinic Audit.app" if sys.platform == "darwin" else bundle
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
        for path in sorted(source.rglob("*")):
            packed.write(path, Path(top) / path.relative_to(source.parent))
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild the build environment")
    args = parser.parse_args(argv)
    release = version()
    work = ROOT / "build" / "bundle"
    work.mkdir(parents=True, exist_ok=True)
    python = build_environment(work, args.fresh)
    bundle = pyinstaller(work, python, stage(work, python))
    if sys.platform.startswith("linux"):
        add_desktop_files(bundle, release)
    archive = pack(bundle, release)
    size_mb = archive.stat().st_size / 1e6
    print(f"built {bundle} and {archive} ({size_mb:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
