"""pin_offline_attempts: PIN attempts made at an offline kiosk, delivered by the sync.

Revision ID: 0003_pin_offline_attempts
Revises: 0002_ratings
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision = "0003_pin_offline_attempts"
down_revision = "0002_ratings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pin_offline_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("attempted_at", shared.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_at", shared.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"],
                                name=op.f("fk_pin_offline_attempts_employee_id_employees")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pin_offline_attempts")),
        sa.UniqueConstraint("uuid", name=op.f("uq_pin_offline_attempts_uuid")),
    )
    with op.batch_alter_table("pin_offline_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pin_offline_attempts_employee_id"),
                              ["employee_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pin_offline_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pin_offline_attempts_employee_id"))
    op.drop_table("pin_offline_attempts")
