"""The kiosk's call for the person's own row of the living initiative map (home screen).

The row is a public figure, the same for everyone in the segment (``shared.domain.
initiative_map``: k distinct clients, completed k-blocks), so it is kept per segment for
``kiosk.mood_refresh_seconds`` and asked for after the home screen's own figures: a badge
tap waits for neither. Offline it is simply not shown.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from kiosk.clock import Clock
from shared.config import Config
from shared.db import Database
from shared.db.models import Employee
from shared.domain.initiative_map import LiveSegment, live_map
from shared.domain.periods import local_today

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
        self._kept: dict[int, tuple[dt.datetime, str, LiveSegment | None]] = {}

    def segment_row(self, employee_id: int) -> LiveSegment | None:
        """The person's segment with its initiatives this month; None without a segment, a
        map for it, or a server."""
        return self.kiosk._either(lambda: self._segment_row(employee_id), lambda _a: None)

    def _segment_row(self, employee_id: int) -> LiveSegment | None:
        now = self.clock.now()
        month = local_today(self.config.tz, now).strftime("%Y-%m")
        with self.db.read() as s:
            segment = s.execute(select(Employee.segment_id).where(Employee.id == employee_id)
                                ).scalar_one_or_none()
            if segment is None:
                return None
            kept = self._kept.get(segment)
            if kept is not None and kept[0] > now and kept[1] == month:
                return kept[2]
            row = live_map(s, self.config, month, segment_id=segment).segment(segment)
        row = row if row is not None and row.initiatives else None
        ttl = dt.timedelta(seconds=self.config.kiosk.mood_refresh_seconds)
        self._kept[segment] = (now + ttl, month, row)
        return row
