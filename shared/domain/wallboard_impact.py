"""Impact for the wallboard: clients' satisfaction with suppliers vs their own KPIs, by segment.

For every client segment and KPI, each month gives a point: the mean score the segment's
clients gave their suppliers (only with at least *k* distinct clients) and the segment's KPI
value. Both are turned into relative deviations from that segment-metric's own average, and
one pooled least-squares slope through those deviations gives the effect "+10 % satisfaction
<-> +x % KPI" with a 95 % interval. Too few points means ``enough=False``: the slide hides.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.db.models import Employee, KpiValue, RollupPairMonth, Segment

MIN_POINTS = 8
MIN_MONTHS = 3
# Two-sided 97.5 % Student t quantiles for small degrees of freedom; 1.96 beyond.
_T975 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26,
         10: 2.23, 12: 2.18, 15: 2.13, 20: 2.09, 25: 2.06, 30: 2.04}


@dataclass(frozen=True)
class ImpactSeries:
    """One segment's KPI: months with both values, as relative deviations in percent."""

    segment: str
    segment_en: str | None
    metric: str
    months: tuple[str, ...]
    satisfaction_dev: tuple[float, ...]
    kpi_dev: tuple[float, ...]


@dataclass(frozen=True)
class ImpactResult:
    enough: bool
    n_points: int
    effect_per_10: float | None  # % KPI change for +10 % satisfaction
    ci_low: float | None
    ci_high: float | None
    series: tuple[ImpactSeries, ...]


def _t975(df: int) -> float:
    if df <= 0:
        return math.inf
    best = 1.96
    for key in sorted(_T975, reverse=True):
        if df <= key:
            best = _T975[key]
    return best


def _months_back(month: str, count: int) -> list[str]:
    year, mon = (int(p) for p in month.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{mon:02d}")
        year, mon = (year - 1, 12) if mon == 1 else (year, mon - 1)
    return out[::-1]


def fit_effect(series: list[tuple[list[float], list[float]]]) -> tuple[float, float, int] | None:
    """Pooled slope of y on x (both already centred per group): (slope, standard error, dof)."""
    sxx = sum(x * x for xs, _ys in series for x in xs)
    n = sum(len(xs) for xs, _ys in series)
    if sxx <= 0 or n == 0:
        return None
    slope = sum(x * y for xs, ys in series for x, y in zip(xs, ys, strict=True)) / sxx
    dof = n - len(series) - 1
    if dof <= 0:
        return None
    rss = sum((y - slope * x) ** 2 for xs, ys in series for x, y in zip(xs, ys, strict=True))
    return slope, math.sqrt(rss / dof / sxx), dof


def impact_by_segment(session: Session, *, now: dt.datetime, tz: ZoneInfo, k: int,
                      months: int = 12) -> ImpactResult:
    """Satisfaction vs KPI per segment over the last ``months`` complete and current months."""
    window = _months_back(now.astimezone(tz).strftime("%Y-%m"), months)
    pm = RollupPairMonth
    sat: dict[tuple[int, str], float] = {}
    for seg, month, n, total, clients in session.execute(
            select(Employee.segment_id, pm.month, func.sum(pm.n), func.sum(pm.score_sum),
                   func.count(func.distinct(pm.rater_id)))
            .join(Employee, Employee.id == pm.rater_id)
            .where(pm.month.in_(window), Employee.segment_id.is_not(None))
            .group_by(Employee.segment_id, pm.month)):
        if int(clients) >= k and n:
            sat[(int(seg), month)] = float(total) / float(n)
    kpis: dict[tuple[int, str], dict[str, float]] = defaultdict(dict)
    for seg, metric, month, value in session.execute(
            select(KpiValue.segment_id, KpiValue.metric, KpiValue.month, KpiValue.value)
            .where(KpiValue.segment_id.is_not(None), KpiValue.month.in_(window))):
        if (int(seg), month) in sat and value is not None and value > 0:
            kpis[(int(seg), metric)][month] = float(value)
    names = {i: (n, en) for i, n, en in session.execute(
        select(Segment.id, Segment.name, Segment.name_en))}
    series: list[ImpactSeries] = []
    centred: list[tuple[list[float], list[float]]] = []
    all_months: set[str] = set()
    for (seg, metric), values in sorted(kpis.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        ms = sorted(values)
        if len(ms) < 2:
            continue
        s_mean = sum(sat[(seg, m)] for m in ms) / len(ms)
        k_mean = sum(values[m] for m in ms) / len(ms)
        xs = [100.0 * (sat[(seg, m)] / s_mean - 1.0) for m in ms]
        ys = [100.0 * (values[m] / k_mean - 1.0) for m in ms]
        all_months.update(ms)
        centred.append((xs, ys))
        name, name_en = names.get(seg, (str(seg), None))
        series.append(ImpactSeries(name, name_en, metric, tuple(ms), tuple(xs), tuple(ys)))
    n_points = sum(len(xs) for xs, _ in centred)
    fit = fit_effect(centred) if n_points >= MIN_POINTS and len(all_months) >= MIN_MONTHS else None
    if fit is None:
        return ImpactResult(False, n_points, None, None, None, tuple(series))
    slope, se, dof = fit
    half = _t975(dof) * se * 10.0
    return ImpactResult(True, n_points, slope * 10.0, slope * 10.0 - half, slope * 10.0 + half,
                        tuple(series))
