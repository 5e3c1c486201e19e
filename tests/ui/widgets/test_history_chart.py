"""The facility chart prints the dates that fit under its bars, the newest always."""

from PySide6.QtGui import QImage

from clinic_audit.enums import Severity
from clinic_audit.ui.widgets.history_chart import HistoryChart, labelled_points


def test_every_date_is_printed_while_they_fit():
    assert labelled_points(3, step=300, label_width=80) == {0, 1, 2}


def test_a_long_history_prints_every_nth_date_back_from_the_newest():
    shown = sorted(labelled_points(40, step=25, label_width=80))
    assert shown[-1] == 39  # the newest
    assert all(b - a == 4 for a, b in zip(shown, shown[1:], strict=False))  # 4 × 25 ≥ 80


def test_forty_inspections_are_drawn(qtbot):
    chart = HistoryChart()
    qtbot.addWidget(chart)
    chart.resize(1000, 180)
    points = [(f"2026-{m % 12 + 1:02d}-01", 90.0, {Severity.MAJOR: 2}) for m in range(40)]
    chart.show_points(points)
    image = QImage(chart.size(), QImage.Format.Format_ARGB32)
    chart.render(image)
    assert len({image.pixel(x, 120) for x in range(0, 1000, 5)}) > 2  # bars, not blank
