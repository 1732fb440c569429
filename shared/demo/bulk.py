"""Bulk loading of the demo ratings, their reasons and rollups through the database driver.

SQLite: ``executemany`` in chunks, ``synchronous=OFF``, a large cache and no foreign-key
checks during the load (the generator guarantees the references), secondary indexes
dropped and rebuilt. PostgreSQL: ``COPY``. One transaction per ~5 % of the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, delete

from shared.db import Database
from shared.db.models import (
    Base,
    RollupDeptPairDay,
    RollupPairMonth,
    RollupRaterDay,
    RollupSupplierDay,
    RollupTagDay,
)
from shared.demo.ratings import RATING_COLUMNS, Batch, History, RatingGenerator
from shared.demo.rollups import rollup_tables

Progress = Callable[[float, str], None]
ROLLUPS = (RollupSupplierDay, RollupRaterDay, RollupPairMonth, RollupDeptPairDay, RollupTagDay)


def load_ratings(db: Database, gen: RatingGenerator, progress: Progress | None) -> History:
    """Bulk insert through the driver, secondary indexes dropped and rebuilt around it."""
    postgres = db.dialect == "postgresql"
    if progress:
        progress(0.0, "generating ratings")
    batch = gen.generate(postgres=postgres)
    # The created_at index stays: rows arrive in time order, so it only grows at its end.
    indexes = [i for i in (*Base.metadata.tables["ratings"].indexes,
                           *Base.metadata.tables["rating_reasons"].indexes)
               if i.name != "ix_ratings_created"]
    with db.engine.connect() as conn:
        raw: Any = conn.connection.driver_connection
        if not postgres:
            # threads: CREATE INDEX may sort with a helper thread.
            for pragma in ("synchronous = OFF", "cache_size = -262144", "temp_store = MEMORY",
                           "foreign_keys = OFF", "threads = 2"):
                raw.execute(f"PRAGMA {pragma}")
        try:
            with conn.begin():
                for index in indexes:
                    index.drop(conn)
            _write_batch(conn, raw, batch, postgres, progress)
            if progress:
                progress(1.0, "indexing ratings")
            with conn.begin():
                for index in indexes:
                    index.create(conn)
            if progress:
                progress(1.0, "rollups")
            with conn.begin():
                _write_rollups(conn, raw, batch, gen.month_keys, postgres)
        finally:
            if not postgres:
                raw.execute("PRAGMA foreign_keys = ON")
                raw.execute("PRAGMA synchronous = NORMAL")
                raw.execute("PRAGMA threads = 0")
    return batch.history


def _write_batch(conn: Connection, raw: Any, batch: Batch, postgres: bool,
                 progress: Progress | None, chunk: int = 20_000) -> None:
    columns = ", ".join(RATING_COLUMNS)
    marks = ", ".join(f"?{i}" for i in range(1, len(RATING_COLUMNS) + 1))
    sql = (f"INSERT INTO ratings ({columns}, received_at, status) "
           f"VALUES ({marks}, ?{RATING_COLUMNS.index('created_at') + 1}, 'ok')")
    total = len(batch)
    step = max(chunk, total // 20)
    for first in range(0, total, step):
        # One transaction per ~5 %: bounded WAL, and progress a person can watch.
        if progress:
            progress(first / max(1, total), f"writing ratings {first:,}/{total:,}")
        with conn.begin():
            cur = raw.cursor()
            for start in range(first, min(first + step, total), chunk):
                stop = min(start + chunk, total, first + step)
                rows = batch.rating_rows(start, stop)
                reasons = batch.reason_rows(start, stop)
                if postgres:
                    with cur.copy(f"COPY ratings ({columns}, received_at, status) FROM STDIN"
                                  ) as copy:
                        for row in rows:
                            copy.write_row((*row, row[9], "ok"))
                    with cur.copy("COPY rating_reasons (rating_id, reason_tag_id) FROM STDIN"
                                  ) as copy:
                        for pair in reasons:
                            copy.write_row(pair)
                else:
                    cur.executemany(sql, rows)
                    cur.executemany("INSERT INTO rating_reasons (rating_id, reason_tag_id) "
                                    "VALUES (?, ?)", reasons)
            cur.close()


def _write_rollups(conn: Connection, raw: Any, batch: Batch, month_keys: list[str],
                   postgres: bool) -> None:
    """Replace every rollup with the batch's (the same as rebuild_rollups would compute)."""
    for model in ROLLUPS:
        conn.execute(delete(model))
    # Rows come sorted by primary key; the secondary indexes are built once at the end.
    indexes = [i for model in ROLLUPS for i in Base.metadata.tables[model.__tablename__].indexes]
    for index in indexes:
        index.drop(conn)
    cur = raw.cursor()
    for table, columns, rows in rollup_tables(batch, month_keys):
        names = ", ".join(columns)
        if postgres:
            with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    cur.close()
    for index in indexes:
        index.create(conn)
