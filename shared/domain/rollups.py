"""Exact rollups of ratings, kept in the same transaction as the ratings themselves.

``apply_ratings`` adds freshly inserted ratings to every rollup with an upsert
(``n = n + excluded.n``), which is exact under concurrent inserts on both databases:
the row lock (PostgreSQL) or the write lock (SQLite) serialises the increments.
``rebuild_rollups`` recomputes everything from the ratings table (bulk loads, repair).
Only ratings with status ``ok`` count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.db.models import (
    Base,
    RollupClientWeek,
    RollupDeptPairDay,
    RollupPairMonth,
    RollupRaterDay,
    RollupRaterMonth,
    RollupSupplierDay,
    RollupTagDay,
)
from shared.domain.periods import week_start


@dataclass(frozen=True)
class RatingFact:
    """What the rollups need to know about one stored rating."""

    rater_id: int
    supplier_id: int
    rater_department_id: int
    supplier_department_id: int
    score: int
    day: dt.date
    reason_tag_ids: tuple[int, ...] = ()


def _upsert(session: Session, rollup: type[Base], rows: Sequence[dict[str, Any]],
            keys: Sequence[str], sums: Sequence[str], keep: Sequence[str] = ()) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(rollup)
    set_ = {c: rollup.__table__.c[c] + ins.excluded[c] for c in sums}
    for c in keep:
        set_[c] = ins.excluded[c]
    # Sorted keys: concurrent transactions take row locks in the same order (no deadlock).
    ordered = sorted(rows, key=lambda r: tuple(str(r[k]) for k in keys))
    session.execute(ins.on_conflict_do_update(index_elements=list(keys), set_=set_), ordered)


def database_keeps_rollups(session: Session) -> bool:
    """Whether the database adds and retracts the ratings in the rollups itself.

    PostgreSQL, for a login that may not write the rollups (the kiosk role): triggers owned
    by the schema's owner follow every rating inserted and every status changed (migration
    0008_least_privilege), so a kiosk's login can change a rating's status only as the
    cooldown rule allows and can never write a figure. The same rule as below, in SQL;
    tests/security/test_roles.py holds the two equal to a rebuild. Asked once per connection.
    """
    bind = session.connection()
    if bind.dialect.name != "postgresql":
        return False
    known = bind.info.get("database_keeps_rollups")
    if known is None:
        known = bool(bind.exec_driver_sql(
            "SELECT to_regprocedure('pulse_private.restricted()') IS NOT NULL "
            "AND NOT has_table_privilege(session_user, 'public.rollup_supplier_day', "
            "'INSERT')").scalar())
        bind.info["database_keeps_rollups"] = known
    return known


def apply_ratings(session: Session, facts: Iterable[RatingFact]) -> None:
    """Add ratings (already inserted in this transaction, status ok) to every rollup."""
    if database_keeps_rollups(session):
        return
    sup: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    sup_dep: dict[tuple[Any, ...], int] = {}
    rater: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    pair: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    dep: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    tag: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    week: dict[tuple[Any, ...], int] = defaultdict(int)
    rater_month: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    for f in facts:
        happy, unhappy = int(f.score >= 4), int(f.score <= 2)
        s = sup[(f.supplier_id, f.day)]
        s[0] += 1; s[1] += f.score; s[2] += happy; s[3] += unhappy  # noqa: E702
        sup_dep[(f.supplier_id, f.day)] = f.supplier_department_id
        r = rater[(f.rater_id, f.day)]
        r[0] += 1; r[1] += f.score  # noqa: E702
        p = pair[(f.supplier_id, f.day.strftime("%Y-%m"), f.rater_id)]
        p[0] += 1; p[1] += f.score  # noqa: E702
        d = dep[(f.rater_department_id, f.supplier_department_id, f.day)]
        d[0] += 1; d[1] += f.score; d[2] += happy  # noqa: E702
        for tag_id in f.reason_tag_ids:
            t = tag[(tag_id, f.supplier_department_id, f.day)]
            t[0] += 1; t[1] += unhappy  # noqa: E702
        week[(week_start(f.day), f.rater_id, f.supplier_department_id)] += 1
        m = rater_month[(f.rater_id, f.day.strftime("%Y-%m"))]
        m[0] += 1; m[1] += f.score  # noqa: E702
    _upsert(session, RollupSupplierDay,
            [dict(supplier_id=k[0], day=k[1], supplier_department_id=sup_dep[k], n=v[0],
                  score_sum=v[1], n_happy=v[2], n_unhappy=v[3]) for k, v in sup.items()],
            ("supplier_id", "day"), ("n", "score_sum", "n_happy", "n_unhappy"),
            keep=("supplier_department_id",))
    _upsert(session, RollupRaterDay,
            [dict(rater_id=k[0], day=k[1], n=v[0], score_sum=v[1]) for k, v in rater.items()],
            ("rater_id", "day"), ("n", "score_sum"))
    _upsert(session, RollupPairMonth,
            [dict(supplier_id=k[0], month=k[1], rater_id=k[2], n=v[0], score_sum=v[1])
             for k, v in pair.items()],
            ("supplier_id", "month", "rater_id"), ("n", "score_sum"))
    _upsert(session, RollupDeptPairDay,
            [dict(client_department_id=k[0], supplier_department_id=k[1], day=k[2], n=v[0],
                  score_sum=v[1], n_happy=v[2]) for k, v in dep.items()],
            ("client_department_id", "supplier_department_id", "day"),
            ("n", "score_sum", "n_happy"))
    _upsert(session, RollupTagDay,
            [dict(reason_tag_id=k[0], supplier_department_id=k[1], day=k[2], n=v[0], n_low=v[1])
             for k, v in tag.items()],
            ("reason_tag_id", "supplier_department_id", "day"), ("n", "n_low"))
    _upsert(session, RollupClientWeek,
            [dict(week=k[0], rater_id=k[1], supplier_department_id=k[2], n=v)
             for k, v in week.items()],
            ("week", "rater_id", "supplier_department_id"), ("n",))
    _upsert(session, RollupRaterMonth,
            [dict(rater_id=k[0], month=k[1], n=v[0], score_sum=v[1])
             for k, v in rater_month.items()],
            ("rater_id", "month"), ("n", "score_sum"))


def _month_expr(dialect: str) -> str:
    return "to_char(day, 'YYYY-MM')" if dialect == "postgresql" else "strftime('%Y-%m', day)"


def week_expr(dialect: str, column: str = "day") -> str:
    """SQL for the Monday of a date column's ISO week (``periods.week_start`` in SQL)."""
    if dialect == "postgresql":
        return f"CAST(date_trunc('week', {column}) AS date)"
    return f"date({column}, '-6 days', 'weekday 1')"


