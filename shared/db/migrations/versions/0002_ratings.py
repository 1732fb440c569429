"""ratings: index rollup_rater_day by (day, rater_id) for company-wide distinct clients.

Revision ID: 0002_ratings
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002_ratings"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rollup_rater_day", schema=None) as batch_op:
        batch_op.create_index("ix_rollup_rater_day_day_rater", ["day", "rater_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rollup_rater_day", schema=None) as batch_op:
        batch_op.drop_index("ix_rollup_rater_day_day_rater")
