"""The wallboard's one background worker: loads a WallboardData snapshot off the GUI thread.

A timer in the GUI thread asks for a refresh every ``refresh_seconds``; the worker (a QObject
living in its own QThread) runs the source and hands the snapshot back by signal. One request
at a time: while a slow database keeps a refresh busy, further ticks are skipped, not queued.
Failures are logged and reported as one line; the window keeps the last good snapshot.
Tests pass ``threaded=False`` to run the source synchronously (as Picard's FakeThreadPool).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from shared.config import Config
from shared.db import Database
from shared.domain.wallboard_data import TrendCache, WallboardData, load_wallboard_data

log = logging.getLogger(__name__)

Source = Callable[[], WallboardData]


def database_source(db: Database, config: Config,
                    clock: Callable[[], dt.datetime] | None = None) -> Source:
    """A source reading the snapshot from the database (runs in the worker thread)."""
    return reconnecting_source(lambda: db, config, clock)


def reconnecting_source(open_db: Callable[[], Database], config: Config,
                        clock: Callable[[], dt.datetime] | None = None) -> Source:
    """A source that opens the database with ``open_db`` at its first refresh that succeeds
    (until then each refresh tries again and fails, and the window says "reconnecting"): the
    wallboard can start before the server does and recovers by itself. One trend cache for
    the source's life: the finished weeks are computed once, not at every refresh."""
    now = clock or (lambda: dt.datetime.now(dt.UTC))
    cache = TrendCache()  # finished weeks, reused by every later refresh
    opened: list[Database] = []

    stored: set[str] = set()  # months whose initiative map cells were stored (or tried)

    def load() -> WallboardData:
        if not opened:
            opened.append(open_db())
        moment = now()
        with opened[0].read() as session:
            data = load_wallboard_data(session, config, now=moment, cache=cache)
        live = data.initiatives
        if live is not None and not live.last_stored and live.previous_month not in stored:
            # Last month's cells were recounted (the job has not stored them): stored now,
            # once, where this login may write them (shared.domain.map_cells).
            stored.add(live.previous_month)
            _store_map_cells(opened[0], config, live.previous_month, moment)
        return data
    return load


def _store_map_cells(db: Database, config: Config, month: str, now: dt.datetime) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from shared.domain.map_cells import ensure_map_cells
    try:
        ensure_map_cells(db, config, month, now=now)
    except SQLAlchemyError as exc:  # the figures are shown anyway; the job stores them
        log.info("initiative map cells of %s not stored: %s", month, _one_line(exc))


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]


class DataWorker(QObject):
    """Runs the source; lives in the worker thread."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, source: Source) -> None:
        super().__init__()
        self._source = source

    @Slot()
    def refresh(self) -> None:
        try:
            data = self._source()
        except Exception as exc:  # noqa: BLE001 - a wallboard never shows a traceback
            log.warning("wallboard data refresh failed: %s", _one_line(exc))
            self.failed.emit(_one_line(exc))
            return
        self.loaded.emit(data)


class DataRefresher(QObject):
    """GUI-thread side: the timer, the in-flight guard and the signals the window listens to."""

    data_loaded = Signal(object)
    load_failed = Signal(str)
    _request = Signal()

    def __init__(self, source: Source, interval_seconds: float, parent: QObject | None = None,
                 *, threaded: bool = True) -> None:
        super().__init__(parent)
        self.worker = DataWorker(source)
        self.data_thread: QThread | None = None
        if threaded:
            self.data_thread = QThread(self)
            self.data_thread.setObjectName("wallboard-data")
            self.worker.moveToThread(self.data_thread)
            self.data_thread.finished.connect(self.worker.deleteLater)
        self._request.connect(self.worker.refresh)
        self.worker.loaded.connect(self._on_loaded)
        self.worker.failed.connect(self._on_failed)
        self.in_flight = False
        self.last_duration = 0.0  # seconds the last answer took (a big plant: minutes)
        self._asked_at = 0.0
        self.timer = QTimer(self)
        self.timer.setObjectName("wallboard-refresh")
        self.timer.setInterval(int(interval_seconds * 1000))
        self.timer.timeout.connect(self._on_timer)

    def start(self) -> None:
        if self.data_thread is not None:
            self.data_thread.start()
        self.timer.start()
        self.refresh()

    @Slot()
    def _on_timer(self) -> None:
        self.refresh()

    def refresh(self) -> bool:
        """Ask for a snapshot; False when one is still being loaded."""
        if self.in_flight:
            return False
        self.in_flight = True
        self._asked_at = time.monotonic()
        self._request.emit()
        return True

    def stop(self) -> None:
        self.timer.stop()
        if self.data_thread is not None and self.data_thread.isRunning():
            self.data_thread.quit()
            if not self.data_thread.wait(10_000):
                log.error("the data worker did not stop within 10 s")

    @Slot(object)
    def _on_loaded(self, data: WallboardData) -> None:
        self.in_flight = False
        self.last_duration = time.monotonic() - self._asked_at
        self.data_loaded.emit(data)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.in_flight = False
        self.last_duration = time.monotonic() - self._asked_at
        self.load_failed.emit(message)
