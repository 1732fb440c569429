"""Badge readers: a keyboard-wedge reader told apart from typing by timing, and a serial reader.

A keyboard-wedge reader "types" the badge code, each key within
``kiosk.badge_max_interval_ms`` of the previous one, and presses Enter. The
application-wide ``BadgeKeyFilter`` holds back keys that could be part of a code;
when Enter ends a fast burst of the right length it emits ``badge(code)`` and
nobody sees the keys. When the burst turns out to be a person typing (a gap too
long, a key that cannot be in a code, too many keys), the held-back keys are
replayed to the widget they were meant for, unchanged.

The code is built from key codes (``Qt.Key_0`` ... ``Qt.Key_Z``), not from the
text the keyboard layout produces, so a Russian layout does not scramble it:
a Cyrillic letter key is mapped back to the Latin letter on the same key.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSocketNotifier, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.clock import Clock
from kiosk.idle import ACTIVITY
from shared.config import KioskConfig

log = logging.getLogger(__name__)

# ЙЦУКЕН -> QWERTY, key by key: what a Latin badge code looks like under a Russian layout.
_CYRILLIC_TO_LATIN = dict(zip("ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ", "QWERTYUIOPASDFGHJKLZXCVBNM",
                              strict=True))
_ENTER_KEYS = (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value)
# Looked up once: the filter sees every event of the application (a couple of hundred per
# tap), and each ``QEvent.Type.X`` attribute lookup costs about as much as the call itself.
_KEY_PRESS = QEvent.Type.KeyPress
_KEY_RELEASE = QEvent.Type.KeyRelease
_ACTIVITY = frozenset(ACTIVITY)


def code_char(key: int) -> str | None:
    """The badge character a key code stands for, or None if it cannot be in a code."""
    if Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value:
        return chr(ord("0") + key - Qt.Key.Key_0.value)
    if Qt.Key.Key_A.value <= key <= Qt.Key.Key_Z.value:
        return chr(ord("A") + key - Qt.Key.Key_A.value)
    if 0x400 <= key <= 0x4FF:  # Qt reports Cyrillic letters by their upper-case code point
        return _CYRILLIC_TO_LATIN.get(chr(key).upper())
    return None


@dataclass
class _HeldKey:
    receiver: weakref.ReferenceType[QObject]
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    char: str
    released: bool = False


class BadgeKeyFilter(QObject):
    """Application-wide event filter that turns a fast key burst + Enter into ``badge``."""

    badge = Signal(str)

    def __init__(self, config: KioskConfig, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("badgeKeyFilter")
        self._config = config
        self._clock = clock
        self._held: list[_HeldKey] = []
        self._last = 0.0
        self._replaying = False
        self._enter_swallowed = False
        #: called on every input event (the idle timer's touch): one application-wide
        #: Python filter instead of two, each sees ~180 events per tap on the kiosk
        self.activity: Callable[[], None] | None = None
        # Fires when no key followed within the interval: the burst was typing, give it back.
        self._flush_timer = QTimer(self)
        self._flush_timer.setObjectName("badgeFlushTimer")
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(config.badge_max_interval_ms + 10)
        self._flush_timer.timeout.connect(self.replay)

    def install(self, app: QApplication) -> None:
        app.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind is not _KEY_PRESS and kind is not _KEY_RELEASE:
            # Not a key (paint, layout, timers: nearly every event): returns at once, after
            # telling the idle watcher about a touch.
            if kind in _ACTIVITY and self.activity is not None:
                self.activity()
            return False
        if kind is _KEY_PRESS and self.activity is not None:
            self.activity()
        if self._replaying or not obj.isWidgetType():
            return False
        assert isinstance(event, QKeyEvent)
        try:
            if kind == QEvent.Type.KeyRelease:
                return self._on_release(event)
            return self._on_press(obj, event)
        except Exception:
            log.exception("badge filter failed; letting the key through")
            return False

    def _on_release(self, event: QKeyEvent) -> bool:
        if event.key() in _ENTER_KEYS and self._enter_swallowed:
            self._enter_swallowed = False
            return True
        for held in self._held:
            if held.key == event.key() and not held.released:
                held.released = True
                return True
        return False

    def _on_press(self, obj: QObject, event: QKeyEvent) -> bool:
        if event.isAutoRepeat():
            self.replay()
            return False
        now = self._clock.monotonic()
        gap_ms = (now - self._last) * 1000
        if self._held and gap_ms > self._config.badge_max_interval_ms:
            self.replay()
        key = event.key()
        if key in _ENTER_KEYS:
            if self._held and self._is_badge_burst():
                code = "".join(h.char for h in self._held)
                self._held.clear()
                self._flush_timer.stop()
                self._enter_swallowed = True
                log.info("badge read (%d characters)", len(code))
                self.badge.emit(code)
                return True
            self.replay()
            return False
        char = code_char(key)
        allowed = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        if char is None or event.modifiers() & ~allowed:
            self.replay()
            return False
        if len(self._held) >= self._config.badge_max_length:
            self.replay()
        self._held.append(_HeldKey(weakref.ref(obj), key, event.modifiers(), event.text(), char))
        self._last = now
        self._flush_timer.start()
        return True

    def _is_badge_burst(self) -> bool:
        return self._config.badge_min_length <= len(self._held) <= self._config.badge_max_length

    def replay(self) -> None:
        """Give held keys back to the widgets they were meant for (it was a person typing)."""
        self._flush_timer.stop()
        held, self._held = self._held, []
        if not held:
            return
        self._replaying = True
        try:
            for h in held:
                target = h.receiver()
                if target is None:
                    continue
                QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, h.key, h.modifiers,
                                                         h.text))
                QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyRelease, h.key,
                                                         h.modifiers, h.text))
        finally:
            self._replaying = False


class SerialBadgeReader(QObject):
    """A serial badge reader (pyserial, optional): each line it sends is one badge code.

    The port is read on a ``QSocketNotifier`` when the OS gives a file descriptor
    (Linux), otherwise on a small ``QThread``; either way ``badge`` is emitted on the
    GUI thread, like the keyboard reader's. A reader that is missing at start or unplugged
    later (a USB adapter) is logged once and opened again every ``retry_seconds`` until it
    is back: an unplugged port stays readable with nothing to read, and reading it in a
    loop would flood the journal and spin the CPU.
    """

    badge = Signal(str)

    def __init__(self, port: str, parent: QObject | None = None, *,
                 retry_seconds: int = 5, min_length: int = 1, max_length: int = 64) -> None:
        super().__init__(parent)
        self.setObjectName("serialBadgeReader")
        # The same length rule as the keyboard-wedge reader and `pulse badge assign`: a line
        # of line noise or a half-read card is not somebody's badge.
        self._lengths = (min_length, max_length)
        import serial  # optional extra: pip install supplier-pulse[serial]

        self._serial_module = serial
        self._port = port
        self._serial: Any = None
        self._buffer = b""
        self._thread: _SerialThread | None = None
        self._notifier: QSocketNotifier | None = None
        self._reopen_timer = QTimer(self)
        self._reopen_timer.setObjectName("serialBadgeReopenTimer")
        self._reopen_timer.setInterval(retry_seconds * 1000)
        self._reopen_timer.timeout.connect(self._open)
        if not self._open():
            self._reopen_timer.start()

    @property
    def connected(self) -> bool:
        return self._serial is not None

    def _open(self) -> bool:
        was_missing = self._reopen_timer.isActive()
        try:
            self._serial = self._serial_module.Serial(self._port, baudrate=9600, timeout=0.2)
        except Exception as exc:  # noqa: BLE001 - missing, unplugged or busy: try again later
            if not was_missing:
                log.warning("serial badge reader %s not available (%s); trying again every "
                            "%d s", self._port, exc, self._reopen_timer.interval() // 1000)
            return False
        self._reopen_timer.stop()
        self._buffer = b""
        if was_missing:
            log.warning("serial badge reader %s is back", self._port)
        try:
            fd = self._serial.fileno()
        except Exception:  # noqa: BLE001 - no descriptor on this platform
            fd = -1
        if fd >= 0:
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._read_available)
        else:
            self._thread = _SerialThread(self._serial, self)
            self._thread.line.connect(self._emit_line)
            self._thread.lost.connect(self._lost)
            self._thread.start()
        return True

    def _read_available(self) -> None:
        try:
            waiting = self._serial.in_waiting
            chunk = self._serial.read(waiting or 1)
        except Exception as exc:  # noqa: BLE001 - unplugged: stop reading, reopen later
            self._lost(str(exc))
            return
        if not chunk and not waiting:  # readable yet empty: the other end hung up
            self._lost("the port hung up")
            return
        self._buffer += chunk
        while b"\n" in self._buffer or b"\r" in self._buffer:
            line, _, self._buffer = self._buffer.replace(b"\r", b"\n").partition(b"\n")
            self._emit_line(line.decode("ascii", errors="ignore"))

    def _lost(self, reason: str) -> None:
        if self._serial is None:
            return
        log.warning("serial badge reader %s lost (%s); trying again every %d s", self._port,
                    reason, self._reopen_timer.interval() // 1000)
        self._drop()
        self._reopen_timer.start()

    def _drop(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._thread is not None:
            self._thread.requestInterruption()
            self._thread.wait(1000)
            self._thread = None
        if self._serial is not None:
            try:
                self._serial.close()
            except Exception:  # noqa: BLE001 - it is gone anyway
                log.debug("closing the lost serial port failed", exc_info=True)
            self._serial = None

    def _emit_line(self, line: str) -> None:
        code = "".join(ch for ch in line.strip().upper() if ch.isalnum())
        if not code:
            return
        lo, hi = self._lengths
        if not lo <= len(code) <= hi:
            log.warning("serial badge reader: a line of %d characters is not a badge "
                        "(kiosk.badge_min_length..badge_max_length = %d..%d); ignored",
                        len(code), lo, hi)
            return
        self.badge.emit(code)

    def close(self) -> None:
        self._reopen_timer.stop()
        self._drop()


class _SerialThread(QThread):
    line = Signal(str)
    lost = Signal(str)

    def __init__(self, port: object, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serialBadgeThread")
        self._port = port

    def run(self) -> None:
        while not self.isInterruptionRequested():
            try:
                raw = self._port.readline()  # type: ignore[attr-defined]
            except Exception as exc:  # noqa: BLE001 - unplugged: the reader reopens it
                self.lost.emit(str(exc))
                return
            if raw:
                self.line.emit(raw.decode("ascii", errors="ignore"))
