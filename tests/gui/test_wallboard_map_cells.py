"""The wallboard's worker stores last month's initiative map cells once when the job never
did (a login that may write: SQLite here), and reads them from then on."""

# The fixtures are imported from wallboard_helpers (pytest finds them by name).
# ruff: noqa: F811

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared.db import Database
from shared.db.models import StoredMapCell
from tests.gui.wallboard_helpers import (  # noqa: F401 - fixtures
    _demo_template,
    clock,
    db_source,
    demo_db,
    wb_config,
)

pytestmark = pytest.mark.gui


def _stored(db: Database) -> list[tuple[str, int]]:
    with db.read() as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(StoredMapCell.month, func.count()).group_by(StoredMapCell.month))]


def test_the_worker_stores_last_months_cells_once_then_reads_them(
        demo_db: Database, wb_config, clock) -> None:  # type: ignore[no-untyped-def]
    source = db_source(demo_db, wb_config, clock)
    first = source()
    live = first.initiatives
    assert live is not None and not live.empty and not live.last_stored
    cells = sum(len({(i.supplier_department_id) for i in g.initiatives})
                for g in live.segments)
    assert _stored(demo_db) == [(live.previous_month, cells)]
    second = source()
    assert second.initiatives is not None and second.initiatives.last_stored
    assert second.initiatives == live
