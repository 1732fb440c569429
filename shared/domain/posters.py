"""The month's most attractive suppliers for posters: ranking, face counts and anonymous praise.

Everything here is k-anonymous by construction: a supplier enters the ranking only when at
least *k* distinct clients rated them in the month, and praise comments are taken only from
such suppliers, without any rater information.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.db.models import Department, Employee, Rating, RollupPairMonth

PRAISE_MIN_SCORE = 4
PRAISE_MIN_CHARS = 12
PRAISE_MAX_CHARS = 220


@dataclass(frozen=True)
class RankedSupplier:
    """One supplier's month, with the attractiveness index (Bayesian average)."""

    supplier_id: int
    name: str
    name_en: str | None
    department_id: int
    department: str
    department_en: str | None
    n: int
    mean: float
    clients: int
    index: float


@dataclass(frozen=True)
class PosterEntry:
    """Everything a poster of one supplier shows."""

    supplier: RankedSupplier
    month: str
    rank: int
    face_counts: tuple[int, int, int, int, int]  # ratings with score 1..5
    quotes: tuple[str, ...]
    photo: bytes | None


def month_bounds(month: str, tz: ZoneInfo) -> tuple[dt.date, dt.date, dt.datetime, dt.datetime]:
    """First day, first day of the next month, and the same two instants in UTC."""
    year, mon = (int(p) for p in month.split("-"))
    first = dt.date(year, mon, 1)
    nxt = dt.date(year + (mon == 12), mon % 12 + 1, 1)
    start = dt.datetime.combine(first, dt.time(0), tz).astimezone(dt.UTC)
    end = dt.datetime.combine(nxt, dt.time(0), tz).astimezone(dt.UTC)
    return first, nxt, start, end


def month_of(now: dt.datetime, tz: ZoneInfo) -> str:
    return now.astimezone(tz).strftime("%Y-%m")


def previous_month(month: str) -> str:
    year, mon = (int(p) for p in month.split("-"))
    return f"{year - (mon == 1):04d}-{(mon - 2) % 12 + 1:02d}"


def attractiveness(score_sum: float, n: int, prior_mean: float, prior_weight: float) -> float:
    """Bayesian average: few ratings are pulled toward the company mean."""
    return (prior_weight * prior_mean + score_sum) / (prior_weight + n) if n or prior_weight else 0.0


def ranked_suppliers(session: Session, month: str, *, k: int, prior_weight: float,
                     department_id: int | None = None) -> list[RankedSupplier]:
    """Suppliers with at least k distinct clients in the month, best attractiveness first."""
    pm = RollupPairMonth
    totals = session.execute(select(func.coalesce(func.sum(pm.n), 0),
                                    func.coalesce(func.sum(pm.score_sum), 0))
                             .where(pm.month == month)).one()
    if not totals[0]:
        return []
    company_mean = float(totals[1]) / float(totals[0])
    per = (select(pm.supplier_id, func.sum(pm.n).label("n"), func.sum(pm.score_sum).label("s"),
                  func.count().label("clients"))
           .where(pm.month == month).group_by(pm.supplier_id)
           .having(func.count() >= k).subquery())
    query = (select(per.c.supplier_id, per.c.n, per.c.s, per.c.clients, Employee.full_name,
                    Employee.full_name_en, Department.id, Department.name, Department.name_en)
             .join(Employee, Employee.id == per.c.supplier_id)
             .join(Department, Department.id == Employee.department_id)
             .where(Employee.active.is_(True)))
    if department_id is not None:
        query = query.where(Employee.department_id == department_id)
    rows = []
    for sid, n, s, clients, name, name_en, dep_id, dep, dep_en in session.execute(query):
        n, s = int(n), float(s)
        rows.append(RankedSupplier(sid, name, name_en, dep_id, dep, dep_en, n, s / n, int(clients),
                                   attractiveness(s, n, company_mean, prior_weight)))
    rows.sort(key=lambda r: (-r.index, -r.clients, r.name, r.supplier_id))
    return rows


def praise_quotes(session: Session, supplier_id: int, start: dt.datetime, end: dt.datetime,
                  limit: int = 3) -> tuple[str, ...]:
    """Up to ``limit`` anonymous praise comments (score 4-5), newest first, one per client."""
    rows = session.execute(
        select(Rating.rater_id, Rating.comment)
        .where(Rating.supplier_id == supplier_id, Rating.created_at >= start,
               Rating.created_at < end, Rating.status == "ok",
               Rating.score >= PRAISE_MIN_SCORE, Rating.comment.is_not(None))
        .order_by(Rating.created_at.desc()).limit(200)).all()
    seen: set[int] = set()
    quotes: list[str] = []
    for rater_id, comment in rows:
        text = " ".join((comment or "").split())
        if rater_id in seen or not PRAISE_MIN_CHARS <= len(text) <= PRAISE_MAX_CHARS:
            continue
        seen.add(rater_id)
        quotes.append(text)
        if len(quotes) == limit:
            break
    return tuple(quotes)


def face_counts(session: Session, supplier_id: int, start: dt.datetime,
                end: dt.datetime) -> tuple[int, int, int, int, int]:
    counts = dict(session.execute(
        select(Rating.score, func.count())
        .where(Rating.supplier_id == supplier_id, Rating.created_at >= start,
               Rating.created_at < end, Rating.status == "ok")
        .group_by(Rating.score)).all())
    return tuple(int(counts.get(score, 0)) for score in range(1, 6))  # type: ignore[return-value]


def poster_entries(session: Session, month: str, *, tz: ZoneInfo, k: int, prior_weight: float,
                   top: int = 1, department_id: int | None = None) -> list[PosterEntry]:
    """The month's ``top`` most attractive suppliers with faces, quotes and photo."""
    ranked = ranked_suppliers(session, month, k=k, prior_weight=prior_weight,
                              department_id=department_id)[:top]
    _first, _next, start, end = month_bounds(month, tz)
    entries = []
    for rank, supplier in enumerate(ranked, start=1):
        photo = session.scalar(select(Employee.photo).where(Employee.id == supplier.supplier_id))
        entries.append(PosterEntry(supplier, month, rank,
                                   face_counts(session, supplier.supplier_id, start, end),
                                   praise_quotes(session, supplier.supplier_id, start, end),
                                   photo or None))
    return entries


def department_id_by_name(session: Session, name: str) -> int | None:
    """A department by its Russian or English name, case-insensitively."""
    low = name.strip().lower()
    for dep_id, ru, en in session.execute(select(Department.id, Department.name,
                                                 Department.name_en)):
        if ru.lower() == low or (en or "").lower() == low:
            return int(dep_id)
    return None
