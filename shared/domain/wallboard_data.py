"""One immutable snapshot of everything the wallboard shows, assembled from the public API.

``load_wallboard_data(session, config, now=...)`` is the wallboard worker's only database
call. The figures come from the k-anonymous functions of ``shared.domain.public`` (suppliers,
departments with the differencing guard, the department matrix, weekly trends, problems,
praise), ``shared.domain.impact`` (satisfaction vs KPIs) and ``shared.domain.points_report``
(department standings, regulations flagged for revision) and ``shared.domain.initiative_map``
(the living initiative map). Rows below k
stay in the snapshot with ``withheld=True`` and no figure, so a view can say "not enough
ratings yet" and never puts a name next to a figure below k.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Department, RollupClientWeek, RollupDeptPairDay
from shared.domain.anonymity import WITHHELD_K
from shared.domain.departments import DepartmentTree
from shared.domain.impact import ImpactPoint, measure_impact
from shared.domain.initiative_impact import ImpactReport, InitiativeImpact, initiative_impact
from shared.domain.initiative_map import (
    LiveMap,
    MonthCut,
    cut_fingerprint,
    live_map,
    wanted_cells,
)
from shared.domain.names import department_short
from shared.domain.periods import Period, month_period, previous, week_start
from shared.domain.plant_labels import labels_kept, plant_labels
from shared.domain.points_report import (
    PersonStanding,
    department_standings,
    person_standings,
    regulations_flagged_now,
)
from shared.domain.posters import PosterEntry, poster_entries
from shared.domain.public import (
    DepartmentScore,
    Improvement,
    SupplierScore,
    TrendPoint,
    department_matrix,
    department_scores,
    most_improved,
    top_suppliers,
)
from shared.domain.public.groups import GroupScore, LiveClients, weekly_trends
from shared.domain.public.onepass import read_period
from shared.domain.public.published import stepped_problems
from shared.domain.public.steps import (
    SteppedGroup,
    candidate_pool,
    stepped_improved,
    stepped_top,
)

TREND_WEEKS = 26
MAP_MAX_NODES = 36
STREAK_MIN_WEEKS = 3
IMPACT_MONTHS = 13
PROBLEMS = 8
IMPROVED = 5  # most improved suppliers shown


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
    this_month: int  # this month up to today
    last_month: int  # the same days of last month; 0 when withheld or absent


@dataclass(frozen=True)
class ImpactSeries:
    """One owner's KPI: month-to-month changes (in %, own trend removed) of both values."""

    owner: str
    metric: str
    months: tuple[str, ...]
    satisfaction_dev: tuple[float, ...]
    kpi_dev: tuple[float, ...]


@dataclass(frozen=True)
class WallboardImpact:
    enough: bool
    n_points: int
    effect_per_10: float | None  # % KPI change (+ = better) for +10 % satisfaction
    ci_low: float | None
    ci_high: float | None
    series: tuple[ImpactSeries, ...]


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
    top_suppliers: tuple[SupplierScore, ...] = ()
    most_improved: tuple[Improvement, ...] = ()
    departments: tuple[DepartmentScore, ...] = ()
    trend: tuple[TrendSeries, ...] = ()
    problems: tuple[ProblemTag, ...] = ()
    problems_withheld: bool = False
    # Days compared: this month's first days and as many of last month's (like_days).
    problems_days: tuple[int, int] = (0, 0)
    posters: tuple[PosterEntry, ...] = ()
    impact: WallboardImpact | None = None
    standings: tuple[DepartmentStanding, ...] = ()
    # The closed month's standings stay beside the new month's until
    # ``disputes.previous_month_until_day`` (SPEC 7: the results are published).
    previous_standings: tuple[DepartmentStanding, ...] = ()
    previous_month: str | None = None
    # Person standings of the month: most points gained and lost (departments with k people).
    gained: tuple[PersonStanding, ...] = ()
    lost: tuple[PersonStanding, ...] = ()
    flagged_regulations: tuple[FlaggedRegulation, ...] = ()
    ticker: tuple[TickerItem, ...] = ()
    # department id -> (short name, English short name): where a full name has no room.
    short_names: dict[int, tuple[str, str]] = field(default_factory=dict)
    initiatives: LiveMap | None = None  # the living initiative map (None: none imported)
    # The impact slide's three strongest initiatives (`pulse impact`'s, measurable, effect
    # above zero, strongest first), and the most months behind any initiative's figure (for
    # "not measurable yet (N months)" when none is measurable; None: no initiative map).
    strongest: tuple[InitiativeImpact, ...] = ()
    initiative_months: int | None = None

    def short_name(self, department_id: int, full: str, language: str) -> str:
        """The department's short name in ``language`` (``full`` if it is not known)."""
        names = self.short_names.get(department_id)
        if names is None:
            return full
        return names[1] if language == "en" else names[0]

    @property
    def empty(self) -> bool:
        """No rating at all yet: the wallboard shows 'waiting for the first ratings'."""
        return self.total_ratings == 0


