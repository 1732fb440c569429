"""systemd notifications: READY=1 at start, WATCHDOG=1 at half WATCHDOG_USEC, to NOTIFY_SOCKET."""

# The fixtures are imported from wallboard_helpers (pytest finds them by name).
# ruff: noqa: F811

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.db import Database
from tests.gui.wallboard_helpers import clock, db_source, empty_db, make_window, wb_config  # noqa: F401
from wallboard.watchdog import SystemdNotifier, Watchdog

pytestmark = pytest.mark.gui


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify.sock"))
    sock.settimeout(2.0)
    yield sock
    sock.close()


def _env(sock: socket.socket, usec: int = 4_000_000) -> dict[str, str]:
    return {"NOTIFY_SOCKET": sock.getsockname(), "WATCHDOG_USEC": str(usec),
            "WATCHDOG_PID": str(os.getpid())}


def test_ready_and_watchdog_pings(qtbot, notify_socket: socket.socket) -> None:
    watchdog = Watchdog(SystemdNotifier(_env(notify_socket)))
    watchdog.start()
    assert notify_socket.recv(256).decode().startswith("READY=1")
    assert watchdog.timer.isActive() and watchdog.timer.interval() == 2000
    assert watchdog.timer.objectName() == "watchdog-ping"
    watchdog.ping()
    assert notify_socket.recv(256) == b"WATCHDOG=1"
    watchdog.stopping()
    assert notify_socket.recv(256) == b"STOPPING=1" and not watchdog.timer.isActive()


def test_the_gui_thread_timer_sends_the_pings(qtbot, notify_socket: socket.socket) -> None:
    watchdog = Watchdog(SystemdNotifier(_env(notify_socket, usec=200_000)))
    watchdog.start()
    assert notify_socket.recv(256).decode().startswith("READY=1")
    qtbot.wait(350)  # the event loop must run for the GUI-thread timer to fire
    assert notify_socket.recv(256) == b"WATCHDOG=1"
    watchdog.stopping()


def test_window_start_notifies(qtbot, empty_db: Database, wb_config, clock,
                               notify_socket: socket.socket, monkeypatch) -> None:
    for key, value in _env(notify_socket).items():
        monkeypatch.setenv(key, value)
    window = make_window(qtbot, wb_config, db_source(empty_db, wb_config, clock), clock,
                         refresh=False)
    window.start()
    assert notify_socket.recv(256).decode().startswith("READY=1")
    window.close()


def test_no_systemd_no_socket_no_error() -> None:
    notifier = SystemdNotifier({})
    assert not notifier.enabled and not notifier.notify("READY=1")
    other_pid = SystemdNotifier({"NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1000",
                                 "WATCHDOG_PID": "1"})
    assert other_pid.watchdog_usec == 0  # the watchdog belongs to another process


def test_abstract_socket_address() -> None:
    assert SystemdNotifier({"NOTIFY_SOCKET": "@sd"}).address == "\0sd"
