"""Supplier tiers of a month, stored; the monthly work done by ``pulse jobs run``.

* supplier_tiers: each supplier's tier of a month with its published figures (written by
  ``pulse jobs run`` for the closed month, and by ``pulse export tiers``), readable by the
  kiosk and wallboard roles, which may not read the rollups the tiers are computed from.
* monthly_runs: per month and piece of work (tiers, most-improved points, the report), when
  it was done.

Revision ID: 0017_monthly_tiers
Revises: 0016_gender
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision = "0017_monthly_tiers"
down_revision = "0016_gender"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supplier_tiers",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("attractiveness_index", sa.Float(), nullable=False),
        sa.Column("mean", sa.Float(), nullable=False),
        sa.Column("csat", sa.Float(), nullable=False),
        sa.Column("ratings", sa.Integer(), nullable=False),
        sa.Column("clients", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"],
                                name=op.f("fk_supplier_tiers_employee_id_employees")),
        sa.PrimaryKeyConstraint("month", "employee_id", name=op.f("pk_supplier_tiers")),
    )
    op.create_table(
        "monthly_runs",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("work", sa.String(length=32), nullable=False),
        sa.Column("done_at", shared.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("month", "work", name=op.f("pk_monthly_runs")),
    )


def downgrade() -> None:
    op.drop_table("monthly_runs")
    op.drop_table("supplier_tiers")
