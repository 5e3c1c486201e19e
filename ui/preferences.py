"""What the app remembers between runs (in QSettings): keys and small helpers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

GEOMETRY = "window/geometry"
LAST_FOLDER = "paths/last_folder"  # where photos and audit files were last picked
REPORT_FOLDER = "paths/report_folder"  # where the last report was saved
PHOTO_IMPORT_FOLDER = "paths/photo_import"  # "photos from a folder": the phone's, synced
INSPECTOR_NAME = "inspector/name"
INSPECTOR_ORGANIZATION = "inspector/organisation"  # the stored key keeps its first spelling
INSPECTOR_CREDENTIAL = "inspector/credential"
INSPECTOR_CONTACT = "inspector/contact"
SERVER_ADDRESS = "server/address"  # the agency's server, postgresql://NAME@HOST/DATABASE
SERVER_IN_USE = "server/in_use"  # open the server at start instead of the laptop's store
PAGE_SIZE = "report/page_size"  # A4 or Letter; empty: the jurisdiction pack's
PHOTO_RESOLUTION = "report/photo_resolution"  # "full": stored photos; else print copies
TIME_ZONE = "audit/time_zone"  # of new audits; empty: the machine's
THEME = "appearance/theme"  # system, light or dark
AGENCY_ASKED = "agency/asked"  # the agency was asked for once (at the first regulatory audit)


def text(settings: QSettings, key: str) -> str:
    value = settings.value(key, "")
    return value if isinstance(value, str) else ""


def last_folder(settings: QSettings) -> str:
    folder = text(settings, LAST_FOLDER)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(settings: QSettings, path: str | Path) -> None:
    """Remember the folder of a file (or the folder itself) the user just picked."""
    path = Path(path)
    settings.setValue(LAST_FOLDER, str(path if path.is_dir() else path.parent))


def report_folder(settings: QSettings) -> Path:
    """Where a report is suggested: the folder of the last one, else "Clinic Audit
    reports" in the user's documents (made when the first report is saved there)."""
    folder = text(settings, REPORT_FOLDER)
    if folder and Path(folder).is_dir():
        return Path(folder)
    return suggested_report_folder()


def suggested_report_folder() -> Path:
    from platformdirs import user_documents_path

    return user_documents_path() / "Clinic Audit reports"


def remember_report_folder(settings: QSettings, pdf: str | Path) -> None:
    settings.setValue(REPORT_FOLDER, str(Path(pdf).parent))


def server_address(settings: QSettings) -> str | None:
    """The server to open at start, when Settings says to work on it."""
    in_use = settings.value(SERVER_IN_USE, False)
    if in_use not in (True, "true"):
        return None
    return text(settings, SERVER_ADDRESS) or None


def theme(settings: QSettings) -> str:
    chosen = text(settings, THEME)
    return chosen if chosen in ("system", "light", "dark") else "system"


def time_zone(settings: QSettings) -> str:
    """The zone Settings gives new audits; empty: the machine's own."""
    return text(settings, TIME_ZONE)


def photo_import_folder(settings: QSettings) -> Path:
    """Where "photos from a folder" opens: the folder used last, else the pictures folder."""
    folder = text(settings, PHOTO_IMPORT_FOLDER)
    if folder and Path(folder).is_dir():
        return Path(folder)
    from platformdirs import user_pictures_path

    pictures = user_pictures_path()
    return pictures if pictures.is_dir() else Path(last_folder(settings))
