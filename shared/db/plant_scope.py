"""Which rows are a plant's, and one plant's rows alone on a connection (docs/plants.md).

``travelling_tables``: the tables whose rows carry ``plant_id`` and travel to the head office.
``scope_views_sql``: at the head office, temporary views under those tables' own names that
show one plant's rows (temporary relations come first on PostgreSQL's search path), so
every query of the product computes that plant's figures unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table

from shared.db.engine import DatabaseError
from shared.db.models import Base

RANGE = 100_000_000
MAX_PLANT = 21  # 21 ranges of 10^8 fit PostgreSQL's integer ids (2^31 - 1)


class PlantError(DatabaseError):
    """Something about plants the admin can fix; the message is one line for a person."""


def travelling_tables() -> list[Table]:
    """The tables whose rows travel to the head office, parents before children."""
    return [t for t in Base.metadata.sorted_tables if "plant_id" in t.c]


def check_plant_id(plant_id: int) -> int:
    if not 1 <= plant_id <= MAX_PLANT:
        raise PlantError(f"plant id {plant_id}: use 1 to {MAX_PLANT}")
    return plant_id


def scope_views_sql(cursor: Any, plant_id: int, tables: Sequence[str] | None = None) -> list[str]:
    """The statements that show only ``plant_id``'s rows on this connection: a temporary
    view over each travelling table (temporary relations come first on PostgreSQL's
    search path), reading the relation the connection would read otherwise (the table, or
    the restricted login's view of it)."""
    check_plant_id(plant_id)
    out = []
    for name in tables or [t.name for t in travelling_tables()]:
        cursor.execute(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), "
            "EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid "
            "AND a.attname = 'plant_id' AND NOT a.attisdropped) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.oid = to_regclass(%s)", (name,))
        row = cursor.fetchone()
        if row is None:
            continue
        if not row[1]:
            raise PlantError(f"{row[0]} has no plant_id: upgrade the schema (pulse db upgrade)")
        out.append(f"CREATE TEMP VIEW {name} AS SELECT * FROM {row[0]} "
                   f"WHERE plant_id = {int(plant_id)}")
    return out
