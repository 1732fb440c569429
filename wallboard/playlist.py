"""Which slide is on screen when: the playlist cursor and the office-hours windows (pure, no Qt).

Both take an injected clock, so tests check order, durations and schedules without waiting.
Window syntax (one string each, any number of them)::

    Mon-Fri 07:00-20:00      a day range
    Sat,Sun 10:00-14:00      a day list
    daily 06:00-22:00        every day ("*" works too)
    Mon-Fri 22:00-06:00      across midnight: belongs to the day it starts on
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(r"^\s*(?P<days>\S+)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*"
                     r"(?P<end>\d{1,2}:\d{2})\s*$")


class WindowError(ValueError):
    """A time window string that cannot be understood (one line for a person)."""


@dataclass(frozen=True)
class TimeWindow:
    days: frozenset[int]  # 0 = Monday
    start: dt.time
    end: dt.time

    def contains(self, local: dt.datetime) -> bool:
        t = local.time().replace(tzinfo=None)
        if self.start < self.end:
            return local.weekday() in self.days and self.start <= t < self.end
        # Across midnight: the evening part on a listed day, the morning part on the day after.
        if local.weekday() in self.days and t >= self.start:
            return True
        return (local.weekday() - 1) % 7 in self.days and t < self.end


def _time(text: str, where: str) -> dt.time:
    hours, minutes = (int(p) for p in text.split(":"))
    if hours == 24 and minutes == 0:
        return dt.time(23, 59, 59, 999999)
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise WindowError(f"{where}: {text!r} is not a time of day (HH:MM)")
    return dt.time(hours, minutes)


def _days(text: str, where: str) -> frozenset[int]:
    low = text.lower()
    if low in ("daily", "*", "every"):
        return frozenset(range(7))
    days: set[int] = set()
    for part in low.split(","):
        if "-" in part:
            a, b = part.split("-", 1)
            if a[:3] not in DAYS or b[:3] not in DAYS:
                raise WindowError(f"{where}: {part!r} is not a day range like Mon-Fri")
            i, j = DAYS.index(a[:3]), DAYS.index(b[:3])
            days.update(range(i, j + 1) if i <= j else [*range(i, 7), *range(0, j + 1)])
        elif part[:3] in DAYS:
            days.add(DAYS.index(part[:3]))
        else:
            raise WindowError(f"{where}: {part!r} is not a day (Mon..Sun, daily)")
    return frozenset(days)


def parse_window(text: str) -> TimeWindow:
    match = _WINDOW.match(text)
    if not match:
        raise WindowError(f"{text!r}: expected e.g. 'Mon-Fri 07:00-20:00'")
    start, end = _time(match["start"], text), _time(match["end"], text)
    if start == end:
        raise WindowError(f"{text!r}: the window starts and ends at the same time")
    return TimeWindow(_days(match["days"], text), start, end)


def parse_windows(texts: Sequence[str]) -> tuple[TimeWindow, ...]:
    return tuple(parse_window(t) for t in texts)


def is_showing(windows: Sequence[TimeWindow], local: dt.datetime) -> bool:
    """True inside any window; no windows at all means always on."""
    return not windows or any(w.contains(local) for w in windows)


def next_start(windows: Sequence[TimeWindow], local: dt.datetime) -> dt.datetime | None:
    """When the screen next turns on (minute resolution, within a week), for the dim clock."""
    if not windows:
        return None
    probe = local.replace(second=0, microsecond=0)
    for _ in range(7 * 24 * 60 // 5):
        probe += dt.timedelta(minutes=5)
        if is_showing(windows, probe):
            back = probe
            while is_showing(windows, back - dt.timedelta(minutes=1)) and back > local:
                back -= dt.timedelta(minutes=1)
            return back
    return None


@dataclass(frozen=True)
class PlaylistEntry:
    slide: str
    seconds: float


class Playlist:
    """A cursor over the entries; the clock is injected (monotonic seconds).

    A slide with more than fits one screen (the initiative map) has pages: each page is its
    own step with the entry's seconds (``set_pages``; ``page`` is the current one)."""

    def __init__(self, entries: Sequence[PlaylistEntry], clock: Callable[[], float]) -> None:
        if not entries:
            raise ValueError("an empty playlist")
        self.entries = tuple(entries)
        self._clock = clock
        self.index = 0
        self.started = clock()
        self.paused = False
        self._paused_at = 0.0
        self._available: Callable[[str], bool] = lambda _name: True
        self._pages: Callable[[str], int] = lambda _name: 1
        self.page = 0

    @property
    def current(self) -> PlaylistEntry:
        return self.entries[self.index]

    def set_available(self, available: Callable[[str], bool]) -> None:
        """Slides with nothing to show (e.g. impact with too little data) are skipped."""
        self._available = available
        if not available(self.current.slide):
            self._step(1)

    def set_pages(self, pages: Callable[[str], int]) -> None:
        """How many pages each slide has now (asked at every step: data and screen change)."""
        self._pages = pages
        self.page = min(self.page, max(1, pages(self.current.slide)) - 1)

    def remaining(self) -> float:
        now = self._paused_at if self.paused else self._clock()
        return max(0.0, self.current.seconds - (now - self.started))

    def tick(self) -> bool:
        """Advance when the current slide's time is up; True when the slide changed."""
        if self.paused or self.remaining() > 0:
            return False
        return self._step(1)

    def next(self) -> bool:
        return self._step(1)

    def previous(self) -> bool:
        return self._step(-1)

    def toggle_pause(self) -> bool:
        now = self._clock()
        if self.paused:
            self.started += now - self._paused_at
            self.paused = False
        else:
            self._paused_at = now
            self.paused = True
        return self.paused

    def _step(self, direction: int) -> bool:
        old, old_page = self.index, self.page
        self.started = self._paused_at = self._clock()
        pages = max(1, self._pages(self.current.slide))
        if 0 <= self.page + direction < pages and self._available(self.current.slide):
            self.page += direction
            return True
        for i in range(1, len(self.entries) + 1):
            candidate = (old + direction * i) % len(self.entries)
            if self._available(self.entries[candidate].slide):
                self.index = candidate
                break
        self.page = 0 if direction > 0 else max(1, self._pages(self.current.slide)) - 1
        return (self.index, self.page) != (old, old_page)
