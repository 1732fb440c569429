"""Kiosks: which machine reports under an id, and when two did; refused outbox items.

* kiosks.instance: a random id each kiosk's local store makes once; the heartbeat carries it.
* kiosks.shared_id_at: when a heartbeat came from another machine than the one that reported
  under the same kiosk id minutes before (two kiosks left at the default ``kiosk-1``, or a
  copied config): ``pulse status`` says so, since their outboxes and PIN attempts mix.
* kiosks.rejected: how many items the server refused for good are kept in the kiosk's outbox
  (a rating whose supplier left meanwhile...): the operator sees them in ``pulse status``.

Revision ID: 0007_kiosk_instances
Revises: 0006_messenger_audit
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision = "0007_kiosk_instances"
down_revision = "0006_messenger_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kiosks") as batch:
        batch.add_column(sa.Column("instance", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("shared_id_at", shared.db.base.UTCDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("rejected", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kiosks") as batch:
        batch.drop_column("rejected")
        batch.drop_column("shared_id_at")
        batch.drop_column("instance")