def _departments(session: Session) -> dict[int, tuple[str, str | None, str]]:
    labels = plant_labels(session)  # a head office's two plants' "Склад" told apart
    return {i: (labels.department(i, n), labels.department_or_none(i, en), g or "")
            for i, n, en, g in session.execute(
                select(Department.id, Department.name, Department.name_en, Department.group))}


def _short_names(session: Session) -> dict[int, tuple[str, str]]:
    labels = plant_labels(session)
    return {i: (labels.department(i, department_short(n, sh)),
                labels.department(i, department_short(en or n, sh_en)))
            for i, n, en, sh, sh_en in session.execute(
                select(Department.id, Department.name, Department.name_en, Department.short_name,
                       Department.short_name_en))}


def _short_params(shorts: dict[int, tuple[str, str]], department_id: int) -> dict[str, str]:
    """A ticker item's short department names (the ticker line has room for those)."""
    ru, en = shorts.get(department_id, ("", ""))
    return {"department_short": ru, "department_short_en": en} if ru else {}


def _stepped(score: GroupScore, fig: SteppedGroup | None) -> GroupScore:
    """``score`` (its k and differencing verdict on the live figures) with the figures of
    its completed blocks; withheld until a first block completes."""
    if fig is None or not fig.n:
        return GroupScore(0, 0, None, None, True, score.withheld_reason or WITHHELD_K)
    if score.withheld:
        return GroupScore(fig.n, fig.clients, None, None, True, score.withheld_reason)
    return GroupScore(fig.n, fig.clients, fig.score_sum / fig.n, fig.happy / fig.n, False, None)


def _map(session: Session, config: Config, month: str,
         deps: dict[int, tuple[str, str | None, str]],
         pairs: dict[tuple[int, int], SteppedGroup],
         live: LiveClients | None = None) -> tuple[tuple[MapNode, ...], tuple[MapEdge, ...]]:
    # Which edges are shown follows k and the guard; what they show, the completed blocks.
    cells = [(c, _stepped(c.score, pairs.get((c.client_department_id,
                                               c.supplier_department_id))))
             for c in department_matrix(session, config, month_period(month), level="leaf",
                                        live=live)
             if c.client_department_id != c.supplier_department_id]
    volume: dict[int, int] = defaultdict(int)
    for c, score in cells:
        volume[c.client_department_id] += score.n
        volume[c.supplier_department_id] += score.n
    keep = set(sorted(volume, key=lambda d: (-volume[d], d))[:MAP_MAX_NODES])
    nodes = tuple(MapNode(d, deps[d][0], deps[d][1], deps[d][2], volume[d])
                  for d in sorted(keep) if d in deps)
    kept = {n.department_id for n in nodes}
    edges = tuple(MapEdge(c.client_department_id, c.supplier_department_id, score.n,
                          score.clients, score.mean, score.withheld)
                  for c, score in cells
                  if c.client_department_id in kept and c.supplier_department_id in kept)
    return nodes, edges


