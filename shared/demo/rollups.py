"""The exact rollups of a generated ratings batch, computed with numpy instead of GROUP BY.

``shared.domain.rollups.rebuild_rollups`` recomputes them in SQL; on SQLite that takes
about 7 s of CPU per rollup and million ratings here, so a multi-million demo computes
them from the arrays it already holds (the demo tests check that both agree).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import numpy as np

from shared.demo.ratings import Batch, fixed_day_texts

# (table, column names, columns: integer arrays or "S<n>" text arrays)
Table = tuple[str, tuple[str, ...], list[Any]]


def _group(*keys: Any) -> tuple[Any, Any]:
    """(first index of each group, group number of each row) over composite integer keys."""
    combined = np.zeros(keys[0].size, dtype=np.int64)
    for key in keys:
        width = int(key.max()) + 1 if key.size else 1
        combined = combined * width + key
    unique, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    return first, inverse.reshape(-1)


def _sums(inverse: Any, groups: int, values: Any) -> Any:
    return np.bincount(inverse, weights=values, minlength=groups).astype(np.int64)


def table_rows(columns: list[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a table given column-wise, as Python values (for COPY)."""
    return zip(*(c.astype(str).tolist() if c.dtype.kind == "S" else c.tolist()
                 for c in columns), strict=True)


def rollup_tables(batch: Batch, month_keys: list[str]) -> Iterator[Table]:
    """(table, columns, values) for every rollup table, from the batch (all status 'ok'),
    rows in primary-key order."""
    if len(batch) == 0:
        return
    score, day = batch.score, batch.day
    happy = (score >= 4).astype(np.int64)
    unhappy = (score <= 2).astype(np.int64)
    ones = np.ones(score.size, dtype=np.int64)
    day_text = fixed_day_texts(batch.day_text)
    supplier_dept = batch.dept_of[batch.supplier]
    rater_dept = batch.dept_of[batch.rater]

    first, inv = _group(batch.supplier, day)
    k = first.size
    yield ("rollup_supplier_day",
           ("supplier_id", "day", "supplier_department_id", "n", "score_sum", "n_happy",
            "n_unhappy"),
           [batch.supplier[first], day_text[day[first]], supplier_dept[first],
            _sums(inv, k, ones), _sums(inv, k, score), _sums(inv, k, happy),
            _sums(inv, k, unhappy)])

    first, inv = _group(batch.rater, day)
    k = first.size
    yield ("rollup_rater_day", ("rater_id", "day", "n", "score_sum"),
           [batch.rater[first], day_text[day[first]], _sums(inv, k, ones),
            _sums(inv, k, score)])

    month_of_day = np.array([month_keys.index(d.decode()[:7]) for d in day_text],
                            dtype=np.int64)
    month = month_of_day[day]
    months = np.array(month_keys, dtype="S7")
    first, inv = _group(batch.supplier, month, batch.rater)
    k = first.size
    yield ("rollup_pair_month", ("supplier_id", "month", "rater_id", "n", "score_sum"),
           [batch.supplier[first], months[month[first]], batch.rater[first],
            _sums(inv, k, ones), _sums(inv, k, score)])

    first, inv = _group(batch.rater, month)
    k = first.size
    yield ("rollup_rater_month", ("rater_id", "month", "n", "score_sum"),
           [batch.rater[first], months[month[first]], _sums(inv, k, ones), _sums(inv, k, score)])

    first, inv = _group(rater_dept, supplier_dept, day)
    k = first.size
    yield ("rollup_dept_pair_day",
           ("client_department_id", "supplier_department_id", "day", "n", "score_sum",
            "n_happy"),
           [rater_dept[first], supplier_dept[first], day_text[day[first]],
            _sums(inv, k, ones), _sums(inv, k, score), _sums(inv, k, happy)])

    mondays = [(lambda d: d - dt.timedelta(days=d.weekday()))(dt.date.fromisoformat(t.decode()))
               for t in day_text]
    week_keys = sorted(set(mondays))
    week_texts = np.array([w.isoformat() for w in week_keys], dtype="S10")
    week_of_day = np.array([week_keys.index(w) for w in mondays], dtype=np.int64)
    week = week_of_day[day]
    first, inv = _group(week, batch.rater, supplier_dept)
    k = first.size
    yield ("rollup_client_week", ("week", "rater_id", "supplier_department_id", "n"),
           [week_texts[week[first]], batch.rater[first], supplier_dept[first],
            _sums(inv, k, ones)])

    if batch.reason_rating.size:
        rating_index = batch.reason_rating - 1  # rating ids are 1..n in batch order
        tag = batch.reason_tag
        tag_dept = supplier_dept[rating_index]
        tag_day = day[rating_index]
        first, inv = _group(tag, tag_dept, tag_day)
        k = first.size
        yield ("rollup_tag_day",
               ("reason_tag_id", "supplier_department_id", "day", "n", "n_low"),
               [tag[first], tag_dept[first], day_text[tag_day[first]],
                _sums(inv, k, np.ones(tag.size, dtype=np.int64)),
                _sums(inv, k, unhappy[rating_index])])
