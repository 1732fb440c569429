"""The impact measure: how clients' satisfaction with their suppliers moves their own KPIs.

For every owner of KPI values (a segment, or a department) and month we take

* **satisfaction** -- the mean score the owner's people gave their suppliers that month
  (segment: people currently in the segment, from ``rollup_rater_month``; department: the
  rater's department at the moment of the rating, from ``rollup_dept_pair_day``). A month
  counts only when at least ``site.k_anonymity`` distinct people rated (segment) or that
  many ratings were given (department): fewer is noise and could expose one person;
* **the KPI value** of that month (imported, ``kpi_values``).

**The fit** is a pooled within-group regression of month-to-month relative changes,
in logs: for each group (owner, metric) and each pair of consecutive calendar months,
``x = ln(S_t / S_t-1)`` and ``y = sign * ln(K_t / K_t-1)``; ``x`` and ``y`` are demeaned
within the group (so each group's own steady trend is not mistaken for an effect), and
``y = b x`` is fitted by least squares. ``b`` is an elasticity: +10 % satisfaction goes
with ``(1.1 ** b - 1) * 100`` % KPI, reported with its standard error and a 95 % interval
(Student t, ``n - groups - 1`` degrees of freedom).

**KPI direction** (``sign``): a KPI where lower is better (downtime, defect rate, response
time...) is flipped, so a positive effect always means "the KPI improved". The rule, in
order: a name ending in an arrow (``↓`` lower is better, ``↑`` higher is better) decides;
else a *higher-is-better* word (``выполнение``, ``в срок``, ``on-time``, ``uptime``...);
else a *lower-is-better* word (``простой``, ``брак``, ``время``, ``downtime``, ``defect``,
``time``...); else higher is better. ``kpi_direction`` returns it, the series show it.

**Too little data** returns ``None``: fewer than ``MIN_OBSERVATIONS`` (8) month-to-month
changes in groups with at least two changes, fewer than ``MIN_DOF`` (4) degrees of
freedom left, or no variation of satisfaction.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import (
    Department,
    Employee,
    KpiValue,
    RollupDeptPairDay,
    RollupRaterMonth,
    Segment,
)
from shared.domain.plant_labels import plant_labels

MIN_OBSERVATIONS = 8
MIN_DOF = 4

_HIGHER_WORDS = ("выполнен", "в срок", "своевремен", "доступност", "готовност", "производительн",
                 "выработ", "on-time", "on time", "uptime", "availability", "throughput",
                 "output", "yield", "plan fulfil", "productivity")
_LOWER_WORDS = ("просто", "брак", "дефект", "время", "длительн", "задерж", "отказ", "претенз",
                "жалоб", "затрат", "издерж", "потер", "травм", "авари", "ошиб", "опоздан",
                "просроч", "текучест", "недостач", "возврат", "downtime", "defect", "scrap",
                "reject", "time", "delay", "cost", "loss", "complaint", "error", "failure",
                "incident", "injur", "turnover", "backlog", "waste")


def kpi_direction(metric: str) -> int:
    """+1 when a higher value of the KPI is better, -1 when lower is better (see module doc)."""
    name = metric.strip().lower()
    if name.endswith("↓"):
        return -1
    if name.endswith("↑"):
        return 1
    if any(word in name for word in _HIGHER_WORDS):
        return 1
    if any(word in name for word in _LOWER_WORDS):
        return -1
    return 1


@dataclass(frozen=True)
class ImpactPoint:
    """One owner, metric and month: satisfaction given vs the KPI value."""

    owner: str          # "segment" or "department"
    owner_id: int
    owner_name: str
    metric: str
    month: str          # YYYY-MM
    satisfaction: float
    n_ratings: int
    kpi: float
    direction: int      # +1 higher is better, -1 lower is better


@dataclass(frozen=True)
class ImpactFit:
    """``+10 % satisfaction <-> +per_10pct % KPI`` (oriented so that + is better)."""

    elasticity: float
    std_error: float
    ci_low: float
    ci_high: float
    per_10pct: float
    per_10pct_low: float
    per_10pct_high: float
    n_observations: int
    n_groups: int
    dof: int


def _t975(dof: int) -> float:
    """Two-sided 95 % quantile of Student's t."""
    table = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201,
             2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
             2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)
    if dof <= len(table):
        return table[dof - 1]
    z = 1.959964  # Cornish-Fisher expansion beyond the table
    return z + (z ** 3 + z) / (4 * dof) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * dof ** 2)


def _next_month(month: str) -> str:
    y, m = int(month[:4]), int(month[5:7])
    return f"{y + 1:04d}-01" if m == 12 else f"{y:04d}-{m + 1:02d}"


def _per_10(b: float) -> float:
    return (1.1 ** b - 1) * 100


