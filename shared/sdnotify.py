"""systemd's notify protocol (READY=1, WATCHDOG=1, STATUS=...) without libsystemd.

The wallboard runs as ``Type=notify`` with ``WatchdogSec=``: it says READY once its first
slide is on screen and then pings from the GUI event loop, so a frozen event loop (not
only a crash) gets the service restarted. Outside systemd (no ``NOTIFY_SOCKET``) every
call is a no-op.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


def notify(state: str) -> bool:
    """Send ``state`` (e.g. ``"READY=1"``) to systemd; returns whether it was sent."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):  # abstract namespace socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(state.encode("utf-8"))
        return True
    except OSError as exc:
        log.error("cannot notify systemd (%s): %s", state.split("=", 1)[0], exc)
        return False


def watchdog_interval_ms() -> int | None:
    """Half of ``WatchdogSec`` in milliseconds, if systemd asked this process for pings."""
    usec = os.environ.get("WATCHDOG_USEC")
    pid = os.environ.get("WATCHDOG_PID")
    if not usec or (pid and pid != str(os.getpid())):
        return None
    try:
        return max(int(usec) // 2000, 100)
    except ValueError:
        return None
