"""The package list, found rather than written out (see pyproject.toml for the rest).

ui/, reports/ and checklists/ are top-level folders installed under the one import name
clinic_audit (package-dir in pyproject.toml); setuptools' own discovery would name their
subpackages ui.screens and so on, so they are found here and prefixed. A subpackage
added later is in the wheel without anyone remembering to list it (tests/architecture/
test_wheel.py checks that every file is).
"""

from setuptools import find_packages, setup


def under(folder: str, name: str) -> list[str]:
    return [name, *(f"{name}.{package}" for package in find_packages(folder))]


setup(
    packages=[
        *find_packages(include=["clinic_audit", "clinic_audit.*"]),
        *under("ui", "clinic_audit.ui"),
        *under("reports", "clinic_audit.reports"),
        *under("checklists", "clinic_audit.checklists"),
    ]
)
