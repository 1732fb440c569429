"""The three personal metrics of an employee, CSAT, weekly trend, and the kiosk's streak.

For an employee E and a period (default: the last ``rating.period_days`` days, plant-local):

1. ``given_mean``: the mean score E gave (``given_count`` ratings) -- live, to this moment.
2. ``others_mean``: how E's suppliers are rated by their *other* clients, like for like
   (SPEC 5): for each supplier E rated in the settled window, the mean of the ratings the
   others (E excluded) gave it in that window, weighted by E's own number of ratings of it.
   A supplier counts only with at least *k* distinct other clients there (``counted``);
   ``others_withheld`` when none does. ``my_mean_same_suppliers`` is E's own mean over
   exactly those suppliers, in the same window, so that the verdict compares one person's
   mix with itself and not with a different set of suppliers or days.
3. ``received_mean``: the mean score E received, shown only when at least *k* distinct
   clients rated E in the window (``received_withheld`` otherwise; the count stays visible).

Metrics 2 and 3 show other people's ratings, so they come from the *settled* window
(``others_period``, ``settled_period``): ratings up to the end of the previous plant-local
day. A rating given today changes them only tomorrow, together with everything else of
today, so nobody can isolate it by looking before and after a colleague's visit (SPEC 4,
differencing). The default window is the last ``rating.period_days`` days ending yesterday;
a given period is cut at yesterday.

``verdict`` compares ``my_mean_same_suppliers`` (m1') with ``others_mean`` (m2):
``|m1' - m2| <= rating.verdict_tolerance`` is ``same``, ``m1' < m2`` is ``stricter`` (E
rates those suppliers lower than their other clients do: E expects more, or they serve E
worse than they serve others), ``m1' > m2`` is ``kinder``; ``None`` when metric 2 is
withheld. Because both sides are the same suppliers in the same proportions, a verdict can
no longer come from E rating a different mix of suppliers (composition). CSAT is the share
of 4-5 scores.

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
from shared.db.models import Rating, RollupRaterDay, peer_ratings
from shared.domain.periods import Period, iso_week_label, last_days, local_today, week_start

__all__ = ["EmployeeMetrics", "LikeForLike", "WeekPoint", "ReceivedSummary", "Streak", "Totals",
           "TOTALS_SELECTS", "employee_metrics", "like_for_like", "metric_periods", "metrics_of",
           "metrics_params", "received_summary", "settled_period", "streak_and_week",
           "streak_of", "verdict_of", "default_period"]

HAPPY = case((Rating.score >= 4, 1), else_=0)

# The kiosk's home screen runs these for every badge tap: built once as Core statements
# with bound parameters, so SQLAlchemy compiles and caches them once (measured: building
# and cache-keying ORM statements per call cost more than the queries themselves).
_R = Rating.__table__.c
_MINE = Rating.__table__.alias("mine")
_HAPPY = case((_R.score >= 4, 1), else_=0)
# Other people's ratings (metrics 2 and 3) through ``peer_ratings``: on the kiosk's
# PostgreSQL role each other rater there is a pseudonym and each rating its day only
# (shared/db/models/ratings.py), which is all these settled, whole-day figures need.
_P = peer_ratings.c
_P_HAPPY = case((_P.score >= 4, 1), else_=0)
# Two windows: ``lo``..``hi`` (the period, live) for what E gave (metric 1); ``olo``..``ohi``
# (the settled window, up to the end of yesterday) for other people's ratings (2 and 3).
_IN_PERIOD = (_R.status == "ok", _R.created_at >= bindparam("lo"), _R.created_at < bindparam("hi"))
_SETTLED = (_R.status == "ok", _R.created_at >= bindparam("olo"),
            _R.created_at < bindparam("ohi"))
_P_SETTLED = (_P.status == "ok", _P.created_at >= bindparam("olo"),
              _P.created_at < bindparam("ohi"))
# Metric 2, like for like: kind 2 = per supplier E rated in the settled window, the ratings
# its *other* clients gave it there, kept only with at least k distinct other clients;
# kind 5 = E's own ratings per supplier in the settled window (the weights, and E's side of
# the verdict). Python joins the two (``Totals.counted``): a person rates tens of suppliers.
_MY_SUPPLIERS = select(_MINE.c.supplier_id).where(
    _MINE.c.rater_id == bindparam("e"), _MINE.c.status == "ok",
    _MINE.c.created_at >= bindparam("olo"), _MINE.c.created_at < bindparam("ohi"))
# Per supplier of E's, correlated subqueries on ``peer_ratings`` (one index lookup each by
# supplier): on the kiosk's role that view is a security barrier, into which PostgreSQL
# pushes ``supplier_id = <the outer supplier>`` but not a semi-join (``IN (SELECT ...)`` cost
# a scan of the whole window, 400 ms at 12,000 ratings).
_MY = _MY_SUPPLIERS.distinct().subquery("my")


def _of_others(figure: Any) -> Any:
    return (select(figure).where(_P.supplier_id == _MY.c.supplier_id,
                                 _P.rater_id != bindparam("e"),
                                 *_P_SETTLED).scalar_subquery())


_OTHERS = select(_MY.c.supplier_id.label("s"), _of_others(func.count()).label("n"),
                 _of_others(func.sum(_P.score)).label("total"),
                 _of_others(func.count(distinct(_P.rater_id))).label("clients")
                 ).subquery("others")
_METRIC_2 = (
    select(literal(2), _OTHERS.c.s, cast(null(), Date), _OTHERS.c.n, _OTHERS.c.total,
           literal(0))
    .where(_OTHERS.c.clients >= bindparam("k")))
_MINE_SETTLED = (
    select(literal(5), _R.supplier_id, cast(null(), Date), func.count(), func.sum(_R.score),
           func.sum(_HAPPY))
    .where(_R.rater_id == bindparam("e"), *_SETTLED).group_by(_R.supplier_id))
# The whole metric set in one round trip (PostgreSQL: one statement instead of three):
# kind 0 = E's given ratings per (supplier, day), 1 = E's received ratings per (client,
# day), 2 and 5 = metric 2 (per supplier, see above).
_ALL = union_all(
    select(literal(0).label("kind"), _R.supplier_id.label("who"), _R.day.label("day"),
           func.count().label("n"), func.sum(_R.score).label("total"),
           func.sum(_HAPPY).label("happy"))
    .where(_R.rater_id == bindparam("e"), *_IN_PERIOD).group_by(_R.supplier_id, _R.day),
    select(literal(1), _P.rater_id, _P.day, func.count(), func.sum(_P.score), func.sum(_P_HAPPY))
    .where(_P.supplier_id == bindparam("e"), *_P_SETTLED).group_by(_P.rater_id, _P.day),
    _METRIC_2, _MINE_SETTLED)
# The same figures without the weekly trend (the kiosk's home screen shows no trend): one
# row for kinds 0 and 1, ``who`` = the distinct suppliers (kind 0) or clients (kind 1);
# metric 2 per supplier as above (kinds 2 and 5).
# Same columns as ``_ALL`` (kind, who, day, n, total, happy), so that the kiosk's home
# screen can add its own rows to the same statement (``shared.domain.home``).
TOTALS_SELECTS = (
    select(literal(0).label("kind"), func.count(distinct(_R.supplier_id)).label("who"),
           cast(null(), Date).label("day"), func.count().label("n"),
           func.coalesce(func.sum(_R.score), 0).label("total"),
           func.coalesce(func.sum(_HAPPY), 0).label("happy"))
    .where(_R.rater_id == bindparam("e"), *_IN_PERIOD),
    select(literal(1), func.count(distinct(_P.rater_id)), cast(null(), Date), func.count(),
           func.coalesce(func.sum(_P.score), 0), func.coalesce(func.sum(_P_HAPPY), 0))
    .where(_P.supplier_id == bindparam("e"), *_P_SETTLED),
    _METRIC_2, _MINE_SETTLED,
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
    period: Period  # metric 1 (E's own ratings given, live)
    others_period: Period | None  # metrics 2 and 3: settled days only (None: none yet)
    k: int
    given_count: int
    given_mean: float | None
    given_csat: float | None
    suppliers_rated: int  # distinct suppliers E rated in ``period``
    # Metric 2, like for like, over ``others_period``: of the suppliers E rated there
    # (``suppliers_rated_settled``), those with >= k distinct other clients are counted.
    suppliers_rated_settled: int
    suppliers_counted: int
    counted_supplier_ids: tuple[int, ...]
    others_count: int  # the other clients' ratings of the counted suppliers
    others_mean: float | None  # their per-supplier means, weighted by E's ratings of each
    others_withheld: bool  # no supplier of E's qualifies: metric 2 not shown
    my_count_same_suppliers: int  # E's ratings of the counted suppliers (the weights)
    my_mean_same_suppliers: float | None  # E's mean over exactly them, same window
    received_count: int
    received_clients: int
    received_mean: float | None
    received_csat: float | None
    received_withheld: bool
    verdict: str | None
    verdict_delta: float | None  # my_mean_same_suppliers - others_mean
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


def settled_period(config: Config, period: Period | None, today: dt.date) -> Period | None:
    """The window of what is shown of other people's ratings (metrics 2 and 3, the right to
    influence, the received-score nudges): only days before ``today``. Without a period,
    the last ``rating.period_days`` days ending yesterday; a given period cut at yesterday
    (None when it has no day before today)."""
    yesterday = today - dt.timedelta(days=1)
    if period is None:
        return default_period(config, yesterday)
    if period.end <= yesterday:
        return period
    return Period(period.start, yesterday) if period.start <= yesterday else None


def metric_periods(config: Config, period: Period | None,
                   today: dt.date | None) -> tuple[Period, Period | None]:
    """``(period, others_period)`` of ``employee_metrics``: metric 1's window (default: the
    last ``rating.period_days`` days up to today) and the settled one of metrics 2 and 3."""
    today = today or local_today(config.tz)
    return period or default_period(config, today), settled_period(config, period, today)


def received_summary(session: Session, config: Config, employee_id: int,
                     period: Period | None = None, today: dt.date | None = None
                     ) -> ReceivedSummary:
    """Metric 3 for one person, with the k threshold applied. For a figure shown to people,
    pass the settled window (``settled_period``), as the right to influence does."""
    period = period or default_period(config, today)
    lo, hi = period.utc_bounds(config.tz)
    n, total, happy, clients = session.execute(
        select(func.count(), func.sum(_P.score), func.sum(_P_HAPPY),
               func.count(distinct(_P.rater_id)))
        .where(_P.supplier_id == employee_id, _P.status == "ok",
               _P.created_at >= lo, _P.created_at < hi)).one()
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


@dataclass
class Totals:
    """E's sums (what ``TOTALS_SELECTS`` returns): metric 1 (given, in the period), metric 3
    (received, settled window) and metric 2's per-supplier sums (settled window): ``others``
    = the counted suppliers' ratings from their other clients, ``mine`` = E's own ratings
    per supplier. Fed row by row through ``add``."""

    given_n: int = 0
    given_sum: int = 0
    given_happy: int = 0
    suppliers: int = 0  # distinct suppliers E rated
    received_n: int = 0
    received_sum: int = 0
    received_happy: int = 0
    clients: int = 0  # distinct clients who rated E
    others: dict[int, tuple[int, int]] = field(default_factory=dict)  # supplier: (n, sum)
    mine: dict[int, tuple[int, int]] = field(default_factory=dict)  # supplier: (n, sum)

    def add(self, kind: int, who: int | None, n: int, total: int, happy: int) -> None:
        """One row of ``TOTALS_SELECTS`` (kind 0, 1, 2 or 5)."""
        n, total, happy, who = int(n or 0), int(total or 0), int(happy or 0), int(who or 0)
        if kind == 0:
            self.given_n, self.given_sum, self.given_happy, self.suppliers = \
                n, total, happy, who
        elif kind == 1:
            self.received_n, self.received_sum, self.received_happy, self.clients = \
                n, total, happy, who
        elif kind == 2:
            self.others[who] = (n, total)
        elif kind == 5:
            self.mine[who] = (n, total)


@dataclass(frozen=True)
class LikeForLike:
    """Metric 2 and E's own side of the verdict, over the same suppliers and window."""

    counted: tuple[int, ...]
    others_count: int
    others_mean: float | None
    my_count: int
    my_mean: float | None


