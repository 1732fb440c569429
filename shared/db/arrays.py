"""PostgreSQL array literals: a batch's column as one short parameter the driver need not walk.

psycopg (pure Python here) dumps a list parameter element by element, with a regular
expression per element to decide on quoting: for a sync batch of 2,000 ratings that was
most of the client's time. ``pg_array`` writes the literal in one pass; the statement
casts it (``CAST(:ids AS integer[])``), so the text of the statement still does not depend
on the number of values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any


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
    return "{" + ",".join(map(_element, values)) + "}"