def weakest_links(edges: tuple[MapEdge, ...], limit: int) -> tuple[float | None,
                                                                 list[MapEdge]]:
    """The map's answer to "who serves whom badly": the typical (median) mean of the shown
    client -> supplier links, and up to ``limit`` links below it, the worst first (the busier
    one first on a tie). Withheld links have no figure and are never among them."""
    shown = [e for e in edges if not e.withheld and e.mean is not None]
    if not shown:
        return None, []
    means = sorted(e.mean for e in shown if e.mean is not None)
    mid = len(means) // 2
    typical = means[mid] if len(means) % 2 else (means[mid - 1] + means[mid]) / 2
    below = sorted((e for e in shown if e.mean is not None and e.mean < typical),
                   key=lambda e: (e.mean, -e.n, e.client_department_id,
                                  e.supplier_department_id))
    return typical, below[:limit]


@dataclass
class TrendCache:
    """Weekly figures of finished weeks, kept by the caller between refreshes.

    A week that ended before last week no longer changes, so later refreshes recompute only
    last week (a rating synced later than that shows after a restart). The initiative map's
    two months are kept as cut so far (``initiative_map.MonthCut``): a refresh reads only the
    ratings since the last one."""

    points: dict[tuple[str | None, dt.date], TrendPoint] = field(default_factory=dict)
    initiative_cuts: dict[str, MonthCut] = field(default_factory=dict)
    # The impact per initiative of a month, and when it was computed: monthly figures over
    # two years of rollups, recomputed once an hour (``IMPACT_REFRESH``), not every refresh.
    initiative_impact: dict[str, tuple[dt.datetime, ImpactReport]] = field(default_factory=dict)


IMPACT_REFRESH = dt.timedelta(hours=1)


def _strongest(session: Session, config: Config, month: str, now: dt.datetime,
               cache: TrendCache | None) -> tuple[tuple[InitiativeImpact, ...], int | None]:
    """The three strongest initiatives of ``pulse impact --month month``, and the most
    months behind any of them (None without an initiative map)."""
    kept = cache.initiative_impact.get(month) if cache is not None else None
    if kept is not None and now - kept[0] < IMPACT_REFRESH:
        report = kept[1]
    else:
        report = initiative_impact(session, config, month)
        if cache is not None:
            cache.initiative_impact.clear()
            cache.initiative_impact[month] = (now, report)
    if not report.initiatives:
        return (), None
    return tuple(report.strongest(3)), max(i.months for i in report.initiatives)


def _trend(session: Session, config: Config, today: dt.date, groups: list[str],
           cache: TrendCache | None = None) -> tuple[TrendSeries, ...]:
    """The last TREND_WEEKS complete weeks. The week under way is left out: a point from a
    few ratings that moves with each new one would tell whether that one was a 4-5 (a
    group's Monday-morning point from 6 ratings jumps by a sixth), and its volume bar
    looked like a collapse every Monday."""
    last = week_start(today) - dt.timedelta(weeks=1)
    start = last - dt.timedelta(weeks=TREND_WEEKS - 1)
    weeks = [start + dt.timedelta(weeks=i) for i in range(TREND_WEEKS)]
    fresh_from = last  # a rating synced late into last week still shows
    cache = cache if cache is not None else TrendCache()
    # The company and the groups of a week are computed (and guarded) together.
    known = all((g, w) in cache.points for g in [None, *groups] for w in weeks if w < fresh_from)
    for group, points in weekly_trends(session, config, fresh_from if known else start,
                                       last + dt.timedelta(days=6), groups).items():
        for p in points:
            cache.points[(group, p.start)] = p
    out = []
    for group in [None, *groups]:
        points = [cache.points[(group, w)] for w in weeks if (group, w) in cache.points]
        out.append(TrendSeries(group, tuple(p.start for p in points),
                               tuple(p.score.csat for p in points),
                               tuple(p.score.n for p in points)))
    for key in [k for k in cache.points if k[1] < start]:  # keep the cache bounded
        del cache.points[key]
    return tuple(out)


