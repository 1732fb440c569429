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

The live functions here (``supplier_scores``, ``top_suppliers``, ``most_improved``) take
``m`` live (``company_mean``): admin views (``--live``, audited) and candidate pools only.
What is published (wallboard, posters, ``pulse scores``, tier exports) takes the settled
``index_prior``: the index times (C + n) minus the sum gives C·m, so a live m told the
company's every new rating (m before and after: one score).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, distinct, func, or_, select, text
from sqlalchemy.orm import Session

from shared.config import Config, ConfigError
from shared.db.engine import kiosk_bound_reads
from shared.db.models import (
    Department,
    Employee,
    Rating,
    RatingReason,
    ReasonTag,
    RollupDeptPairDay,
    RollupPairMonth,
    RollupSupplierDay,
)
from shared.domain.anonymity import KBlocks, k_of, meets_k
from shared.domain.departments import DepartmentTree
from shared.domain.periods import Period, month_period, previous
from shared.domain.plant_labels import plant_labels

__all__ = ["SupplierScore", "Improvement", "Problem", "Quote", "PraiseComments", "Mood",
           "attractiveness_index", "tier_of", "supplier_scores", "top_suppliers", "most_improved",
           "top_problems", "praise_comments", "company_mood", "company_mean", "index_prior",
           "quote_order_key"]


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
    # The index on the scores as given; ``index`` is corrected for the raters' leniency on
    # the published figures (``fairness``, ``fairness.correct_leniency``), else the same.
    index_raw: float | None = None


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
        select(func.coalesce(func.sum(RollupDeptPairDay.n), 0),
               func.coalesce(func.sum(RollupDeptPairDay.score_sum), 0))
        .where(RollupDeptPairDay.day.between(period.start, period.end))).one()
    return int(n), int(total), (total / n if n else None)


def _has_k_clients(session: Session, config: Config, period: Period) -> bool:
    """Did at least k distinct clients rate anyone in the period? A sample of the period's
    first ratings (by the time index) decides at plant scale; only a small period is
    counted whole."""
    k = k_of(config)
    lo, hi = period.utc_bounds(config.tz)
    sample = 50 * k
    raters = list(session.scalars(
        select(Rating.rater_id)
        .where(Rating.status == "ok", Rating.created_at >= lo, Rating.created_at < hi)
        .limit(sample)))
    if meets_k(len(set(raters)), k) or len(raters) < sample:
        return meets_k(len(set(raters)), k)
    return meets_k(session.scalar(
        select(func.count(distinct(Rating.rater_id)))
        .where(Rating.status == "ok", Rating.created_at >= lo, Rating.created_at < hi)), k)


def index_prior(session: Session, config: Config, period: Period) -> float | None:
    """The company mean ``m`` of the published index, from settled data only.

    The previous period's company mean (``periods.previous``: last month for a month), whole
    and past before this period starts, when at least k distinct clients gave it; in the
    programme's first period (nothing before), the mean of this period's completed company
    blocks of k distinct clients (``KBlocks``, as ``company_mood``). A new rating then moves
    the prior not at all, or by a whole block. Kept per session and period (the wallboard
    asks for it several times a refresh)."""
    cache: dict[tuple[dt.date, dt.date, int], float | None] = session.info.setdefault(
        "index_prior", {})
    key = (period.start, period.end, k_of(config))
    if key in cache:
        return cache[key]
    before = previous(period)
    n, total, m = company_mean(session, before)
    if not (n and _has_k_clients(session, config, before)):
        lo, hi = period.utc_bounds(config.tz)
        blocks = KBlocks(k_of(config))
        for rater_id, score in session.execute(
                select(Rating.rater_id, Rating.score)
                .where(Rating.status == "ok", Rating.created_at >= lo, Rating.created_at < hi)
                .order_by(Rating.id)):
            blocks.add(rater_id, score)
        m = blocks.score_sum / blocks.n if blocks.n else None
    cache[key] = m
    return m


def quote_order_key(config: Config) -> bytes:
    """The key that orders quotes (the site secret; a fixed label where none is set up)."""
    try:
        return b"quote-order\n" + config.secret_bytes()
    except ConfigError:
        return b"quote-order\n"


def _pair_rollup_exact(session: Session, period: Period) -> bool:
    """Do the monthly pair rollups of the period's months hold exactly its ratings? True for
    whole months, and for e.g. "this month so far" when no rating lies in those months
    outside the period (one probe of the day index)."""
    if period.whole_months():
        return True
    first = period.start.replace(day=1)
    last = month_period(period.months()[-1]).end
    day = RollupSupplierDay.day
    outside = select(day).where(or_(and_(day >= first, day < period.start),
                                    and_(day > period.end, day <= last))).limit(1)
    return session.execute(outside).first() is None


