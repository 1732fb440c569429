"""Departments: a short name (and its English one) for places with little room.

* departments.short_name / short_name_en: what the wallboard's map, rankings and ticker show
  where the full name ("Служба охраны труда и промышленной безопасности") does not fit at a
  size readable from four metres. Optional: without one, ``shared.domain.names`` makes one.

Revision ID: 0012_short_names
Revises: 0011_programme_mechanics
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_short_names"
down_revision = "0011_programme_mechanics"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("departments") as batch:
        batch.add_column(sa.Column("short_name", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("short_name_en", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("departments") as batch:
        batch.drop_column("short_name_en")
        batch.drop_column("short_name")
