"""rollup_client_week: distinct (client, supplier department) pairs per week, filled from the
ratings, for the wallboard's weekly trend per department group.

Revision ID: 0003_wallperf
Revises: 0002_ratings
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_wallperf"
down_revision = "0002_ratings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rollup_client_week",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("rater_id", sa.Integer(), nullable=False),
        sa.Column("supplier_department_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["rater_id"], ["employees.id"],
                                name=op.f("fk_rollup_client_week_rater_id_employees")),
        sa.ForeignKeyConstraint(
            ["supplier_department_id"], ["departments.id"],
            name=op.f("fk_rollup_client_week_supplier_department_id_departments")),
        sa.PrimaryKeyConstraint("week", "rater_id", "supplier_department_id",
                                name=op.f("pk_rollup_client_week")),
    )
    # An existing database: the rollup of the ratings already stored (the same statement as
    # shared.domain.rollups.rebuild_rollups).
    week = ("CAST(date_trunc('week', day) AS date)"
            if op.get_bind().dialect.name == "postgresql" else "date(day, '-6 days', 'weekday 1')")
    op.execute(f"""
        INSERT INTO rollup_client_week (week, rater_id, supplier_department_id, n)
        SELECT {week}, rater_id, supplier_department_id, COUNT(*) FROM ratings
        WHERE status = 'ok' GROUP BY {week}, rater_id, supplier_department_id""")


def downgrade() -> None:
    op.drop_table("rollup_client_week")