def _clients_by_supplier(session: Session, config: Config, period: Period,
                         supplier_ids: list[int] | Select[Any] | None) -> dict[int, int]:
    """Distinct clients per supplier: the monthly pair rollup for whole months (exact: one
    row per supplier, month and client), else COUNT(DISTINCT) on the ratings by index."""
    if _pair_rollup_exact(session, period):
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


Figures = tuple[int, int, int, int]  # n, score sum, happy (4-5) count, distinct clients


def _supplier_figures(session: Session, config: Config, period: Period,
                      only: list[int] | Select[Any] | None = None,
                      need_happy: bool = True) -> dict[int, Figures]:
    """Per supplier rated in the period: volume, score sum, happy count and distinct clients,
    from grouped queries (no rows built). For whole months (or a month so far) without
    ``need_happy``, one scan of the monthly pair rollup gives volume, sum and clients at once
    (happy is then -1): the day rollup has about one row per rating at this scale, so a
    second scan would cost as much as the ratings themselves.

    Within a snapshot (``session.info["supplier_figures"]`` set, as the wallboard's refresh
    does) the every-supplier result of a period is read once: the top list's, the most
    improved's and the posters' candidate pools ask for the same one."""
    snapshot = session.info.get("supplier_figures")
    if snapshot is not None and only is None:
        key = (period.start, period.end, need_happy)
        if key not in snapshot:
            snapshot[key] = _read_supplier_figures(session, config, period, None, need_happy)
        return dict(snapshot[key])
    return _read_supplier_figures(session, config, period, only, need_happy)


def _read_supplier_figures(session: Session, config: Config, period: Period,
                           only: list[int] | Select[Any] | None,
                           need_happy: bool) -> dict[int, Figures]:
    if not need_happy and _pair_rollup_exact(session, period):
        pm = RollupPairMonth
        q = (select(pm.supplier_id, func.sum(pm.n), func.sum(pm.score_sum),
                    func.count(distinct(pm.rater_id)))
             .where(pm.month.in_(period.months())).group_by(pm.supplier_id))
        if only is not None:
            q = q.where(pm.supplier_id.in_(only))
        return {sid: (int(n), int(t), -1, int(c)) for sid, n, t, c in session.execute(q)}
    q = (select(RollupSupplierDay.supplier_id, func.sum(RollupSupplierDay.n),
                func.sum(RollupSupplierDay.score_sum), func.sum(RollupSupplierDay.n_happy))
         .where(RollupSupplierDay.day.between(period.start, period.end))
         .group_by(RollupSupplierDay.supplier_id))
    if only is not None:
        q = q.where(RollupSupplierDay.supplier_id.in_(only))
    sums = session.execute(q).all()
    if not sums:
        return {}
    clients = _clients_by_supplier(session, config, period, only)
    return {sid: (int(n), int(t), int(h), clients.get(sid, 0)) for sid, n, t, h in sums}


def _with_happy(session: Session, period: Period, figs: dict[int, Figures],
                ids: list[int]) -> None:
    """Fill in the happy counts of a few suppliers (the winners of a ranking)."""
    if not ids:
        return
    sd = RollupSupplierDay
    for sid, happy in session.execute(
            select(sd.supplier_id, func.sum(sd.n_happy))
            .where(sd.supplier_id.in_(ids), sd.day.between(period.start, period.end))
            .group_by(sd.supplier_id)):
        n, t, _h, c = figs[sid]
        figs[sid] = (n, t, int(happy), c)


_PERSON = (Employee.id, Employee.personnel_no, Employee.full_name, Employee.full_name_en,
           Employee.department_id, Department.name, Department.name_en,
           Employee.photo.is_not(None))


def _people(session: Session, ids: list[int] | Select[Any] | None
            ) -> dict[int, tuple[Any, ...]]:
    q = select(*_PERSON).join(Department, Department.id == Employee.department_id)
    if ids is not None:
        q = q.where(Employee.id.in_(ids))
    labels = plant_labels(session)  # a head office's two plants' "Склад" told apart
    return {row[0]: (*row[:5], labels.department(row[4], row[5]),
                     labels.department_or_none(row[4], row[6]), row[7])
            for row in session.execute(q)}


def _row(config: Config, k: int, m: float | None, person: tuple[Any, ...],
         fig: Figures) -> SupplierScore:
    pid, pno, name, name_en, dep_id, dep, dep_en, photo = person
    n, total, happy, c = fig
    if meets_k(c, k) and n:
        index = attractiveness_index(total, n, m, config.rating.prior_weight)
        return SupplierScore(pid, pno, name, name_en, dep_id, dep, dep_en, bool(photo), n, c,
                             total / n, happy / n, index, tier_of(config, index, c), False)
    return SupplierScore(pid, pno, name, name_en, dep_id, dep, dep_en, bool(photo), n, c,
                         None, None, None, None, True)


