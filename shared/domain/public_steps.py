"""A supplier's public figures published in steps of k distinct clients (wallboard, posters).

The wallboard refreshes every minute and shows a supplier's month so far: mean, ratings,
clients, index, the share of each face, the latest praise. Looked at before and after a
colleague rated that supplier, those figures gave the colleague's score away exactly (a
poster's "4,8 · 27 ratings" became "4,7 · 28 ratings": the new score is 4,7 × 28 − 4,8 × 27
= 2) and a new quote gave their comment away. So, as ``company_mood`` does for the company,
a supplier's ratings of the period, in the order they reached the database (the id), are
cut into consecutive blocks that each hold ratings from at least k distinct clients, and
the published figures cover the completed blocks only: two looks differ by a whole block
at least, and a rating still in the open block changes nothing on screen. A supplier is
ranked (and printed) on those figures; below one block it is withheld, as below k. The
index's company mean is the settled ``public.index_prior``, not the live one.

The wallboard's department figures (bars, the ticker's best department) and the map's
client department -> supplier department edges are cut the same way, per department and per
pair (``stepped_departments``); k and the differencing guard still decide which are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.base import UTCDateTime
from shared.db.models import Rating
from shared.domain.anonymity import KBlocks, k_of
from shared.domain.departments import DepartmentTree
from shared.domain.fairness import published_adjustment
from shared.domain.periods import Period
from shared.domain.public import (
    Improvement,
    SupplierScore,
    attractiveness_index,
    index_prior,
    most_improved,
    tier_of,
    top_suppliers,
)

__all__ = ["SteppedFigures", "SteppedGroup", "stepped_departments", "stepped_figures",
           "stepped_score", "stepped_top",
           "stepped_improved"]


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


def stepped_figures(session: Session, config: Config, period: Period,
                    supplier_ids: list[int] | None) -> dict[int, SteppedFigures]:
    """The completed k-blocks of each supplier's ratings in the period (one query);
    ``supplier_ids`` None: every supplier (one scan of the period by the time index, not a
    lookup per supplier: ``pulse scores`` over 3,000 suppliers, 60 k ratings, SQLite)."""
    if supplier_ids is not None and not supplier_ids:
        return {}
    k = k_of(config)
    lo, hi = period.utc_bounds(config.tz)
    q = (select(Rating.supplier_id, Rating.rater_id, Rating.score, Rating.id)
         .where(Rating.status == "ok", Rating.created_at >= lo, Rating.created_at < hi))
    if supplier_ids is not None:
        q = q.where(Rating.supplier_id.in_(supplier_ids))
    rows = session.execute(q.order_by(Rating.id)).all()
    # Fair figures (fairness.py): an admin's excluded rings do not count, and each rating
    # carries its rater's settled leniency offset for the index.
    adjust = published_adjustment(session, config, period)
    offsets, excluded = adjust.leniency.offsets, adjust.excluded
    blocks: dict[int, KBlocks] = {}
    for supplier_id, rater_id, score, rating_id in rows:
        if excluded and rating_id in excluded:
            continue
        supplier = blocks.get(supplier_id)
        if supplier is None:
            supplier = blocks[supplier_id] = KBlocks(k)
        supplier.add(rater_id, score, rating_id, offsets.get(rater_id, 0.0))
    return {sid: SteppedFigures(b.n, b.score_sum, b.happy, len(b.clients),
                                (b.counts[0], b.counts[1], b.counts[2], b.counts[3],
                                 b.counts[4]), b.last_id, b.offset_sum)
            for sid, b in blocks.items()}


def stepped_score(config: Config, score: SupplierScore, fig: SteppedFigures | None,
                  company_mean_value: float | None) -> SupplierScore:
    """``score`` with its figures replaced by the completed blocks' (withheld without one)."""
    if fig is None or not fig.n:
        return SupplierScore(score.employee_id, score.personnel_no, score.full_name,
                             score.full_name_en, score.department_id, score.department_name,
                             score.department_name_en, score.has_photo, 0, 0, None, None,
                             None, None, True)
    raw = attractiveness_index(fig.score_sum, fig.n, company_mean_value,
                               config.rating.prior_weight)
    index = attractiveness_index(fig.score_sum - fig.offset_sum, fig.n, company_mean_value,
                                 config.rating.prior_weight) \
        if config.fairness.correct_leniency else raw
    return SupplierScore(score.employee_id, score.personnel_no, score.full_name,
                         score.full_name_en, score.department_id, score.department_name,
                         score.department_name_en, score.has_photo, fig.n, fig.clients,
                         fig.score_sum / fig.n, fig.happy / fig.n, index,
                         tier_of(config, index, fig.clients), False, raw)


def _pool(limit: int) -> int:
    # Candidates by the live figures, re-ranked by the stepped ones: a wider pool so that
    # someone whose open block holds a dip does not push a steadier supplier off the list.
    return 2 * limit + 5


