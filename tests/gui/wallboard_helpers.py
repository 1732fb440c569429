"""Fixtures and helpers for the wallboard GUI tests: fake clocks, a seeded plant, the window."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shared.config import Config, load_config
from shared.db import Database, open_database
from tests.wallboard_seed import seed
from wallboard.window import WallboardWindow
from wallboard.worker import DataRefresher, Source, database_source

TZ = ZoneInfo("Europe/Moscow")
# A Wednesday afternoon, inside the default "Mon-Fri 07:00-20:00" window.
NOW = dt.datetime(2026, 11, 25, 14, 0, tzinfo=TZ).astimezone(dt.UTC)


class FakeClock:
    """Wall clock (aware UTC) and monotonic seconds that only move when a test says so."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now
        self.mono = 1000.0

    def wall(self) -> dt.datetime:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)
        self.mono += seconds


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wallboard-demo") / "demo.db"
    db = open_database(f"sqlite:///{path}", upgrade=True)
    seed(db, employees=180, months=4, now=NOW, tz=TZ)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def demo_db(tmp_path: Path, _demo_template: Path) -> Iterator[Database]:
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    db = open_database(f"sqlite:///{path}")
    yield db
    db.dispose()


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(f"sqlite:///{tmp_path / 'empty.db'}", upgrade=True)
    yield db
    db.dispose()


@pytest.fixture
def wb_config(tmp_path: Path) -> Config:
    config = load_config()
    config.wallboard.poster_folder = str(tmp_path / "posters")
    return config


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_window(qtbot: object, config: Config, source: Source, clock: FakeClock, *,
                kiosk: bool = False, size: tuple[int, int] = (1920, 1080),
                refresh: bool = True) -> WallboardWindow:
    """A real window with a synchronous refresher (no thread, no timers running)."""
    refresher = DataRefresher(source, config.wallboard.refresh_seconds, threaded=False)
    window = WallboardWindow(config, refresher, wall_clock=clock.wall, monotonic=clock.monotonic,
                             kiosk=kiosk, start_timers=False)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    if refresh:
        refresher.refresh()
    return window


def db_source(db: Database, config: Config, clock: FakeClock) -> Source:
    return database_source(db, config, clock.wall)


def show_slide(window: WallboardWindow, name: str) -> None:
    for _ in range(len(window.playlist.entries)):
        if window.playlist.current.slide == name:
            break
        window.playlist.next()
    window._show_current(animate=False)


def visible_texts(widget: object) -> str:
    """Every visible label's text and every pyqtgraph text item of a slide, joined."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QLabel

    from wallboard.slides.trend import SeriesLegend
    texts = [lbl.text() for lbl in widget.findChildren(QLabel)  # type: ignore[attr-defined]
             if lbl.isVisibleTo(widget)]
    for legend in widget.findChildren(SeriesLegend):  # type: ignore[attr-defined]
        texts += [text for text, _colour in legend.entries]
    for view in widget.findChildren(pg.GraphicsView):  # type: ignore[attr-defined]
        for item in view.items():
            if isinstance(item, pg.TextItem) and item.isVisible():
                texts.append(item.toPlainText())
            if isinstance(item, pg.AxisItem) and item.isVisible() and item._tickLevels:
                texts += [str(t) for level in item._tickLevels for _v, t in level]
    return "\n".join(texts)

