"""A head office's database made without a second server: rows written "as" another plant
(the ``plant_id`` default switched), and the ``plants`` rows a subscription would write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from shared.db import Database
from shared.db.plant_scope import travelling_tables


@contextmanager
def writing_as_plant(db: Database, plant_id: int) -> Iterator[None]:
    """The product's own inserts carry ``plant_id`` (a head office's copy of that plant's
    rows, made here without a second server; the ids need not be in its range for this)."""
    def default(value: int) -> None:
        with db.engine.begin() as conn:
            for t in travelling_tables():
                conn.execute(text(f"ALTER TABLE {t.name} ALTER COLUMN plant_id "
                                  f"SET DEFAULT {value}"))
    default(plant_id)
    try:
        yield
    finally:
        default(1)


def subscribed(db: Database, plants: dict[int, str]) -> None:
    """The ``plants`` rows of a head office subscribed to ``plants`` (id -> name)."""
    with db.write() as s:
        for plant_id, name in plants.items():
            s.execute(text("INSERT INTO plants (id, name, subscription, created_at) VALUES "
                           "(:i, :n, :s, now())"),
                      {"i": plant_id, "n": name, "s": f"pulse_plant_{plant_id}"})
