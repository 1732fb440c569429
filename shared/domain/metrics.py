"""The three personal metrics of an employee, CSAT, weekly trend, and the kiosk's streak.

For an employee E and a period (default: the last ``rating.period_days`` days, plant-local):

1. ``given_mean``: the mean score E gave (``given_count`` ratings).
2. ``suppliers_received_mean``: the pooled mean of every score received, from all clients
   (E included), by the suppliers E rated in the period: sum of their scores / their count.
3. ``received_mean``: the mean score E received, shown only when at least *k* distinct
   clients rated E in the period (``received_withheld`` otherwise; the count stays visible).

``verdict`` compares 1 with 2: ``|m1 - m2| <= rating.verdict_tolerance`` is ``same``,
``m1 < m2`` is ``stricter`` (E rates lower than others rate the same suppliers), ``m1 > m2``
is ``kinder``; ``None`` when either is missing. CSAT is the share of 4-5 scores.

Every figure comes from SQL aggregates on the rollups or, for distinct clients over an
arbitrary period, ``COUNT(DISTINCT rater_id)`` on the ratings by the supplier index.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import bindparam, case, distinct, func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Rating, RollupRaterDay, RollupSupplierDay
from shared.domain.periods import Period, iso_week_label, last_days, local_today, week_start

__all__ = ["EmployeeMetrics", "WeekPoint", "ReceivedSummary", "Streak", "employee_metrics",
           "received_summary", "streak_and_week", "verdict_of", "default_period"]

HAPPY = case((Rating.score >= 4, 1), else_=0)

# The kiosk's home screen runs these for every badge tap: built once as Core statements
# with bound parameters, so SQLAlchemy compiles and caches them once (measured: building
# and cache-keying ORM statements per call cost more than the queries themselves).
_R = Rating.__table__.c
_SD = RollupSupplierDay.__table__.c
_RD = RollupRaterDay.__table__.c
_HAPPY = case((_R.score >= 4, 1), else_=0)
_GIVEN = (select(_R.supplier_id, func.count(), func.sum(_R.score), func.sum(_HAPPY))
          .where(_R.rater_id == bindparam("e"), _R.status == "ok",
                 _R.created_at >= bindparam("lo"), _R.created_at < bindparam("hi"))
          .group_by(_R.supplier_id))
_SUPPLIERS_RECEIVED = (select(func.coalesce(func.sum(_SD.n), 0),
                              func.coalesce(func.sum(_SD.score_sum), 0))
                       .where(_SD.supplier_id.in_(bindparam("ids", expanding=True)),
                              _SD.day >= bindparam("d0"), _SD.day <= bindparam("d1")))
_RECEIVED = (select(_R.day, _R.rater_id, func.count(), func.sum(_R.score), func.sum(_HAPPY))
             .where(_R.supplier_id == bindparam("e"), _R.status == "ok",
                    _R.created_at >= bindparam("lo"), _R.created_at < bindparam("hi"))
             .group_by(_R.day, _R.rater_id))
_GIVEN_DAYS = (select(_RD.day, _RD.n, _RD.score_sum)
               .where(_RD.rater_id == bindparam("e"), _RD.day >= bindparam("d0"),
                      _RD.day <= bindparam("d1")))


@dataclass(frozen=True)
class WeekPoint:
    """One ISO week of E's trend; ``received_mean`` is None when that week has < k clients."""

    week: str  # "2026-W05"
    start: dt.date  # its Monday
    given_count: int
    given_mean: float | None
    received_count: int
    received_mean: float | None
    received_withheld: bool


@dataclass(frozen=True)
class ReceivedSummary:
    """Metric 3 alone (used by the right to influence): count, distinct clients, mean if k met."""

    employee_id: int
    period: Period
    count: int
    clients: int
    mean: float | None
    csat: float | None
    withheld: bool


@dataclass(frozen=True)
class EmployeeMetrics:
    employee_id: int
    period: Period
    k: int
    given_count: int
    given_mean: float | None
    given_csat: float | None
    suppliers_rated: int
    suppliers_received_count: int
    suppliers_received_mean: float | None
    received_count: int
    received_clients: int
    received_mean: float | None
    received_csat: float | None
    received_withheld: bool
    verdict: str | None
    verdict_delta: float | None  # m1 - m2
    trend: list[WeekPoint] = field(default_factory=list)


@dataclass(frozen=True)
class Streak:
    days: int  # consecutive plant-local days with at least one rating, up to today
    week_count: int  # ratings given this ISO week
    today_count: int


def _mean(total: int | None, n: int | None) -> float | None:
    return (total or 0) / n if n else None


def verdict_of(given_mean: float | None, others_mean: float | None,
               tolerance: float) -> str | None:
    """``stricter`` / ``same`` / ``kinder`` (``|m1 - m2| <= tolerance`` is the same)."""
    if given_mean is None or others_mean is None:
        return None
    delta = given_mean - others_mean
    # Round away float noise so that a difference of exactly the tolerance counts as "same".
    if round(abs(delta), 9) <= tolerance:
        return "same"
    return "stricter" if delta < 0 else "kinder"


def default_period(config: Config, today: dt.date | None = None) -> Period:
    return last_days(config.rating.period_days, today or local_today(config.tz))


