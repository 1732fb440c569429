"""PostgreSQL array literals: a batch's column as one short parameter the driver need not walk.

psycopg (pure Python here) dumps a list parameter element by element, with a regular
expression per element to decide on quoting: for a sync batch of 2,000 ratings that was
most of the client's time. ``pg_array`` writes the literal in one pass; the statement
casts it (``CAST(:ids AS integer[])``), so the text of the statement still does not depend
on the number of values.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import Any

# Element types whose text needs no quoting in an array literal (no brace, comma, quote,
# backslash or blank; never the word NULL): a column of one of them is joined as it is.
_BARE: dict[type, Callable[[Any], str]] = {int: str, uuid.UUID: str,
                                           dt.date: dt.date.isoformat,
                                           dt.datetime: dt.datetime.isoformat}


def _element(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pg_array(values: Iterable[Any]) -> str:
    """The array literal of ``values`` (ints, dates, aware datetimes, UUIDs, text, None)."""
    values = values if isinstance(values, list) else list(values)
    kinds = set(map(type, values))
    if len(kinds) == 1:
        bare = _BARE.get(next(iter(kinds)))
        if bare is not None:  # a column of a drain batch: one join, no per-element tests
            return "{" + ",".join(map(bare, values)) + "}"
    return "{" + ",".join(map(_element, values)) + "}"
