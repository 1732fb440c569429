"""Auto-logout after a stretch without a touch, with a countdown at the end (injected clock)."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from kiosk.clock import Clock

ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
             QEvent.Type.MouseMove, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
             QEvent.Type.TouchEnd, QEvent.Type.KeyPress, QEvent.Type.Wheel}


class IdleWatcher(QObject):
    """Watches every input event of the application while someone is logged in.

    ``countdown(seconds_left)`` fires each tick during the last ``countdown_seconds``
    (and ``countdown(-1)`` when a touch cancels it); ``timed_out`` fires once.
    """

    countdown = Signal(int)
    timed_out = Signal()

    def __init__(self, clock: Clock, idle_seconds: int, countdown_seconds: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("idleWatcher")
        self._clock = clock
        self.idle_seconds = idle_seconds
        self.countdown_seconds = countdown_seconds
        self._last = clock.monotonic()
        self._active = False
        self._showing = False
        self._timer = QTimer(self)
        self._timer.setObjectName("idleTickTimer")
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.tick)

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        self._active = True
        self.touch()
        self._timer.start()

    def stop(self) -> None:
        self._active = False
        self._timer.stop()
        self._hide_countdown()

    def touch(self) -> None:
        self._last = self._clock.monotonic()
        self._hide_countdown()

    def seconds_left(self) -> float:
        return self.idle_seconds - (self._clock.monotonic() - self._last)

    def activity(self) -> None:
        """An input event (the window's badge filter reports them): a touch while active."""
        if self._active:
            self.touch()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self._active and event.type() in ACTIVITY:
            self.touch()
        return False

    def tick(self) -> None:
        if not self._active:
            return
        left = self.seconds_left()
        if left <= 0:
            self.stop()
            self.timed_out.emit()
        elif left <= self.countdown_seconds:
            self._showing = True
            self.countdown.emit(math.ceil(left))

    def _hide_countdown(self) -> None:
        if self._showing:
            self._showing = False
            self.countdown.emit(-1)
