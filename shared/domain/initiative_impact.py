"""The impact attributed to initiatives: per segment and KPI, how satisfaction with the
suppliers its initiatives name moves that KPI, and what that is worth in roubles a year.

The programme's headline is of this form: "+10 % satisfaction with internal suppliers gave
+1.2 % on the clients' target KPIs, worth more than 140 M roubles a year". Here:

* **groups** -- one per segment and metric of the initiative map (metrics compared as names,
  ``initiatives.name_key``); its suppliers are the departments the segment's initiatives on
  that metric name (sub-departments included; a row without a department: any supplier).
* **satisfaction** of a group's month -- the mean score the segment's people (their segment
  today) gave the people of those departments (the supplier's department today: the monthly
  pair rollup keeps no department), counted only when at least k distinct people rated;
* **the fit** -- ``impact.fit_impact`` on the group's own months (month-to-month changes in
  logs, its trend removed), the same method as the company-wide measure, with its 95 %
  interval. Fewer than ``rating.impact_min_months`` months behind it, or an interval that
  includes zero, and the effect is "not measurable yet (N months)": never a made-up value;
* **company-wide** -- the same fit pooled over every group: "+N % on client KPIs per +10 %
  satisfaction (95 % interval a ... b)";
* **money** -- when the KPI has a value per unit (roubles one unit is worth in a month, the
  KPI import's column; the latest given), a measurable effect is also worth
  ``12 x level x effect_% / 100 x value per unit`` roubles a year for +10 % satisfaction, where
  ``level`` is the KPI's mean over the last 12 months; the interval likewise. Positive =
  the KPI moves the good way (its direction as ``impact.kpi_direction`` says).

An attribution, not a proof: months where something else moved both figures count too; the
interval and the number of months behind each figure say how far to trust it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Integer, and_, distinct, func, literal, select, union_all
from sqlalchemy.orm import Session, aliased

from shared.config import Config
from shared.db.models import Employee, Initiative, KpiValue, RollupPairMonth, Segment
from shared.domain.anonymity import k_of, meets_k
from shared.domain.departments import DepartmentTree
from shared.domain.impact import (
    MIN_OBSERVATIONS,
    ImpactFit,
    ImpactPoint,
    fit_impact,
    kpi_direction,
)
from shared.domain.initiatives import name_key
from shared.domain.periods import month_period, previous
from shared.domain.plant_labels import plant_labels

__all__ = ["HISTORY_MONTHS", "ImpactReport", "InitiativeImpact", "initiative_impact"]

HISTORY_MONTHS = 24   # months looked back for the fit
LEVEL_MONTHS = 12     # months whose mean KPI is the level money is computed on


@dataclass(frozen=True)
class InitiativeImpact:
    """One segment's KPI and the suppliers its initiatives on that KPI name."""

    segment_id: int
    segment: str
    segment_en: str | None
    metric: str
    direction: int                      # +1 higher is better, -1 lower is better
    departments: tuple[str, ...]        # empty: any supplier
    months: int                         # months with a KPI value and satisfaction from k
    fit: ImpactFit | None               # None: too few months
    measurable: bool                    # a fit whose 95 % interval excludes zero
    kpi_level: float | None             # mean KPI of the last 12 months
    value_per_unit: float | None        # roubles one unit is worth in a month
    roubles_year: float | None          # for +10 % satisfaction; None unless measurable
    roubles_low: float | None
    roubles_high: float | None

    @property
    def per_10pct(self) -> float | None:
        return self.fit.per_10pct if self.measurable and self.fit else None


@dataclass(frozen=True)
class ImpactReport:
    month: str
    min_months: int
    company: ImpactFit | None
    company_measurable: bool
    initiatives: tuple[InitiativeImpact, ...]   # measurable first, strongest first

    @property
    def roubles_year(self) -> float | None:
        """What +10 % satisfaction is worth a year over the measurable KPIs with a value."""
        values = [i.roubles_year for i in self.initiatives if i.roubles_year is not None]
        return sum(values) if values else None

    def strongest(self, n: int = 3) -> list[InitiativeImpact]:
        return [i for i in self.initiatives if i.measurable and (i.per_10pct or 0) > 0][:n]


def _months_up_to(month: str, count: int) -> list[str]:
    out = [month]
    while len(out) < count:
        out.insert(0, previous(month_period(out[0])).label())
    return out


def _measurable(fit: ImpactFit | None) -> bool:
    return fit is not None and (fit.ci_low > 0 or fit.ci_high < 0)


