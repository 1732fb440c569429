"""The living initiative map: each segment's initiatives with its clients' satisfaction, live.

The map (imported by ``pulse import initiatives``, ``shared.domain.initiatives``) says, per
client segment and goal, what its supplier departments must improve. Here each of those rows
gets the figures the wallboard slide, the kiosk and the printed page show:

* **satisfaction** -- the mean score the segment's people (their segment today) gave the
  people of the named supplier department (the supplier's department at the time of each
  rating, sub-departments included) in the month; a row without a department counts every
  supplier. Published like every public figure (``shared.domain.public.steps``): the month's
  ratings of each (segment, department) cell, in the order they reached the database, are cut
  into consecutive blocks of at least k distinct clients (``anonymity.KBlocks``) and the
  figure covers the completed blocks only, so a look before and after a colleague rated does
  not tell their score. A cell whose month holds fewer than k distinct clients, or no
  completed block yet, is withheld ("not enough ratings yet").
* **differencing** -- one segment's cells nest (a department and its sub-department, a row
  for any supplier): ``anonymity.differencing_withheld`` withholds a cell that could be
  subtracted from a larger one down to fewer than k clients (the exact count of the
  residual's clients comes from the raters kept per rated department).
* **change** -- this month's published figure against last month's (both published the
  same way), in points of the 1..5 scale; none unless both are shown. Last month's cells
  are read as stored for the closed month (``shared.domain.map_cells``) when they are what
  a recount would publish, else recounted.
* **KPI trend** -- the segment's values of the row's metric (``kpi_values``), the last
  ``KPI_MONTHS`` months up to the month, with the KPI's direction (``impact.kpi_direction``).
  KPIs are the segment's own results, not ratings: no k applies.

Pure: ``live_map(session, config, month)`` returns the model; views only draw it.
``live_segment(session, config, employee_id, now)`` is one person's row of it (the kiosk's
home and the personal web page): their segment's goal and the supplier departments that
matter most to it, with the same cells.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Employee, Initiative, KpiValue, ReasonTag, Segment
from shared.db.plain import plain_rows
from shared.domain.anonymity import (
    WITHHELD_DIFFERENCING,
    WITHHELD_K,
    GroupFigure,
    KBlocks,
    differencing_withheld,
    k_of,
    meets_k,
)
from shared.domain.departments import DepartmentTree
from shared.domain.impact import kpi_direction
from shared.domain.initiatives import name_key
from shared.domain.periods import Period, local_today, month_period, previous
from shared.domain.plant_labels import plant_labels

__all__ = ["KPI_MONTHS", "ROW_SUPPLIERS", "KeptRows", "KpiTrend", "LiveInitiative", "LiveMap",
           "LiveSegment", "MapCell", "MonthCut", "SegmentRow", "live_map", "live_segment",
           "published_cells"]

KPI_MONTHS = 6
ROW_SUPPLIERS = 2  # a person's row names the suppliers that matter most: the first ones

CellKey = tuple[int, int | None]  # (segment, supplier department; None = any supplier)


@dataclass(frozen=True)
class MapCell:
    """A segment's satisfaction with a supplier department in a month, as published."""

    mean: float | None       # None when withheld
    n: int                   # ratings in the completed blocks
    clients: int             # distinct clients in the completed blocks
    withheld: bool
    reason: str | None = None  # anonymity.WITHHELD_K or WITHHELD_DIFFERENCING


WITHHELD_CELL = MapCell(None, 0, 0, True, WITHHELD_K)


@dataclass(frozen=True)
class KpiTrend:
    """The segment's values of one metric, oldest first; ``direction`` +1 = higher is better."""

    metric: str
    months: tuple[str, ...]
    values: tuple[float, ...]
    direction: int

    @property
    def improving(self) -> bool | None:
        """Did the last value move the good way from the one before (None: one value)?"""
        if len(self.values) < 2 or self.values[-1] == self.values[-2]:
            return None
        return (self.values[-1] - self.values[-2]) * self.direction > 0


