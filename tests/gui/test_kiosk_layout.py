"""A kiosk that holds still under the finger: the idle warning moves nothing, every button is a
glove's size at 1920x1080 and 1280x800, the language switch is far from "Log out"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from kiosk.clock import FakeClock
from kiosk.theme import MIN_TOUCH
from kiosk.window import MainWindow
from kiosk.worker import SynchronousWorker
from shared.config import load_config
from shared.db import Database
from tests.gui.kiosk_helpers import START, badge_code, build_plant, find, scan, tap
from tests.offline_support import production_backend

pytestmark = pytest.mark.gui

SIZES = [(1920, 1080), (1280, 800)]


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def sized(request, qtbot, kiosk_db: Database,  # type: ignore[no-untyped-def]
          tmp_path: Path) -> Iterator[tuple[MainWindow, FakeClock]]:
    config = load_config()
    build_plant(kiosk_db, config)
    clock = FakeClock(START)
    window = MainWindow(config, production_backend(kiosk_db, config, clock, tmp_path),
                        SynchronousWorker(), clock, size=request.param)
    window.setFixedSize(*request.param)  # the kiosk's screen: the window cannot grow
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, clock
    window.close()
    window.backend.store.close()


def _buttons(window: QWidget) -> dict[str, QRect]:
    return {b.objectName(): QRect(b.mapTo(window, QPoint(0, 0)), b.size())
            for b in window.findChildren(QPushButton) if b.isVisible() and b.objectName()}


def test_the_idle_warning_moves_no_button(sized: tuple[MainWindow, FakeClock], qtbot) -> None:  # type: ignore[no-untyped-def]
    window, clock = sized
    scan(window, clock, badge_code("1001"))
    for screen in (window.home, window.picker):
        if screen is window.picker:
            tap(find(window.home, "rateButton"))
        qtbot.wait(10)
        before = _buttons(window)
        assert before
        window.idle.countdown.emit(7)
        qtbot.wait(10)
        assert find(window, "idleCountdown").isVisible()
        assert _buttons(window) == before
        window.idle.countdown.emit(-1)
        qtbot.wait(10)
        assert _buttons(window) == before


def test_language_switch_far_from_log_out(sized: tuple[MainWindow, FakeClock]) -> None:
    window, clock = sized
    scan(window, clock, badge_code("1001"))
    language, logout = window.language_button, window.logout_button
    assert language.isVisible() and logout.isVisible()
    gap = (logout.mapTo(window, QPoint(0, 0)).x()
           - (language.mapTo(window, QPoint(0, 0)).x() + language.width()))
    assert gap >= 24 * 10  # across the bar, not beside it
    for b in (language, logout):
        assert b.height() >= MIN_TOUCH and b.width() >= MIN_TOUCH


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_visible_button_is_a_touch_target(size: tuple[int, int], tmp_path: Path) -> None:
    """Walks every screen and state the screenshots show (kiosk/screenshots.py)."""
    from kiosk.screenshots import render_kiosk

    small: dict[str, set[str]] = {}
    seen: set[str] = set()

    def check(name: str, window: QWidget) -> None:
        seen.add(name)
        for b in window.findChildren(QPushButton):
            if b.isVisible() and (b.height() < MIN_TOUCH or b.width() < MIN_TOUCH):
                small.setdefault(f"{b.objectName()} {b.width()}x{b.height()}", set()).add(name)

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()  # the renderer sets the product's font: the next tests keep theirs
    try:
        render_kiosk(tmp_path, size=size, on_shot=check)
    finally:
        app.setFont(font)
    assert {"home", "rate", "rate-comment", "picker-search", "dispute-open-what",
            "proposal-form", "pin", "maintenance"} <= seen
    assert not small, small
