"""The core imports neither Qt nor ReportLab; nothing imports bare ui/reports/checklists."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import clinic_audit

ROOT = Path(__file__).resolve().parents[2]


MAPPED = ("clinic_audit.ui", "clinic_audit.reports", "clinic_audit.checklists")
ALEMBIC_ENV = "clinic_audit.store.migrations.env"  # runs only inside Alembic's context


def core_modules() -> list[str]:
    """Every module of the core package, its subpackages included."""
    return [
        info.name
        for info in pkgutil.walk_packages(clinic_audit.__path__, "clinic_audit.")
        if not info.name.startswith(MAPPED)
        and info.name not in ("clinic_audit.__main__", ALEMBIC_ENV)
    ]


def test_core_imports_neither_qt_nor_reportlab():
    modules = core_modules()
    assert "clinic_audit.store.database" in modules and "clinic_audit.cli.main" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'reportlab'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_no_bare_imports_of_mapped_packages():
    offenders = []
    for folder in ("clinic_audit", "ui", "reports", "tests", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                offenders += [
                    f"{path.relative_to(ROOT)}: {n}"
                    for n in names
                    if n.split(".")[0] in ("ui", "reports", "checklists")
                ]
    assert offenders == []


def test_reports_never_import_qt():
    for path in (ROOT / "reports").rglob("*.py"):
        assert "PySide6" not in path.read_text(encoding="utf-8"), path