def like_days(month: str, today: dt.date) -> tuple[Period, Period]:
    """This month's days whose ratings the problems slide counts (the 1st up to yesterday:
    counts change once a day) and the same days of last month: a comparison of seven days
    with a whole month made every month start with a 75 % "improvement". The 31st compares
    with the previous month's last day when it has no 31st."""
    period = month_period(month)
    last_day = min(max(today - dt.timedelta(days=1), period.start), period.end)
    this = Period(period.start, last_day)
    last = previous(period)
    return this, Period(last.start, min(last.end, last.start + dt.timedelta(days=this.days - 1)))


def _problems(session: Session, config: Config, month: str,
              today: dt.date) -> tuple[tuple[ProblemTag, ...], bool, tuple[int, int]]:
    # Counts in blocks of k distinct clients, of ratings given before today (published.
    # stepped_problems): a live "14" became "15" after one low rating with its reason.
    period, before_period = like_days(month, today)
    until, _ = Period(today, today).utc_bounds(config.tz)
    now = stepped_problems(session, config, period, limit=100, until=until)
    before: dict[tuple[str, str], int] = defaultdict(int)
    for p in stepped_problems(session, config, before_period, limit=100, until=until):
        before[(p.label_ru, p.label_en)] += p.n_low or 0
    # Segments have their own tags with the same words: one bar per label, not per code.
    merged: dict[tuple[str, str], list[Any]] = {}
    for p in now:
        if p.withheld:
            continue
        row = merged.setdefault((p.label_ru, p.label_en), [p.code, 0])
        row[1] += p.n_low or 0
    shown = sorted(((code, ru, en, n) for (ru, en), (code, n) in merged.items()),
                   key=lambda r: (-r[3], r[1]))[:PROBLEMS]
    return (tuple(ProblemTag(code, ru, en, n, before.get((ru, en), 0))
                  for code, ru, en, n in shown), any(p.withheld for p in now),
            (period.days, before_period.days))


def _impact(session: Session, config: Config, month: str) -> WallboardImpact:
    months = [month]
    for _ in range(IMPACT_MONTHS - 1):
        months.insert(0, previous(month_period(months[0])).label())
    result = measure_impact(session, config, months)
    groups: dict[tuple[str, int, str], list[ImpactPoint]] = defaultdict(list)
    for p in result.points:
        groups[(p.owner, p.owner_id, p.metric)].append(p)
    series = []
    for (_owner, _oid, metric), points in sorted(groups.items()):
        points.sort(key=lambda p: p.month)
        pairs = [(a, b) for a, b in zip(points, points[1:], strict=False)
                 if previous(month_period(b.month)).label() == a.month
                 and min(a.kpi, b.kpi, a.satisfaction, b.satisfaction) > 0]
        if len(pairs) < 2:
            continue
        xs = [100.0 * (b.satisfaction / a.satisfaction - 1.0) for a, b in pairs]
        ys = [100.0 * b.direction * (b.kpi / a.kpi - 1.0) for a, b in pairs]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        series.append(ImpactSeries(points[0].owner_name, metric,
                                   tuple(b.month for _a, b in pairs),
                                   tuple(x - mx for x in xs), tuple(y - my for y in ys)))
    fit = result.fit
    n_points = sum(len(s.months) for s in series)
    if fit is None:
        return WallboardImpact(False, n_points, None, None, None, tuple(series))
    return WallboardImpact(True, fit.n_observations, fit.per_10pct, fit.per_10pct_low,
                           fit.per_10pct_high, tuple(series))


def _standings(session: Session, config: Config, month: str,
               deps: dict[int, tuple[str, str | None, str]]) -> tuple[DepartmentStanding, ...]:
    return tuple(DepartmentStanding(r.department_id, r.name, deps.get(r.department_id,
                                                                      (r.name, None, ""))[1],
                                    r.points, r.people)
                 for r in department_standings(session, config, month))


