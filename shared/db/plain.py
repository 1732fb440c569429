"""Plain rows straight from the driver, for the few reads of hundreds of thousands of rows.

SQLAlchemy builds a result row per fetched row; for the wallboard's one read of a month's
ratings (about 400,000 rows at 25,000 people) that costs about as much CPU as cutting them
into blocks. ``plain_rows`` sends a read-only statement through the session's own
connection (same transaction, same role) and returns the driver's tuples. Parameters are
``:name`` placeholders with plain values: ints, strings, and aware datetimes, bound as the
``UTCDateTime`` columns store them (SQLite: naive UTC text with microseconds).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

__all__ = ["plain_rows"]

_NAME = re.compile(r"(?<!:):(\w+)")
_SQLITE_STAMP = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's SQLite DATETIME storage format


def _sqlite_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(dt.UTC).strftime(_SQLITE_STAMP)
    return value


def plain_rows(session: Session, sql: str, params: Mapping[str, object]
               ) -> list[tuple[Any, ...]]:
    """Every row of ``sql`` as the driver returns it (see the module doc)."""
    connection = session.connection()
    names = _NAME.findall(sql)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if connection.dialect.name == "sqlite":
            cursor.execute(_NAME.sub("?", sql), [_sqlite_value(params[n]) for n in names])
        else:
            cursor.execute(_NAME.sub(lambda m: f"%({m.group(1)})s", sql),
                           {n: params[n] for n in names})
        return list(cursor.fetchall())
    finally:
        cursor.close()
