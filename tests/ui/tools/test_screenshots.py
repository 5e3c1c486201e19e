"""`clinic-audit gui --screenshots DIR`, the app's start-up errors, and readable colours."""

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from clinic_audit.ui import app as app_module
from clinic_audit.ui.style.theme import FILLS, TONES, dark_palette
from clinic_audit.ui.tools.screenshots import SHOTS, WINDOW_SIZE


def test_screenshot_mode_writes_every_main_screen_and_exits_0(qapp, tmp_path):
    user_store = tmp_path / "user-store.sqlite3"
    shots = tmp_path / "shots"
    assert app_module.run(user_store, screenshots=str(shots)) == 0
    assert sorted(p.name for p in shots.iterdir()) == sorted(f"{name}.png" for name in SHOTS)
    for name in SHOTS:
        image = QImage(str(shots / f"{name}.png"))
        if name == "settings":  # a dialog, not the window
            assert 0 < image.width() < WINDOW_SIZE[0] and 0 < image.height() < WINDOW_SIZE[1]
            continue
        assert (image.width(), image.height()) == WINDOW_SIZE
        colours = {image.pixel(x, y) for x in range(0, 1280, 37) for y in range(0, 800, 23)}
        assert len(colours) > 8, f"{name}.png looks empty"
    assert not user_store.exists()  # a throw-away store, never the user's


def test_screenshots_into_a_path_that_cannot_be_a_folder(qapp, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert app_module.run(tmp_path / "s.sqlite3", screenshots=str(blocker / "shots")) == 2
    assert "cannot create" in capsys.readouterr().err


def test_a_store_that_cannot_be_opened_is_explained_and_exits_2(qapp, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: shown.append(text))
    not_a_store = tmp_path / "notes.sqlite3"
    not_a_store.write_bytes(b"these are my notes, not a database" * 100)
    assert app_module.run(not_a_store) == 2
    assert "not a Clinic Audit store" in shown[0]
    assert not_a_store.read_bytes().startswith(b"these are my notes")


def contrast(a: QColor, b: QColor) -> float:
    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", sorted(TONES))
def test_coloured_text_is_readable_on_light_and_dark_backgrounds(name):
    light, dark = TONES[name]
    for background in ("#ffffff", "#efefef"):
        assert contrast(QColor(light), QColor(background)) >= 4.5, (name, background)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        background = dark_palette().color(role)
        assert contrast(QColor(dark), background) >= 4.5, (name, background.name())


def test_white_text_is_readable_on_every_answer_fill():
    for result, fill in FILLS.items():
        assert contrast(QColor("#ffffff"), QColor(fill)) >= 4.5, result


def test_the_dark_palette_is_dark_with_light_text(qapp):
    palette = dark_palette()
    assert palette.color(QPalette.ColorRole.Window).lightness() < 80
    assert (
        contrast(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)) > 7
    )
    assert QApplication.instance() is qapp
