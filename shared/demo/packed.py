"""SQLite bulk inserts without a Python object per row: columns packed into one fixed-width blob.

``executemany`` over tuples costs about 3-5 µs per row in the sqlite3 module (binding each
value, converting each new string) on top of SQLite's own work, and the tuples cost as much
to build. Here a chunk of rows is formatted by numpy into one blob of fixed-width ASCII
records (integers as zero-padded decimals, texts as fixed-width bytes) and SQLite slices it
itself: ``INSERT ... SELECT CAST(substr(?1, k * width + offset, w) AS INTEGER), ... FROM
temp.demo_seq WHERE k < ?2``. ``substr`` of a BLOB is a byte slice, so every row costs the
same; the stored values are the ones the tuple path would have stored (integers, TEXT).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

# A column: an integer array (stored as INTEGER), a fixed-width bytes array ("S<n>", stored
# as TEXT) or a string, an SQL expression in which ``{k}`` stands for the k-th packed (not
# string) column of the row, as in "(SELECT v FROM temp.demo_text WHERE id = {7})".
Column = Any
SEQ_TABLE = "temp.demo_seq"


def digits(values: Any) -> Any:
    """Non-negative integers as zero-padded ASCII decimals, one (n, width) uint8 row each."""
    v = np.asarray(values, dtype=np.int64)
    if v.size and int(v.min()) < 0:
        raise ValueError("packed integers must not be negative")
    width = len(str(int(v.max()))) if v.size else 1
    out = np.empty((v.size, width), dtype=np.uint8)
    rest = v.copy()
    for k in range(width - 1, -1, -1):
        out[:, k] = rest % 10 + 48
        rest //= 10
    return out


def fixed_text(values: Sequence[str], width: int) -> Any:
    """ASCII texts of exactly ``width`` characters as an "S<width>" array (checked)."""
    if any(len(v) != width or not v.isascii() for v in values):
        raise ValueError(f"fixed-width texts of {width} ASCII characters expected")
    return np.array(values, dtype=f"S{width}")


class PackedInserter:
    """Inserts packed chunks through one raw sqlite3 connection; ``close`` drops its tables."""

    def __init__(self, raw: Any, max_rows: int, texts: Sequence[str | None] = ()) -> None:
        self.raw = raw
        self.max_rows = max_rows
        raw.execute(f"CREATE TEMP TABLE IF NOT EXISTS {SEQ_TABLE[5:]} "
                    "(k INTEGER PRIMARY KEY)")
        raw.execute(f"DELETE FROM {SEQ_TABLE}")
        raw.execute(f"INSERT INTO {SEQ_TABLE} (k) WITH RECURSIVE s(k) AS (SELECT 0 UNION ALL "
                    f"SELECT k + 1 FROM s WHERE k + 1 < ?) SELECT k FROM s", (max_rows,))
        raw.execute("CREATE TEMP TABLE IF NOT EXISTS demo_text (id INTEGER PRIMARY KEY, v TEXT)")
        raw.execute("DELETE FROM temp.demo_text")
        raw.executemany("INSERT INTO temp.demo_text (id, v) VALUES (?, ?)", enumerate(texts))

    def insert(self, table: str, names: Sequence[str], columns: Sequence[Column]) -> None:
        """Insert the rows given column-wise (equal lengths, at most ``max_rows`` a call);
        columns after the last name only feed the expressions."""
        parts: list[Any] = []
        fields: list[str | tuple[int, int, str]] = []
        offset, n = 0, None
        for col in columns:
            if isinstance(col, str):
                fields.append(col)
                continue
            arr = np.asarray(col)
            if arr.dtype.kind == "S":
                part = arr.view(np.uint8).reshape(arr.size, arr.dtype.itemsize)
                cast = "TEXT"
            else:
                part, cast = digits(arr), "INTEGER"
            n = part.shape[0] if n is None else n
            if part.shape[0] != n:
                raise ValueError("columns of different lengths")
            parts.append(part)
            fields.append((offset, part.shape[1], cast))
            offset += part.shape[1]
        if not n:
            return
        if n > self.max_rows:
            raise ValueError(f"{n} rows in one packed insert, at most {self.max_rows}")
        width = offset
        blob = np.hstack(parts).tobytes()
        packed = [f"CAST(substr(?1, k * {width} + {f[0] + 1}, {f[1]}) AS {f[2]})"
                  for f in fields if not isinstance(f, str)]
        it = iter(packed)
        exprs = [f.format(*packed) if isinstance(f, str) else next(it)
                 for f in fields][:len(names)]
        self.raw.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(exprs)} "
                         f"FROM {SEQ_TABLE} WHERE k < ?2", (blob, n))

    def close(self) -> None:
        self.raw.execute(f"DROP TABLE IF EXISTS {SEQ_TABLE}")
        self.raw.execute("DROP TABLE IF EXISTS temp.demo_text")