def stepped_top(session: Session, config: Config, period: Period, limit: int,
                candidates: list[SupplierScore] | None = None
                ) -> tuple[list[SupplierScore], dict[int, SteppedFigures]]:
    """The most attractive suppliers on their completed blocks (best first), and the blocks.
    ``candidates`` (e.g. a department's suppliers) default to the company's top ones."""
    if candidates is None:
        candidates = top_suppliers(session, config, period, limit=_pool(limit))
    figs = stepped_figures(session, config, period, [c.employee_id for c in candidates])
    m = index_prior(session, config, period)  # settled: a rating never moves it
    rows = [stepped_score(config, c, figs.get(c.employee_id), m) for c in candidates]
    rows = [r for r in rows if not r.withheld and r.index is not None]
    rows.sort(key=lambda r: (-(r.index or 0.0), r.full_name))
    return rows[:limit], figs


def stepped_improved(session: Session, config: Config, period: Period,
                     limit: int) -> list[Improvement]:
    """Most improved on the completed blocks of this period (the previous one is whole)."""
    candidates = most_improved(session, config, period, limit=_pool(limit))
    figs = stepped_figures(session, config, period,
                           [c.score.employee_id for c in candidates])
    m = index_prior(session, config, period)  # settled: a rating never moves it
    out = []
    for c in candidates:
        now = stepped_score(config, c.score, figs.get(c.score.employee_id), m)
        if now.withheld or now.mean is None:
            continue
        delta = now.mean - c.previous_mean
        if delta > 0:
            out.append(Improvement(now, c.previous_mean, c.previous_n, c.previous_clients,
                                   delta))
    out.sort(key=lambda x: (-x.delta, x.score.full_name))
    return out[:limit]


@dataclass(frozen=True)
class SteppedGroup:
    """A group's completed blocks: volume, score sum, happy (4-5) count, distinct clients."""

    n: int
    score_sum: int
    happy: int
    clients: int


def stepped_departments(session: Session, config: Config, period: Period
                        ) -> tuple[dict[int, SteppedGroup], dict[tuple[int, int], SteppedGroup]]:
    """The completed k-blocks of each department's ratings (sub-departments included; the
    supplier's department at the time of each rating) and of each client department ->
    supplier department pair (departments as stored): one query over the period's ratings
    in id order, cut as ``anonymity.KBlocks`` cuts (inlined here: a month at plant scale
    feeds about a million group updates; 374k ratings into three groups each took 0.73 s
    inlined and 0.99 s through KBlocks.add, measured). The department bars, the ticker's
    best department and the map's edges then move by whole blocks of k distinct clients,
    not with each rating (a look before and after a colleague rated in a small department
    told the score: mean × n)."""
    k = k_of(config)
    tree = DepartmentTree.load(session)
    # Per group: [raters of the open block, its n, score sum, happy; the completed blocks'
    # n, score sum, happy, clients]. Each (client, supplier department) pair feeds its own
    # group and those of the supplier department and its parents.
    groups: dict[object, list[Any]] = {}
    feeds: dict[tuple[int, int], list[list[Any]]] = {}
    # Plain SQL without result types: a month's ratings at plant scale (370,000) come in a
    # third of the time the ORM's rows take.
    lo, hi = period.utc_bounds(config.tz)
    rows = session.execute(text(
        "SELECT rater_department_id, supplier_department_id, rater_id, score FROM ratings "
        "WHERE status = 'ok' AND created_at >= :lo AND created_at < :hi ORDER BY id"
    ).bindparams(bindparam("lo", type_=UTCDateTime()), bindparam("hi", type_=UTCDateTime())),
        {"lo": lo, "hi": hi}).all()  # fetched at once: row by row costs half a second more
    for client_dep, supplier_dep, rater, score in rows:
        states = feeds.get((client_dep, supplier_dep))
        if states is None:
            keys: list[object] = [supplier_dep, *tree.ancestors(supplier_dep),
                                  (client_dep, supplier_dep)]
            states = feeds[(client_dep, supplier_dep)] = [
                groups.setdefault(key, [set(), 0, 0, 0, 0, 0, 0, set()]) for key in keys]
        happy = score >= 4
        for st in states:
            block = st[0]
            block.add(rater)
            st[1] += 1
            st[2] += score
            st[3] += happy
            if len(block) >= k:
                st[4] += st[1]
                st[5] += st[2]
                st[6] += st[3]
                st[7] |= block
                st[0], st[1], st[2], st[3] = set(), 0, 0, 0
    deps: dict[int, SteppedGroup] = {}
    pairs: dict[tuple[int, int], SteppedGroup] = {}
    for key, st in groups.items():
        group = SteppedGroup(st[4], st[5], st[6], len(st[7]))
        if isinstance(key, tuple):
            pairs[key] = group
        else:
            deps[key] = group  # type: ignore[index]
    return deps, pairs
