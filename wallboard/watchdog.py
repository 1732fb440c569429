"""systemd notifications (the sd_notify protocol) over NOTIFY_SOCKET with a plain socket.

READY=1 once the window is up; WATCHDOG=1 from a GUI-thread timer at half of WATCHDOG_USEC,
so a frozen event loop stops the pings and systemd restarts the wallboard. Without systemd
(no NOTIFY_SOCKET) everything here is a no-op.

Whose watchdog it is: systemd sets WATCHDOG_PID to the service's main process. Under
``cage -- pulse-wallboard`` (packaging/linux/pulse-wallboard.service) that is cage, which
never pings; the wallboard is cage's direct child (cage forks and execs it; the PyInstaller
one-folder bootloader restarts itself with execvp, keeping the pid) and inherits the
variables. So the wallboard pings when WATCHDOG_PID is its own pid *or its parent's*: the
process that systemd started and that started us. Any other pid means the watchdog belongs
to some other process (a variable inherited further down a process tree); then we do not
ping, and say so in the log, since systemd would kill the service when WatchdogSec runs out.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)


class SystemdNotifier:
    """Sends datagrams to the socket systemd named in the environment."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        env = os.environ if env is None else env
        address = env.get("NOTIFY_SOCKET", "")
        if address.startswith("@"):  # abstract namespace
            address = "\0" + address[1:]
        self.address = address
        self.watchdog_usec = 0
        usec = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        if not usec.isdigit():
            return
        if not pid or pid in (str(os.getpid()), str(os.getppid())):
            self.watchdog_usec = int(usec)
        elif address:
            log.warning("systemd watchdog: WATCHDOG_PID=%s is neither this process (%d) nor "
                        "its parent (%d): not pinging it; start the wallboard directly from the "
                        "service's main process (e.g. cage -- pulse-wallboard)",
                        pid, os.getpid(), os.getppid())

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    def notify(self, message: str) -> bool:
        if not self.address:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.settimeout(1.0)
                sock.sendto(message.encode("utf-8"), self.address)
            return True
        except OSError as exc:
            log.error("systemd notification %r failed: %s", message.split("=")[0], exc)
            return False


class Watchdog(QObject):
    """READY=1 at start, then WATCHDOG=1 every WATCHDOG_USEC / 2 from the GUI thread."""

    def __init__(self, notifier: SystemdNotifier, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.timer = QTimer(self)
        self.timer.setObjectName("watchdog-ping")
        self.timer.timeout.connect(self.ping)

    def start(self) -> None:
        if not self.notifier.enabled:
            return
        self.notifier.notify("READY=1\nSTATUS=showing slides")
        if self.notifier.watchdog_usec:
            interval_ms = max(100, self.notifier.watchdog_usec // 2000)
            self.timer.start(interval_ms)
            log.info("systemd watchdog: ping every %d ms", interval_ms)

    def ping(self) -> None:
        self.notifier.notify("WATCHDOG=1")

    def stopping(self) -> None:
        self.timer.stop()
        self.notifier.notify("STOPPING=1")
