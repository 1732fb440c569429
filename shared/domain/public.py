"""Public figures (wallboard, posters, rankings, exports): every one passes the anonymity rules.

Each function takes ``k`` from the config and applies it itself: a row below k is returned
with ``withheld=True`` and no mean, CSAT, index or comments (it is not dropped, so a view
can say "not enough ratings yet"). Department-level figures also pass the differencing
guard (``shared.domain.anonymity``). Sums come from the exact rollups; distinct clients
from ``rollup_pair_month`` for whole months, else ``COUNT(DISTINCT rater_id)`` on the
ratings (by index). No figure ever says who gave a rating.

Attractiveness index (rankings, posters, tiers), a Bayesian average::

    index = (C * m + sum_of_scores) / (C + n)

``n`` and ``sum_of_scores``: the supplier's ratings in the period; ``m``: the company mean
in the same period; ``C = rating.prior_weight`` (default 10): the prior counts as C ratings
at the company mean, so two fives (index of 2 fives with m = 4.0, C = 10: (40 + 10) / 12 =
4.17) do not beat two hundred 4.8s ((40 + 960) / 210 = 4.76).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import (
    Department,
    Employee,
    Rating,
    RatingReason,
    ReasonTag,
    RollupPairMonth,
    RollupRaterDay,
    RollupSupplierDay,
    RollupTagDay,
)
from shared.domain.anonymity import k_of, meets_k
from shared.domain.departments import DepartmentTree
from shared.domain.periods import Period, previous

__all__ = ["SupplierScore", "Improvement", "Problem", "Quote", "PraiseComments", "Mood",
           "attractiveness_index", "tier_of", "supplier_scores", "top_suppliers", "most_improved",
           "top_problems", "praise_comments", "company_mood", "company_mean"]


@dataclass(frozen=True)
class SupplierScore:
    employee_id: int
    personnel_no: str
    full_name: str
    full_name_en: str | None
    department_id: int
    department_name: str
    department_name_en: str | None
    has_photo: bool
    n: int
    clients: int
    mean: float | None
    csat: float | None
    index: float | None
    tier: str | None
    withheld: bool


@dataclass(frozen=True)
class Improvement:
    score: SupplierScore  # this period
    previous_mean: float
    previous_n: int
    previous_clients: int
    delta: float  # score.mean - previous_mean


@dataclass(frozen=True)
class Problem:
    reason_tag_id: int
    code: str
    label_ru: str
    label_en: str
    n_low: int | None  # citations with a 1-2 score; None when withheld
    clients: int
    withheld: bool


@dataclass(frozen=True)
class Quote:
    text: str
    score: int


@dataclass(frozen=True)
class PraiseComments:
    supplier_id: int
    clients: int
    withheld: bool
    quotes: list[Quote]


@dataclass(frozen=True)
class Mood:
    day: dt.date
    n: int
    clients: int
    mean: float | None
    csat: float | None
    withheld: bool


def attractiveness_index(score_sum: float, n: int, company_mean: float | None,
                         prior_weight: float) -> float | None:
    """Bayesian average ``(C*m + sum) / (C + n)``; see the module doc."""
    if company_mean is None or prior_weight + n <= 0:
        return None
    return (prior_weight * company_mean + score_sum) / (prior_weight + n)


def tier_of(config: Config, index: float | None, clients: int) -> str | None:
    """The best configured tier whose index and distinct-client minimums are met."""
    if index is None:
        return None
    for tier in config.tiers:
        # Round away float noise: an index of exactly the threshold earns the tier.
        if round(index, 9) >= tier.min_index and clients >= tier.min_clients:
            return tier.name
    return None


def company_mean(session: Session, period: Period) -> tuple[int, int, float | None]:
    """``(n, score_sum, mean)`` of every counted rating in the period (the index prior)."""
    n, total = session.execute(
        select(func.coalesce(func.sum(RollupSupplierDay.n), 0),
               func.coalesce(func.sum(RollupSupplierDay.score_sum), 0))
        .where(RollupSupplierDay.day.between(period.start, period.end))).one()
    return int(n), int(total), (total / n if n else None)


def _clients_by_supplier(session: Session, config: Config, period: Period,
                         supplier_ids: list[int] | Select[tuple[int]] | None) -> dict[int, int]:
    """Distinct clients per supplier: the monthly pair rollup for whole months (exact: one
    row per supplier, month and client), else COUNT(DISTINCT) on the ratings by index."""
    if period.whole_months():
        q = (select(RollupPairMonth.supplier_id, func.count(distinct(RollupPairMonth.rater_id)))
             .where(RollupPairMonth.month.in_(period.months()))
             .group_by(RollupPairMonth.supplier_id))
        if supplier_ids is not None:
            q = q.where(RollupPairMonth.supplier_id.in_(supplier_ids))
    else:
        lo, hi = period.utc_bounds(config.tz)
        q = (select(Rating.supplier_id, func.count(distinct(Rating.rater_id)))
             .where(Rating.status == "ok", Rating.created_at >= lo, Rating.created_at < hi)
             .group_by(Rating.supplier_id))
        if supplier_ids is not None:
            q = q.where(Rating.supplier_id.in_(supplier_ids))
    return {sid: int(c) for sid, c in session.execute(q)}


def supplier_scores(session: Session, config: Config, period: Period,
                    department_id: int | None = None, *,
                    supplier_ids: list[int] | None = None) -> list[SupplierScore]:
    """Every supplier rated in the period (optionally those now in a department's subtree, or
    a given list): volume, distinct clients, and -- when k is met -- mean, CSAT, index, tier.
    Shown rows first by index (best first), then withheld rows by name."""
    k = k_of(config)
    q = (select(RollupSupplierDay.supplier_id.label("sid"),
                func.sum(RollupSupplierDay.n).label("n"),
                func.sum(RollupSupplierDay.score_sum).label("total"),
                func.sum(RollupSupplierDay.n_happy).label("happy"))
         .where(RollupSupplierDay.day.between(period.start, period.end))
         .group_by(RollupSupplierDay.supplier_id))
    only: list[int] | Select[tuple[int]] | None = None
    if supplier_ids is not None:
        q = q.where(RollupSupplierDay.supplier_id.in_(supplier_ids))
        only = supplier_ids
    if department_id is not None:
        subtree = DepartmentTree.load(session).subtree(department_id)
        members = select(Employee.id).where(Employee.department_id.in_(subtree))
        q = q.where(RollupSupplierDay.supplier_id.in_(members))
        only = members
    sums = q.subquery()
    people = session.execute(
        select(sums.c.sid, sums.c.n, sums.c.total, sums.c.happy, Employee.personnel_no,
               Employee.full_name, Employee.full_name_en, Employee.department_id,
               Department.name, Department.name_en, Employee.photo.is_not(None))
        .join(Employee, Employee.id == sums.c.sid)
        .join(Department, Department.id == Employee.department_id)).all()
    if not people:
        return []
    clients = _clients_by_supplier(session, config, period, only)
    _, _, m = company_mean(session, period)
    rows: list[SupplierScore] = []
    for pid, n, total, happy, pno, name, name_en, dep_id, dep, dep_en, photo in people:
        n, total, happy = int(n), int(total), int(happy)
        c = clients.get(pid, 0)
        if meets_k(c, k):
            index = attractiveness_index(total, n, m, config.rating.prior_weight)
            rows.append(SupplierScore(pid, pno, name, name_en, dep_id, dep, dep_en, bool(photo),
                                      n, c, total / n, happy / n, index,
                                      tier_of(config, index, c), False))
        else:
            rows.append(SupplierScore(pid, pno, name, name_en, dep_id, dep, dep_en, bool(photo),
                                      n, c, None, None, None, None, True))
    rows.sort(key=lambda r: (r.withheld, -(r.index or 0.0), r.full_name))
    return rows


def top_suppliers(session: Session, config: Config, period: Period,
                  limit: int = 10) -> list[SupplierScore]:
    """The most attractive suppliers (by index) among those that meet k."""
    return [r for r in supplier_scores(session, config, period) if not r.withheld][:limit]


def most_improved(session: Session, config: Config, period: Period,
                  limit: int = 10) -> list[Improvement]:
    """Suppliers whose mean rose most against the previous period (``periods.previous``:
    the previous month for a month, else the equally long period before). Both periods
    must meet k on their own."""
    now = {r.employee_id: r for r in supplier_scores(session, config, period)
           if not r.withheld}
    if not now:
        return []
    before = {r.employee_id: r for r in supplier_scores(session, config, previous(period),
                                                        supplier_ids=list(now))
              if not r.withheld}
    out = [Improvement(now[i], b.mean, b.n, b.clients, now[i].mean - b.mean)
           for i, b in before.items()
           if i in now and now[i].mean is not None and b.mean is not None
           and now[i].mean > b.mean]
    out.sort(key=lambda x: (-x.delta, x.score.full_name))
    return out[:limit]


def top_problems(session: Session, config: Config, period: Period,
                 limit: int = 5) -> list[Problem]:
    """Reason tags cited most often with a 1-2 score. A tag's count is shown only when the
    low ratings citing it come from at least k distinct clients."""
    k = k_of(config)
    cited = session.execute(
        select(RollupTagDay.reason_tag_id, func.sum(RollupTagDay.n_low).label("low"))
        .where(RollupTagDay.day.between(period.start, period.end))
        .group_by(RollupTagDay.reason_tag_id)
        .having(func.sum(RollupTagDay.n_low) > 0)).all()
    if not cited:
        return []
    lo, hi = period.utc_bounds(config.tz)
    tag_ids = [t for t, _ in cited]
    clients = dict(session.execute(
        select(RatingReason.reason_tag_id, func.count(distinct(Rating.rater_id)))
        .join(Rating, Rating.id == RatingReason.rating_id)
        .where(RatingReason.reason_tag_id.in_(tag_ids), Rating.score <= 2,
               Rating.status == "ok", Rating.created_at >= lo, Rating.created_at < hi)
        .group_by(RatingReason.reason_tag_id)).all())
    tags = {t.id: t for t in session.execute(
        select(ReasonTag).where(ReasonTag.id.in_(tag_ids))).scalars()}
    out = []
    for tag_id, low in cited:
        c = int(clients.get(tag_id, 0))
        tag = tags[tag_id]
        shown = meets_k(c, k)
        out.append(Problem(tag_id, tag.code, tag.label_ru, tag.label_en,
                           int(low) if shown else None, c, not shown))
    out.sort(key=lambda p: (p.withheld, -(p.n_low or 0), p.code))
    return out[:limit]


def praise_comments(session: Session, config: Config, supplier_id: int, period: Period,
                    limit: int = 3) -> PraiseComments:
    """Latest comments with a 4-5 score, without names or dates, only when the supplier had
    at least k distinct clients in the period."""
    k = k_of(config)
    clients = _clients_by_supplier(session, config, period, [supplier_id]).get(supplier_id, 0)
    if not meets_k(clients, k):
        return PraiseComments(supplier_id, clients, True, [])
    lo, hi = period.utc_bounds(config.tz)
    rows = session.execute(
        select(Rating.comment, Rating.score)
        .where(Rating.supplier_id == supplier_id, Rating.status == "ok", Rating.score >= 4,
               Rating.comment.is_not(None), Rating.comment != "",
               Rating.created_at >= lo, Rating.created_at < hi)
        .order_by(Rating.created_at.desc()).limit(limit)).all()
    return PraiseComments(supplier_id, clients, False, [Quote(t, s) for t, s in rows])


def company_mood(session: Session, config: Config, day: dt.date) -> Mood:
    """Today's company-wide mean, CSAT and volume (withheld below k distinct clients)."""
    n, total, happy = session.execute(
        select(func.coalesce(func.sum(RollupSupplierDay.n), 0),
               func.coalesce(func.sum(RollupSupplierDay.score_sum), 0),
               func.coalesce(func.sum(RollupSupplierDay.n_happy), 0))
        .where(RollupSupplierDay.day == day)).one()
    clients = session.scalar(select(func.count()).select_from(RollupRaterDay)
                             .where(RollupRaterDay.day == day)) or 0
    if not meets_k(clients, k_of(config)) or not n:
        return Mood(day, int(n), clients, None, None, True)
    return Mood(day, int(n), clients, total / n, happy / n, False)



# Group-level figures live in their own module (size); they are part of this public API.
from shared.domain.public_groups import (  # noqa: E402
    DepartmentScore,
    GroupScore,
    MatrixCell,
    TrendPoint,
    company_score,
    department_matrix,
    department_scores,
    weekly_trend,
)

__all__ += ["DepartmentScore", "GroupScore", "MatrixCell", "TrendPoint", "company_score",
            "department_matrix", "department_scores", "weekly_trend"]
