"""Fairness: rings of colleagues an admin excluded from rankings and tiers.

* fairness_exclusions: one row per exclusion of a ring's mutual ratings in a month, with who
  excluded it and why; ``restored_at``/``restored_by`` undo it and keep the history.
* fairness_excluded_ratings: the ratings each exclusion takes out, by id (the wallboard's
  role reads raters as pseudonyms, ids as they are).

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
    op.create_table(
        "fairness_excluded_ratings",
        sa.Column("exclusion_id", sa.Integer(), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["exclusion_id"], ["fairness_exclusions.id"],
                                name=op.f("fk_fairness_excluded_ratings_exclusion_id_"
                                          "fairness_exclusions")),
        sa.ForeignKeyConstraint(["rating_id"], ["ratings.id"],
                                name=op.f("fk_fairness_excluded_ratings_rating_id_ratings")),
        sa.PrimaryKeyConstraint("exclusion_id", "rating_id",
                                name=op.f("pk_fairness_excluded_ratings")),
    )


def downgrade() -> None:
    op.drop_table("fairness_excluded_ratings")
    op.drop_index("ix_fairness_exclusions_month", table_name="fairness_exclusions")
    op.drop_table("fairness_exclusions")
