"""Published figures of a period from one read of its ratings, in the order they reached the
database (the id), fed to every block state at once.

Everything the wallboard publishes moves by whole blocks of k distinct clients
(``anonymity.KBlocks``, the module doc of ``public.steps``): each supplier, each department
with its sub-departments (the supplier's department at the time of the rating), each client
department -> supplier department pair, and each cell of the initiative map (a segment's
clients -> a named supplier department). Those cuts used to read the month five times per
refresh (the departments, ``stepped_top`` three times, ``stepped_improved``) and the map twice
more; ``read_period`` reads the period's ratings once and feeds them all:

* *suppliers* -- ``suppliers=None`` every supplier, else only those ids; a rating in an
  excluded ring (``fairness``) is skipped and each carries its rater's settled leniency
  offset, as ``public.steps.stepped_figures`` always did;
* *groups* -- every department's subtree and every pair (no fairness adjustment: the
  department figures never had one);
* *cells* -- an ``initiative_map.MonthCut`` of the wanted (segment, department) cells, the
  segment being the rater's segment today.

A read for fewer states (last month's candidates and map cells) asks the database only for
the rows they need. The Hypothesis test ``tests/test_onepass.py`` compares every figure with
a plain recount per group.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.base import UTCDateTime
from shared.db.plain import plain_rows
from shared.domain.anonymity import KBlocks, k_of
from shared.domain.departments import DepartmentTree
from shared.domain.fairness import published_adjustment
from shared.domain.initiative_map import MonthCut
from shared.domain.periods import Period
from shared.domain.public.groups import LiveClients

__all__ = ["PeriodFigures", "SteppedFigures", "SteppedGroup", "read_period"]


@dataclass(frozen=True)
class SteppedFigures:
    """A supplier's completed blocks: volume, score sum, happy (4-5) count, distinct clients,
    ratings per score 1..5, and the id of the last rating counted (None: no block yet)."""

    n: int
    score_sum: int
    happy: int
    clients: int
    counts: tuple[int, int, int, int, int]
    last_id: int | None
    offset_sum: float = 0.0  # the raters' leniency offsets over the counted ratings


@dataclass(frozen=True)
class SteppedGroup:
    """A group's completed blocks: volume, score sum, happy (4-5) count, distinct clients."""

    n: int
    score_sum: int
    happy: int
    clients: int


@dataclass
class PeriodFigures:
    """The block states one read fed (see the module doc)."""

    period: Period
    suppliers: dict[int, KBlocks] = field(default_factory=dict)
    departments: dict[int, KBlocks] = field(default_factory=dict)
    pairs: dict[tuple[int, int], KBlocks] = field(default_factory=dict)
    cells: MonthCut | None = None
    rows: int = 0  # ratings read

    def supplier_figures(self) -> dict[int, SteppedFigures]:
        """Each fed supplier's completed blocks, as ``public.steps.stepped_figures``."""
        return {sid: SteppedFigures(b.n, b.score_sum, b.happy, len(b.clients),
                                    (b.counts[0], b.counts[1], b.counts[2], b.counts[3],
                                     b.counts[4]), b.last_id, b.offset_sum)
                for sid, b in self.suppliers.items()}

    def live_clients(self) -> LiveClients:
        """The distinct clients of every pair and department subtree read (a rating is in
        a completed block or in the open one)."""
        return LiveClients({p: b.clients | b.block for p, b in self.pairs.items()},
                           {d: b.clients | b.block for d, b in self.departments.items()})

    def group_figures(self) -> tuple[dict[int, SteppedGroup],
                                     dict[tuple[int, int], SteppedGroup]]:
        """Each department's (subtree) and each pair's completed blocks."""
        def group(b: KBlocks) -> SteppedGroup:
            return SteppedGroup(b.n, b.score_sum, b.happy, len(b.clients))
        return ({d: group(b) for d, b in self.departments.items()},
                {p: group(b) for p, b in self.pairs.items()})


