"""Kiosk start-up: the --self-test run, the real worker thread, an unreachable database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.clock import FakeClock
from kiosk.window import MainWindow
from kiosk.worker import DbWorker
from shared.config import load_config
from shared.db import Database
from shared.db.engine import create_db_engine
from tests.gui.conftest import Kiosk
from tests.gui.kiosk_helpers import START, badge_code, find, scan
from tests.offline_support import production_backend

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def test_self_test_passes() -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", "--self-test"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout


def test_the_real_worker_thread_brings_results_back(kiosk: Kiosk, qtbot,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    worker = DbWorker()
    # A second window beside the fixture's, with its own store (not seeded: the server
    # answers, and a second report under the same kiosk id would be refused as a clash).
    backend = production_backend(kiosk.db, kiosk.config, kiosk.clock, tmp_path / "threaded",
                                 seed=False)
    window = MainWindow(kiosk.config, backend, worker, kiosk.clock, install_filters=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(worker.busy_changed, check_params_cb=lambda busy: not busy):
        window.on_badge(badge_code("1001"))
    assert window.current is window.home
    qtbot.waitUntil(lambda: find(window.home, "metricGiven").text() != "…")
    worker.shutdown()
    backend.store.close()


def test_an_unreachable_database_leaves_the_start_screen_up(qtbot, tmp_path: Path,
                                                            caplog) -> None:  # type: ignore[no-untyped-def]
    config = load_config()
    # A server that does not answer: nothing listens on this port.
    db = Database(create_db_engine("postgresql+psycopg://nobody@127.0.0.1:9/none",
                                   connect_timeout=1))
    clock = FakeClock(START)
    worker = DbWorker()
    # Never seeded: the kiosk was switched on while the server was away.
    backend = production_backend(db, config, clock, tmp_path, seed=False)
    window = MainWindow(config, backend, worker, clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.offline, timeout=10000)
    assert window.current is window.attract
    assert find(window, "offlineLabel").isVisible()
    # A badge while offline: a message in words, never an error box, then back to the start.
    with caplog.at_level("CRITICAL"):
        scan(window, clock, badge_code("1001"))
        qtbot.waitUntil(lambda: window.current is window.message, timeout=10000)
    assert find(window.message, "messageLabel").text()
    assert QApplication.activeModalWidget() is None
    find(window.message, "messageOkButton").click()
    assert window.current is window.attract
    worker.shutdown()
    window.close()
    backend.store.close()
    db.dispose()


def test_every_screenshot_renders_and_is_not_blank(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from kiosk.screenshots import render_kiosk

    files = render_kiosk(tmp_path, size=(1280, 800))
    names = {p.name for p in files}
    assert {"kiosk-attract-1280x800.png", "kiosk-home-1280x800.png", "kiosk-rate-1280x800.png",
            "kiosk-thanks-1280x800.png", "kiosk-rate-cooldown-1280x800.png"} <= names
    for path in files:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 800), path.name
        colours = {image.pixel(x, y) for x in range(0, 1280, 40) for y in range(0, 800, 40)}
        assert len(colours) > 3, f"{path.name} looks blank"
