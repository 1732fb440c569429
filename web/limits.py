"""Rate limit on sign-in links: refused attempts per client address and minute.

A link's token has 192 random bits, so guessing one is hopeless; the limit keeps a script
that tries anyway (or a broken client looping on a spent link) from filling the log and
loading the database. Only refusals count: a person whose link works is never held up, and
a whole shift signing in from behind one Wi-Fi address (NAT) is not either. The window is
in memory (one pulse-web process); a restart forgets it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque

WINDOW = dt.timedelta(minutes=1)
# Addresses remembered at most; beyond, the quietest are forgotten first.
MAX_ADDRESSES = 10_000


class SignInLimiter:
    def __init__(self, max_refused: int) -> None:
        self.max_refused = max_refused
        self._refused: dict[str, deque[dt.datetime]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: dt.datetime) -> deque[dt.datetime] | None:
        times = self._refused.get(address)
        while times and times[0] <= now - WINDOW:
            times.popleft()
        if times is not None and not times:
            del self._refused[address]
            return None
        return times

    def blocked(self, address: str, now: dt.datetime) -> bool:
        """Whether this address used up its refused attempts of the last minute."""
        with self._lock:
            times = self._recent(address, now)
            return times is not None and len(times) >= self.max_refused

    def refused(self, address: str, now: dt.datetime) -> None:
        """Count one refused attempt."""
        with self._lock:
            if address not in self._refused and len(self._refused) >= MAX_ADDRESSES:
                for old in [a for a in list(self._refused) if not self._recent(a, now)]:
                    self._refused.pop(old, None)
                if len(self._refused) >= MAX_ADDRESSES:
                    quietest = min(self._refused, key=lambda a: len(self._refused[a]))
                    del self._refused[quietest]
            self._refused.setdefault(address, deque()).append(now)
