"""Fairness: rings of colleagues an admin excluded from rankings and tiers.

* fairness_exclusions: one row per exclusion of a ring's mutual ratings in a month, with who
  excluded it and why; ``restored_at``/``restored_by`` undo it and keep the history.

Revision ID: 0013_fairness
Revises: 0012_short_names
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision = "0013_fairness"
down_revision = "0012_short_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fairness_exclusions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ring_id", sa.String(length=32), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("members", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", shared.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("restored_by", sa.String(length=100), nullable=True),
        sa.Column("restored_at", shared.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fairness_exclusions")),
    )
    op.create_index("ix_fairness_exclusions_month", "fairness_exclusions", ["month"])


def downgrade() -> None:
    op.drop_index("ix_fairness_exclusions_month", table_name="fairness_exclusions")
    op.drop_table("fairness_exclusions")
