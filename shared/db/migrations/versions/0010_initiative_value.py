"""KPI values carry what one unit of the KPI is worth, so an effect reads in roubles a year.

* kpi_values.value_per_unit: roubles one unit of the KPI is worth in a month (one hour of
  downtime a month, one percentage point of the plan a month), from the KPI import's
  optional column; empty = no money figure for that KPI.

Revision ID: 0010_initiative_value
Revises: 0009_secret_check
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_initiative_value"
down_revision = "0009_secret_check"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kpi_values") as batch:
        batch.add_column(sa.Column("value_per_unit", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kpi_values") as batch:
        batch.drop_column("value_per_unit")
