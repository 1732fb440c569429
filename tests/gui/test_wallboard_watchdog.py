"""systemd notifications: READY=1 at start, WATCHDOG=1 at half WATCHDOG_USEC, to NOTIFY_SOCKET."""

# The fixtures are imported from wallboard_helpers (pytest finds them by name).
# ruff: noqa: F811

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.db import Database
from tests.gui.wallboard_helpers import clock, db_source, empty_db, make_window, wb_config  # noqa: F401
from wallboard.watchdog import SystemdNotifier, Watchdog

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]

# The wallboard as cage starts it: a child process whose environment names its parent (the
# service's main process) in WATCHDOG_PID. It runs the real Watchdog on a Qt event loop for
# 0.6 s with WATCHDOG_USEC = 0.2 s.
CHILD = """
import os, sys
from PySide6.QtCore import QCoreApplication, QTimer
from wallboard.watchdog import SystemdNotifier, Watchdog
app = QCoreApplication([])
notifier = SystemdNotifier()
print("ppid", os.getppid(), "watchdog_usec", notifier.watchdog_usec, flush=True)
watchdog = Watchdog(notifier)
watchdog.start()
QTimer.singleShot(600, app.quit)
app.exec()
watchdog.stopping()
"""


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


def test_the_child_of_the_main_process_pings(tmp_path: Path,
                                             notify_socket: socket.socket) -> None:
    """Under cage, WATCHDOG_PID is cage's pid (the child's parent): the child must ping."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_", "WATCHDOG_"))}
    env.update({"NOTIFY_SOCKET": notify_socket.getsockname(), "WATCHDOG_USEC": "200000",
                "WATCHDOG_PID": str(os.getpid()), "QT_QPA_PLATFORM": "offscreen"})
    child = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, timeout=60,
                           capture_output=True, text=True, check=False)
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == ["ppid", str(os.getpid()), "watchdog_usec", "200000"]
    received = []
    notify_socket.settimeout(0.5)
    while True:
        try:
            received.append(notify_socket.recv(256).decode())
        except TimeoutError:
            break
    assert received[0].startswith("READY=1")
    assert received.count("WATCHDOG=1") >= 3  # every 100 ms for 0.6 s
    assert received[-1] == "STOPPING=1"


def test_parent_pid_enables_the_watchdog() -> None:
    notifier = SystemdNotifier({"NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1000",
                                "WATCHDOG_PID": str(os.getppid())})
    assert notifier.watchdog_usec == 1000
    assert SystemdNotifier({"NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1000"}).watchdog_usec == 1000


def test_no_systemd_no_socket_no_error(caplog: pytest.LogCaptureFixture) -> None:
    notifier = SystemdNotifier({})
    assert not notifier.enabled and not notifier.notify("READY=1")
    # Neither this process nor its parent: the watchdog belongs to another process.
    stranger = str(max(os.getpid(), os.getppid()) + 1)
    with caplog.at_level("WARNING", logger="wallboard.watchdog"):
        other_pid = SystemdNotifier({"NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1000",
                                     "WATCHDOG_PID": stranger})
    assert other_pid.watchdog_usec == 0
    assert f"WATCHDOG_PID={stranger} is neither this process" in caplog.text


def test_abstract_socket_address() -> None:
    assert SystemdNotifier({"NOTIFY_SOCKET": "@sd"}).address == "\0sd"
