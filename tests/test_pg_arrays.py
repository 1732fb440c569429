"""Array literals (shared.db.arrays.pg_array) read back by PostgreSQL as the values sent: the
bare form of a one-type column (ints, UUIDs, dates, datetimes) and the quoted one."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import create_engine, text

from shared.db.arrays import pg_array

CASES = [
    ([1, -2, 30_000], "integer"),
    ([uuid.UUID("0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6071"), uuid.UUID(int=0)], "uuid"),
    ([dt.date(2026, 3, 2), dt.date(1999, 12, 31)], "date"),
    ([dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC),
      dt.datetime(2026, 3, 2, 6, 0, 0, 123456, tzinfo=dt.UTC)], "timestamptz"),
    ([1, None, 3], "integer"),
    (['a "quoted", {braced} \\ word', None, "NULL", ""], "text"),
    ([], "integer"),
]


@pytest.mark.pg
def test_array_literals_read_back(fresh_pg_url: str) -> None:
    engine = create_engine(fresh_pg_url)
    try:
        with engine.connect() as conn:
            for values, sql_type in CASES:
                got = conn.execute(text(f"SELECT CAST(:a AS {sql_type}[])"),
                                   {"a": pg_array(values)}).scalar()
                assert got == values, (values, sql_type)
    finally:
        engine.dispose()


def test_a_one_type_column_is_joined_bare() -> None:
    assert pg_array([1, 2]) == "{1,2}"
    assert pg_array([dt.date(2026, 3, 2)]) == "{2026-03-02}"
    assert pg_array(["x"]) == '{"x"}' and pg_array([1, None]) == "{1,NULL}"
