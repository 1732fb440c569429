"""Default company-wide reason tags: five "must improve" and five praise chips, so the kiosk
offers chips after every score in every segment before anyone configures them.

Seeded only where nobody configured chips beyond the initiative map (no company-wide and no
praise tag yet), and only codes that do not exist: existing tags are never touched. A plant
changes them with ``pulse import reasons`` (``active = no`` retires one).

Revision ID: 0005_default_reason_tags
Revises: 0004_client_week_rollups
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_default_reason_tags"
down_revision = "0004_client_week_rollups"
branch_labels = None
depends_on = None

# Frozen here (a migration must not change with the code); docs/samples/reasons.csv holds
# the same set for a re-import.
DEFAULT_TAGS = (
    ("std-slow", "negative", "Долго реагирует", "Slow to respond"),
    ("std-quality", "negative", "Качество работы", "Quality of work"),
    ("std-promise", "negative", "Не держит слово", "Does not keep promises"),
    ("std-unclear", "negative", "Непонятно объясняет", "Unclear explanations"),
    ("std-impolite", "negative", "Невежливо", "Impolite"),
    ("std-fast", "positive", "Быстро", "Fast"),
    ("std-well-done", "positive", "Качественно", "Well done"),
    ("std-kept-word", "positive", "Сдержал слово", "Kept the promise"),
    ("std-clear", "positive", "Понятно объяснил", "Explained clearly"),
    ("std-polite", "positive", "Вежливо", "Polite"),
)

_TAGS = sa.table("reason_tags", sa.column("id", sa.Integer), sa.column("code", sa.String),
                 sa.column("segment_id", sa.Integer), sa.column("polarity", sa.String),
                 sa.column("label_ru", sa.String), sa.column("label_en", sa.String),
                 sa.column("active", sa.Boolean))
_CITED = sa.table("rating_reasons", sa.column("reason_tag_id", sa.Integer))


def upgrade() -> None:
    bind = op.get_bind()
    configured = bind.execute(sa.select(sa.func.count()).select_from(_TAGS).where(
        sa.or_(_TAGS.c.segment_id.is_(None), _TAGS.c.polarity == "positive"))).scalar_one()
    if configured:
        return
    codes = [code for code, *_ in DEFAULT_TAGS]
    taken = set(bind.execute(sa.select(_TAGS.c.code).where(_TAGS.c.code.in_(codes))).scalars())
    rows = [{"code": code, "segment_id": None, "polarity": polarity, "label_ru": ru,
             "label_en": en, "active": True}
            for code, polarity, ru, en in DEFAULT_TAGS if code not in taken]
    if rows:
        op.bulk_insert(_TAGS, rows)


def downgrade() -> None:
    # Only the defaults no rating cites (a cited tag is history).
    op.execute(_TAGS.delete().where(
        _TAGS.c.code.in_([code for code, *_ in DEFAULT_TAGS]),
        _TAGS.c.id.not_in(sa.select(_CITED.c.reason_tag_id))))
