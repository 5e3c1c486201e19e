"""Guards against a Qt binding that loses references to None, True or False.

PySide6 6.12.0 on CPython 3.11 (where None is not yet immortal) drops one reference to None
on every call of a method returning nothing (setText, update, processEvents…) and to True on
Signal.emit: after a few hundred saves the app aborts with "none_dealloc". pyproject.toml pins
PySide6 below 6.12; if this fails, reinstall (pip install -e '.[test]').
"""

import sys

import PySide6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

CALLS = 2000


class _Emitter(QObject):
    said = Signal(str)


def test_qt_calls_keep_their_references_to_none_and_true(qapp):
    label = QLabel()
    emitter = _Emitter()
    emitter.said.connect(lambda _text: None)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(CALLS):
        label.setText("x")
        label.update()
        emitter.said.emit("x")
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    assert lost_none < CALLS // 10 and lost_true < CALLS // 10, (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} lost {lost_none} "
        f"references to None and {lost_true} to True in {CALLS} calls; a long session would "
        "abort. Install the pinned PySide6: pip install -e '.[test]'."
    )
