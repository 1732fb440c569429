"""The kiosk's call for the person's own row of the living initiative map (home screen).

The row is a public figure, the same for everyone in the segment (``shared.domain.
initiative_map.live_segment``: k distinct clients, completed k-blocks), so it is kept per
segment for ``kiosk.mood_refresh_seconds`` and asked for after the home screen's own figures:
a badge tap waits for neither. Offline it is simply not shown.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kiosk.clock import Clock
from shared.config import Config
from shared.db import Database
from shared.domain.initiative_map import KeptRows, SegmentRow, live_segment

if TYPE_CHECKING:
    from kiosk.backend import KioskBackend


class SegmentRows:
    """Thread: the database worker only."""

    def __init__(self, db: Database, config: Config, clock: Clock, *,
                 kiosk: KioskBackend) -> None:
        self.db = db
        self.config = config
        self.clock = clock
        self.kiosk = kiosk  # answers "offline" from its snapshot rules
        self._kept: KeptRows = {}

    def segment_row(self, employee_id: int) -> SegmentRow | None:
        """The person's segment with its initiatives this month; None without a segment, a
        map for it, or a server."""
        return self.kiosk._either(lambda: self._segment_row(employee_id), lambda _a: None)

    def _segment_row(self, employee_id: int) -> SegmentRow | None:
        keep = dt.timedelta(seconds=self.config.kiosk.mood_refresh_seconds)
        with self.db.read() as s:
            return live_segment(s, self.config, employee_id, self.clock.now(),
                                kept=self._kept, keep=keep)
