"""The signature pad takes a mouse, a pen and a finger, clears, and gives a PNG."""

import io

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from clinic_audit.ui.widgets.signature_pad import SignaturePad

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def pad(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(480, 170)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def draw_with_mouse(qtbot, pad, points):
    qtbot.mousePress(pad, LEFT, pos=QPoint(*points[0]))
    for point in points[1:]:
        qtbot.mouseMove(pad, QPoint(*point))
    qtbot.mouseRelease(pad, LEFT, pos=QPoint(*points[-1]))


def ink_pixels(png: bytes) -> int:
    image = Image.open(io.BytesIO(png))
    assert image.mode == "RGBA"
    return sum(image.getchannel("A").histogram()[129:])


def test_an_untouched_pad_is_empty_and_gives_no_png(pad):
    assert pad.is_empty()
    assert pad.png_bytes() is None


def test_a_mouse_stroke_becomes_a_transparent_png_with_ink(qtbot, pad):
    with qtbot.waitSignal(pad.changed):
        draw_with_mouse(qtbot, pad, [(40, 100), (120, 60), (200, 110), (300, 70)])
    assert not pad.is_empty()
    png = pad.png_bytes()
    assert png.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(png))
    assert image.height == 240
    assert image.getpixel((2, 2))[3] == 0  # transparent background
    assert ink_pixels(png) > 300


def test_clear_wipes_the_signature(qtbot, pad):
    draw_with_mouse(qtbot, pad, [(40, 100), (200, 60)])
    with qtbot.waitSignal(pad.changed):
        pad.clear()
    assert pad.is_empty() and pad.png_bytes() is None


def test_a_finger_draws_through_touch_events(qtbot, pad):
    device = QTest.createTouchDevice()
    QTest.touchEvent(pad, device).press(0, QPoint(30, 90)).commit()
    QTest.touchEvent(pad, device).move(0, QPoint(150, 40)).commit()
    QTest.touchEvent(pad, device).move(0, QPoint(260, 100)).commit()
    with qtbot.waitSignal(pad.changed):
        QTest.touchEvent(pad, device).release(0, QPoint(260, 100)).commit()
    assert len(pad.strokes) == 1
    assert len(pad.strokes[0].points) >= 3
    assert ink_pixels(pad.png_bytes()) > 200


def stylus():
    return QPointingDevice(
        "test pen",
        77,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        2,
    )


def tablet(kind, device, x, y, pressure):
    pos = QPointF(x, y)
    buttons = LEFT if kind != QEvent.Type.TabletRelease else Qt.MouseButton.NoButton
    return QTabletEvent(
        kind,
        device,
        pos,
        pos,
        pressure,
        0,
        0,
        0,
        0,
        0,
        Qt.KeyboardModifier.NoModifier,
        LEFT,
        buttons,
    )


def test_a_pen_draws_with_pressure(qtbot, pad):
    pen = stylus()
    QApplication.sendEvent(pad, tablet(QEvent.Type.TabletPress, pen, 40, 90, 0.2))
    QApplication.sendEvent(pad, tablet(QEvent.Type.TabletMove, pen, 140, 60, 0.9))
    with qtbot.waitSignal(pad.changed):
        QApplication.sendEvent(pad, tablet(QEvent.Type.TabletRelease, pen, 140, 60, 0.0))
    widths = pad.strokes[0].widths
    assert widths[1] > widths[0]
    assert not pad.is_empty()


def test_a_read_only_pad_ignores_drawing(qtbot, pad):
    pad.set_read_only(True)
    draw_with_mouse(qtbot, pad, [(40, 100), (200, 60)])
    assert pad.is_empty()


def test_the_pad_is_painted_as_paper_with_a_sign_here_line(qtbot, pad):
    before = pad.grab().toImage()
    draw_with_mouse(qtbot, pad, [(40, 40), (440, 40)])
    after = pad.grab().toImage()
    assert before.pixelColor(240, 40) != after.pixelColor(240, 40)
    assert before.pixelColor(240, 20).lightness() > 200