def supplier_scores(session: Session, config: Config, period: Period,
                    department_id: int | None = None, *,
                    supplier_ids: list[int] | None = None) -> list[SupplierScore]:
    """Every supplier rated in the period (optionally those now in a department's subtree, or
    a given list): volume, distinct clients, and -- when k is met -- mean, CSAT, index, tier.
    Shown rows first by index (best first), then withheld rows by name."""
    only: list[int] | Select[Any] | None = supplier_ids
    if department_id is not None:
        subtree = DepartmentTree.load(session).subtree(department_id)
        members = select(Employee.id).where(Employee.department_id.in_(subtree))
        if supplier_ids is not None:
            members = members.where(Employee.id.in_(supplier_ids))
        only = members
    figs = _supplier_figures(session, config, period, only)
    if not figs:
        return []
    people = _people(session, only)
    k, (_, _, m) = k_of(config), company_mean(session, period)
    rows = [_row(config, k, m, people[sid], fig) for sid, fig in figs.items() if sid in people]
    rows.sort(key=lambda r: (r.withheld, -(r.index or 0.0), r.full_name))
    return rows


def _ranked(config: Config, period_figs: dict[int, Figures], m: float | None
            ) -> list[tuple[float, int]]:
    k, c_weight = k_of(config), config.rating.prior_weight
    ranked = []
    for sid, (n, total, _h, c) in period_figs.items():
        if meets_k(c, k) and n:
            index = attractiveness_index(total, n, m, c_weight)
            if index is not None:
                ranked.append((index, sid))
    return ranked


def top_suppliers(session: Session, config: Config, period: Period,
                  limit: int = 10) -> list[SupplierScore]:
    """The most attractive suppliers (by index) among those that meet k."""
    figs = _supplier_figures(session, config, period, need_happy=False)
    _, _, m = company_mean(session, period)
    best = sorted(_ranked(config, figs, m), key=lambda x: -x[0])[:limit]
    _with_happy(session, period, figs, [sid for _, sid in best])
    people = _people(session, [sid for _, sid in best])
    k = k_of(config)
    rows = [_row(config, k, m, people[sid], figs[sid]) for _, sid in best if sid in people]
    rows.sort(key=lambda r: (-(r.index or 0.0), r.full_name))
    return rows


def most_improved(session: Session, config: Config, period: Period,
                  limit: int = 10) -> list[Improvement]:
    """Suppliers whose mean rose most against the previous period (``periods.previous``:
    the previous month for a month, else the equally long period before). Both periods
    must meet k on their own."""
    k = k_of(config)
    now = _supplier_figures(session, config, period, need_happy=False)
    if not now:
        return []
    before = _supplier_figures(session, config, previous(period), need_happy=False)
    deltas = []
    for sid, (n, total, _h, c) in now.items():
        prev = before.get(sid)
        if prev is None or not (meets_k(c, k) and meets_k(prev[3], k) and n and prev[0]):
            continue
        delta = total / n - prev[1] / prev[0]
        if delta > 0:
            deltas.append((delta, sid))
    deltas.sort(key=lambda x: -x[0])
    chosen = deltas[:limit]
    _with_happy(session, period, now, [sid for _, sid in chosen])
    people = _people(session, [sid for _, sid in chosen])
    _, _, m = company_mean(session, period)
    out = []
    for delta, sid in chosen:
        if sid not in people:
            continue
        pn, pt, _ph, pc = before[sid]
        out.append(Improvement(_row(config, k, m, people[sid], now[sid]), pt / pn, pn, pc,
                               delta))
    out.sort(key=lambda x: (-x.delta, x.score.full_name))
    return out


def top_problems(session: Session, config: Config, period: Period,
                 limit: int = 5) -> list[Problem]:
    """Reason tags cited most often with a 1-2 score. A tag's count is shown only when the
    low ratings citing it come from at least k distinct clients.

    One statement: the period's low ratings (time index), then their tags by primary key,
    citations and distinct clients per tag counted together (the distinct clients need the
    ratings anyway, so the citations are not read from ``rollup_tag_day`` in a statement of
    their own). On PostgreSQL the low ratings are materialized first: otherwise the planner
    hash-joins them with a scan of every rating's tags (EXPLAIN ANALYZE on 4.9 M ratings:
    550 ms against 135 ms); SQLite takes that path by itself, and a materialized CTE there
    only adds a temporary table."""
    k = k_of(config)
    lo, hi = period.utc_bounds(config.tz)
    low = (select(Rating.id, Rating.rater_id)
           .where(Rating.status == "ok", Rating.score <= 2,
                  Rating.created_at >= lo, Rating.created_at < hi)
           .cte("low_ratings").prefix_with("MATERIALIZED", dialect="postgresql"))
    cited = (select(RatingReason.reason_tag_id.label("tag_id"), func.count().label("n_low"),
                    func.count(distinct(low.c.rater_id)).label("clients"))
             .join_from(low, RatingReason, RatingReason.rating_id == low.c.id)
             .group_by(RatingReason.reason_tag_id)
             .subquery("cited"))
    out = []
    for tag_id, code, label_ru, label_en, n_low, clients in session.execute(
            select(ReasonTag.id, ReasonTag.code, ReasonTag.label_ru, ReasonTag.label_en,
                   cited.c.n_low, cited.c.clients)
            .join_from(cited, ReasonTag, ReasonTag.id == cited.c.tag_id)):
        shown = meets_k(int(clients), k)
        out.append(Problem(tag_id, code, label_ru, label_en, int(n_low) if shown else None,
                           int(clients), not shown))
    out.sort(key=lambda p: (p.withheld, -(p.n_low or 0), p.code))
    return out[:limit]


