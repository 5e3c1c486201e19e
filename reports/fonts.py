"""Find and register the report's Unicode font (DejaVu Sans), or fall back to Helvetica.

DejaVu is looked up in known font folders first (no subprocess), then with fc-match.
Set CLINIC_AUDIT_FONT_DIR to a folder holding the DejaVu .ttf files to use those.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import threading
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

ENV_FONT_DIR = "CLINIC_AUDIT_FONT_DIR"
FILES = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
    "bold_italic": "DejaVuSans-BoldOblique.ttf",
    "mono": "DejaVuSansMono.ttf",
}
FC_PATTERNS = {
    "regular": "DejaVu Sans:style=Book",
    "bold": "DejaVu Sans:style=Bold",
    "italic": "DejaVu Sans:style=Oblique",
    "bold_italic": "DejaVu Sans:style=Bold Oblique",
    "mono": "DejaVu Sans Mono:style=Book",
}
REQUIRED = ("regular", "bold", "italic", "bold_italic")
FALLBACK = {
    "regular": "Helvetica",
    "bold": "Helvetica-Bold",
    "italic": "Helvetica-Oblique",
    "bold_italic": "Helvetica-BoldOblique",
    "mono": "Courier",
}
_lock = threading.Lock()
_FIXED_MARK = "clinic_audit_fixed"  # on our replacement of a ReportLab function: made once


class FontFallbackWarning(UserWarning):
    """DejaVu Sans was not found; the report uses Helvetica, which lacks many characters."""


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    mono: str
    unicode: bool

    def mark(self, symbol: str, ascii_form: str) -> str:
        """A symbol such as ✗, or its ASCII form when the fallback font cannot draw it."""
        return symbol if self.unicode else ascii_form


def known_dirs() -> list[Path]:
    dirs = []
    if os.environ.get(ENV_FONT_DIR):
        dirs.append(Path(os.environ[ENV_FONT_DIR]))
    bundled = getattr(sys, "_MEIPASS", None)  # the app built by packaging/build.py
    if bundled:
        dirs.append(Path(bundled) / "fonts")
    dirs += [
        Path("/usr/share/fonts/truetype/dejavu"),
        Path("/usr/share/fonts/dejavu"),
        Path("/usr/share/fonts/TTF"),
        Path("/usr/share/fonts/dejavu-sans-fonts"),
        Path("/usr/share/fonts/dejavu-sans-mono-fonts"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".local/share/fonts",
        Path.home() / ".fonts",
        Path("/Library/Fonts"),
        Path.home() / "Library/Fonts",
    ]
    if sys.platform == "win32":
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
    spec = importlib.util.find_spec("matplotlib")  # its bundled DejaVu; matplotlib not imported
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            dirs.append(Path(location) / "mpl-data" / "fonts" / "ttf")
    return dirs


def find_dejavu() -> dict[str, Path]:
    """The DejaVu files found, by style; the styles not found are missing from the result."""
    found: dict[str, Path] = {}
    for folder in known_dirs():
        for style, name in FILES.items():
            if style not in found and (folder / name).is_file():
                found[style] = folder / name
    missing = [style for style in FILES if style not in found]
    if missing and shutil.which("fc-match"):
        for style in missing:
            path = _fc_match(FC_PATTERNS[style])
            if path is not None and path.name == FILES[style]:
                found[style] = path
    return found


def _fc_match(pattern: str) -> Path | None:
    try:
        done = subprocess.run(
            ["fc-match", "-f", "%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(done.stdout.strip())
    return path if done.returncode == 0 and path.is_file() else None


@cache
def load_fonts() -> Fonts:
    """Register the fonts once per process; warn (never fail) when DejaVu is unavailable."""
    with _lock:
        found = find_dejavu()
        missing = [style for style in REQUIRED if style not in found]
        if missing:
            looked = ", ".join(str(d) for d in known_dirs()[:3])
            return _fallback(
                f"DejaVu Sans ({', '.join(FILES[s] for s in missing)}) was not found "
                f"(looked in {looked}, … and with fc-match)"
            )
        try:
            names = {style: _register(style, path) for style, path in found.items()}
        except (TTFError, OSError, ValueError) as error:
            return _fallback(f"DejaVu Sans could not be read ({error})")
        pdfmetrics.registerFontFamily(
            names["regular"],
            normal=names["regular"],
            bold=names["bold"],
            italic=names["italic"],
            boldItalic=names["bold_italic"],
        )
        _fix_astral_to_unicode()
        return Fonts(
            regular=names["regular"],
            bold=names["bold"],
            italic=names["italic"],
            bold_italic=names["bold_italic"],
            mono=names.get("mono", FALLBACK["mono"]),
            unicode=True,
        )


@cache
def stamp_font_file() -> Path | None:
    """The TrueType file of the regular face, for what pyHanko draws (the visible
    signature); None when DejaVu Sans is not found (pyHanko then uses Courier)."""
    return find_dejavu().get("regular")


def _register(style: str, path: Path) -> str:
    name = f"ClinicAudit-{style}"
    pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def _fallback(reason: str) -> Fonts:
    message = (
        f"{reason}. The report uses Helvetica instead, which cannot show some characters "
        "(Vietnamese, Hebrew, Arabic, symbols) and prints them as boxes. Install the "
        f"DejaVu fonts (Debian/Ubuntu: fonts-dejavu-core), or set {ENV_FONT_DIR} to a "
        "folder holding DejaVuSans.ttf."
    )
    warnings.warn(message, FontFallbackWarning, stacklevel=3)
    return Fonts(**FALLBACK, unicode=False)


def _fix_astral_to_unicode() -> None:
    """Make copied text keep emoji and other characters above U+FFFF.

    ReportLab writes their ToUnicode entries as odd-length hex such as <1F600>, which
    readers reject; PDF wants UTF-16BE (<D83DDE00>). Only those entries change.
    """
    original = ttfonts.makeToUnicodeCMap
    if getattr(original, _FIXED_MARK, False):
        return

    def make_cmap(fontname, subset):
        cmap = original(fontname, subset)
        for code in subset:
            if code > 0xFFFF:
                utf16 = chr(code).encode("utf-16-be").hex().upper()
                cmap = cmap.replace(f"> <{code:04X}>\n", f"> <{utf16}>\n")
        return cmap

    setattr(make_cmap, _FIXED_MARK, True)
    ttfonts.makeToUnicodeCMap = make_cmap


def keep_unknown_characters(font_name: str, text: str) -> None:
    """Let characters the font has no glyph for (most emoji) print as its empty box while
    keeping their Unicode value, so copying and searching the PDF still finds them.

    ReportLab would otherwise write them as code 0, which reads back as nothing.
    """
    if text.isascii():
        return
    face = getattr(pdfmetrics.getFont(font_name), "face", None)
    glyphs = getattr(face, "charToGlyph", None)
    if glyphs is None:  # a standard PDF font (the fallback): nothing to teach
        return
    for code in set(map(ord, text)).difference(glyphs):
        if code >= 0x20:
            glyphs[code] = 0  # the .notdef glyph
