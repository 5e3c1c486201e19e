"""Find interactive widgets a screen reader could not name."""

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
)


def unnamed_controls(root: QWidget) -> list[str]:
    """Interactive widgets under ``root`` with no accessible name (Qt's own parts skipped)."""
    unnamed = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not root.window():  # popups such as a combo box's list
            continue
        if not isinstance(widget, INTERACTIVE) or _part_of_a_qt_widget(widget):
            continue
        if not widget.accessibleName().strip():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return unnamed


def _part_of_a_qt_widget(widget: QWidget) -> bool:
    """Line edits of spin boxes, a combo box's popup list, a table's headers and the like."""
    name = widget.objectName()
    if name.startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QTabBar | QAbstractItemView):
            return True
        if parent.objectName().startswith("qt_"):
            return True
        if parent.isWindow():
            return False
        parent = parent.parentWidget()
    return False
