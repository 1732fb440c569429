"""The wallboard window: playlist timing, office hours, drift, keys, print-poster action."""

# The fixtures are imported from wallboard_helpers (pytest finds them by name).
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from shared.config import SlideConfig
from shared.db import Database
from tests.gui.wallboard_helpers import (  # noqa: F401 - fixtures
    TZ,
    _demo_template,
    clock,
    db_source,
    demo_db,
    empty_db,
    make_window,
    wb_config,
)

pytestmark = pytest.mark.gui


def test_playlist_order_and_seconds_in_the_window(qtbot, demo_db: Database, wb_config,
                                                  clock) -> None:
    wb_config.wallboard.playlist = [SlideConfig("rankings", 10), SlideConfig("trend", 5),
                                    SlideConfig("problems", 7)]
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    seen = [window.current_widget().name]
    for _ in range(30):
        clock.advance(1)
        window.tick()
        if window.current_widget().name != seen[-1]:
            seen.append(window.current_widget().name)
    assert seen == ["rankings", "trend", "problems", "rankings"]
    assert window.fade.isVisible()  # a cross-fade runs on the change
    qtbot.waitUntil(lambda: window.fade.isHidden(), timeout=3000)
    assert window.fade.pixmap.isNull()  # the old slide's picture is released


def test_outside_office_hours_shows_a_dim_clock_then_returns(qtbot, demo_db: Database,
                                                             wb_config, clock) -> None:
    wb_config.wallboard.windows = ["Mon-Fri 07:00-20:00"]
    clock.now = dt.datetime(2026, 11, 25, 19, 59, 30, tzinfo=TZ).astimezone(dt.UTC)
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    window.tick()
    assert window.outside_screen.isHidden()
    clock.advance(60)
    window.tick()
    assert window.outside and window.outside_screen.isVisible()
    assert window.outside_screen.mode == "clock"
    assert window.outside_screen.time_text == "20:00"
    assert "07:00" in window.outside_screen.note  # says when it comes back: not "broken"
    slide = window.current_widget()
    clock.advance(3600)
    window.tick()
    assert window.current_widget() is slide  # no slide rotation in the dark
    clock.now = dt.datetime(2026, 11, 26, 7, 0, tzinfo=TZ).astimezone(dt.UTC)
    window.tick()
    assert not window.outside and window.outside_screen.isHidden()


def test_dark_mode_paints_black(qtbot, empty_db: Database, wb_config, clock) -> None:
    wb_config.wallboard.windows = ["Mon-Fri 07:00-20:00"]
    wb_config.wallboard.outside_mode = "dark"
    clock.now = dt.datetime(2026, 11, 29, 3, 0, tzinfo=TZ).astimezone(dt.UTC)  # Sunday night
    window = make_window(qtbot, wb_config, db_source(empty_db, wb_config, clock), clock)
    window.tick()
    image = window.grab().toImage()
    centre = image.pixelColor(image.width() // 2, image.height() // 3)
    assert window.outside and centre.lightness() < 10


def test_burn_in_drift_moves_the_content(qtbot, empty_db: Database, wb_config, clock) -> None:
    wb_config.wallboard.windows = []
    wb_config.wallboard.drift_pixels = 6
    window = make_window(qtbot, wb_config, db_source(empty_db, wb_config, clock), clock)
    positions = {window.stage.geometry().topLeft().toTuple()}
    for _ in range(8):
        window.drift()
        positions.add(window.stage.geometry().topLeft().toTuple())
    xs = {p[0] for p in positions}
    ys = {p[1] for p in positions}
    assert len(positions) == 9 and max(xs) - min(xs) == 12 and max(ys) - min(ys) == 12
    assert window.drift_timer.interval() == wb_config.wallboard.drift_minutes * 60_000


def test_keys_move_pause_and_exit_only_outside_kiosk_mode(qtbot, demo_db: Database,
                                                          wb_config, clock) -> None:
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock,
                         kiosk=True)
    first = (window.current_widget(), window.playlist.page)  # a slide may have pages
    qtbot.keyClick(window, Qt.Key.Key_Right)
    second = (window.current_widget(), window.playlist.page)
    assert second != first
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert (window.current_widget(), window.playlist.page) == first
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.playlist.paused and window.notice.isVisible()
    clock.advance(3600)
    window.tick()
    assert (window.current_widget(), window.playlist.page) == first
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()  # kiosk mode: Esc does nothing
    window.kiosk = False
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_print_poster_key_and_hidden_button(qtbot, demo_db: Database, wb_config,
                                            clock) -> None:
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    qtbot.keyClick(window, Qt.Key.Key_P)
    path = Path(wb_config.wallboard.poster_folder) / "poster-2026-11.pdf"
    assert path.exists() and path.read_bytes().startswith(b"%PDF-")
    assert str(path) in window.notice.text()
    path.unlink()
    qtbot.mouseClick(window.print_button, Qt.MouseButton.LeftButton)
    assert path.exists()


def test_print_poster_without_data_says_so(qtbot, empty_db: Database, wb_config,
                                           clock) -> None:
    window = make_window(qtbot, wb_config, db_source(empty_db, wb_config, clock), clock)
    assert window.print_poster() is None
    assert "enough ratings" in window.notice.text()


def test_bad_window_config_still_shows_slides(qtbot, empty_db: Database, wb_config, clock,
                                              caplog) -> None:
    wb_config.wallboard.windows = ["sometimes"]
    window = make_window(qtbot, wb_config, db_source(empty_db, wb_config, clock), clock)
    assert window.windows == () and not window.outside
    assert "showing slides all day" in caplog.text