def _streaks(session: Session, today: dt.date, k: int,
             deps: dict[int, tuple[str, str | None, str]],
             shorts: dict[int, tuple[str, str]]) -> list[TickerItem]:
    """Departments whose weekly CSAT rose for STREAK_MIN_WEEKS+ complete weeks in a row, each
    week rated by at least k distinct clients."""
    last_complete = week_start(today) - dt.timedelta(weeks=1)
    start = last_complete - dt.timedelta(weeks=8)
    sd = RollupDeptPairDay  # a few hundred rows a day (the supplier-day rollup: thousands)
    weekly: dict[int, dict[dt.date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for day, dep_id, n, happy in session.execute(
            select(sd.day, sd.supplier_department_id, func.sum(sd.n), func.sum(sd.n_happy))
            .where(sd.day >= start, sd.day < last_complete + dt.timedelta(weeks=1))
            .group_by(sd.day, sd.supplier_department_id)):
        cell = weekly[dep_id][week_start(day)]
        cell[0] += int(n)
        cell[1] += int(happy)
    # Each week's CSAT must come from at least k distinct clients (not k ratings: six
    # ratings of two people rising would be those two people's news).
    cw = RollupClientWeek  # one row per week, client and supplier department
    clients: dict[tuple[int, dt.date], int] = {
        (int(dep_id), week): int(n) for week, dep_id, n in session.execute(
            select(cw.week, cw.supplier_department_id, func.count())
            .where(cw.week >= start, cw.week <= last_complete)
            .group_by(cw.week, cw.supplier_department_id))}
    items = []
    for dep_id, cells in weekly.items():
        streak, week = 0, last_complete
        while True:
            prev = week - dt.timedelta(weeks=1)
            a, b = cells.get(week), cells.get(prev)
            if (not a or not b or clients.get((dep_id, week), 0) < k
                    or clients.get((dep_id, prev), 0) < k or a[1] / a[0] <= b[1] / b[0]):
                break
            streak += 1
            week = prev
        if streak >= STREAK_MIN_WEEKS and dep_id in deps:
            items.append(TickerItem("department_streak", {"department": deps[dep_id][0],
                                                          "department_en": deps[dep_id][1],
                                                          **_short_params(shorts, dep_id),
                                                          "weeks": streak}))
    items.sort(key=lambda i: (-i.params["weeks"], i.params["department"]))
    return items[:3]


def load_wallboard_data(session: Session, config: Config, *, now: dt.datetime,
                        top: int | None = None, posters: int = 2,
                        cache: TrendCache | None = None) -> WallboardData:
    """Assemble the whole snapshot in one read (the wallboard worker calls only this);
    ``cache`` (kept by the caller) spares recomputing finished weeks of the trend. Until a
    supplier meets k in the new month (its first days), the posters are last month's (each
    entry carries its month). Within the snapshot each period's every-supplier rollup figures
    are read once (``public._supplier_figures``)."""
    session.info["supplier_figures"] = {}
    try:
        with labels_kept(session):  # the department labels read once for the snapshot
            return _load(session, config, now=now, top=top, posters=posters, cache=cache)
    finally:
        session.info.pop("supplier_figures", None)


def _load(session: Session, config: Config, *, now: dt.datetime, top: int | None,
          posters: int, cache: TrendCache | None) -> WallboardData:
    tz, k = config.tz, config.site.k_anonymity
    today = now.astimezone(tz).date()
    month = today.strftime("%Y-%m")
    period = month_period(month)
    sd = RollupDeptPairDay
    total = int(session.scalar(select(func.coalesce(func.sum(sd.n), 0))) or 0)
    if total == 0:
        return WallboardData(as_of=now, month=month, k=k, total_ratings=0, month_ratings=0)
    month_total = int(session.scalar(select(func.coalesce(func.sum(sd.n), 0))
                                     .where(sd.day.between(period.start, period.end))) or 0)
    deps = _departments(session)
    shorts = _short_names(session)
    # Every published figure of the month moves by whole blocks of k distinct clients
    # (public.steps): a look before and after a colleague rated must not tell their score.
    # One read of the month's ratings in id order feeds every block state at once
    # (public.onepass): suppliers, departments and pairs, the initiative map's cells.
    # The suppliers fed are the live candidates (rollups): everyone who could be ranked.
    tree = DepartmentTree.load(session)
    wanted = wanted_cells(session)
    cells = MonthCut(cut_fingerprint(config, period, wanted)) if wanted else None
    limit = top or config.wallboard.top_suppliers
    top_pool = top_suppliers(session, config, period, limit=candidate_pool(limit))
    improved_pool = most_improved(session, config, period, limit=candidate_pool(IMPROVED))
    cut = read_period(session, config, period, cells=cells, wanted=wanted, tree=tree,
                      every_supplier=False,
                      suppliers={r.employee_id for r in top_pool}
                      | {i.score.employee_id for i in improved_pool})
    figs = cut.supplier_figures()
    dep_blocks, pair_blocks = cut.group_figures()
    live = cut.live_clients()
    nodes, edges = _map(session, config, month, deps, pair_blocks, live)
    current, _ = stepped_top(session, config, period, limit, top_pool, figs)
    last_top, _ = stepped_top(session, config, previous(period), 1)
    problems, problems_withheld, problems_days = _problems(session, config, month, today)
    departments = sorted((replace(d, score=_stepped(d.score, dep_blocks.get(d.department_id)))
                          for d in department_scores(session, config, period, live=live)),
                         key=lambda d: (d.withheld, -(d.score.csat or 0.0),
                                        -(d.score.mean or 0.0), d.name))
    ticker: list[TickerItem] = []
    if current and (not last_top or last_top[0].employee_id != current[0].employee_id):
        ticker.append(TickerItem("new_top_supplier", {
            "name": current[0].full_name, "name_en": current[0].full_name_en,
            "department": current[0].department_name,
            "department_en": current[0].department_name_en,
            **_short_params(shorts, current[0].department_id)}))
    ticker += _streaks(session, today, k, deps, shorts)
    week_n = int(session.scalar(select(func.coalesce(func.sum(sd.n), 0))
                                .where(sd.day >= week_start(today))) or 0)
    if week_n:
        ticker.append(TickerItem("ratings_this_week", {"count": week_n}))
    best = next((d for d in departments if not d.withheld), None)
    if best is not None and best.score.csat is not None:
        ticker.append(TickerItem("best_department", {"department": best.name,
                                                     "department_en": best.name_en,
                                                     **_short_params(shorts,
                                                                     best.department_id),
                                                     "csat": best.score.csat}))
    flagged = tuple(FlaggedRegulation(r.code, r.title) for r in regulations_flagged_now(session))
    groups = sorted({g for _n, _e, g in deps.values() if g})
    last_month = previous(period).label()
    keep_last = today.day < config.disputes.previous_month_until_day
    gained, lost = person_standings(session, config, month)
    strongest, initiative_months = _strongest(session, config, month, now, cache)
    return WallboardData(
        as_of=now, month=month, k=k, total_ratings=total, month_ratings=month_total,
        map_nodes=nodes, map_edges=edges, top_suppliers=tuple(current),
        most_improved=tuple(stepped_improved(session, config, period, IMPROVED, figs,
                                             improved_pool)),
        departments=tuple(departments), trend=_trend(session, config, today, groups, cache),
        problems=problems, problems_withheld=problems_withheld, problems_days=problems_days,
        posters=tuple(poster_entries(session, config, month, top=posters, figs=figs)
                      or poster_entries(session, config, previous(period).label(), top=posters)),
        impact=_impact(session, config, month),
        standings=_standings(session, config, month, deps), flagged_regulations=flagged,
        previous_standings=_standings(session, config, last_month, deps) if keep_last else (),
        previous_month=last_month if keep_last else None,
        gained=tuple(gained), lost=tuple(lost),
        ticker=tuple(ticker), short_names=shorts, initiatives=live_map(
            session, config, month, kept=cache.initiative_cuts if cache is not None else None,
            now_cut=cells),
        strongest=strongest, initiative_months=initiative_months)


__all__ = ["DepartmentStanding", "FlaggedRegulation", "ImpactSeries", "MapEdge", "MapNode",
           "ProblemTag", "TickerItem", "TrendCache", "TrendSeries", "WallboardData",
           "WallboardImpact", "like_days", "load_wallboard_data", "weakest_links"]
