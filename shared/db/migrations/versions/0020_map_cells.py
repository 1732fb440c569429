"""The initiative map's cells of a closed month, stored (``shared.domain.map_cells``).

* map_cells: per month, segment and supplier department (0: any supplier) the published
  figure of the cell (ratings and distinct clients of the completed k-blocks, their score
  sum, withheld and why), with the fingerprint of what it was cut from and the newest
  rating read or checked. Written by ``pulse jobs run`` for the closed month and on first
  need; read by the wallboard, the kiosk and the printed map instead of last month's
  ratings. Published figures only (k, blocks, differencing already applied): the wallboard
  and kiosk roles may read it, only the administrator writes it (packaging/postgres/
  roles.sql, ``pulse db grant``).

Revision ID: 0020_map_cells
Revises: 0019_plants
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision = "0020_map_cells"
down_revision = "0019_plants"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "map_cells",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("supplier_department_id", sa.Integer(), nullable=False),
        sa.Column("ratings", sa.Integer(), nullable=False),
        sa.Column("clients", sa.Integer(), nullable=False),
        sa.Column("score_sum", sa.Integer(), nullable=False),
        sa.Column("withheld", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("upto", sa.Integer(), nullable=False),
        sa.Column("stored_at", shared.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("supplier_department_id >= 0",
                           name=op.f("ck_map_cells_department_or_any")),
        sa.CheckConstraint("ratings >= 0 AND clients >= 0", name=op.f("ck_map_cells_counts")),
        sa.CheckConstraint("reason IS NULL OR withheld",
                           name=op.f("ck_map_cells_reason_only_withheld")),
        sa.PrimaryKeyConstraint("month", "segment_id", "supplier_department_id",
                                name=op.f("pk_map_cells")),
    )


def downgrade() -> None:
    op.drop_table("map_cells")