@dataclass(frozen=True)
class LiveInitiative:
    initiative_id: int
    metric: str
    improvement: str
    improvement_en: str | None
    supplier_department_id: int | None   # None: any supplier
    supplier_department: str | None
    supplier_department_en: str | None
    company_initiative: str | None
    now: MapCell
    last: MapCell
    kpi: KpiTrend | None

    @property
    def change(self) -> float | None:
        """This month's published mean minus last month's (None unless both are shown)."""
        if self.now.mean is None or self.last.mean is None:
            return None
        return self.now.mean - self.last.mean


@dataclass(frozen=True)
class LiveSegment:
    segment_id: int
    name: str
    name_en: str | None
    goal: str | None
    initiatives: tuple[LiveInitiative, ...]


@dataclass(frozen=True)
class LiveMap:
    month: str
    previous_month: str
    k: int
    segments: tuple[LiveSegment, ...]
    # Last month's cells came from ``map_cells`` (not recounted): the same figures either
    # way, so not compared.
    last_stored: bool = field(default=False, compare=False)

    @property
    def empty(self) -> bool:
        """No initiative imported: nothing to show."""
        return not any(s.initiatives for s in self.segments)

    def segment(self, segment_id: int) -> LiveSegment | None:
        return next((s for s in self.segments if s.segment_id == segment_id), None)


class MonthCut:
    """One period's cells as cut so far, kept between refreshes (``live_map(kept=...)``).

    Blocks are cut in id order and ratings only ever append (a late-synced one gets a new,
    higher id, and a full recount would put it last as well), so a kept cut fed with the
    ratings above ``last_id`` equals a recount: a refresh reads the minutes since the last
    one, not the month. What a recount would see differently -- a person moved to another
    segment, the map re-imported, k changed -- is caught by ``fingerprint`` (map, k, period)
    and, for segment moves, by starting afresh after ``REBUILD_AFTER`` uses."""

    __slots__ = ("fingerprint", "uses", "last_id", "blocks", "feeds", "states", "raters")

    def __init__(self, fingerprint: Hashable) -> None:
        self.fingerprint = fingerprint
        self.uses = 0
        self.last_id = 0
        # Per cell: its blocks; every rating of the period is in a completed block or the
        # open one, so they also give the cell's live volume and clients (``live``).
        self.blocks: dict[CellKey, KBlocks] = {}
        self.feeds: dict[tuple[int, int], list[CellKey]] = {}  # (segment, rated dept)
        self.states: dict[tuple[int, int], list[KBlocks]] = {}  # the same, their blocks
        self.raters: dict[tuple[int, int], set[int]] = defaultdict(set)  # per rated dept

    def states_for(self, segment: int, department: int, wanted: dict[int, set[int | None]],
                   tree: DepartmentTree, k: int) -> tuple[list[KBlocks], set[int]]:
        """The blocks a rating from ``segment`` to ``department`` feeds (the department,
        its ancestors, any supplier, as wanted), and the set its rater joins; the readers
        (``_feed``, ``public.onepass``) keep them per kind of row and feed them."""
        fed = (segment, department)
        states = self.states.get(fed)
        if states is None:
            named = wanted.get(segment, set())
            keys: list[CellKey] = [(segment, d) for d in (department,
                                                          *tree.ancestors(department))
                                   if d in named]
            if None in named:
                keys.append((segment, None))
            self.feeds[fed] = keys
            states = self.states[fed] = [self.blocks.setdefault(key, KBlocks(k))
                                         for key in keys]
        return states, self.raters[fed]

    def live(self, key: CellKey) -> GroupFigure | None:
        """A cell's volume and distinct clients over all the period's ratings read."""
        cell = self.blocks.get(key)
        if cell is None:
            return None
        return GroupFigure(cell.n + sum(cell.open), len(cell.clients | cell.block))


REBUILD_AFTER = 60  # uses of a kept cut (an hour of one-minute refreshes)


