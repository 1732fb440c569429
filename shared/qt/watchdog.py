"""Pings systemd's watchdog from the Qt event loop (see shared/sdnotify.py)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from shared import sdnotify


class SystemdWatchdog(QObject):
    """``SystemdWatchdog(window).start()`` once the first frame is on screen: sends READY=1,
    then WATCHDOG=1 every half ``WatchdogSec``. Does nothing outside systemd."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setObjectName("systemd-watchdog")
        self._timer.timeout.connect(self.ping)

    def start(self, status: str = "showing slides") -> bool:
        ready = sdnotify.notify(f"READY=1\nSTATUS={status}")
        interval = sdnotify.watchdog_interval_ms()
        if interval is not None:
            self._timer.start(interval)
        return ready

    def ping(self) -> None:
        sdnotify.notify("WATCHDOG=1")

    def stop(self) -> None:
        self._timer.stop()
        sdnotify.notify("STOPPING=1")
