"""Messenger routing and a keyed, anchored audit log.

* employees.telegram_chat_id / bitrix24_user_id: a person's own messenger addresses.
* nudges.queued_at, supplier_alerts.queued_at / closed_queued_at: when the delivery job took
  them into the outbox, so none is skipped however late the job runs (it used to look back
  two days only). Existing rows: taken if they already have a delivery or are older than
  those two days (they would never have been sent), so nothing old floods a chat.
* deliveries.recipient: the person's address a personal message goes to.
* audit_log.version (1 = plain SHA-256, as every existing entry; 2 = HMAC with the site
  secret) and audit_anchor: the chain's end, filled from the existing entries here and keyed
  at the first keyed append (shared/audit.py).

Revision ID: 0006_messenger_audit
Revises: 0005_default_reason_tags
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision = "0006_messenger_audit"
down_revision = "0005_default_reason_tags"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    stamp = shared.db.base.UTCDateTime(timezone=True)
    op.add_column("employees", sa.Column("telegram_chat_id", sa.String(length=64), nullable=True))
    op.add_column("employees", sa.Column("bitrix24_user_id", sa.String(length=32), nullable=True))
    op.add_column("nudges", sa.Column("queued_at", stamp, nullable=True))
    op.add_column("supplier_alerts", sa.Column("queued_at", stamp, nullable=True))
    op.add_column("supplier_alerts", sa.Column("closed_queued_at", stamp, nullable=True))
    op.add_column("deliveries", sa.Column("recipient", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("version", sa.Integer(), server_default="1",
                                         nullable=False))
    op.create_table(
        "audit_anchor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=True),
        sa.Column("rebuilt_at", stamp, nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_anchor_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_anchor")),
    )

    bind = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    cutoff = now - dt.timedelta(days=2)  # the old job's look-back
    nudges = sa.table("nudges", sa.column("id", sa.Integer), sa.column("created_at", stamp),
                      sa.column("queued_at", stamp))
    alerts = sa.table("supplier_alerts", sa.column("id", sa.Integer),
                      sa.column("opened_at", stamp), sa.column("closed_at", stamp),
                      sa.column("queued_at", stamp), sa.column("closed_queued_at", stamp))
    deliveries = sa.table("deliveries", sa.column("nudge_id", sa.Integer),
                          sa.column("alert_id", sa.Integer))
    bind.execute(nudges.update().where(
        (nudges.c.created_at < cutoff)
        | nudges.c.id.in_(sa.select(deliveries.c.nudge_id)
                          .where(deliveries.c.nudge_id.is_not(None))))
        .values(queued_at=now))
    bind.execute(alerts.update().where(
        (alerts.c.opened_at < cutoff)
        | alerts.c.id.in_(sa.select(deliveries.c.alert_id)
                          .where(deliveries.c.alert_id.is_not(None))))
        .values(queued_at=now))
    bind.execute(alerts.update().where(
        alerts.c.closed_at.is_not(None)
        & ((alerts.c.closed_at < cutoff)
           | alerts.c.id.in_(sa.select(deliveries.c.alert_id)
                             .where(deliveries.c.alert_id.is_not(None)))))
        .values(closed_queued_at=now))
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.create_index("ix_nudges_unqueued", ["id"], unique=False,
                              sqlite_where=sa.text("queued_at IS NULL"),
                              postgresql_where=sa.text("queued_at IS NULL"))

    log = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("hash", sa.String))
    count = bind.execute(sa.select(sa.func.count()).select_from(log)).scalar_one()
    last = bind.execute(sa.select(log.c.hash).order_by(log.c.id.desc()).limit(1)).scalar()
    anchor = sa.table("audit_anchor", sa.column("id", sa.Integer),
                      sa.column("entries", sa.Integer), sa.column("last_hash", sa.String))
    bind.execute(anchor.insert().values(id=1, entries=count, last_hash=last or GENESIS))


def downgrade() -> None:
    # Entries keyed with the site secret (version 2) cannot be told from edited ones by the
    # older code, and an upgrade would mark them version 1 again: the audit log would read
    # as tampered with for good. Refuse rather than damage the evidence.
    keyed = op.get_bind().execute(sa.text(
        "SELECT COUNT(*) FROM audit_log WHERE version = 2")).scalar_one()
    if keyed:
        raise RuntimeError(
            f"cannot downgrade below 0006_messenger_audit: {keyed} audit entries are keyed "
            "with the site secret and would no longer verify; restore a backup taken before "
            "the upgrade instead")
    op.drop_table("audit_anchor")
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_index("ix_nudges_unqueued")
        batch_op.drop_column("queued_at")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("recipient")
    with op.batch_alter_table("supplier_alerts", schema=None) as batch_op:
        batch_op.drop_column("closed_queued_at")
        batch_op.drop_column("queued_at")
    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.drop_column("bitrix24_user_id")
        batch_op.drop_column("telegram_chat_id")
