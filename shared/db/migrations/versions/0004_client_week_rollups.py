"""rollup_client_week: distinct (client, supplier department) pairs per week, for the
wallboard's weekly trend per department group; rollup_rater_month: ratings per client and
month, for the impact measure. Both filled from the ratings already stored.

Revision ID: 0004_client_week_rollups
Revises: 0003_pin_offline_attempts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_client_week_rollups"
down_revision = "0003_pin_offline_attempts"
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
    op.create_table(
        "rollup_rater_month",
        sa.Column("rater_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("score_sum", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["rater_id"], ["employees.id"],
                                name=op.f("fk_rollup_rater_month_rater_id_employees")),
        sa.PrimaryKeyConstraint("rater_id", "month", name=op.f("pk_rollup_rater_month")),
    )
    with op.batch_alter_table("rollup_rater_month", schema=None) as batch_op:
        batch_op.create_index("ix_rollup_rater_month_month", ["month"], unique=False)
    # An existing database: the rollup of the ratings already stored (the same statement as
    # shared.domain.rollups.rebuild_rollups).
    postgres = op.get_bind().dialect.name == "postgresql"
    week = ("CAST(date_trunc('week', day) AS date)"
            if postgres else "date(day, '-6 days', 'weekday 1')")
    month = "to_char(day, 'YYYY-MM')" if postgres else "strftime('%Y-%m', day)"
    op.execute(f"""
        INSERT INTO rollup_client_week (week, rater_id, supplier_department_id, n)
        SELECT {week}, rater_id, supplier_department_id, COUNT(*) FROM ratings
        WHERE status = 'ok' GROUP BY {week}, rater_id, supplier_department_id""")
    op.execute(f"""
        INSERT INTO rollup_rater_month (rater_id, month, n, score_sum)
        SELECT rater_id, {month}, COUNT(*), SUM(score) FROM ratings WHERE status = 'ok'
        GROUP BY rater_id, {month}""")


def downgrade() -> None:
    with op.batch_alter_table("rollup_rater_month", schema=None) as batch_op:
        batch_op.drop_index("ix_rollup_rater_month_month")
    op.drop_table("rollup_rater_month")
    op.drop_table("rollup_client_week")
