"""A facility's inspections over time, drawn with QPainter (QtCharts is in PySide6-Addons,
some 80 MB more to install for one small chart): the findings of each inspection as a
bar stacked by severity, and its score as a line."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from clinic_audit.enums import Severity
from clinic_audit.ui.style.severity import severity_css


class HistoryChart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.points: list[tuple[str, float | None, dict[Severity, int]]] = []
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Score and findings by severity over time")

    def show_points(self, points: list[tuple[str, float | None, dict[Severity, int]]]) -> None:
        """(date, score or None, findings by severity), oldest first."""
        self.points = points
        described = "; ".join(
            f"{day}: score {'—' if s is None else f'{s:.0f}%'}, "
            + ", ".join(f"{n} {sev.value}" for sev, n in counts.items())
            for day, s, counts in points
        )
        self.setAccessibleDescription(described)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        left, top, bottom = 44.0, 12.0, 28.0
        area = QRectF(left, top, self.width() - left - 12, self.height() - top - bottom)
        painter.setPen(QPen(text, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        for percent in (0, 50, 100):
            y = area.bottom() - area.height() * percent / 100
            painter.drawText(
                QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, f"{percent}%"
            )
        if not self.points:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No inspections yet")
            return
        most = max(1, *(sum(c.values()) for _d, _s, c in self.points))
        step = area.width() / len(self.points)
        label_width = painter.fontMetrics().horizontalAdvance("2026-12-31") + 8
        labelled = labelled_points(len(self.points), step, label_width)
        line: list[QPointF] = []
        for index, (day, score, counts) in enumerate(self.points):
            x = area.left() + step * index + step / 2
            width = min(28.0, step * 0.5)
            y = area.bottom()
            for severity in (Severity.MINOR, Severity.MAJOR, Severity.CRITICAL):
                height = area.height() * 0.9 * counts.get(severity, 0) / most
                painter.fillRect(
                    QRectF(x - width / 2, y - height, width, height), QColor(severity_css(severity))
                )
                y -= height
            painter.setPen(QPen(text, 1))
            if index in labelled:
                label_left = min(max(0.0, x - label_width / 2), self.width() - label_width)
                painter.drawText(
                    QRectF(label_left, area.bottom() + 4, label_width, 18),
                    Qt.AlignmentFlag.AlignHCenter,
                    day,
                )
            if score is not None:
                line.append(QPointF(x, area.bottom() - area.height() * score / 100))
        pen = QPen(self.palette().highlight().color(), 2.5)
        painter.setPen(pen)
        for start, end in zip(line, line[1:], strict=False):
            painter.drawLine(start, end)
        for point in line:
            painter.drawEllipse(point, 3.5, 3.5)


def labelled_points(count: int, step: float, label_width: float) -> set[int]:
    """The points whose date is printed under them: as many as fit side by side, the
    newest always, then every n-th back."""
    every = max(1, math.ceil(label_width / step))
    return {index for index in range(count) if (count - 1 - index) % every == 0}