def like_for_like(others: dict[int, tuple[int, int]],
                  mine: dict[int, tuple[int, int]]) -> LikeForLike:
    """Metric 2 from the counted suppliers' other-client sums and E's own per-supplier sums:
    sum over s of (E's n_s x others' mean_s) / sum of E's n_s, and E's mean over the same
    suppliers."""
    counted = tuple(sorted(s for s in others if mine.get(s, (0, 0))[0] > 0))
    weights = sum(mine[s][0] for s in counted)
    if not weights:
        return LikeForLike((), 0, None, 0, None)
    weighted = sum(mine[s][0] * others[s][1] / others[s][0] for s in counted)
    return LikeForLike(counted, sum(others[s][0] for s in counted), weighted / weights,
                       weights, sum(mine[s][1] for s in counted) / weights)


def metrics_params(config: Config, employee_id: int, period: Period,
                   others: Period | None) -> dict[str, object]:
    """Bound parameters of ``TOTALS_SELECTS`` (and of the trend statement)."""
    lo, hi = period.utc_bounds(config.tz)
    # No settled day yet: an empty window (nothing is both >= olo and < ohi).
    olo, ohi = others.utc_bounds(config.tz) if others is not None else (lo, lo)
    return {"e": employee_id, "lo": lo, "hi": hi, "olo": olo, "ohi": ohi,
            "k": config.site.k_anonymity}


