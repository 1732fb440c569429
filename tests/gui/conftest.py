"""Fixtures for the kiosk GUI tests: a migrated SQLite plant, a fake clock, a real main window."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.backend import KioskBackend
from kiosk.clock import FakeClock
from kiosk.window import MainWindow
from kiosk.worker import SynchronousWorker
from shared.config import Config, load_config
from shared.db import Database, open_database
from shared.qt.refcount import make_singletons_immortal
from tests.gui.kiosk_helpers import START, Plant, build_plant

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
def kiosk_db(tmp_path: Path, _sqlite_template: Path) -> Iterator[Database]:
    path = tmp_path / "kiosk.db"
    shutil.copy(_sqlite_template, path)
    db = open_database(f"sqlite:///{path}")
    yield db
    db.dispose()


@pytest.fixture
def kiosk(qtbot, kiosk_db: Database) -> Iterator[Kiosk]:  # type: ignore[no-untyped-def]
    config = load_config()
    plant = build_plant(kiosk_db, config)
    clock = FakeClock(START)
    window = MainWindow(config, KioskBackend(kiosk_db, config, clock), SynchronousWorker(), clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield Kiosk(window, clock, kiosk_db, config, plant)
    window.close()


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
