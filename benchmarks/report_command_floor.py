"""The whole-process floor of `clinic-audit report FILE.json`: plain, tuned ReportLab.

    python benchmarks/report_command_floor.py PREPARED_FOLDER OUT.pdf

PREPARED_FOLDER holds ``pages.json`` and the JPEGs, both written (untimed) by
benchmarks/report_command.py from the report the app made: each page's extracted text
and the JPEG files that page shows. This script lays that text out again, line by line on
the canvas (no platypus, no tables), with the same DejaVu fonts embedded as subsets,
ASCII85 off, and embeds the same JPEGs passed by path (ReportLab copies a JPEG file's
bytes as they are). It imports nothing but ReportLab and json: what the report's text and
photos cost as a process, with every choice of the app's taken away.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

rl_config.useA85 = 0
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
WIDTH, HEIGHT = A4
MARGIN = 50.0
SIZE, LEADING = 8.5, 10.5


def main() -> None:
    folder, out = Path(sys.argv[1]), sys.argv[2]
    pdfmetrics.registerFont(TTFont("R", str(DEJAVU / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("B", str(DEJAVU / "DejaVuSans-Bold.ttf")))
    pages = json.loads((folder / "pages.json").read_text())
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    for number, page in enumerate(pages, 1):
        y = HEIGHT - MARGIN
        canvas.setFont("B", SIZE)
        canvas.drawString(MARGIN, HEIGHT - 30, f"Page {number} of {len(pages)}")
        canvas.setFont("R", SIZE)
        for paragraph in page["text"]:
            for line in simpleSplit(paragraph, "R", SIZE, WIDTH - 2 * MARGIN):
                if y > MARGIN:
                    canvas.drawString(MARGIN, y, line)
                y -= LEADING
        for image in page["images"]:
            canvas.drawImage(
                str(folder / image["file"]), image["x"], image["y"], image["w"], image["h"]
            )
        canvas.showPage()
    canvas.save()


if __name__ == "__main__":
    main()
