"""A paper-like area to sign on with a mouse, a pen (tablet, with pressure) or a finger."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QInputDevice,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

# The pad stands for a sheet of paper, so it keeps paper colours in a dark palette too.
PAPER = QColor("#fbfaf5")
INK = QColor("#14213d")
GUIDE = QColor("#8a8f98")
PNG_HEIGHT = 240
MOUSE_WIDTH = 2.6


@dataclass
class Stroke:
    points: list[QPointF] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.strokes: list[Stroke] = []
        self._drawing = False
        self._read_only = False
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setMinimumSize(300, 150)  # two side by side fit a 1024-pixel window
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName("Signature pad")
        self.setAccessibleDescription("Sign with the mouse, a pen or a finger.")

    def sizeHint(self) -> QSize:  # noqa: N802 — Qt's name
        return QSize(480, 170)

    def is_empty(self) -> bool:
        return not any(len(s.points) for s in self.strokes)

    def clear(self) -> None:
        self.strokes = []
        self._drawing = False
        self.update()
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._drawing = False
        self.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.CrossCursor)

    def png_bytes(self) -> bytes | None:
        """The signature as a PNG with a transparent background, or None if nothing is drawn."""
        if self.is_empty():
            return None
        scale = PNG_HEIGHT / max(1, self.height())
        image = QImage(max(1, round(self.width() * scale)), PNG_HEIGHT, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        self._draw_strokes(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # A stub bug: the format is typed as bytes, but PySide6 takes only a str here.
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        return bytes(data.data())

    # --- drawing -------------------------------------------------------------------------

    def _begin(self, pos: QPointF, width: float) -> None:
        if self._read_only:
            return
        self._drawing = True
        self.strokes.append(Stroke([QPointF(pos)], [width]))
        self.update()

    def _extend(self, pos: QPointF, width: float) -> None:
        if not self._drawing:
            return
        stroke = self.strokes[-1]
        stroke.points.append(QPointF(pos))
        stroke.widths.append(width)
        self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and not _from_touch(event):
            self._begin(event.position(), MOUSE_WIDTH)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not _from_touch(event):
            self._extend(event.position(), MOUSE_WIDTH)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and not _from_touch(event):
            self._extend(event.position(), MOUSE_WIDTH)
            self._end()
        event.accept()

    def tabletEvent(self, event) -> None:  # noqa: N802
        width = 1.0 + 3.5 * max(0.1, event.pressure())
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), width)
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position(), width)
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()  # accepted, so Qt does not also send it as a mouse event

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        touch = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd)
        if kind in touch and isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                pos = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(pos, MOUSE_WIDTH + 0.6)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(pos, MOUSE_WIDTH + 0.6)
                else:
                    self._extend(pos, MOUSE_WIDTH + 0.6)
                    self._end()
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            self._end()
            return True
        return super().event(event)

    # --- painting ------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.setBrush(PAPER)
        painter.drawRoundedRect(rect, 6, 6)
        baseline = self.height() * 0.72
        painter.setPen(QPen(GUIDE, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(24, baseline), QPointF(self.width() - 24, baseline))
        if self.is_empty() and not self._read_only:
            painter.setPen(GUIDE)
            painter.drawText(QPointF(24, baseline + 22), "× Sign here")
        self._draw_strokes(painter)

    def _draw_strokes(self, painter: QPainter) -> None:
        for stroke in self.strokes:
            if len(stroke.points) == 1:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(INK)
                radius = stroke.widths[0] / 2
                painter.drawEllipse(stroke.points[0], radius, radius)
                continue
            for i in range(1, len(stroke.points)):
                pen = QPen(
                    INK,
                    stroke.widths[i],
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
                painter.setPen(pen)
                path = QPainterPath(stroke.points[i - 1])
                path.lineTo(stroke.points[i])
                painter.drawPath(path)


def _from_touch(event: QMouseEvent) -> bool:
    """Mouse events Qt makes up from touch; the touch events are handled already."""
    return event.pointingDevice().type() == QInputDevice.DeviceType.TouchScreen
