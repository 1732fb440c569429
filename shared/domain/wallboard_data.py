"""One immutable snapshot of everything the wallboard shows, assembled from the rollups.

``load_wallboard_data(session, ...)`` is the wallboard worker's only database call. Every
public figure is k-anonymous: a supplier, a department, a map edge or a week appears with a
score only when at least *k* distinct clients (or, for weekly group totals, *k* ratings) stand
behind it; otherwise the row is kept with ``withheld=True`` and no score, so a view can say
"not enough ratings yet" and never shows a name next to a figure below k.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from shared.db.models import (
    Department,
    Employee,
    PointsEntry,
    ReasonTag,
    Regulation,
    RollupDeptPairDay,
    RollupPairMonth,
    RollupSupplierDay,
    RollupTagDay,
)
from shared.domain.posters import (
    PosterEntry,
    RankedSupplier,
    month_bounds,
    month_of,
    poster_entries,
    previous_month,
    ranked_suppliers,
)
from shared.domain.wallboard_impact import ImpactResult, impact_by_segment

TREND_WEEKS = 26
MAP_MAX_NODES = 36
STREAK_MIN_WEEKS = 3


@dataclass(frozen=True)
class MapNode:
    department_id: int
    name: str
    name_en: str | None
    group: str
    volume: int


@dataclass(frozen=True)
class MapEdge:
    client_department_id: int
    supplier_department_id: int
    n: int
    clients: int
    mean: float | None  # None when withheld
    withheld: bool


@dataclass(frozen=True)
class ImprovedSupplier:
    supplier: RankedSupplier
    previous_mean: float
    delta: float


@dataclass(frozen=True)
class DepartmentScore:
    department_id: int
    name: str
    name_en: str | None
    n: int
    clients: int
    mean: float | None
    csat: float | None  # share of 4-5 scores, 0..1
    withheld: bool


@dataclass(frozen=True)
class TrendSeries:
    """Weekly CSAT (None where withheld) and volume for the company or one department group."""

    group: str | None  # None = company-wide
    weeks: tuple[dt.date, ...]
    csat: tuple[float | None, ...]
    volume: tuple[int, ...]


@dataclass(frozen=True)
class ProblemTag:
    code: str
    label_ru: str
    label_en: str
    this_month: int
    last_month: int


@dataclass(frozen=True)
class DepartmentStanding:
    department_id: int
    name: str
    name_en: str | None
    points: int
    people: int


@dataclass(frozen=True)
class FlaggedRegulation:
    code: str
    title: str


@dataclass(frozen=True)
class TickerItem:
    """Public news as a code and parameters; the words live in the wallboard."""

    kind: str  # new_top_supplier | department_streak | ratings_this_week | best_department
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class WallboardData:
    as_of: dt.datetime
    month: str
    k: int
    total_ratings: int
    month_ratings: int
    map_nodes: tuple[MapNode, ...] = ()
    map_edges: tuple[MapEdge, ...] = ()
    top_suppliers: tuple[RankedSupplier, ...] = ()
    most_improved: tuple[ImprovedSupplier, ...] = ()
    departments: tuple[DepartmentScore, ...] = ()
    trend: tuple[TrendSeries, ...] = ()
    problems: tuple[ProblemTag, ...] = ()
    problems_withheld: bool = False
    posters: tuple[PosterEntry, ...] = ()
    impact: ImpactResult | None = None
    standings: tuple[DepartmentStanding, ...] = ()
    flagged_regulations: tuple[FlaggedRegulation, ...] = ()
    ticker: tuple[TickerItem, ...] = ()

    @property
    def empty(self) -> bool:
        """No rating at all yet: the wallboard shows 'waiting for the first ratings'."""
        return self.total_ratings == 0


def _departments(session: Session) -> dict[int, tuple[str, str | None, str]]:
    return {i: (n, en, g or "") for i, n, en, g in session.execute(
        select(Department.id, Department.name, Department.name_en, Department.group))}


def _map(session: Session, first: dt.date, nxt: dt.date, month: str, k: int,
         deps: dict[int, tuple[str, str | None, str]]) -> tuple[tuple[MapNode, ...],
                                                                tuple[MapEdge, ...]]:
    dp = RollupDeptPairDay
    volume = session.execute(
        select(dp.client_department_id, dp.supplier_department_id, func.sum(dp.n),
               func.sum(dp.score_sum))
        .where(dp.day >= first, dp.day < nxt)
        .group_by(dp.client_department_id, dp.supplier_department_id)).all()
    rater, supplier = aliased(Employee), aliased(Employee)
    pm = RollupPairMonth
    clients = {(c, s): int(n) for c, s, n in session.execute(
        select(rater.department_id, supplier.department_id, func.count(func.distinct(pm.rater_id)))
        .join(rater, rater.id == pm.rater_id).join(supplier, supplier.id == pm.supplier_id)
        .where(pm.month == month).group_by(rater.department_id, supplier.department_id))}
    node_volume: dict[int, int] = defaultdict(int)
    for c, s, n, _ in volume:
        node_volume[c] += int(n)
        node_volume[s] += int(n)
    keep = set(sorted(node_volume, key=lambda d: (-node_volume[d], d))[:MAP_MAX_NODES])
    nodes = tuple(MapNode(d, deps[d][0], deps[d][1], deps[d][2], node_volume[d])
                  for d in sorted(keep) if d in deps)
    edges = []
    for c, s, n, total in volume:
        if c not in keep or s not in keep or c == s:
            continue
        cl = clients.get((c, s), 0)
        ok = cl >= k
        edges.append(MapEdge(c, s, int(n), cl, float(total) / int(n) if ok else None, not ok))
    edges.sort(key=lambda e: (e.client_department_id, e.supplier_department_id))
    return nodes, tuple(edges)


def _departments_scores(session: Session, first: dt.date, nxt: dt.date, month: str, k: int,
                        deps: dict[int, tuple[str, str | None, str]]) -> tuple[DepartmentScore, ...]:
    sd = RollupSupplierDay
    rows = session.execute(
        select(sd.supplier_department_id, func.sum(sd.n), func.sum(sd.score_sum),
               func.sum(sd.n_happy))
        .where(sd.day >= first, sd.day < nxt).group_by(sd.supplier_department_id)).all()
    pm = RollupPairMonth
    clients = {d: int(n) for d, n in session.execute(
        select(Employee.department_id, func.count(func.distinct(pm.rater_id)))
        .join(Employee, Employee.id == pm.supplier_id).where(pm.month == month)
        .group_by(Employee.department_id))}
    out = []
    for dep_id, n, total, happy in rows:
        if dep_id not in deps:
            continue
        n = int(n)
        cl = clients.get(dep_id, 0)
        ok = cl >= k
        out.append(DepartmentScore(dep_id, deps[dep_id][0], deps[dep_id][1], n, cl,
                                   float(total) / n if ok else None,
                                   float(happy) / n if ok else None, not ok))
    out.sort(key=lambda d: (d.withheld, -(d.csat or 0.0), -(d.mean or 0.0), d.name))
    return tuple(out)


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _trend(session: Session, today: dt.date, k: int,
           deps: dict[int, tuple[str, str | None, str]]) -> tuple[TrendSeries, ...]:
    this_week = _week_start(today)
    weeks = tuple(this_week - dt.timedelta(weeks=w) for w in range(TREND_WEEKS - 1, -1, -1))
    sd = RollupSupplierDay
    rows = session.execute(
        select(sd.day, sd.supplier_department_id, func.sum(sd.n), func.sum(sd.n_happy))
        .where(sd.day >= weeks[0]).group_by(sd.day, sd.supplier_department_id)).all()
    acc: dict[str | None, dict[dt.date, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0]))
    for day, dep_id, n, happy in rows:
        week = _week_start(day)
        group = deps.get(dep_id, ("", None, ""))[2] or "other"
        for key in (None, group):
            cell = acc[key][week]
            cell[0] += int(n)
            cell[1] += int(happy)
    series = []
    for key in [None] + sorted(k_ for k_ in acc if k_ is not None):
        cells = acc[key]
        series.append(TrendSeries(
            key, weeks,
            tuple(cells[w][1] / cells[w][0] if cells[w][0] >= k else None for w in weeks),
            tuple(cells[w][0] for w in weeks)))
    return tuple(series)


def _problems(session: Session, month: str, tz: ZoneInfo, k: int,
              limit: int = 8) -> tuple[tuple[ProblemTag, ...], bool]:
    td = RollupTagDay

    def counts(m: str) -> dict[int, int]:
        first, nxt, _s, _e = month_bounds(m, tz)
        return {t: int(n) for t, n in session.execute(
            select(td.reason_tag_id, func.sum(td.n_low))
            .where(td.day >= first, td.day < nxt).group_by(td.reason_tag_id)) if n}

    now_counts, last_counts = counts(month), counts(previous_month(month))
    if sum(now_counts.values()) < k:
        return (), bool(now_counts)
    labels = {i: (c, ru, en) for i, c, ru, en in session.execute(
        select(ReasonTag.id, ReasonTag.code, ReasonTag.label_ru, ReasonTag.label_en))}
    ordered = sorted(now_counts, key=lambda t: (-now_counts[t], labels[t][0]))[:limit]
    return tuple(ProblemTag(labels[t][0], labels[t][1], labels[t][2], now_counts[t],
                            last_counts.get(t, 0)) for t in ordered), False


def _standings(session: Session, month: str,
               deps: dict[int, tuple[str, str | None, str]]) -> tuple[DepartmentStanding, ...]:
    pe = PointsEntry
    rows = session.execute(
        select(pe.department_id, func.sum(pe.delta), func.count(func.distinct(pe.employee_id)))
        .where(pe.month == month).group_by(pe.department_id)).all()
    out = [DepartmentStanding(d, deps[d][0], deps[d][1], int(p), int(n))
           for d, p, n in rows if d in deps]
    out.sort(key=lambda r: (-r.points, r.name))
    return tuple(out)


def _streaks(session: Session, today: dt.date, k: int,
             deps: dict[int, tuple[str, str | None, str]]) -> list[TickerItem]:
    """Departments whose weekly CSAT rose for STREAK_MIN_WEEKS+ complete weeks in a row."""
    last_complete = _week_start(today) - dt.timedelta(weeks=1)
    start = last_complete - dt.timedelta(weeks=8)
    sd = RollupSupplierDay
    weekly: dict[int, dict[dt.date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for day, dep_id, n, happy in session.execute(
            select(sd.day, sd.supplier_department_id, func.sum(sd.n), func.sum(sd.n_happy))
            .where(sd.day >= start, sd.day < last_complete + dt.timedelta(weeks=1))
            .group_by(sd.day, sd.supplier_department_id)):
        cell = weekly[dep_id][_week_start(day)]
        cell[0] += int(n)
        cell[1] += int(happy)
    items = []
    for dep_id, cells in weekly.items():
        streak, week = 0, last_complete
        while True:
            prev = week - dt.timedelta(weeks=1)
            a, b = cells.get(week), cells.get(prev)
            if not a or not b or a[0] < k or b[0] < k or a[1] / a[0] <= b[1] / b[0]:
                break
            streak += 1
            week = prev
        if streak >= STREAK_MIN_WEEKS and dep_id in deps:
            items.append(TickerItem("department_streak", {"department": deps[dep_id][0],
                                                          "department_en": deps[dep_id][1],
                                                          "weeks": streak}))
    items.sort(key=lambda i: (-i.params["weeks"], i.params["department"]))
    return items[:3]


def _improved(current: list[RankedSupplier], previous: list[RankedSupplier],
              limit: int = 5) -> tuple[ImprovedSupplier, ...]:
    before = {r.supplier_id: r for r in previous}
    rows = [ImprovedSupplier(r, before[r.supplier_id].mean, r.mean - before[r.supplier_id].mean)
            for r in current if r.supplier_id in before and r.mean > before[r.supplier_id].mean]
    rows.sort(key=lambda r: (-r.delta, r.supplier.name))
    return tuple(rows[:limit])


def load_wallboard_data(session: Session, *, now: dt.datetime, tz: ZoneInfo, k: int,
                        prior_weight: float = 10.0, top: int = 10,
                        posters: int = 2) -> WallboardData:
    """Assemble the whole snapshot in one read (the wallboard worker calls only this)."""
    month = month_of(now, tz)
    first, nxt, _start, _end = month_bounds(month, tz)
    sd = RollupSupplierDay
    total = int(session.scalar(select(func.coalesce(func.sum(sd.n), 0))) or 0)
    if total == 0:
        return WallboardData(as_of=now, month=month, k=k, total_ratings=0, month_ratings=0)
    month_total = int(session.scalar(select(func.coalesce(func.sum(sd.n), 0))
                                     .where(sd.day >= first, sd.day < nxt)) or 0)
    deps = _departments(session)
    nodes, edges = _map(session, first, nxt, month, k, deps)
    current = ranked_suppliers(session, month, k=k, prior_weight=prior_weight)
    previous = ranked_suppliers(session, previous_month(month), k=k, prior_weight=prior_weight)
    today = now.astimezone(tz).date()
    problems, problems_withheld = _problems(session, month, tz, k)
    departments = _departments_scores(session, first, nxt, month, k, deps)
    ticker: list[TickerItem] = []
    if current and (not previous or previous[0].supplier_id != current[0].supplier_id):
        ticker.append(TickerItem("new_top_supplier", {
            "name": current[0].name, "name_en": current[0].name_en,
            "department": current[0].department, "department_en": current[0].department_en}))
    ticker += _streaks(session, today, k, deps)
    week_n = int(session.scalar(select(func.coalesce(func.sum(sd.n), 0))
                                .where(sd.day >= _week_start(today))) or 0)
    if week_n:
        ticker.append(TickerItem("ratings_this_week", {"count": week_n}))
    best = next((d for d in departments if not d.withheld), None)
    if best is not None and best.csat is not None:
        ticker.append(TickerItem("best_department", {"department": best.name,
                                                     "department_en": best.name_en,
                                                     "csat": best.csat}))
    flagged = tuple(FlaggedRegulation(c, t) for c, t in session.execute(
        select(Regulation.code, Regulation.title)
        .where(Regulation.needs_revision.is_(True), Regulation.active.is_(True))
        .order_by(Regulation.code)))
    return WallboardData(
        as_of=now, month=month, k=k, total_ratings=total, month_ratings=month_total,
        map_nodes=nodes, map_edges=edges, top_suppliers=tuple(current[:top]),
        most_improved=_improved(current, previous), departments=departments,
        trend=_trend(session, today, k, deps), problems=problems,
        problems_withheld=problems_withheld,
        posters=tuple(poster_entries(session, month, tz=tz, k=k, prior_weight=prior_weight,
                                     top=posters)),
        impact=impact_by_segment(session, now=now, tz=tz, k=k, months=12),
        standings=_standings(session, month, deps), flagged_regulations=flagged,
        ticker=tuple(ticker))


__all__ = ["DepartmentScore", "DepartmentStanding", "FlaggedRegulation", "ImprovedSupplier",
           "MapEdge", "MapNode", "ProblemTag", "TickerItem", "TrendSeries", "WallboardData",
           "load_wallboard_data"]

