"""Bulk loading of the demo ratings, their reasons and rollups through the database driver.

SQLite: columns packed into fixed-width blobs that SQL slices (``shared.demo.packed``), no
WAL, no fsync, an exclusive lock and no foreign-key checks during the load (the generator
guarantees the references), secondary indexes dropped and rebuilt after. PostgreSQL:
``COPY``. One transaction per 250 000 ratings.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete

from shared.db import Database
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
from shared.demo.packed import PackedInserter
from shared.demo.ratings import RATING_COLUMNS, Batch, History, RatingGenerator
from shared.demo.rollups import rollup_tables, table_rows

log = logging.getLogger(__name__)
Progress = Callable[[float, str], None]
ROLLUPS = (RollupSupplierDay, RollupRaterDay, RollupPairMonth, RollupDeptPairDay, RollupTagDay,
           RollupClientWeek, RollupRaterMonth)


def _phase(what: str) -> None:
    log.info("demo: %s (%.1f s CPU so far)", what, time.process_time())


def load_ratings(db: Database, gen: RatingGenerator, progress: Progress | None) -> History:
    """Bulk insert through the driver, secondary indexes dropped and rebuilt around it."""
    postgres = db.dialect == "postgresql"
    if progress:
        progress(0.0, "generating ratings")
    batch = gen.generate(postgres=postgres)
    _phase(f"{len(batch):,} ratings generated")
    # The created_at index stays: rows arrive in time order, so it only grows at its end.
    indexes = [i for i in (*Base.metadata.tables["ratings"].indexes,
                           *Base.metadata.tables["rating_reasons"].indexes)
               if i.name != "ix_ratings_created"]
    if not postgres:
        # The journal mode can change only when no other connection has the file open.
        db.engine.dispose()
    with db.engine.connect() as conn:
        raw: Any = conn.connection.driver_connection
        if not postgres:
            # No WAL during the load (every page would be written twice, once more at the
            # checkpoint), no fsync, the file locked for us alone; WAL comes back at the end.
            # A SMALL cache: CREATE INDEX sorts in runs of the cache's size, and small runs
            # merged cost far less CPU than one huge in-memory sort (measured on the 5 M
            # ratings: one index 9.7 s CPU with 2 MB, 26 s with 512 MB and temp_store =
            # MEMORY); the inserts only ever touch the right edge of each b-tree.
            for pragma in ("synchronous = OFF", "journal_mode = MEMORY",
                           "locking_mode = EXCLUSIVE", "cache_size = -2000",
                           "foreign_keys = OFF"):
                raw.execute(f"PRAGMA {pragma}")
        try:
            with conn.begin():
                for index in indexes:
                    index.drop(conn)
            _write_batch(conn, raw, batch, postgres, progress)
            _phase("ratings written")
            if progress:
                progress(1.0, "indexing ratings")
            with conn.begin():
                for index in indexes:
                    index.create(conn)
            _phase("ratings indexed")
            if progress:
                progress(1.0, "rollups")
            with conn.begin():
                _write_rollups(conn, raw, batch, gen.month_keys, postgres)
            _phase("rollups written")
        finally:
            if not postgres:
                raw.execute("PRAGMA locking_mode = NORMAL")
                raw.execute("SELECT count(*) FROM sqlite_master").fetchall()  # drops the lock
                raw.execute("PRAGMA journal_mode = WAL")
                raw.execute("PRAGMA foreign_keys = ON")
                raw.execute("PRAGMA synchronous = NORMAL")
    return batch.history


def _write_batch(conn: Connection, raw: Any, batch: Batch, postgres: bool,
                 progress: Progress | None, chunk: int = 250_000) -> None:
    columns = ", ".join(RATING_COLUMNS)
    total = len(batch)
    comments, kiosk_text = batch.texts()
    packer = None if postgres else PackedInserter(raw, chunk, comments)
    for first in range(0, total, chunk):
        stop = min(first + chunk, total)
        if progress:
            progress(first / max(1, total), f"writing ratings {first:,}/{total:,}")
        with conn.begin():
            if packer is not None:
                names, values = batch.packed_ratings(first, stop, kiosk_text)
                packer.insert("ratings", names, values)
                lo, hi = np.searchsorted(batch.reason_rating, [first + 1, stop + 1])
                packer.insert("rating_reasons", ("rating_id", "reason_tag_id"),
                              [batch.reason_rating[lo:hi], batch.reason_tag[lo:hi]])
                continue
            cur = raw.cursor()
            with cur.copy(f"COPY ratings ({columns}, received_at, status) FROM STDIN") as copy:
                for row in batch.rating_rows(first, stop):
                    copy.write_row((*row, row[9], "ok"))
            with cur.copy("COPY rating_reasons (rating_id, reason_tag_id) FROM STDIN") as copy:
                for pair in batch.reason_rows(first, stop):
                    copy.write_row(pair)
            cur.close()
    if packer is not None:
        packer.close()


def _write_rollups(conn: Connection, raw: Any, batch: Batch, month_keys: list[str],
                   postgres: bool, chunk: int = 250_000) -> None:
    """Replace every rollup with the batch's (the same as rebuild_rollups would compute)."""
    for model in ROLLUPS:
        conn.execute(delete(model))
    # Rows come sorted by primary key; the secondary indexes are built once at the end.
    indexes = [i for model in ROLLUPS for i in Base.metadata.tables[model.__tablename__].indexes]
    for index in indexes:
        index.drop(conn)
    packer = None if postgres else PackedInserter(raw, chunk)
    cur = raw.cursor()
    for table, names, values in rollup_tables(batch, month_keys):
        if packer is not None:
            for first in range(0, len(values[0]), chunk):
                packer.insert(table, names, [v[first:first + chunk] for v in values])
            continue
        with cur.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in table_rows(values):
                copy.write_row(row)
    cur.close()
    if packer is not None:
        packer.close()
    for index in indexes:
        index.create(conn)
