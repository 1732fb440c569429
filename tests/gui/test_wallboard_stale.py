"""Database down or slow: the last good data stays with a "data as of" banner, and recovers."""

# The fixtures are imported from wallboard_helpers (pytest finds them by name).
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from shared.config import Config
from shared.db import Database, open_database
from shared.domain.wallboard_data import WallboardData
from tests.gui.wallboard_helpers import (  # noqa: F401 - fixtures
    _demo_template,
    clock,
    db_source,
    demo_db,
    make_window,
    wb_config,
)
from wallboard.slides.waiting import WaitingSlide
from wallboard.worker import DataRefresher, database_source

pytestmark = pytest.mark.gui


class SwitchableSource:
    """Serves the real database until told to fail like a dropped server."""

    def __init__(self, real) -> None:  # type: ignore[no-untyped-def]
        self.real = real
        self.down = False
        self.calls = 0

    def __call__(self) -> WallboardData:
        self.calls += 1
        if self.down:
            raise ConnectionError("server closed the connection unexpectedly")
        return self.real()


def test_fake_failing_source_banner_and_recovery(qtbot, demo_db: Database, wb_config,
                                                 clock, caplog) -> None:
    wb_config.wallboard.windows = []
    source = SwitchableSource(db_source(demo_db, wb_config, clock))
    window = make_window(qtbot, wb_config, source, clock)
    good = window.data
    assert good is not None and window.banner.isHidden()
    slide = window.current_widget()
    source.down = True
    clock.advance(60)
    window.refresher.refresh()
    assert window.data is good  # the last good data stays
    assert window.banner.isVisible()
    assert window.banner.text() == "Data as of 14:00 \u2014 reconnecting\u2026"
    assert window.current_widget() is slide and not isinstance(slide, WaitingSlide)
    assert "ConnectionError" in caplog.text
    source.down = False
    clock.advance(60)
    window.refresher.refresh()
    assert window.banner.isHidden() and window.data is not good


def test_slow_database_turns_the_banner_on(qtbot, demo_db: Database, wb_config,
                                           clock) -> None:
    """No answer for 3 refresh intervals (a hung server) counts as stale too."""
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    window.refresher.in_flight = True  # a refresh that never comes back
    assert not window.refresher.refresh()  # ticks are skipped, not queued
    clock.advance(3 * wb_config.wallboard.refresh_seconds + 1)
    window.tick()
    assert window.banner.isVisible() and "Data as of" in window.banner.text()


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_real_sqlite_database_gone_and_back(qtbot, tmp_path: Path, _demo_template: Path,
                                            wb_config: Config, clock) -> None:
    """The database folder disappears (unmounted disk) and comes back."""
    wb_config.wallboard.windows = []
    folder = tmp_path / "plant"
    folder.mkdir()
    shutil.copy(_demo_template, folder / "pulse.db")
    db = open_database(f"sqlite:///{folder / 'pulse.db'}")
    window = make_window(qtbot, wb_config, database_source(db, wb_config, clock.wall), clock)
    assert window.data is not None and window.banner.isHidden()
    db.dispose()
    folder.rename(tmp_path / "away")
    clock.advance(60)
    window.refresher.refresh()
    assert window.banner.isVisible() and window.data is not None
    (tmp_path / "away").rename(folder)
    clock.advance(60)
    window.refresher.refresh()
    assert window.banner.isHidden()
    db.dispose()


@pytest.mark.pg
@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_unreachable_postgresql_in_the_worker_thread(qtbot, demo_db: Database,
                                                     wb_config: Config, clock,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """A real worker thread against a closed PostgreSQL port: failure by signal, banner on,
    GUI thread never blocked; then the source points at a live database and it recovers."""
    wb_config.wallboard.windows = []
    wb_config.database.connect_timeout = 2
    closed = open_database("postgresql+psycopg://postgres@127.0.0.1:1/none", connect_timeout=2)
    live = db_source(demo_db, wb_config, clock)
    target = {"source": database_source(closed, wb_config, clock.wall)}
    refresher = DataRefresher(lambda: target["source"](), 60)
    from wallboard.window import WallboardWindow
    window = WallboardWindow(wb_config, refresher, wall_clock=clock.wall,
                             monotonic=clock.monotonic, kiosk=False, start_timers=False)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    with qtbot.waitSignal(refresher.load_failed, timeout=15000):
        window.start()
    assert window.banner.isVisible()
    assert "Cannot reach the database" in window.banner.text()
    assert isinstance(window.current_widget(), WaitingSlide)  # friendly, never blank
    assert "wallboard data refresh failed: OperationalError" in caplog.text  # logged
    target["source"] = live
    with qtbot.waitSignal(refresher.data_loaded, timeout=15000):
        assert refresher.refresh()
    assert window.banner.isHidden() and window.data is not None
    window.close()
    assert refresher.data_thread is not None and not refresher.data_thread.isRunning()
    closed.dispose()


def test_data_as_of_uses_plant_time(qtbot, demo_db: Database, wb_config, clock) -> None:
    wb_config.wallboard.windows = []
    clock.now = dt.datetime(2026, 11, 25, 6, 5, tzinfo=dt.UTC)  # 09:05 in Moscow
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    window.on_failed("down")
    assert "09:05" in window.banner.text()


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_banner_of_data_from_an_earlier_day_names_the_day(qtbot, demo_db: Database,
                                                          wb_config, clock) -> None:
    # Down since yesterday evening: "Data as of 14:00" would read as today's 14:00.
    wb_config.wallboard.windows = []
    source = SwitchableSource(db_source(demo_db, wb_config, clock))
    window = make_window(qtbot, wb_config, source, clock)
    source.down = True
    clock.advance(60)
    window.refresher.refresh()
    assert window.banner.text() == "Data as of 14:00 \u2014 reconnecting\u2026"  # same day
    clock.advance(22 * 3600)  # Thursday 12:01, the server still down
    window.refresher.refresh()
    window.tick()
    text = window.banner.text()
    assert window.banner.isVisible() and "14:00" in text
    assert ("25 Nov" in text or "25 нояб" in text), text