def received_summary(session: Session, config: Config, employee_id: int,
                     period: Period | None = None, today: dt.date | None = None
                     ) -> ReceivedSummary:
    """Metric 3 for one person, with the k threshold applied."""
    period = period or default_period(config, today)
    lo, hi = period.utc_bounds(config.tz)
    n, total, happy, clients = session.execute(
        select(func.count(), func.sum(Rating.score), func.sum(HAPPY),
               func.count(distinct(Rating.rater_id)))
        .where(Rating.supplier_id == employee_id, Rating.status == "ok",
               Rating.created_at >= lo, Rating.created_at < hi)).one()
    n = n or 0
    withheld = (clients or 0) < config.site.k_anonymity
    return ReceivedSummary(employee_id, period, n, clients or 0,
                           None if withheld else _mean(total, n),
                           None if withheld else _mean(happy, n), withheld)


def _received_by_day_and_client(session: Session, config: Config, employee_id: int,
                                lo: dt.datetime, hi: dt.datetime
                                ) -> list[tuple[dt.date, int, int, int, int]]:
    """E's received ratings grouped per (day, client): a few rows, one index range scan."""
    return [(day, rater, int(n), int(total), int(happy)) for day, rater, n, total, happy in
            session.execute(_RECEIVED, {"e": employee_id, "lo": lo, "hi": hi})]


def _trend(session: Session, config: Config, employee_id: int, period: Period,
           received_rows: list[tuple[dt.date, int, int, int, int]]) -> list[WeekPoint]:
    k = config.site.k_anonymity
    given: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for day, n, total in session.execute(_GIVEN_DAYS, {"e": employee_id, "d0": period.start,
                                                       "d1": period.end}):
        g = given[week_start(day)]
        g[0] += n
        g[1] += total
    received: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    clients: dict[dt.date, set[int]] = defaultdict(set)
    for day, rater, n, total, _happy in received_rows:
        w = week_start(day)
        r = received[w]
        r[0] += n
        r[1] += total
        clients[w].add(rater)
    weeks = []
    monday = week_start(period.start)
    while monday <= period.end:
        g, r = given.get(monday, [0, 0]), received.get(monday, [0, 0])
        withheld = len(clients.get(monday, ())) < k
        weeks.append(WeekPoint(iso_week_label(monday), monday, g[0], _mean(g[1], g[0]), r[0],
                               None if withheld else _mean(r[1], r[0]), withheld))
        monday += dt.timedelta(days=7)
    return weeks


def employee_metrics(session: Session, config: Config, employee_id: int,
                     period: Period | None = None, today: dt.date | None = None
                     ) -> EmployeeMetrics:
    """The three metrics, CSAT and the weekly trend of one employee (see the module doc)."""
    period = period or default_period(config, today)
    lo, hi = period.utc_bounds(config.tz)
    # Metric 1, per supplier E rated (a few rows): count, sum, happy.
    given_rows = session.execute(_GIVEN, {"e": employee_id, "lo": lo, "hi": hi}).all()
    given_n = sum(r[1] for r in given_rows)
    given_sum = sum(r[2] for r in given_rows)
    given_happy = sum(r[3] for r in given_rows)
    supplier_ids = [r[0] for r in given_rows]
    # Metric 2: every score those suppliers received in the period, from all clients.
    sup_n, sup_sum = 0, 0
    if supplier_ids:
        sup_n, sup_sum = session.execute(_SUPPLIERS_RECEIVED, {
            "ids": supplier_ids, "d0": period.start, "d1": period.end}).one()
    received_rows = _received_by_day_and_client(session, config, employee_id, lo, hi)
    rec_n = sum(r[2] for r in received_rows)
    rec_clients = len({r[1] for r in received_rows})
    withheld = rec_clients < config.site.k_anonymity
    received = ReceivedSummary(
        employee_id, period, rec_n, rec_clients,
        None if withheld else _mean(sum(r[3] for r in received_rows), rec_n),
        None if withheld else _mean(sum(r[4] for r in received_rows), rec_n), withheld)
    m1 = _mean(given_sum, given_n)
    m2 = _mean(sup_sum, sup_n)
    tolerance = config.rating.verdict_tolerance
    return EmployeeMetrics(
        employee_id=employee_id, period=period, k=config.site.k_anonymity,
        given_count=given_n, given_mean=m1, given_csat=_mean(given_happy, given_n),
        suppliers_rated=len(supplier_ids), suppliers_received_count=int(sup_n),
        suppliers_received_mean=m2,
        received_count=received.count, received_clients=received.clients,
        received_mean=received.mean, received_csat=received.csat,
        received_withheld=received.withheld,
        verdict=verdict_of(m1, m2, tolerance),
        verdict_delta=None if m1 is None or m2 is None else m1 - m2,
        trend=_trend(session, config, employee_id, period, received_rows))


def streak_and_week(session: Session, config: Config, employee_id: int,
                    today: dt.date | None = None) -> Streak:
    """Consecutive days with a rating (ending today, or yesterday if none yet today), and
    the ratings given this ISO week, from the per-rater daily rollup."""
    today = today or local_today(config.tz)
    days = list(session.execute(
        select(RollupRaterDay.day, RollupRaterDay.n)
        .where(RollupRaterDay.rater_id == employee_id, RollupRaterDay.day <= today)
        .order_by(RollupRaterDay.day.desc()).limit(400)).all())
    counts = {d: n for d, n in days}
    cursor = today if counts.get(today) else today - dt.timedelta(days=1)
    streak = 0
    while counts.get(cursor):
        streak += 1
        cursor -= dt.timedelta(days=1)
    monday = week_start(today)
    week = sum(n for d, n in days if monday <= d <= today)
    return Streak(streak, week, counts.get(today, 0))
