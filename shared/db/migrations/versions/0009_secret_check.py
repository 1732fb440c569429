"""site_key_check: the site secret's key-check value, and where the audit log became keyed.

One row (shared/db/site_key.py): a machine with another secret refuses to start, and unkeyed
audit entries after the ones that existed now are tampering. Written here when the upgrade
runs with the site secret (the apps and ``pulse db upgrade`` pass it); otherwise by the first
entry of an empty log, or never (``pulse audit verify`` reports a log without it).

Revision ID: 0009_secret_check
Revises: 0008_least_privilege
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

import shared.db.base

revision = "0009_secret_check"
down_revision = "0008_least_privilege"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site_key_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kcv", sa.String(length=64), nullable=False),
        sa.Column("legacy_entries", sa.Integer(), nullable=False),
        sa.Column("legacy_hash", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.Column("created_at", shared.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_site_key_check_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_key_check")),
    )
    alembic_config = op.get_context().config
    key = alembic_config.attributes.get("audit_key") if alembic_config is not None else None
    if key:
        from shared import audit
        session = Session(bind=op.get_bind())
        audit.establish_key_check(session, key, dt.datetime.now(dt.UTC))
        session.flush()


def downgrade() -> None:
    # Without the row, an upgrade would take whatever unkeyed entries the log then holds as
    # its old part: refused once keyed entries exist (as 0006_messenger_audit refuses).
    keyed = op.get_bind().execute(sa.text(
        "SELECT COUNT(*) FROM audit_log WHERE version = 2")).scalar_one()
    if keyed:
        raise RuntimeError(
            f"cannot downgrade below 0009_secret_check: {keyed} audit entries are keyed with "
            "the site secret; restore a backup taken before the upgrade instead")
    op.drop_table("site_key_check")