def metrics_of(config: Config, employee_id: int, period: Period, others: Period | None,
               t: Totals, trend: list[WeekPoint] | None = None) -> EmployeeMetrics:
    """The three metrics, CSAT and the verdict from E's sums (k applied to metrics 2 and 3;
    metric 2's ``others`` hold only suppliers with k other clients already)."""
    withheld = t.clients < config.site.k_anonymity
    m1 = _mean(t.given_sum, t.given_n)
    same = like_for_like(t.others, t.mine)
    return EmployeeMetrics(
        employee_id=employee_id, period=period, others_period=others,
        k=config.site.k_anonymity,
        given_count=t.given_n, given_mean=m1, given_csat=_mean(t.given_happy, t.given_n),
        suppliers_rated=t.suppliers, suppliers_rated_settled=len(t.mine),
        suppliers_counted=len(same.counted), counted_supplier_ids=same.counted,
        others_count=same.others_count, others_mean=same.others_mean,
        others_withheld=same.others_mean is None,
        my_count_same_suppliers=same.my_count, my_mean_same_suppliers=same.my_mean,
        received_count=t.received_n, received_clients=t.clients,
        received_mean=None if withheld else _mean(t.received_sum, t.received_n),
        received_csat=None if withheld else _mean(t.received_happy, t.received_n),
        received_withheld=withheld,
        verdict=verdict_of(same.my_mean, same.others_mean, config.rating.verdict_tolerance),
        verdict_delta=(None if same.my_mean is None or same.others_mean is None
                       else same.my_mean - same.others_mean),
        trend=trend or [])