def _feed(session: Session, config: Config, period: Period, wanted: dict[int, set[int | None]],
          tree: DepartmentTree, cut: MonthCut) -> None:
    """Feed ``cut`` with the period's ratings above its ``last_id`` (one query)."""
    k = k_of(config)
    lo, hi = period.utc_bounds(config.tz)
    # Plain SQL without result types, as public.steps does: ORM rows cost three times as
    # much. Unless a row counts every supplier, only the named departments' ratings (with
    # their sub-departments) are read.
    # Up to the newest rating now (a high-water mark for both months' cuts: last month's
    # next read starts after this month's ratings too, not after its own last one).
    upto = int(session.execute(text("SELECT MAX(id) FROM ratings")).scalar() or 0)
    # The raters' segments (today's) from the employees, not joined per rating: the join
    # cost four times the read on SQLite (1.95 s against 0.49 s for a month at 25,000).
    segment_of = {int(e): int(seg) for e, seg in session.execute(
        select(Employee.id, Employee.segment_id)
        .where(Employee.segment_id.in_(sorted(wanted)))) if seg is not None}
    params: dict[str, Any] = {"lo": lo, "hi": hi, "after": cut.last_id, "upto": upto}
    # A kept cut reads the ratings after its last one by the primary key; the time bounds
    # then must not steer the planner to the created_at index (a scan of the whole month:
    # 0.4 s at 340,000 ratings), hence COALESCE around the column. A first read is the
    # other way round: the id bounds (0 to the high-water mark) must not make SQLite walk
    # the primary key through every rating ever given, hence "+ 0".
    if cut.last_id:
        created, ident = "COALESCE(created_at, created_at)", "id"
    else:
        created, ident = "created_at", "(id + 0)"
    sql = ("SELECT rater_id, supplier_department_id, score, id FROM ratings "
           f"WHERE status = 'ok' AND {created} >= :lo AND {created} < :hi "
           f"AND {ident} > :after AND {ident} <= :upto")
    if not any(None in deps for deps in wanted.values()):
        # The id list is the map's own integers, written into the statement: the rows then
        # come as the driver's tuples (shared.db.plain), a month of them at plant scale.
        departments = sorted({d for deps in wanted.values() for dep in deps
                              if dep is not None for d in tree.subtree(dep)})
        sql += f" AND supplier_department_id IN ({', '.join(str(int(d)) for d in departments)})"
    kinds: dict[tuple[int, int], tuple[list[KBlocks], set[int]]] = {}
    for rater, dep, score, rating_id in plain_rows(session, sql + " ORDER BY id", params):
        seg = segment_of.get(rater)
        if seg is None:
            continue
        fed = kinds.get((seg, dep))
        if fed is None:
            fed = kinds[(seg, dep)] = cut.states_for(seg, dep, wanted, tree, k)
        fed[1].add(rater)
        for cell in fed[0]:
            cell.add(rater, score, rating_id)
    cut.last_id = upto


def cut_fingerprint(config: Config, period: Period,
                    wanted: dict[int, set[int | None]]) -> Hashable:
    """What a kept cut must have been cut for to be fed on (map, k, period)."""
    return (k_of(config), period, config.site.timezone,
            tuple(sorted((seg, tuple(sorted(deps, key=lambda d: (d is None, d or 0))))
                         for seg, deps in wanted.items())))


def wanted_cells(session: Session, segment_id: int | None = None
                 ) -> dict[int, set[int | None]]:
    """The map's cells: segment -> the supplier departments its initiatives name (None: any
    supplier)."""
    q = select(Initiative.segment_id, Initiative.supplier_department_id)
    if segment_id is not None:
        q = q.where(Initiative.segment_id == segment_id)
    wanted: dict[int, set[int | None]] = defaultdict(set)
    for seg, dep in session.execute(q):
        wanted[seg].add(dep)
    return dict(wanted)


