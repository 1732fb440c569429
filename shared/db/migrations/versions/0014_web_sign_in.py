"""Sign-in links of the personal web page.

* web_sign_ins: one row per single-use link (only its token's SHA-256), who it is for, who
  issued it, when it expires, when it was used (the session it opened) and signed out.

Revision ID: 0014_web_sign_in
Revises: 0013_fairness
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision = "0014_web_sign_in"
down_revision = "0013_fairness"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_sign_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", shared.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", shared.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", shared.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("signed_out_at", shared.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"],
                                name=op.f("fk_web_sign_ins_employee_id_employees")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sign_ins")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sign_ins_token_hash")),
    )
    op.create_index("ix_web_sign_ins_employee_id", "web_sign_ins", ["employee_id"])


def downgrade() -> None:
    op.drop_index("ix_web_sign_ins_employee_id", table_name="web_sign_ins")
    op.drop_table("web_sign_ins")