def initiative_impact(session: Session, config: Config, month: str) -> ImpactReport:
    """Every group's effect and the company's, over the months up to ``month``."""
    k = k_of(config)
    min_months = config.rating.impact_min_months
    months = _months_up_to(month, HISTORY_MONTHS)
    tree = DepartmentTree.load(session)
    # Groups: (segment, metric key) -> shown metric and the departments named.
    named: dict[tuple[int, str], set[int | None]] = defaultdict(set)
    shown_metric: dict[tuple[int, str], str] = {}
    for seg, metric, dep in session.execute(
            select(Initiative.segment_id, Initiative.metric, Initiative.supplier_department_id)
            .order_by(Initiative.id)):
        named[(seg, name_key(metric))].add(dep)
        shown_metric.setdefault((seg, name_key(metric)), metric)
    segments = {s.id: s for s in session.execute(
        select(Segment).where(Segment.id.in_({g[0] for g in named}))).scalars()}
    labels = plant_labels(session)  # a head office's two plants' segments told apart
    seg_name = {i: labels.of_plant(s.plant_id, s.name) for i, s in segments.items()}
    seg_name_en = {i: None if s.name_en is None else labels.of_plant(s.plant_id, s.name_en)
                   for i, s in segments.items()}
    by_segment: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for group in named:
        by_segment[group[0]].append(group)
    # Satisfaction per group and month, in one statement: the groups' (segment, supplier
    # department) pairs -- each department a group names and its sub-departments, every
    # department for a row without one -- as a small table joined to the monthly pair rollup,
    # so the database counts each group's distinct clients (a client of two of its
    # departments once). Summing client rows in Python instead took ~50 s at 25,000 people.
    rater, supplier = aliased(Employee), aliased(Employee)
    rpm = RollupPairMonth
    order = sorted(named)
    everything = list(tree.departments)
    pairs = []
    for gi, group in enumerate(order):
        covered: set[int] = set()
        for d in named[group]:
            covered.update(everything if d is None else tree.subtree(d)
                           if d in tree.departments else ())
        pairs += [(gi, group[0], dep) for dep in sorted(covered)]
    sums: dict[tuple[int, str, str], tuple[int, int]] = {}
    clients: dict[tuple[int, str, str], int] = {}
    if pairs:
        cover = union_all(*[select(literal(g, Integer).label("g"),
                                   literal(seg, Integer).label("seg"),
                                   literal(dep, Integer).label("dep"))
                            for g, seg, dep in pairs]).cte("cover")
        for gi, m, n, total, distinct_clients in session.execute(
                select(cover.c.g, rpm.month, func.sum(rpm.n), func.sum(rpm.score_sum),
                       func.count(distinct(rpm.rater_id)))
                .select_from(rpm)
                .join(rater, rater.id == rpm.rater_id)
                .join(supplier, supplier.id == rpm.supplier_id)
                .join(cover, and_(cover.c.seg == rater.segment_id,
                                  cover.c.dep == supplier.department_id))
                .where(rpm.month.in_(months), rpm.n > 0)
                .group_by(cover.c.g, rpm.month)):
            seg_id, key = order[gi]
            sums[(seg_id, key, m)] = (int(n), int(total))
            clients[(seg_id, key, m)] = int(distinct_clients)
    # KPI values of the groups.
    kpis: dict[tuple[int, str], dict[str, tuple[float, float | None]]] = defaultdict(dict)
    for owner, metric, m, value, per_unit in session.execute(
            select(KpiValue.segment_id, KpiValue.metric, KpiValue.month, KpiValue.value,
                   KpiValue.value_per_unit)
            .where(KpiValue.segment_id.in_(list(by_segment)), KpiValue.month <= month)):
        if owner is not None and (owner, name_key(metric)) in named:
            kpis[(owner, name_key(metric))][m] = (float(value), per_unit)
    out: list[InitiativeImpact] = []
    pooled: list[ImpactPoint] = []
    for group in sorted(named, key=lambda g: (seg_name[g[0]], shown_metric[g])):
        seg_id, key = group
        metric = shown_metric[group]
        direction = kpi_direction(metric)
        values = kpis.get(group, {})
        points = []
        for m in months:
            n, total = sums.get((seg_id, key, m), (0, 0))
            if m in values and n and meets_k(clients.get((seg_id, key, m), 0), k):
                points.append(ImpactPoint("segment", seg_id, seg_name[seg_id], metric, m,
                                          total / n, n, values[m][0], direction))
        pooled += points
        fit = (fit_impact(points, min_observations=min_months - 1)
               if len(points) >= min_months else None)
        recent = [values[m][0] for m in months[-LEVEL_MONTHS:] if m in values]
        level = sum(recent) / len(recent) if recent else None
        per_unit = next((values[m][1] for m in sorted(values, reverse=True)
                         if values[m][1] is not None), None)
        money: tuple[float | None, float | None, float | None] = (None, None, None)
        if _measurable(fit) and fit is not None and level is not None and per_unit:
            scale = 12 * abs(level) / 100 * per_unit
            money = (scale * fit.per_10pct, scale * fit.per_10pct_low,
                     scale * fit.per_10pct_high)
        deps = sorted(named[group], key=lambda d: (d is None, d or 0))
        out.append(InitiativeImpact(
            seg_id, seg_name[seg_id], seg_name_en[seg_id], metric, direction,
            tuple(tree.departments[d].name for d in deps
                  if d is not None and d in tree.departments),
            len(points), fit, _measurable(fit), level, per_unit, *money))
    out.sort(key=lambda i: (not i.measurable, -(i.per_10pct or 0.0)))
    company = fit_impact(pooled, min_observations=MIN_OBSERVATIONS)
    return ImpactReport(month, min_months, company, _measurable(company), tuple(out))
