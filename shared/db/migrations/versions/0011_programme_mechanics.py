"""Proposals as a conversation, and their reward points in a ledger of their own.

* proposals.status may be 'discuss' (the decider invites the client to talk it over at
  ``discuss_at``; the proposal stays open until accepted or declined);
* proposals.client_reply / client_replied_at: the client's one answer to the decision;
* proposals.implemented_at: the decider marked the change implemented;
* proposal_points: the reward ledger of accepted (and implemented) proposals. The rows the
  dispute-points ledger held for proposals (cause 'proposal_accepted') move there, so the
  dispute results no longer count them.

Revision ID: 0011_programme_mechanics
Revises: 0010_initiative_value
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision = "0011_programme_mechanics"
down_revision = "0010_initiative_value"
branch_labels = None
depends_on = None

_OLD_STATUS = "status IN ('pending', 'accepted', 'declined')"
_NEW_STATUS = "status IN ('pending', 'discuss', 'accepted', 'declined')"


def upgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.drop_constraint(op.f("ck_proposals_status"), type_="check")
        batch.create_check_constraint(op.f("ck_proposals_status"), _NEW_STATUS)
        batch.add_column(sa.Column("discuss_at", shared.db.base.UTCDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("client_reply", sa.Text(), nullable=True))
        batch.add_column(sa.Column("client_replied_at",
                                   shared.db.base.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("implemented_at", shared.db.base.UTCDateTime(timezone=True),
                                   nullable=True))
    op.create_table(
        "proposal_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=16), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("dedup_key", sa.String(length=200), nullable=False),
        sa.Column("created_at", shared.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("cause IN ('accepted', 'implemented')",
                           name=op.f("ck_proposal_points_cause")),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"],
                                name=op.f("fk_proposal_points_department_id_departments")),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"],
                                name=op.f("fk_proposal_points_employee_id_employees")),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"],
                                name=op.f("fk_proposal_points_proposal_id_proposals")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_points")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_proposal_points_dedup_key")),
    )
    with op.batch_alter_table("proposal_points") as batch:
        batch.create_index("ix_proposal_points_employee_month", ["employee_id", "month"])
        batch.create_index("ix_proposal_points_month_department", ["month", "department_id"])
    # The proposal rewards leave the dispute ledger (same keys: a retried credit still
    # finds its row).
    op.execute(
        "INSERT INTO proposal_points (employee_id, department_id, month, delta, cause, "
        "proposal_id, dedup_key, created_at) "
        "SELECT employee_id, department_id, month, delta, 'accepted', proposal_id, dedup_key, "
        "created_at FROM points_ledger "
        "WHERE cause = 'proposal_accepted' AND proposal_id IS NOT NULL ORDER BY id")
    op.execute("DELETE FROM points_ledger WHERE cause = 'proposal_accepted' "
               "AND proposal_id IS NOT NULL")


def downgrade() -> None:
    op.execute(
        "INSERT INTO points_ledger (employee_id, department_id, month, delta, cause, "
        "proposal_id, dedup_key, created_at) "
        "SELECT employee_id, department_id, month, delta, 'proposal_accepted', proposal_id, "
        "dedup_key, created_at FROM proposal_points WHERE cause = 'accepted' ORDER BY id")
    with op.batch_alter_table("proposal_points") as batch:
        batch.drop_index("ix_proposal_points_month_department")
        batch.drop_index("ix_proposal_points_employee_month")
    op.drop_table("proposal_points")
    op.execute("UPDATE proposals SET status = 'pending' WHERE status = 'discuss'")
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("implemented_at")
        batch.drop_column("client_replied_at")
        batch.drop_column("client_reply")
        batch.drop_column("discuss_at")
        batch.drop_constraint(op.f("ck_proposals_status"), type_="check")
        batch.create_check_constraint(op.f("ck_proposals_status"), _OLD_STATUS)
