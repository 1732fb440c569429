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

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Date,
    Integer,
    bindparam,
    case,
    cast,
    distinct,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Rating, RollupRaterDay, RollupSupplierDay
from shared.domain.periods import Period, iso_week_label, last_days, local_today, week_start

__all__ = ["EmployeeMetrics", "WeekPoint", "ReceivedSummary", "Streak", "Totals",
           "TOTALS_SELECTS", "employee_metrics", "metrics_of", "metrics_params",
           "received_summary", "streak_and_week", "streak_of", "verdict_of", "default_period"]

HAPPY = case((Rating.score >= 4, 1), else_=0)

# The kiosk's home screen runs these for every badge tap: built once as Core statements
# with bound parameters, so SQLAlchemy compiles and caches them once (measured: building
# and cache-keying ORM statements per call cost more than the queries themselves).
_R = Rating.__table__.c
_SD = RollupSupplierDay.__table__.c
_HAPPY = case((_R.score >= 4, 1), else_=0)
# The whole home-screen metric set in one round trip (PostgreSQL: one statement instead of
# four): kind 0 = E's given ratings per (supplier, day), 1 = E's received ratings per
# (client, day), 2 = metric 2 (the rated suppliers' received volume and sum).
_IN_PERIOD = (_R.status == "ok", _R.created_at >= bindparam("lo"), _R.created_at < bindparam("hi"))
_ALL = union_all(
    select(literal(0).label("kind"), _R.supplier_id.label("who"), _R.day.label("day"),
           func.count().label("n"), func.sum(_R.score).label("total"),
           func.sum(_HAPPY).label("happy"))
    .where(_R.rater_id == bindparam("e"), *_IN_PERIOD).group_by(_R.supplier_id, _R.day),
    select(literal(1), _R.rater_id, _R.day, func.count(), func.sum(_R.score), func.sum(_HAPPY))
    .where(_R.supplier_id == bindparam("e"), *_IN_PERIOD).group_by(_R.rater_id, _R.day),
    select(literal(2), cast(null(), Integer), cast(null(), Date),
           func.coalesce(func.sum(_SD.n), 0), func.coalesce(func.sum(_SD.score_sum), 0),
           literal(0))
    .where(_SD.supplier_id.in_(select(_R.supplier_id).where(_R.rater_id == bindparam("e"),
                                                              *_IN_PERIOD)),
           _SD.day >= bindparam("d0"), _SD.day <= bindparam("d1")))
# The same figures without the weekly trend (the kiosk's home screen shows no trend): one
# row per kind, ``who`` = the distinct suppliers (kind 0) or clients (kind 1).
# Same columns as ``_ALL`` (kind, who, day, n, total, happy), so that the kiosk's home
# screen can add its own rows to the same statement (``shared.domain.home``).
TOTALS_SELECTS = (
    select(literal(0).label("kind"), func.count(distinct(_R.supplier_id)).label("who"),
           cast(null(), Date).label("day"), func.count().label("n"),
           func.coalesce(func.sum(_R.score), 0).label("total"),
           func.coalesce(func.sum(_HAPPY), 0).label("happy"))
    .where(_R.rater_id == bindparam("e"), *_IN_PERIOD),
    select(literal(1), func.count(distinct(_R.rater_id)), cast(null(), Date), func.count(),
           func.coalesce(func.sum(_R.score), 0), func.coalesce(func.sum(_HAPPY), 0))
    .where(_R.supplier_id == bindparam("e"), *_IN_PERIOD),
    _ALL.selects[2],
)
_TOTALS: CompoundSelect[Any] = union_all(*TOTALS_SELECTS)


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


def _trend(config: Config, period: Period, given_rows: list[tuple[int, dt.date, int, int, int]],
           received_rows: list[tuple[int, dt.date, int, int, int]]) -> list[WeekPoint]:
    """ISO weeks of the period from E's (who, day, n, sum, happy) groups."""
    k = config.site.k_anonymity
    given: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for _sup, day, n, total, _happy in given_rows:
        g = given[week_start(day)]
        g[0] += n
        g[1] += total
    received: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    clients: dict[dt.date, set[int]] = defaultdict(set)
    for rater, day, n, total, _happy in received_rows:
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


@dataclass(frozen=True)
class Totals:
    """E's sums in a period (what ``TOTALS_SELECTS`` returns): metric 1 (given), metric 3
    (received) and metric 2 (the rated suppliers' received volume and sum)."""

    given_n: int = 0
    given_sum: int = 0
    given_happy: int = 0
    suppliers: int = 0  # distinct suppliers E rated
    received_n: int = 0
    received_sum: int = 0
    received_happy: int = 0
    clients: int = 0  # distinct clients who rated E
    sup_n: int = 0
    sup_sum: int = 0

    @classmethod
    def from_row(cls, totals: Totals, kind: int, who: int | None, n: int, total: int,
                 happy: int) -> Totals:
        """``totals`` with one row of ``TOTALS_SELECTS`` (kind 0, 1 or 2) applied."""
        n, total, happy, who = int(n or 0), int(total or 0), int(happy or 0), int(who or 0)
        if kind == 0:
            return dataclasses.replace(totals, given_n=n, given_sum=total, given_happy=happy,
                                       suppliers=who)
        if kind == 1:
            return dataclasses.replace(totals, received_n=n, received_sum=total,
                                       received_happy=happy, clients=who)
        return dataclasses.replace(totals, sup_n=n, sup_sum=total)