def rebuild_rollups(session: Session) -> None:
    """Recompute every rollup from the ratings (after a bulk load, or to repair)."""
    dialect = session.get_bind().dialect.name
    for model in (RollupSupplierDay, RollupRaterDay, RollupPairMonth, RollupDeptPairDay,
                  RollupTagDay, RollupClientWeek, RollupRaterMonth):
        session.execute(delete(model))
    ok = "status = 'ok'"
    # The supplier's department of the day: the latest rating of that day decides.
    session.execute(text(f"""
        INSERT INTO rollup_supplier_day (supplier_id, day, supplier_department_id, n, score_sum,
                                         n_happy, n_unhappy)
        SELECT supplier_id, day, MAX(supplier_department_id), COUNT(*), SUM(score),
               SUM(CASE WHEN score >= 4 THEN 1 ELSE 0 END),
               SUM(CASE WHEN score <= 2 THEN 1 ELSE 0 END)
        FROM ratings WHERE {ok} GROUP BY supplier_id, day"""))
    session.execute(text(f"""
        INSERT INTO rollup_rater_day (rater_id, day, n, score_sum)
        SELECT rater_id, day, COUNT(*), SUM(score) FROM ratings WHERE {ok}
        GROUP BY rater_id, day"""))
    month = _month_expr(dialect)
    session.execute(text(f"""
        INSERT INTO rollup_pair_month (supplier_id, month, rater_id, n, score_sum)
        SELECT supplier_id, {month}, rater_id, COUNT(*), SUM(score) FROM ratings WHERE {ok}
        GROUP BY supplier_id, {month}, rater_id"""))
    session.execute(text(f"""
        INSERT INTO rollup_dept_pair_day (client_department_id, supplier_department_id, day, n,
                                          score_sum, n_happy)
        SELECT rater_department_id, supplier_department_id, day, COUNT(*), SUM(score),
               SUM(CASE WHEN score >= 4 THEN 1 ELSE 0 END)
        FROM ratings WHERE {ok} GROUP BY rater_department_id, supplier_department_id, day"""))
    session.execute(text(f"""
        INSERT INTO rollup_tag_day (reason_tag_id, supplier_department_id, day, n, n_low)
        SELECT rr.reason_tag_id, r.supplier_department_id, r.day, COUNT(*),
               SUM(CASE WHEN r.score <= 2 THEN 1 ELSE 0 END)
        FROM rating_reasons rr JOIN ratings r ON r.id = rr.rating_id WHERE r.{ok}
        GROUP BY rr.reason_tag_id, r.supplier_department_id, r.day"""))
    week = week_expr(dialect)
    session.execute(text(f"""
        INSERT INTO rollup_client_week (week, rater_id, supplier_department_id, n)
        SELECT {week}, rater_id, supplier_department_id, COUNT(*) FROM ratings WHERE {ok}
        GROUP BY {week}, rater_id, supplier_department_id"""))
    session.execute(text(f"""
        INSERT INTO rollup_rater_month (rater_id, month, n, score_sum)
        SELECT rater_id, {month}, COUNT(*), SUM(score) FROM ratings WHERE {ok}
        GROUP BY rater_id, {month}"""))