def read_period(session: Session, config: Config, period: Period, *,
                suppliers: Collection[int] | None = None, every_supplier: bool = True,
                groups: bool = True, cells: MonthCut | None = None,
                wanted: dict[int, set[int | None]] | None = None,
                tree: DepartmentTree | None = None) -> PeriodFigures:
    """Read the period's ok ratings once, in id order, and feed the states asked for:
    every supplier (``every_supplier``) or ``suppliers``, the departments and pairs
    (``groups``), the initiative map's ``cells`` for the ``wanted`` (segment -> supplier
    departments, None: any supplier) cells. One statement for the ratings, plus the
    fairness adjustment's reads, the segments of the map's raters and the department tree."""
    k = k_of(config)
    out = PeriodFigures(period, cells=cells)
    only = None if every_supplier else set(suppliers or ())
    if only is not None and not only and not groups and (cells is None or not wanted):
        return out
    tree = tree if tree is not None else DepartmentTree.load(session)
    want_cells = cells is not None and bool(wanted)
    segment_of: dict[int, int] = {}
    if want_cells:
        assert wanted is not None
        segment_of = {int(e): int(s) for e, s in session.execute(
            text("SELECT id, segment_id FROM employees WHERE segment_id IN :segments")
            .bindparams(bindparam("segments", expanding=True)),
            {"segments": sorted(wanted)})}
    adjust = published_adjustment(session, config, period) \
        if every_supplier or only else None
    offsets = adjust.leniency.offsets if adjust is not None else {}
    excluded = adjust.excluded if adjust is not None else frozenset()

    lo, hi = period.utc_bounds(config.tz)
    params: dict[str, Any] = {"lo": lo, "hi": hi}
    binds = [bindparam("lo", type_=UTCDateTime()), bindparam("hi", type_=UTCDateTime())]
    where = "status = 'ok' AND created_at >= :lo AND created_at < :hi"
    if not (groups or every_supplier):
        # Only some states: ask for their rows (the candidates' ratings and those of the
        # map's segments, by the ratings' own columns: no join in the scan).
        parts = []
        if only:
            parts.append("supplier_id IN :suppliers")
            params["suppliers"] = sorted(only)
            binds.append(bindparam("suppliers", expanding=True))
        if want_cells and segment_of:
            assert wanted is not None
            part = "rater_id IN (SELECT id FROM employees WHERE segment_id IN :segments)"
            params["segments"] = sorted(wanted)
            binds.append(bindparam("segments", expanding=True))
            if not any(None in deps for deps in wanted.values()):
                part += " AND supplier_department_id IN :departments"
                params["departments"] = sorted({d for deps in wanted.values() for dep in deps
                                                if dep is not None for d in tree.subtree(dep)})
                binds.append(bindparam("departments", expanding=True))
            parts.append(f"({part})")
        if not parts:
            return out
        where += f" AND ({' OR '.join(parts)})"
    # Plain SQL without result types: a month's ratings at plant scale (370,000) come in a
    # third of the time the ORM's rows take; fetched at once (row by row costs more). The
    # whole period (the wallboard's read) comes as the driver's own tuples (shared.db.plain:
    # building 400,000 result rows cost as much CPU as cutting them).
    sql = ("SELECT id, rater_id, supplier_id, rater_department_id, supplier_department_id, "
           f"score FROM ratings WHERE {where} ORDER BY id")
    rows: Sequence[Any]
    if len(binds) == 2:
        rows = plain_rows(session, sql, params)
    else:
        rows = session.execute(text(sql).bindparams(*binds), params).all()
    out.rows = len(rows)
    supplier_blocks, departments, pairs = out.suppliers, out.departments, out.pairs
    for supplier in sorted(only or ()):  # an asked-for supplier without a rating: no block
        supplier_blocks[supplier] = KBlocks(k)
    # Per kind of row (client department, supplier department, the rater's map segment):
    # the group and cell blocks it feeds, and the map's set of raters it joins.
    feeds: dict[tuple[int, int, int | None], tuple[list[KBlocks], set[int] | None]] = {}
    feed_suppliers = every_supplier or bool(only)
    none: dict[int, int] = {}
    segment_for = segment_of.get if want_cells else none.get
    for rating_id, rater, supplier, client_dep, supplier_dep, score in rows:
        if feed_suppliers and (only is None or supplier in only) \
                and not (excluded and rating_id in excluded):
            blocks = supplier_blocks.get(supplier)
            if blocks is None:
                blocks = supplier_blocks[supplier] = KBlocks(k)
            blocks.add(rater, score, rating_id, offsets.get(rater, 0.0))
        segment = segment_for(rater)
        kind = (client_dep, supplier_dep, segment)
        fed = feeds.get(kind)
        if fed is None:
            states: list[KBlocks] = []
            if groups:
                states += [departments.setdefault(d, KBlocks(k))
                           for d in (supplier_dep, *tree.ancestors(supplier_dep))]
                states.append(pairs.setdefault((client_dep, supplier_dep), KBlocks(k)))
            raters: set[int] | None = None
            if segment is not None:
                assert cells is not None and wanted is not None
                cell_states, raters = cells.states_for(segment, supplier_dep, wanted, tree, k)
                states += cell_states
            fed = feeds[kind] = (states, raters)
        for blocks in fed[0]:
            blocks.add(rater, score, rating_id)
        if fed[1] is not None:
            fed[1].add(rater)
    if cells is not None and rows:
        cells.last_id = max(cells.last_id, rows[-1][0])
    return out
