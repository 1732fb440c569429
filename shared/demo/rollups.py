"""The exact rollups of a generated ratings batch, computed with numpy instead of GROUP BY.

``shared.domain.rollups.rebuild_rollups`` recomputes them in SQL; on SQLite that takes
about 7 s of CPU per rollup and million ratings here, so a multi-million demo computes
them from the arrays it already holds (the demo tests check that both agree).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from shared.demo.ratings import Batch

Table = tuple[str, tuple[str, ...], Iterator[tuple[Any, ...]]]


def _group(*keys: Any) -> tuple[Any, Any]:
    """(first index of each group, group number of each row) over composite integer keys."""
    combined = np.zeros(keys[0].size, dtype=np.int64)
    for key in keys:
        width = int(key.max()) + 1 if key.size else 1
        combined = combined * width + key
    unique, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    return first, inverse.reshape(-1)


def _sums(inverse: Any, groups: int, values: Any) -> list[int]:
    return np.bincount(inverse, weights=values, minlength=groups).astype(np.int64).tolist()


def rollup_tables(batch: Batch, month_keys: list[str]) -> Iterator[Table]:
    """(table, columns, rows) for every rollup table, from the batch (all status 'ok')."""
    if len(batch) == 0:
        return
    score, day = batch.score, batch.day
    happy = (score >= 4).astype(np.int64)
    unhappy = (score <= 2).astype(np.int64)
    ones = np.ones(score.size, dtype=np.int64)
    day_text = batch.day_text
    supplier_dept = batch.dept_of[batch.supplier]
    rater_dept = batch.dept_of[batch.rater]

    first, inv = _group(batch.supplier, day)
    k = first.size
    yield ("rollup_supplier_day",
           ("supplier_id", "day", "supplier_department_id", "n", "score_sum", "n_happy",
            "n_unhappy"),
           zip(batch.supplier[first].tolist(), day_text[day[first]].tolist(),
                    supplier_dept[first].tolist(), _sums(inv, k, ones), _sums(inv, k, score),
                    _sums(inv, k, happy), _sums(inv, k, unhappy), strict=True))

    first, inv = _group(batch.rater, day)
    k = first.size
    yield ("rollup_rater_day", ("rater_id", "day", "n", "score_sum"),
           zip(batch.rater[first].tolist(), day_text[day[first]].tolist(),
                    _sums(inv, k, ones), _sums(inv, k, score), strict=True))

    month_of_day = np.array([month_keys.index(str(d)[:7]) for d in day_text], dtype=np.int64)
    month = month_of_day[day]
    months = np.array(month_keys, dtype=object)
    first, inv = _group(batch.supplier, month, batch.rater)
    k = first.size
    yield ("rollup_pair_month", ("supplier_id", "month", "rater_id", "n", "score_sum"),
           zip(batch.supplier[first].tolist(), months[month[first]].tolist(),
                    batch.rater[first].tolist(), _sums(inv, k, ones), _sums(inv, k, score),
                    strict=True))

    first, inv = _group(rater_dept, supplier_dept, day)
    k = first.size
    yield ("rollup_dept_pair_day",
           ("client_department_id", "supplier_department_id", "day", "n", "score_sum",
            "n_happy"),
           zip(rater_dept[first].tolist(), supplier_dept[first].tolist(),
                    day_text[day[first]].tolist(), _sums(inv, k, ones), _sums(inv, k, score),
                    _sums(inv, k, happy), strict=True))

    if batch.reason_rating.size:
        rating_index = batch.reason_rating - 1  # rating ids are 1..n in batch order
        tag = batch.reason_tag
        tag_dept = supplier_dept[rating_index]
        tag_day = day[rating_index]
        first, inv = _group(tag, tag_dept, tag_day)
        k = first.size
        yield ("rollup_tag_day",
               ("reason_tag_id", "supplier_department_id", "day", "n", "n_low"),
               zip(tag[first].tolist(), tag_dept[first].tolist(),
                        day_text[tag_day[first]].tolist(),
                        _sums(inv, k, np.ones(tag.size, dtype=np.int64)),
                        _sums(inv, k, unhappy[rating_index]), strict=True))