def praise_comments(session: Session, config: Config, supplier_id: int, period: Period,
                    limit: int = 3, *, up_to_id: int | None = None) -> PraiseComments:
    """Comments with a 4-5 score, without names or dates, only when the supplier had at
    least k distinct clients in the period; with ``up_to_id``, only from ratings up to that
    id (the completed blocks of ``shared.domain.public.steps``).

    Chosen in the order of a keyed hash of each comment (HMAC with the site secret; of the
    text, so the same comments in any order of arrival give the same quotes, and the
    wallboard's database role, which reads no rating UUID, orders them alike),
    not newest first: "the newest quote" told whose comment completed the block (a victim's
    colleagues filling the block after them saw the victim's comment on top)."""
    k = k_of(config)
    clients = _clients_by_supplier(session, config, period, [supplier_id]).get(supplier_id, 0)
    if not meets_k(clients, k):
        return PraiseComments(supplier_id, clients, True, [])
    lo, hi = period.utc_bounds(config.tz)
    q = (select(Rating.comment, Rating.score)
         .where(Rating.supplier_id == supplier_id, Rating.status == "ok", Rating.score >= 4,
                Rating.comment.is_not(None), Rating.comment != "",
                Rating.created_at >= lo, Rating.created_at < hi))
    if up_to_id is not None:
        q = q.where(Rating.id <= up_to_id)
    key = quote_order_key(config)
    rows = sorted(session.execute(q.add_columns(Rating.id)).all(),
                  key=lambda r: (hmac.new(key, f"{r[1]}:{r[0]}".encode(),
                                          hashlib.sha256).digest(), r[2]))
    return PraiseComments(supplier_id, clients, False,
                          [Quote(str(t), s) for t, s, _u in rows[:limit]])


def company_mood(session: Session, config: Config, day: dt.date) -> Mood:
    """Today's company-wide mean, CSAT and volume, published in steps of k distinct clients.

    A live mean with its count would give away one rating to anyone who looks before and
    after a colleague rates (the mean times the count moves by that score). So the day's
    ratings, in the order they reached the database, are cut into consecutive blocks that
    each hold ratings from at least k distinct clients; the figure covers the completed
    blocks only. Two consecutive figures differ by one whole block: the most a look before
    and after can learn is a block's mean, which is what k allows. Insertion order (the id),
    not the rating's time: a rating synced late from an offline kiosk joins the open block
    and never reshapes a published one. Below one block the mood is withheld.
    """
    lo, hi = Period(day, day).utc_bounds(config.tz)
    if kiosk_bound_reads(session):
        # The kiosk's PostgreSQL role reads no one's ratings: the database cuts the same
        # blocks (pulse_private.kiosk_mood, migration 0015; tests/security/test_roles.py).
        day_n, day_clients, n, clients, total, happy = session.execute(
            text("SELECT * FROM pulse_private.kiosk_mood(:lo, :hi, :k)"),
            {"lo": lo, "hi": hi, "k": k_of(config)}).one()
        if not n:
            return Mood(day, day_n, day_clients, None, None, True)
        return Mood(day, n, clients, total / n, happy / n, False)
    rows = session.execute(
        select(Rating.rater_id, Rating.score)
        .where(Rating.created_at >= lo, Rating.created_at < hi, Rating.status == "ok")
        .order_by(Rating.id)).all()
    blocks = KBlocks(k_of(config))
    for rater_id, score in rows:
        blocks.add(rater_id, score)
    n = blocks.n
    if not n:
        return Mood(day, len(rows), len({r for r, _ in rows}), None, None, True)
    return Mood(day, n, len(blocks.clients), blocks.score_sum / n, blocks.happy / n, False)


# Group-level figures live in their own module (size); they are part of this public API.
from shared.domain.public.groups import (  # noqa: E402
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
