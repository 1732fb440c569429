"""Reporting periods: plant-local calendar days, months, ISO weeks, and their UTC bounds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

__all__ = ["Period", "last_days", "month_period", "previous", "local_day", "local_today",
           "week_start", "iso_week_label"]


@dataclass(frozen=True)
class Period:
    """Plant-local calendar days from ``start`` to ``end``, both inclusive."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def utc_bounds(self, tz: ZoneInfo | dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
        """``[from, to)`` in UTC: local midnight of ``start`` to local midnight after ``end``."""
        lo = dt.datetime.combine(self.start, dt.time(0), tz).astimezone(dt.UTC)
        hi = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(0), tz).astimezone(dt.UTC)
        return lo, hi

    def months(self) -> list[str]:
        """Every ``YYYY-MM`` the period touches."""
        out: list[str] = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def whole_months(self) -> bool:
        """True when the period is exactly one or more complete calendar months."""
        nxt = self.end + dt.timedelta(days=1)
        return self.start.day == 1 and nxt.day == 1

    def label(self) -> str:
        if self.whole_months() and len(self.months()) == 1:
            return self.months()[0]
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def last_days(n: int, today: dt.date) -> Period:
    """The ``n`` days ending with ``today`` (today included)."""
    if n < 1:
        raise ValueError("a period has at least one day")
    return Period(today - dt.timedelta(days=n - 1), today)


def month_period(month: str) -> Period:
    """``"YYYY-MM"`` as a period; ``ValueError`` for anything else."""
    try:
        y_s, m_s = month.split("-")
        if len(y_s) != 4 or len(m_s) != 2:
            raise ValueError
        y, m = int(y_s), int(m_s)
        start = dt.date(y, m, 1)
    except ValueError:
        raise ValueError(f"{month!r} is not a month, use YYYY-MM") from None
    nxt = dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)
    return Period(start, nxt - dt.timedelta(days=1))


def previous(period: Period) -> Period:
    """The period just before: the previous month for a whole month, else equally long."""
    if period.whole_months():
        months = period.months()
        first = period.start - dt.timedelta(days=1)
        start = first.replace(day=1)
        for _ in range(len(months) - 1):
            start = (start - dt.timedelta(days=1)).replace(day=1)
        return Period(start, first)
    return Period(period.start - dt.timedelta(days=period.days),
                  period.start - dt.timedelta(days=1))


def local_day(utc_dt: dt.datetime, tz: ZoneInfo | dt.tzinfo) -> dt.date:
    """The plant-local calendar day of an aware UTC instant."""
    if utc_dt.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC instant")
    return utc_dt.astimezone(tz).date()


def local_today(tz: ZoneInfo | dt.tzinfo, now: dt.datetime | None = None) -> dt.date:
    return local_day(now or dt.datetime.now(dt.UTC), tz)


def week_start(day: dt.date) -> dt.date:
    """Monday of the ISO week of ``day``."""
    return day - dt.timedelta(days=day.weekday())


def iso_week_label(day: dt.date) -> str:
    """``"2026-W05"`` for any day of that ISO week."""
    y, w, _ = day.isocalendar()
    return f"{y:04d}-W{w:02d}"