def employee_metrics(session: Session, config: Config, employee_id: int,
                     period: Period | None = None, today: dt.date | None = None, *,
                     trend: bool = True) -> EmployeeMetrics:
    """The three metrics, CSAT and (unless ``trend=False``) the weekly trend of one employee
    (see the module doc; ``today`` decides which days are settled for metrics 2 and 3).
    Without the trend the same figures come from one row per metric instead of E's ratings
    grouped per supplier/client and day; ``trend`` is then empty."""
    period, others = metric_periods(config, period, today)
    params = metrics_params(config, employee_id, period, others)
    totals = Totals()
    if not trend:
        for kind, who, _day, n, total, happy in session.execute(_TOTALS, params):
            totals.add(kind, who, n, total, happy)
        return metrics_of(config, employee_id, period, others, totals)
    given_rows: list[tuple[int, dt.date, int, int, int]] = []
    received_rows: list[tuple[int, dt.date, int, int, int]] = []
    for kind, who, day, n, total, happy in session.execute(_ALL, params):
        if kind in (2, 5):
            totals.add(kind, who, n, total, happy)
            continue
        if isinstance(day, str):  # a NULL-typed union column on some drivers
            day = dt.date.fromisoformat(day)
        row = (int(who), day, int(n), int(total), int(happy))
        (given_rows if kind == 0 else received_rows).append(row)
    # Metric 1: what E gave; metric 2 came with it; metric 3 with k.
    totals = dataclasses.replace(  # the per-supplier dicts are shared, not copied
        totals, given_n=sum(r[2] for r in given_rows), given_sum=sum(r[3] for r in given_rows),
        given_happy=sum(r[4] for r in given_rows), suppliers=len({r[0] for r in given_rows}),
        received_n=sum(r[2] for r in received_rows),
        received_sum=sum(r[3] for r in received_rows),
        received_happy=sum(r[4] for r in received_rows),
        clients=len({r[0] for r in received_rows}))
    return metrics_of(config, employee_id, period, others, totals,
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