def metrics_params(config: Config, employee_id: int, period: Period) -> dict[str, object]:
    """Bound parameters of ``TOTALS_SELECTS`` (and of the trend statement)."""
    lo, hi = period.utc_bounds(config.tz)
    return {"e": employee_id, "lo": lo, "hi": hi, "d0": period.start, "d1": period.end}


def metrics_of(config: Config, employee_id: int, period: Period, t: Totals,
               trend: list[WeekPoint] | None = None) -> EmployeeMetrics:
    """The three metrics, CSAT and the verdict from E's sums (k applied to metric 3)."""
    withheld = t.clients < config.site.k_anonymity
    m1 = _mean(t.given_sum, t.given_n)
    m2 = _mean(t.sup_sum, t.sup_n)
    return EmployeeMetrics(
        employee_id=employee_id, period=period, k=config.site.k_anonymity,
        given_count=t.given_n, given_mean=m1, given_csat=_mean(t.given_happy, t.given_n),
        suppliers_rated=t.suppliers, suppliers_received_count=t.sup_n,
        suppliers_received_mean=m2,
        received_count=t.received_n, received_clients=t.clients,
        received_mean=None if withheld else _mean(t.received_sum, t.received_n),
        received_csat=None if withheld else _mean(t.received_happy, t.received_n),
        received_withheld=withheld,
        verdict=verdict_of(m1, m2, config.rating.verdict_tolerance),
        verdict_delta=None if m1 is None or m2 is None else m1 - m2,
        trend=trend or [])


def employee_metrics(session: Session, config: Config, employee_id: int,
                     period: Period | None = None, today: dt.date | None = None, *,
                     trend: bool = True) -> EmployeeMetrics:
    """The three metrics, CSAT and (unless ``trend=False``) the weekly trend of one employee
    (see the module doc). Without the trend the same figures come from one row per metric
    instead of E's ratings grouped per supplier/client and day; ``trend`` is then empty."""
    period = period or default_period(config, today)
    params = metrics_params(config, employee_id, period)
    totals = Totals()
    if not trend:
        for kind, who, _day, n, total, happy in session.execute(_TOTALS, params):
            totals = Totals.from_row(totals, kind, who, n, total, happy)
        return metrics_of(config, employee_id, period, totals)
    given_rows: list[tuple[int, dt.date, int, int, int]] = []
    received_rows: list[tuple[int, dt.date, int, int, int]] = []
    for kind, who, day, n, total, happy in session.execute(_ALL, params):
        if kind == 2:
            totals = Totals.from_row(totals, kind, who, n, total, happy)
            continue
        if isinstance(day, str):  # a NULL-typed union column on some drivers
            day = dt.date.fromisoformat(day)
        row = (int(who), day, int(n), int(total), int(happy))
        (given_rows if kind == 0 else received_rows).append(row)
    # Metric 1: what E gave; metric 2 came with it; metric 3 with k.
    totals = dataclasses.replace(
        totals, given_n=sum(r[2] for r in given_rows), given_sum=sum(r[3] for r in given_rows),
        given_happy=sum(r[4] for r in given_rows), suppliers=len({r[0] for r in given_rows}),
        received_n=sum(r[2] for r in received_rows),
        received_sum=sum(r[3] for r in received_rows),
        received_happy=sum(r[4] for r in received_rows),
        clients=len({r[0] for r in received_rows}))
    return metrics_of(config, employee_id, period, totals,
                      _trend(config, period, given_rows, received_rows))


def streak_of(days: list[tuple[dt.date, int]], today: dt.date) -> tuple[Streak, dt.date]:
    """The streak from (day, ratings given) pairs of the per-rater rollup, and the day the
    count stopped at (the first day back without a rating): the answer is exact when
    ``days`` holds every such pair from that day to today."""
    counts = {d: n for d, n in days if d <= today}
    cursor = today if counts.get(today) else today - dt.timedelta(days=1)
    streak = 0
    while counts.get(cursor):
        streak += 1
        cursor -= dt.timedelta(days=1)
    monday = week_start(today)
    week = sum(n for d, n in counts.items() if monday <= d)
    return Streak(streak, week, counts.get(today, 0)), cursor


def streak_and_week(session: Session, config: Config, employee_id: int,
                    today: dt.date | None = None) -> Streak:
    """Consecutive days with a rating (ending today, or yesterday if none yet today), and
    the ratings given this ISO week, from the per-rater daily rollup."""
    today = today or local_today(config.tz)
    days = list(session.execute(
        select(RollupRaterDay.day, RollupRaterDay.n)
        .where(RollupRaterDay.rater_id == employee_id, RollupRaterDay.day <= today)
        .order_by(RollupRaterDay.day.desc()).limit(400)).all())
    return streak_of([(d, n) for d, n in days], today)[0]
