"""systemd notify protocol: READY and watchdog pings reach the socket; no socket, no error."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from shared import sdnotify


@pytest.fixture
def notify_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(5)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    yield sock
    sock.close()


def test_notify_sends_the_state(notify_socket: socket.socket) -> None:
    assert sdnotify.notify("READY=1")
    assert notify_socket.recv(100) == b"READY=1"


def test_without_systemd_nothing_happens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    assert not sdnotify.notify("READY=1")
    assert sdnotify.watchdog_interval_ms() is None


def test_watchdog_interval_is_half_and_only_for_this_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert sdnotify.watchdog_interval_ms() == 15000
    monkeypatch.setenv("WATCHDOG_PID", "1")
    assert sdnotify.watchdog_interval_ms() is None


@pytest.mark.gui
def test_qt_watchdog_says_ready_then_pings(qtbot, notify_socket: socket.socket,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QWidget

    from shared.qt.watchdog import SystemdWatchdog
    monkeypatch.setenv("WATCHDOG_USEC", "400000")  # 0.4 s -> a ping every 0.2 s
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    window = QWidget()
    qtbot.addWidget(window)
    dog = SystemdWatchdog(window)
    assert dog.start()
    assert notify_socket.recv(100).startswith(b"READY=1")
    qtbot.waitUntil(lambda: _received(notify_socket) == b"WATCHDOG=1", timeout=3000)
    dog.stop()


def _received(sock: socket.socket) -> bytes | None:
    sock.setblocking(False)
    try:
        return sock.recv(100)
    except BlockingIOError:
        return None
    finally:
        sock.setblocking(True)