def published_cells(session: Session, config: Config, period: Period,
                    wanted: dict[int, set[int | None]], tree: DepartmentTree | None = None,
                    kept: dict[str, MonthCut] | None = None, *,
                    cut: MonthCut | None = None) -> dict[CellKey, MapCell]:
    """The published figure of each wanted (segment, supplier department) cell in the period:
    k, completed k-blocks and the differencing guard, as the module doc says. With ``kept``
    (a dict the caller keeps between calls) only ratings newer than the last call are read;
    with ``cut`` (fed by the wallboard's one read of the period, ``public.onepass``) none."""
    if not wanted:
        return {}
    k = k_of(config)
    tree = tree or DepartmentTree.load(session)
    if cut is None or cut.fingerprint != cut_fingerprint(config, period, wanted):
        fingerprint = cut_fingerprint(config, period, wanted)
        cut = kept.get(period.label()) if kept is not None else None
        if cut is None or cut.fingerprint != fingerprint or cut.uses >= REBUILD_AFTER:
            cut = MonthCut(fingerprint)
        cut.uses += 1
        _feed(session, config, period, wanted, tree, cut)
        if kept is not None:
            kept[period.label()] = cut
    blocks, feeds, raters = cut.blocks, cut.feeds, cut.raters
    # Differencing within each segment: its cells nest along the department tree, under the
    # "any supplier" cell when there is one.
    figures: dict[Hashable, GroupFigure] = {}
    for key in blocks:
        live = cut.live(key)
        if live is not None and live.n:
            figures[key] = live
    children: dict[Hashable, list[Hashable]] = defaultdict(list)
    roots: list[Hashable] = []
    for seg, deps in wanted.items():
        for dep in deps:
            key = (seg, dep)
            if dep is None:
                roots.append(key)
                continue
            parent: CellKey | None = next(((seg, a) for a in tree.ancestors(dep) if a in deps),
                                          None)
            if parent is None and None in deps:
                parent = (seg, None)
            if parent is None:
                roots.append(key)
            else:
                children[parent].append(key)

    def residual_clients(group: Hashable, subs: tuple[Hashable, ...]) -> int:
        """Distinct clients of the ratings in ``group`` outside every one of ``subs``."""
        out: set[int] = set()
        for fed, keys in feeds.items():
            if group in keys and not any(s in keys for s in subs):
                out |= raters[fed]
        return len(out)

    guarded = differencing_withheld(figures, children, roots, k, residual_clients)
    out: dict[CellKey, MapCell] = {}
    for seg, deps in wanted.items():
        for dep in deps:
            key = (seg, dep)
            fig, cell = figures.get(key), blocks.get(key)
            if fig is None or cell is None or not meets_k(fig.clients, k) or not cell.n:
                out[key] = WITHHELD_CELL
            elif key in guarded:
                out[key] = MapCell(None, cell.n, len(cell.clients), True, WITHHELD_DIFFERENCING)
            else:
                out[key] = MapCell(cell.score_sum / cell.n, cell.n, len(cell.clients), False)
    return out


def _kpi_trends(session: Session, segment_ids: list[int], month: str
                ) -> dict[tuple[int, str], KpiTrend]:
    series: dict[tuple[int, str], list[tuple[str, float, str]]] = defaultdict(list)
    for seg, metric, kpi_month, value in session.execute(
            select(KpiValue.segment_id, KpiValue.metric, KpiValue.month, KpiValue.value)
            .where(KpiValue.segment_id.in_(segment_ids), KpiValue.month <= month)
            .order_by(KpiValue.month)):
        if seg is not None:
            series[(seg, name_key(metric))].append((kpi_month, float(value), metric))
    out = {}
    for key, points in series.items():
        points = points[-KPI_MONTHS:]
        metric = points[-1][2]
        out[key] = KpiTrend(metric, tuple(p[0] for p in points), tuple(p[1] for p in points),
                            kpi_direction(metric))
    return out


