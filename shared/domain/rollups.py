"""Exact rollups of ratings, kept in the same transaction as the ratings themselves.

``apply_ratings`` adds freshly inserted ratings to every rollup with an upsert
(``n = n + excluded.n``), which is exact under concurrent inserts on both databases:
the row lock (PostgreSQL) or the write lock (SQLite) serialises the increments;
``retract_ratings`` takes ratings that stopped counting out again. Either sums a batch
per rollup row in Python and sends one statement per rollup table (``_merge``), so a
kiosk's backlog of thousands of ratings costs 7 upserts, not 7 per rating.
``rebuild_rollups`` recomputes everything from the ratings table (bulk loads, repair).
Only ratings with status ``ok`` count.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from shared.db.arrays import pg_array
from shared.db.models import (
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


# The SQL type of each rollup column, for PostgreSQL's arrays (``unnest``).
_PG_ARRAY = {"day": "date", "week": "date", "month": "text"}


def _merge(session: Session, name: str, rows: list[tuple[Any, ...]], keys: Sequence[str],
           sums: Sequence[str], keep: Sequence[str] = (), *, retract: bool = False) -> None:
    """Add the rows' sums to the rollup in ONE statement whatever the number of rows.

    ``rows`` hold the key columns, then ``keep``, then ``sums`` (negative to take ratings
    out). The rows travel as one array per column (PostgreSQL ``unnest``) or as one JSON
    text (SQLite ``json_each``): the statement's text never changes with the batch, so the
    server parses it once, and there is no round trip per rollup row. With ``retract``,
    ``keep`` columns are left as they are and rows that drop to zero are deleted (in a
    second statement), so the rollups still equal a rebuild.
    """
    if not rows:
        return
    cols = [*keys, *keep, *sums]
    # Sorted keys: concurrent transactions take row locks in the same order (no deadlock).
    rows.sort(key=lambda r: r[:len(keys)])
    set_ = [f"{c} = {name}.{c} + excluded.{c}" for c in sums]
    if not retract:
        set_ += [f"{c} = excluded.{c}" for c in keep]
    key_list = ", ".join(keys)
    if session.get_bind().dialect.name == "postgresql":
        arrays = ", ".join(f"CAST(:{c} AS {_PG_ARRAY.get(c, 'integer')}[])" for c in cols)
        params: dict[str, Any] = {c: pg_array([r[i] for r in rows])
                                  for i, c in enumerate(cols)}
        source = f"SELECT {', '.join(cols)} FROM unnest({arrays}) AS v({', '.join(cols)})"
        order = f" ORDER BY {key_list}"
        key_source = f"SELECT {key_list} FROM unnest({arrays}) AS v({', '.join(cols)})"
    else:
        def picks(n: int) -> str:
            return ", ".join(f"json_extract(value, '$[{i}]')" for i in range(n))
        params = {"rows": json.dumps(rows, default=str)}
        # WHERE true: SQLite's parser needs it between a SELECT and ON CONFLICT.
        source = f"SELECT {picks(len(cols))} FROM json_each(:rows)"
        order = " WHERE true"
        key_source = f"SELECT {picks(len(keys))} FROM json_each(:rows)"
    session.execute(text(f"INSERT INTO {name} ({', '.join(cols)}) {source}{order} "
                         f"ON CONFLICT ({key_list}) DO UPDATE SET {', '.join(set_)}"), params)
    if retract:
        session.execute(text(f"DELETE FROM {name} WHERE n <= 0 AND ({key_list}) IN "
                             f"({key_source})"), params)


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
    _change(session, facts, 1)


def retract_ratings(session: Session, facts: Iterable[RatingFact]) -> None:
    """Take ratings that no longer count out of every rollup (the inverse of apply_ratings).

    Rows that drop to zero are deleted, so the rollups still equal a rebuild.
    """
    _change(session, facts, -1)


def _change(session: Session, facts: Iterable[RatingFact], sign: int) -> None:
    """The batch's ratings summed per rollup row in Python, then one statement per rollup.
    Nothing for a writer whose rollups the database keeps itself (migration 0008)."""
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
    months: dict[dt.date, str] = {}
    weeks: dict[dt.date, dt.date] = {}
    for f in facts:
        score = f.score
        happy, unhappy = int(score >= 4), int(score <= 2)
        day = f.day
        month = months.get(day)
        if month is None:
            month = months[day] = day.strftime("%Y-%m")
            weeks[day] = week_start(day)
        s = sup[(f.supplier_id, day)]
        s[0] += 1; s[1] += score; s[2] += happy; s[3] += unhappy  # noqa: E702
        sup_dep[(f.supplier_id, day)] = f.supplier_department_id
        r = rater[(f.rater_id, day)]
        r[0] += 1; r[1] += score  # noqa: E702
        p = pair[(f.supplier_id, month, f.rater_id)]
        p[0] += 1; p[1] += score  # noqa: E702
        d = dep[(f.rater_department_id, f.supplier_department_id, day)]
        d[0] += 1; d[1] += score; d[2] += happy  # noqa: E702
        for tag_id in f.reason_tag_ids:
            t = tag[(tag_id, f.supplier_department_id, day)]
            t[0] += 1; t[1] += unhappy  # noqa: E702
        week[(weeks[day], f.rater_id, f.supplier_department_id)] += 1
        m = rater_month[(f.rater_id, month)]
        m[0] += 1; m[1] += score  # noqa: E702
    if not sup:
        return
    out = sign < 0

    def signed(key: tuple[Any, ...], values: Sequence[int]) -> tuple[Any, ...]:
        return (*key, *(sign * v for v in values))

    _merge(session, RollupSupplierDay.__tablename__,
           [(k[0], k[1], sup_dep[k], *(sign * x for x in v)) for k, v in sup.items()],
           ("supplier_id", "day"), ("n", "score_sum", "n_happy", "n_unhappy"),
           keep=("supplier_department_id",), retract=out)
    _merge(session, RollupRaterDay.__tablename__, [signed(k, v) for k, v in rater.items()],
           ("rater_id", "day"), ("n", "score_sum"), retract=out)
    _merge(session, RollupPairMonth.__tablename__, [signed(k, v) for k, v in pair.items()],
           ("supplier_id", "month", "rater_id"), ("n", "score_sum"), retract=out)
    _merge(session, RollupDeptPairDay.__tablename__, [signed(k, v) for k, v in dep.items()],
           ("client_department_id", "supplier_department_id", "day"),
           ("n", "score_sum", "n_happy"), retract=out)
    _merge(session, RollupTagDay.__tablename__, [signed(k, v) for k, v in tag.items()],
           ("reason_tag_id", "supplier_department_id", "day"), ("n", "n_low"), retract=out)
    _merge(session, RollupClientWeek.__tablename__, [signed(k, (v,)) for k, v in week.items()],
           ("week", "rater_id", "supplier_department_id"), ("n",), retract=out)
    _merge(session, RollupRaterMonth.__tablename__, [signed(k, v) for k, v in rater_month.items()],
           ("rater_id", "month"), ("n", "score_sum"), retract=out)


# Each rollup as (table, key columns and their SQL over ``ratings r``, the kept column, sums),
# for ``apply_stored``: the same figures ``_change`` sums in Python.
_HAPPY = "CASE WHEN r.score >= 4 THEN 1 ELSE 0 END"
_UNHAPPY = "CASE WHEN r.score <= 2 THEN 1 ELSE 0 END"


def _stored_shapes(dialect: str) -> list[tuple[str, list[tuple[str, str]], tuple[str, str] | None,
                                               list[tuple[str, str]], bool]]:
    month = _month_expr(dialect).replace("day", "r.day")
    week = week_expr(dialect, "r.day")
    n, total = ("n", "COUNT(*)"), ("score_sum", "SUM(r.score)")
    return [
        ("rollup_supplier_day", [("supplier_id", "r.supplier_id"), ("day", "r.day")],
         ("supplier_department_id", "MAX(r.supplier_department_id)"),
         [n, total, ("n_happy", f"SUM({_HAPPY})"), ("n_unhappy", f"SUM({_UNHAPPY})")], False),
        ("rollup_rater_day", [("rater_id", "r.rater_id"), ("day", "r.day")], None, [n, total],
         False),
        ("rollup_pair_month", [("supplier_id", "r.supplier_id"), ("month", month),
                               ("rater_id", "r.rater_id")], None, [n, total], False),
        ("rollup_dept_pair_day", [("client_department_id", "r.rater_department_id"),
                                  ("supplier_department_id", "r.supplier_department_id"),
                                  ("day", "r.day")], None,
         [n, total, ("n_happy", f"SUM({_HAPPY})")], False),
        ("rollup_tag_day", [("reason_tag_id", "rr.reason_tag_id"),
                            ("supplier_department_id", "r.supplier_department_id"),
                            ("day", "r.day")], None, [n, ("n_low", f"SUM({_UNHAPPY})")], True),
        ("rollup_client_week", [("week", week), ("rater_id", "r.rater_id"),
                                ("supplier_department_id", "r.supplier_department_id")], None,
         [n], False),
        ("rollup_rater_month", [("rater_id", "r.rater_id"), ("month", month)], None, [n, total],
         False),
    ]


_STORED_SQL: dict[str, list[Any]] = {}


def _stored_statements(dialect: str) -> list[Any]:
    """The seven upserts of ``apply_stored``, built once per dialect (one text each, whatever
    the batch: the ids travel as one array or one JSON parameter)."""
    if dialect in _STORED_SQL:
        return _STORED_SQL[dialect]
    if dialect == "postgresql":
        batch = "JOIN unnest(CAST(:ids AS integer[])) AS b(id) ON r.id = b.id"
    else:
        batch = "JOIN json_each(:ids) AS b ON r.id = b.value"
    out = []
    for table, keys, keep, sums, tags in _stored_shapes(dialect):
        cols = [c for c, _ in keys] + ([keep[0]] if keep else []) + [c for c, _ in sums]
        exprs = [e for _, e in keys] + ([keep[1]] if keep else []) + [e for _, e in sums]
        key_cols = ", ".join(c for c, _ in keys)
        group = ", ".join(e for _, e in keys)
        set_ = [f"{c} = {table}.{c} + excluded.{c}" for c, _ in sums]
        if keep:
            set_.append(f"{keep[0]} = excluded.{keep[0]}")
        join_tags = " JOIN rating_reasons rr ON rr.rating_id = r.id" if tags else ""
        # Sorted keys on PostgreSQL: concurrent writers lock rollup rows in the same order.
        order = f" ORDER BY {group}" if dialect == "postgresql" else ""
        out.append(text(
            f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
            f"FROM ratings r {batch}{join_tags} WHERE r.status = 'ok' GROUP BY {group}{order} "
            f"ON CONFLICT ({key_cols}) DO UPDATE SET {', '.join(set_)}"))
    _STORED_SQL[dialect] = out
    return out


def apply_stored(session: Session, rating_ids: Sequence[int]) -> None:
    """Add ratings just inserted in this transaction to every rollup, summed by the database
    from their stored rows (and reasons): one ``INSERT … SELECT … GROUP BY … ON CONFLICT``
    per rollup, no per-rating work in Python. Those with status ``ok`` count; the same
    figures as ``apply_ratings`` of their facts (tests/test_drain_rollups.py)."""
    if not rating_ids or database_keeps_rollups(session):
        return
    dialect = session.get_bind().dialect.name
    ids = pg_array(rating_ids) if dialect == "postgresql" else json.dumps(list(rating_ids))
    for stmt in _stored_statements(dialect):
        session.execute(stmt, {"ids": ids})


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
