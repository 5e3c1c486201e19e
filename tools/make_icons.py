"""Draw the app's icon (a clipboard with a check mark) at the usual sizes.

Run once when the design changes: `python tools/make_icons.py`. It writes
ui/style/icons/clinic-audit-<size>.png, which the window uses for its icon and the
bundle (packaging/build.py) installs into the desktop's hicolor theme.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
FOLDER = Path(__file__).resolve().parents[1] / "ui" / "style" / "icons"
TEAL = QColor("#0f766e")
PAPER = QColor("#f8fafc")
CLIP = QColor("#334155")
CHECK = QColor("#16a34a")


def pen(color: QColor, width: float) -> QPen:
    drawn = QPen(color, width)
    drawn.setCapStyle(Qt.PenCapStyle.RoundCap)
    drawn.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return drawn


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 64, size / 64)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(TEAL)
    painter.drawRoundedRect(QRectF(6, 6, 52, 56), 8, 8)
    painter.setBrush(PAPER)
    painter.drawRoundedRect(QRectF(13, 13, 38, 43), 3, 3)
    painter.setBrush(CLIP)
    painter.drawRoundedRect(QRectF(22, 2, 20, 12), 4, 4)
    if size >= 32:
        painter.setPen(pen(QColor("#94a3b8"), 2.5))
        for y in (22.0, 29.0):
            painter.drawLine(QPointF(19, y), QPointF(45, y))
    check = QPainterPath(QPointF(20, 41))
    check.lineTo(27, 48)
    check.lineTo(44, 31)
    painter.setPen(pen(CHECK, 6 if size < 32 else 5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(check)
    painter.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    FOLDER.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        draw(size).save(str(FOLDER / f"clinic-audit-{size}.png"))
    print(f"wrote {len(SIZES)} icons to {FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
