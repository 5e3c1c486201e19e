"""The app built by packaging/build.py runs without Python: from the unpacked tarball, in
an environment with no virtualenv and no source tree, it writes a report, signs and
verifies one, and shows every screen; its desktop files pass the freedesktop validators.

Builds the bundle once for the module (about 3 minutes; run last in CI).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinic_audit import __version__
from clinic_audit.files.sample import build_sample
from tests.factories import finalized

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.clinicaudit.ClinicAudit"
PASSWORD = "bundle-test-password"
SCREENS = 11  # ui/tools/screenshots.py SHOTS

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux bundle"),
]


@pytest.fixture(scope="module")
def tarball() -> Path:
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py")], check=True)
    (archive,) = (ROOT / "dist").glob(f"clinic-audit-{__version__}-linux-*.tar.gz")
    return archive


@pytest.fixture(scope="module")
def unpacked(tarball, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(tarball) as tar:
        tar.extractall(folder, filter="tar")
    return folder / f"clinic-audit-{__version__}"


@pytest.fixture
def bundled(unpacked, tmp_path):
    """Run the bundled command as a user would: no venv, no PYTHONPATH, from elsewhere."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_DOCUMENTS_DIR": str(tmp_path / "documents"),
        "QT_QPA_PLATFORM": "offscreen",
        "CLINIC_AUDIT_KEY_PASSWORD": PASSWORD,
        "LANG": "C.UTF-8",
    }

    def run(*args: str, expect: int = 0) -> str:
        done = subprocess.run(
            [str(unpacked / "clinic-audit"), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == expect, done.stdout + done.stderr
        return done.stdout

    return run


def test_the_tarball_holds_the_app_and_its_desktop_files(tarball):
    top = f"clinic-audit-{__version__}"
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
    for wanted in (
        "clinic-audit",
        "install.sh",
        f"share/applications/{APP_ID}.desktop",
        f"share/metainfo/{APP_ID}.metainfo.xml",
        *(f"share/icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in (16, 32, 48, 128, 256)),
    ):
        assert f"{top}/{wanted}" in names, wanted
    assert any(re.fullmatch(rf"{top}/_internal/fonts/DejaVuSans\.ttf", name) for name in names)


def test_the_bundle_writes_a_report_in_its_own_fonts(bundled, tmp_path):
    assert bundled("--version").strip() == f"clinic-audit {__version__}"
    bundled("sample", "-o", "sample.json", "--photos", "4")
    bundled("report", "sample.json", "-o", "report.pdf")
    reader = PdfReader(tmp_path / "report.pdf")
    assert "Lumen Skin & Laser Studio" in reader.pages[0].extract_text()
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert any("DejaVuSans" in name for name in fonts), fonts


def test_the_bundle_signs_a_final_report_and_verifies_it(bundled, tmp_path):
    final = finalized(build_sample(photos=2))
    (tmp_path / "final.json").write_text(final.model_dump_json(), encoding="utf-8")
    bundled("keys", "create", "-o", "me.p12", "--name", "Dana Inspector")
    out = bundled("report", "final.json", "-o", "signed.pdf", "--sign-with", "me.p12")
    assert "signed by Dana Inspector" in out
    assert "VALID" in bundled("verify", "signed.pdf", "final.json")
    tampered = (tmp_path / "signed.pdf").read_bytes() + b"%tampered\n"
    (tmp_path / "tampered.pdf").write_bytes(tampered)
    bundled("verify", "tampered.pdf", expect=3)


def test_the_bundle_shows_every_screen(bundled, tmp_path):
    out = bundled("gui", "--screenshots", "shots")
    assert f"Wrote {SCREENS} screenshots" in out
    shots = sorted((tmp_path / "shots").glob("*.png"))
    assert len(shots) == SCREENS
    assert all(shot.stat().st_size > 20_000 for shot in shots)  # drawn, not blank


def test_install_sh_puts_the_app_in_the_menu_and_on_the_path(unpacked, tmp_path):
    prefix = tmp_path / "prefix"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(["sh", str(unpacked / "install.sh"), str(prefix)], check=True, env=env)
    entry = (prefix / "share/applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f'Exec="{unpacked}/clinic-audit" %F' in entry
    assert (prefix / "bin/clinic-audit").resolve() == (unpacked / "clinic-audit").resolve()
    assert (prefix / f"share/icons/hicolor/256x256/apps/{APP_ID}.png").is_file()
    version = subprocess.run(
        [str(prefix / "bin/clinic-audit"), "--version"], capture_output=True, text=True, env=env
    )
    assert version.stdout.strip() == f"clinic-audit {__version__}"
    subprocess.run(["sh", str(unpacked / "install.sh"), "--uninstall", str(prefix)], check=True)
    assert not (prefix / "bin/clinic-audit").exists()
    assert not (prefix / "share/applications" / f"{APP_ID}.desktop").exists()


@pytest.mark.parametrize(
    ("tool", "args", "name"),
    [
        ("desktop-file-validate", [], f"applications/{APP_ID}.desktop"),
        ("appstreamcli", ["validate", "--no-net", "--pedantic"], f"metainfo/{APP_ID}.metainfo.xml"),
    ],
)
def test_the_desktop_files_pass_the_freedesktop_validators(unpacked, tool, args, name):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: apt-get install desktop-file-utils appstream")
    done = subprocess.run(
        [tool, *args, str(unpacked / "share" / name)],
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
