"""Migration 0011: proposal rewards leave the dispute-points ledger for their own, and back."""

from __future__ import annotations

from sqlalchemy import insert, text

from shared.db import open_database
from shared.db.base import utcnow
from shared.db.migrate import downgrade, upgrade
from shared.db.models import Department, Employee, PointsEntry, Proposal
from shared.ids import uuid7


def test_proposal_points_move_to_their_own_ledger_and_back(empty_db_url: str) -> None:
    db = open_database(empty_db_url, upgrade=False)
    try:
        upgrade(db.engine, "0010_initiative_value")
        # Core inserts of the columns 0010 had (the models' defaults fill the rest).
        with db.engine.begin() as conn:
            conn.execute(insert(Department).values(id=1, name="Цех"))
            for pid, no in ((1, "C"), (2, "S")):
                conn.execute(insert(Employee).values(id=pid, personnel_no=no, full_name=no,
                                                     department_id=1))
            conn.execute(insert(Proposal.__table__).values(
                id=1, uuid=uuid7(), client_id=1, supplier_id=2, what_should_change="x",
                improves_metric="y", status="accepted", created_at=utcnow()))
            for row in ((2, 1, "proposal_accepted", 1, "proposal:1"),
                        (1, -1, "dispute_accepted", None, "d:1")):
                conn.execute(insert(PointsEntry).values(
                    employee_id=row[0], department_id=1, month="2026-03", delta=row[1],
                    cause=row[2], proposal_id=row[3], dedup_key=row[4], created_at=utcnow()))
        upgrade(db.engine, "head")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT cause FROM points_ledger")).scalars().all() == \
                ["dispute_accepted"]
            moved = conn.execute(text("SELECT employee_id, delta, cause, proposal_id, dedup_key "
                                      "FROM proposal_points")).all()
        assert [tuple(r) for r in moved] == [(2, 1, "accepted", 1, "proposal:1")]
        downgrade(db.engine, "0010_initiative_value")
        with db.engine.connect() as conn:
            assert sorted(conn.execute(text("SELECT cause FROM points_ledger")).scalars()) == \
                ["dispute_accepted", "proposal_accepted"]
    finally:
        db.dispose()
