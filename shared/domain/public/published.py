"""Published figures: what ``pulse scores``, ``pulse metrics``, tier exports and the problems
slide show by default, each moving by whole blocks of k distinct clients, never by one rating.

The live functions (``public.supplier_scores``, ``public.top_problems``,
``metrics.employee_metrics``) stay for the kiosk's own screen, for candidate pools and for an
admin who asks for live figures (``--live``, written to the audit log by the command).

* *Suppliers* (``published_scores``): each supplier's completed blocks of the period
  (``public.steps.stepped_figures``, as the wallboard and the posters show them) with the
  settled index prior (``public.index_prior``). ``pulse scores`` before and after one
  rating gave it away (24 × 4.4583 − 23 × 4.5652 = 2.0000); now both looks are equal until
  a block of k distinct clients completes.
* *Problems* (``stepped_problems``): per reason tag, the low (1-2) ratings citing it in the
  order they reached the database, cut into blocks of k distinct clients; the count covers
  the completed blocks (a live "14" became "15" after one low rating with its reason).
* *Windows* (``published_metrics``): metrics 2 and 3 over any window. Two windows a day
  apart differ by that day's ratings, and sums over several windows isolate any stretch
  between their edges. So the settled ratings a person received (and those of each supplier
  metric 2 pools) are cut, from their first day and in day order, into *day blocks*: whole
  plant days, closed at the end of the first day on which the block holds ratings from at
  least k distinct clients. A window counts the blocks lying wholly inside it. Every figure
  of every window is then a sum of whole blocks, so any difference of windows (and of the
  weekly trend's points) is a union of blocks: empty, or k distinct clients at least -- the
  residual-k rule ``anonymity.difference_safe`` applies to sub-groups, here by construction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Employee, Rating, RatingReason, ReasonTag
from shared.domain.anonymity import KBlocks, k_of, meets_k
from shared.domain.departments import DepartmentTree
from shared.domain.metrics import (
    EmployeeMetrics,
    WeekPoint,
    employee_metrics,
    like_for_like,
    verdict_of,
)
from shared.domain.periods import Period
from shared.domain.public import (
    Problem,
    SupplierScore,
    _people,
    _row,
    index_prior,
)
from shared.domain.public.steps import stepped_figures, stepped_score

__all__ = ["DayBlock", "day_blocks", "blocks_within", "published_scores", "stepped_problems",
           "published_metrics"]


def published_scores(session: Session, config: Config, period: Period,
                     department_id: int | None = None,
                     supplier_ids: list[int] | None = None) -> list[SupplierScore]:
    """Every supplier rated in the period (optionally those now in a department's subtree,
    or only ``supplier_ids``) on their completed blocks; withheld (no figure, no count)
    until a first block completes. Shown rows first by index (best first), then withheld
    rows by name."""
    lo, hi = period.utc_bounds(config.tz)
    q = (select(Rating.supplier_id).distinct()
         .where(Rating.status == "ok", Rating.created_at >= lo, Rating.created_at < hi))
    if department_id is not None:
        subtree = DepartmentTree.load(session).subtree(department_id)
        q = q.where(Rating.supplier_id.in_(
            select(Employee.id).where(Employee.department_id.in_(subtree))))
    if supplier_ids is not None:
        q = q.where(Rating.supplier_id.in_(supplier_ids))
    ids = sorted(session.scalars(q))
    if not ids:
        return []
    figs = stepped_figures(session, config, period,
                           ids if department_id is not None or supplier_ids is not None
                           else None)
    people = _people(session, ids)
    m = index_prior(session, config, period)
    k = k_of(config)
    rows = [stepped_score(config, _row(config, k, m, people[sid], (0, 0, 0, 0)), figs.get(sid),
                          m) for sid in ids if sid in people]
    rows.sort(key=lambda r: (r.withheld, -(r.index or 0.0), r.full_name))
    return rows


def stepped_problems(session: Session, config: Config, period: Period, limit: int = 5, *,
                     until: dt.datetime | None = None) -> list[Problem]:
    """Reason tags cited most often with a 1-2 score, each count covering the tag's completed
    blocks of k distinct clients (``n_low`` and ``clients`` of those blocks; withheld, with
    no count, until one completes). One read of the period's low ratings and their tags.

    With ``until`` (the wallboard: plant-local midnight of today) only ratings given before
    it are cut into blocks: the counts change once a day, with all of the day's completed
    blocks. A count says who is *in* a block -- people who ticked that reason after a low
    score -- so a block completing just after a colleague left the kiosk would say they
    did; a later rating still marks its tag as withheld, not as good news."""
    k = k_of(config)
    lo, hi = period.utc_bounds(config.tz)
    blocks: dict[int, KBlocks] = {}
    for tag_id, rater_id, score, rating_id, created_at in session.execute(
            select(RatingReason.reason_tag_id, Rating.rater_id, Rating.score, Rating.id,
                   Rating.created_at)
            .join(RatingReason, RatingReason.rating_id == Rating.id)
            .where(Rating.status == "ok", Rating.score <= 2,
                   Rating.created_at >= lo, Rating.created_at < hi)
            .order_by(Rating.id)):
        tag = blocks.get(tag_id)
        if tag is None:
            tag = blocks[tag_id] = KBlocks(k)
        if until is None or created_at < until:
            tag.add(rater_id, score, rating_id)
    if not blocks:
        return []
    out = []
    for tag_id, code, label_ru, label_en in session.execute(
            select(ReasonTag.id, ReasonTag.code, ReasonTag.label_ru, ReasonTag.label_en)
            .where(ReasonTag.id.in_(list(blocks)))):
        b = blocks[tag_id]
        shown = b.n > 0
        out.append(Problem(tag_id, code, label_ru, label_en, b.n if shown else None,
                           len(b.clients), not shown))
    out.sort(key=lambda p: (p.withheld, -(p.n_low or 0), p.code))
    return out[:limit]


@dataclass(frozen=True)
class DayBlock:
    """Whole plant days ``first``..``last`` of one group's ratings with at least k distinct
    clients (the last block of a group may hold fewer: it is still open, and never counted)."""

    first: dt.date
    last: dt.date
    n: int
    total: int
    happy: int
    raters: frozenset[int]


def day_blocks(rows: Iterable[tuple[dt.date, int, int]], k: int) -> list[DayBlock]:
    """Completed day blocks of ``(day, rater, score)`` rows given in day order."""
    out: list[DayBlock] = []
    first: dt.date | None = None
    day: dt.date | None = None
    n = total = happy = 0
    raters: set[int] = set()

    def close() -> None:
        nonlocal first, n, total, happy, raters
        if first is not None and day is not None and meets_k(len(raters), k):
            out.append(DayBlock(first, day, n, total, happy, frozenset(raters)))
            first, n, total, happy, raters = None, 0, 0, 0, set()

    for when, rater, score in rows:
        if isinstance(when, str):
            when = dt.date.fromisoformat(when)
        if when != day:
            close()  # a block closes only at the end of a day
            day = when
        if first is None:
            first = when
        n, total, happy = n + 1, total + score, happy + (score >= 4)
        raters.add(rater)
    close()
    return out


def blocks_within(blocks: Iterable[DayBlock], start: dt.date,
                  end: dt.date) -> tuple[int, int, int, int]:
    """``(n, score sum, 4-5 count, distinct clients)`` of the blocks wholly in start..end."""
    n = total = happy = 0
    raters: set[int] = set()
    for b in blocks:
        if start <= b.first and b.last <= end:
            n, total, happy = n + b.n, total + b.total, happy + b.happy
            raters |= b.raters
    return n, total, happy, len(raters)


def _received_blocks(session: Session, config: Config, supplier_ids: list[int],
                     until: dt.datetime, exclude_rater: int | None = None
                     ) -> dict[int, list[DayBlock]]:
    """Each supplier's day blocks of every ok rating received before ``until`` (without
    ``exclude_rater``'s own: metric 2 counts a supplier's *other* clients)."""
    rows: dict[int, list[tuple[dt.date, int, int]]] = defaultdict(list)
    q = (select(Rating.supplier_id, Rating.day, Rating.rater_id, Rating.score)
         .where(Rating.supplier_id.in_(supplier_ids), Rating.status == "ok",
                Rating.created_at < until))
    if exclude_rater is not None:
        q = q.where(Rating.rater_id != exclude_rater)
    for supplier_id, day, rater_id, score in session.execute(
            q.order_by(Rating.supplier_id, Rating.day)):
        rows[supplier_id].append((day, rater_id, score))
    k = k_of(config)
    return {sid: day_blocks(r, k) for sid, r in rows.items()}


def published_metrics(session: Session, config: Config, employee_id: int,
                      period: Period | None = None, today: dt.date | None = None
                      ) -> EmployeeMetrics:
    """``employee_metrics`` with metrics 2 and 3 (and the trend's received points) counted
    over whole day blocks in the settled window (see the module doc). Metric 2 stays like
    for like: each supplier E rated there counts on its other clients' whole blocks (k of
    them at least), weighted by E's own ratings of it. Metric 1, what E gave, stays E's own
    live figure."""
    m = employee_metrics(session, config, employee_id, period, today)
    others = m.others_period
    if others is None:
        return m
    k = k_of(config)
    olo, ohi = others.utc_bounds(config.tz)
    mine_by_supplier: dict[int, tuple[int, int]] = {}
    for sid, cnt, total in session.execute(
            select(Rating.supplier_id, func.count(), func.sum(Rating.score))
            .where(Rating.rater_id == employee_id, Rating.status == "ok",
                   Rating.created_at >= olo, Rating.created_at < ohi)
            .group_by(Rating.supplier_id)):
        mine_by_supplier[sid] = (int(cnt or 0), int(total or 0))
    rated = sorted(mine_by_supplier)
    mine = _received_blocks(session, config, [employee_id], ohi).get(employee_id, [])
    n, total, happy, clients = blocks_within(mine, others.start, others.end)
    withheld = not meets_k(clients, k) or not n
    blocks = _received_blocks(session, config, rated, ohi, exclude_rater=employee_id) \
        if rated else {}
    other_sums: dict[int, tuple[int, int]] = {}
    for sid in rated:
        sn, st, _sh, sc = blocks_within(blocks.get(sid, []), others.start, others.end)
        if sn and meets_k(sc, k):
            other_sums[sid] = (sn, st)
    same = like_for_like(other_sums, mine_by_supplier)
    trend = []
    for point in m.trend:
        week_end = min(point.start + dt.timedelta(days=6), others.end)
        wn, wt, _wh, wc = blocks_within(mine, max(point.start, others.start), week_end)
        shown = bool(wn) and meets_k(wc, k)
        trend.append(WeekPoint(point.week, point.start, point.given_count, point.given_mean,
                               wn, wt / wn if shown else None, not shown))
    return dataclasses.replace(
        m, suppliers_rated_settled=len(rated), suppliers_counted=len(same.counted),
        counted_supplier_ids=same.counted, others_count=same.others_count,
        others_mean=same.others_mean, others_withheld=same.others_mean is None,
        my_count_same_suppliers=same.my_count, my_mean_same_suppliers=same.my_mean,
        received_count=n, received_clients=clients,
        received_mean=None if withheld else total / n,
        received_csat=None if withheld else happy / n, received_withheld=withheld,
        verdict=verdict_of(same.my_mean, same.others_mean, config.rating.verdict_tolerance),
        verdict_delta=None if same.my_mean is None or same.others_mean is None
        else same.my_mean - same.others_mean,
        trend=trend)