def live_map(session: Session, config: Config, month: str, *, segment_id: int | None = None,
             kept: dict[str, MonthCut] | None = None,
             now_cut: MonthCut | None = None) -> LiveMap:
    """The whole map (or one segment's part: the kiosk's row) with this month's and last
    month's published satisfaction and the KPI trends; segments with initiatives first (by
    name), then those without. ``kept`` (the wallboard's, between refreshes) spares reading
    last month's ratings again (see ``MonthCut``); ``now_cut``, this month's cells as cut by
    the wallboard's one read of the month (``public.onepass``), reading them at all."""
    period = month_period(month)
    before = previous(period)
    tree = DepartmentTree.load(session)
    segment_q = select(Segment).order_by(Segment.name)
    initiative_q = (select(Initiative, ReasonTag.label_en)
                    .outerjoin(ReasonTag, ReasonTag.id == Initiative.reason_tag_id)
                    .order_by(Initiative.segment_id, Initiative.id))
    if segment_id is not None:
        segment_q = segment_q.where(Segment.id == segment_id)
        initiative_q = initiative_q.where(Initiative.segment_id == segment_id)
    segments = session.execute(segment_q).scalars().all()
    rows = session.execute(initiative_q).all()
    wanted: dict[int, set[int | None]] = defaultdict(set)
    for ini, _label_en in rows:
        wanted[ini.segment_id].add(ini.supplier_department_id)
    now = published_cells(session, config, period, wanted, tree,
                          kept if now_cut is None else None, cut=now_cut)
    # Last month is closed: its cells as stored (``map_cells``: the job's, or a first
    # reader's), when they are what a recount would publish; else recounted.
    from shared.domain.map_cells import stored_cells
    last_stored = stored_cells(session, config, before, wanted, tree)
    last = last_stored if last_stored is not None else published_cells(
        session, config, before, wanted, tree, kept)
    if kept is not None:  # only the two months shown are kept
        for label in [m for m in kept if m not in (month, before.label())]:
            del kept[label]
    trends = _kpi_trends(session, sorted(wanted), month) if wanted else {}
    by_segment: dict[int, list[LiveInitiative]] = defaultdict(list)
    for ini, label_en in rows:
        key = (ini.segment_id, ini.supplier_department_id)
        dep = tree.departments.get(ini.supplier_department_id or -1)
        by_segment[ini.segment_id].append(LiveInitiative(
            ini.id, ini.metric, ini.supplier_improvement, label_en, ini.supplier_department_id,
            dep.name if dep else None, dep.name_en if dep else None, ini.company_initiative,
            now.get(key, WITHHELD_CELL), last.get(key, WITHHELD_CELL),
            trends.get((ini.segment_id, name_key(ini.metric)))))
    labels = plant_labels(session)  # a head office's two plants' segments told apart
    out = [LiveSegment(s.id, labels.of_plant(s.plant_id, s.name),
                       None if s.name_en is None else labels.of_plant(s.plant_id, s.name_en),
                       s.goal, tuple(by_segment.get(s.id, ()))) for s in segments]
    out.sort(key=lambda s: not s.initiatives)  # stable: by name within each part
    return LiveMap(month, before.label(), k_of(config), tuple(out),
                   last_stored=last_stored is not None or not wanted)


@dataclass(frozen=True)
class SegmentRow:
    """A person's own row of the map: their segment, its goal, and the supplier departments
    that matter most to it -- the first ones its initiatives name, in the map's order, one
    line per department -- with the segment's published satisfaction this month."""

    month: str
    previous_month: str
    k: int
    segment: LiveSegment
    suppliers: tuple[LiveInitiative, ...]


KeptRows = dict[int, tuple[dt.datetime, str, SegmentRow | None]]  # segment -> until, month, row


def live_segment(session: Session, config: Config, employee_id: int, now: dt.datetime, *,
                 limit: int = ROW_SUPPLIERS, kept: KeptRows | None = None,
                 keep: dt.timedelta = dt.timedelta(0)) -> SegmentRow | None:
    """The person's segment's row at ``now`` (this local month), or None without a segment
    or without initiatives for it. The row is a public figure, the same for everyone in the
    segment: with ``kept`` (a dict the caller keeps) it is read at most once per ``keep``
    per segment."""
    segment = session.execute(select(Employee.segment_id).where(Employee.id == employee_id)
                              ).scalar_one_or_none()
    if segment is None:
        return None
    month = local_today(config.tz, now).strftime("%Y-%m")
    hit = kept.get(segment) if kept is not None else None
    if hit is not None and hit[0] > now and hit[1] == month:
        return hit[2]
    live = live_map(session, config, month, segment_id=segment)
    found = live.segment(segment)
    row = None
    if found is not None and found.initiatives:
        seen: set[int | None] = set()
        suppliers = []
        for ini in found.initiatives:
            if ini.supplier_department_id not in seen:
                seen.add(ini.supplier_department_id)
                suppliers.append(ini)
        row = SegmentRow(live.month, live.previous_month, live.k, found,
                         tuple(suppliers[:limit]))
    if kept is not None:
        kept[segment] = (now + keep, month, row)
    return row
