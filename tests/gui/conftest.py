"""Fixtures for the kiosk GUI tests: a small plant on SQLite and on PostgreSQL, a fake clock,
and the production kiosk: a real main window over the backend with its local store (seeded
by a first sync pass) and a sync that runs synchronously when poked."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.clock import FakeClock
from kiosk.window import MainWindow
from kiosk.worker import SynchronousWorker
from shared.config import Config, load_config
from shared.db import Database, open_database
from shared.offline.store import LocalStore
from shared.qt.refcount import make_singletons_immortal
from tests.gui.kiosk_helpers import START, Plant, build_plant
from tests.offline_support import production_backend

# Long GUI sessions would otherwise exhaust None's reference count (shared/qt/refcount.py).
make_singletons_immortal()


@dataclass
class Kiosk:
    window: MainWindow
    clock: FakeClock
    db: Database
    config: Config
    plant: Plant


@pytest.fixture
def kiosk_db(db_url: str) -> Iterator[Database]:
    """The central database, empty and migrated: SQLite and PostgreSQL (``db_url``)."""
    db = open_database(db_url)
    yield db
    db.dispose()


@pytest.fixture
def _kiosk_stores() -> Iterator[list[LocalStore]]:
    """Local stores closed last, after qtbot has closed the windows and run their events."""
    stores: list[LocalStore] = []
    yield stores
    for store in stores:
        store.close()


@pytest.fixture
def kiosk(_kiosk_stores: list[LocalStore], qtbot, kiosk_db: Database,  # type: ignore[no-untyped-def]
          tmp_path: Path) -> Iterator[Kiosk]:
    config = load_config()
    plant = build_plant(kiosk_db, config)
    clock = FakeClock(START)
    backend = production_backend(kiosk_db, config, clock, tmp_path)
    _kiosk_stores.append(backend.store)
    window = MainWindow(config, backend, SynchronousWorker(), clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield Kiosk(window, clock, kiosk_db, config, plant)
    window.close()
    # Deleted now, not at some later turn of the event loop: a closed window's timers (the
    # picker's search delay) and keyboard focus would otherwise reach its closed store
    # from the next test.
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _collect_qt_garbage() -> Iterator[None]:
    """Destroy the previous tests' dead widgets on the GUI thread, between tests.

    Otherwise a garbage collection that happens to run in a worker thread hands leaked Qt
    wrappers to Shiboken's deferred "delete in main thread", and that deletion can wait for a
    mutex the worker holds while the worker waits for the GIL (seen once: a hung suite).
    """
    gc.collect()
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _no_language_left_behind() -> Iterator[None]:
    """A test that switches the application to Russian leaves it as it found it: otherwise a
    later test (the wallboard's, in English) reads the previous test's language."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from shared.qt.i18n import uninstall_translations
    locale = QLocale()
    yield
    app = QCoreApplication.instance()
    if app is not None:
        uninstall_translations(app)
    QLocale.setDefault(locale)


def _running_qt_objects() -> dict[int, str]:
    """The active timers and running threads owned by a live window or by the application
    (every timer and thread of the apps has a parent: docs/STYLE 6), by identity."""
    app = QCoreApplication.instance()
    if app is None:
        return {}
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # closed windows go
    roots: list[QObject] = [app]
    if isinstance(app, QApplication):
        roots += app.topLevelWidgets()
    found: dict[int, str] = {}
    for root in roots:
        for timer in root.findChildren(QTimer):
            if timer.isActive():
                found[id(timer)] = (f"timer {timer.objectName() or '(unnamed)'} of "
                                    f"{type(timer.parent()).__name__}")
        for thread in root.findChildren(QThread):
            if thread.isRunning():
                found[id(thread)] = (f"QThread {thread.objectName() or type(thread).__name__}"
                                     f" of {type(thread.parent()).__name__}")
    return found


@pytest.fixture(autouse=True)
def _no_timer_or_thread_left_running() -> Iterator[None]:
    """A GUI test that leaves a timer or a thread running fails (issue 17): on a kiosk that
    runs for months, a timer or thread nobody stops is a leak, and here it would reach into
    the next test. Checked after qtbot has closed and deleted the test's windows; a Python
    thread the test started gets two seconds to end."""
    threads_before = set(threading.enumerate())
    qt_before = _running_qt_objects()
    yield
    left = left_running(threads_before, qt_before)
    if left:
        pytest.fail("left running after the test: " + ", ".join(left), pytrace=False)


def left_running(threads_before: set[threading.Thread], qt_before: dict[int, str],
                 grace: float = 2.0) -> list[str]:
    """What runs now that did not before: Qt timers and threads (``_running_qt_objects``),
    and Python threads still alive after ``grace`` seconds."""
    left = [what for key, what in _running_qt_objects().items() if key not in qt_before]
    deadline = time.monotonic() + grace
    for thread in set(threading.enumerate()) - threads_before:
        if isinstance(thread, threading._DummyThread):  # a Qt thread that ran Python code:
            continue                                     # its QThread is checked above
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            left.append(f"thread {thread.name}")
    return sorted(left)