def fit_impact(points: Iterable[ImpactPoint], *,
               min_observations: int = MIN_OBSERVATIONS) -> ImpactFit | None:
    """The pooled within-group fit of the module doc; ``None`` on too little data
    (``min_observations`` month-to-month changes; the initiatives' measure asks its own)."""
    groups: dict[tuple[str, int, str], dict[str, ImpactPoint]] = defaultdict(dict)
    for p in points:
        groups[(p.owner, p.owner_id, p.metric)][p.month] = p
    xs: list[float] = []
    ys: list[float] = []
    n_groups = 0
    for series in groups.values():
        gx: list[float] = []
        gy: list[float] = []
        for month, cur in sorted(series.items()):
            nxt = series.get(_next_month(month))
            if nxt is None or min(cur.kpi, nxt.kpi, cur.satisfaction, nxt.satisfaction) <= 0:
                continue
            gx.append(math.log(nxt.satisfaction / cur.satisfaction))
            gy.append(cur.direction * math.log(nxt.kpi / cur.kpi))
        if len(gx) < 2:  # one change says nothing once the group's own trend is removed
            continue
        mx, my = sum(gx) / len(gx), sum(gy) / len(gy)
        xs.extend(x - mx for x in gx)
        ys.extend(y - my for y in gy)
        n_groups += 1
    n = len(xs)
    dof = n - n_groups - 1
    sxx = sum(x * x for x in xs)
    if n < min_observations or dof < MIN_DOF or sxx < 1e-12:
        return None
    b = sum(x * y for x, y in zip(xs, ys, strict=True)) / sxx
    sse = sum((y - b * x) ** 2 for x, y in zip(xs, ys, strict=True))
    se = math.sqrt(sse / dof / sxx)
    half = _t975(dof) * se
    lo, hi = b - half, b + half
    return ImpactFit(elasticity=b, std_error=se, ci_low=lo, ci_high=hi, per_10pct=_per_10(b),
                     per_10pct_low=_per_10(lo), per_10pct_high=_per_10(hi),
                     n_observations=n, n_groups=n_groups, dof=dof)


def _month_of(session: Session, column: Any) -> ColumnElement[str]:
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def impact_series(session: Session, config: Config,
                  months: Sequence[str] | None = None) -> list[ImpactPoint]:
    """Every (owner, metric, month) that has both a KPI value and enough ratings."""
    k = config.site.k_anonymity
    stmt = select(KpiValue.segment_id, KpiValue.department_id, KpiValue.metric, KpiValue.month,
                  KpiValue.value)
    if months:
        stmt = stmt.where(KpiValue.month.in_(list(months)))
    kpis = session.execute(stmt).all()
    if not kpis:
        return []
    seg_ids = {r.segment_id for r in kpis if r.segment_id is not None}
    dep_ids = {r.department_id for r in kpis
               if r.department_id is not None and r.segment_id is None}
    wanted = sorted({r.month for r in kpis})

    seg_sat: dict[tuple[int, str], tuple[float, int]] = {}
    if seg_ids:
        # One row per client and month: the rows of a segment's month are its raters.
        rm = RollupRaterMonth
        rows = session.execute(
            select(Employee.segment_id, rm.month, func.sum(rm.score_sum), func.sum(rm.n),
                   func.count())
            .join(Employee, Employee.id == rm.rater_id)
            .where(Employee.segment_id.in_(seg_ids), rm.month.in_(wanted), rm.n > 0)
            .group_by(Employee.segment_id, rm.month)).all()
        seg_sat = {(int(sid or 0), m): (s / n, int(n)) for sid, m, s, n, raters in rows
                   if n and raters >= k}
    dep_sat: dict[tuple[int, str], tuple[float, int]] = {}
    if dep_ids:
        month = _month_of(session, RollupDeptPairDay.day)
        dep_rows = session.execute(
            select(RollupDeptPairDay.client_department_id, month,
                   func.sum(RollupDeptPairDay.score_sum), func.sum(RollupDeptPairDay.n))
            .where(RollupDeptPairDay.client_department_id.in_(dep_ids))
            .group_by(RollupDeptPairDay.client_department_id, month)).all()
        dep_sat = {(did, m): (s / n, int(n)) for did, m, s, n in dep_rows if n and n >= k}

    labels = plant_labels(session)  # a head office's two plants' "Склад" told apart
    seg_names = {i: labels.of_plant(p, n) for i, n, p in session.execute(
        select(Segment.id, Segment.name, Segment.plant_id)
        .where(Segment.id.in_(seg_ids)))} if seg_ids else {}
    dep_names = labels.names(dict(session.execute(
        select(Department.id, Department.name)
        .where(Department.id.in_(dep_ids))).all())) if dep_ids else {}
    points: list[ImpactPoint] = []
    for r in kpis:
        if r.segment_id is not None:
            owner, oid, names, sat = "segment", r.segment_id, seg_names, seg_sat
        else:
            owner, oid, names, sat = "department", r.department_id, dep_names, dep_sat
        found = sat.get((oid, r.month))
        if found is None:
            continue
        points.append(ImpactPoint(owner, oid, names.get(oid, str(oid)), r.metric, r.month,
                                  found[0], found[1], float(r.value), kpi_direction(r.metric)))
    points.sort(key=lambda p: (p.owner, p.owner_name, p.metric, p.month))
    return points


@dataclass(frozen=True)
class ImpactResult:
    points: list[ImpactPoint]
    fit: ImpactFit | None


def measure_impact(session: Session, config: Config,
                   months: Sequence[str] | None = None) -> ImpactResult:
    """Series and fit together (the wallboard's impact slide, the monthly report)."""
    points = impact_series(session, config, months)
    return ImpactResult(points, fit_impact(points))
