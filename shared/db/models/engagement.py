"""Proposals (right to influence), nudges, supplier alerts and the outbound delivery outbox."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, PlantRow, UTCDateTime, utcnow


class Proposal(PlantRow, Base):
    """An improvement proposal from a client to a supplier's manager."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'discuss', 'accepted', 'declined')",
                        name="status"),
        CheckConstraint("client_id <> supplier_id", name="not_self"),
        Index("ix_proposals_decider_status", "decider_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    decider_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    what_should_change: Mapped[str] = mapped_column(Text)
    improves_metric: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decision_note: Mapped[str | None] = mapped_column(Text)
    # "Invite to discuss" (SPEC 5): the decider's proposed time; the proposal stays open.
    discuss_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The client's one answer to the decider's (accept, decline or discuss).
    client_reply: Mapped[str | None] = mapped_column(Text)
    client_replied_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    implemented_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ProposalPoints(PlantRow, Base):
    """Reward points for accepted (and implemented) proposals: their own ledger, apart from
    the dispute points (``points_ledger``), with its own section in the monthly report."""

    __tablename__ = "proposal_points"
    __table_args__ = (
        CheckConstraint("cause IN ('accepted', 'implemented')", name="cause"),
        Index("ix_proposal_points_month_department", "month", "department_id"),
        Index("ix_proposal_points_employee_month", "employee_id", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    month: Mapped[str] = mapped_column(String(7))
    delta: Mapped[int] = mapped_column(Integer)
    cause: Mapped[str] = mapped_column(String(16))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    # Unique: one credit per proposal and cause, whatever retries happen.
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Nudge(Base):
    """A triggered notification, stored as a kind and parameters (the words live in the views)."""

    __tablename__ = "nudges"
    __table_args__ = (
        Index("ix_nudges_employee_created", "employee_id", "created_at"),
        # The delivery job's work list: small (only what it has not taken yet).
        Index("ix_nudges_unqueued", "id", sqlite_where=text("queued_at IS NULL"),
              postgresql_where=text("queued_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Unique: a re-run of the jobs computes the same key and creates nothing new.
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # When the delivery job took it into the outbox (NULL = not yet): every nudge is taken
    # exactly once, however late the job runs (shared/integrations/webhooks.py).
    queued_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SupplierAlert(PlantRow, Base):
    """An episode of poor results of a supplier department; closes itself on recovery."""

    __tablename__ = "supplier_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    head_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    n_ratings: Mapped[int] = mapped_column(Integer)
    n_low: Mapped[int] = mapped_column(Integer)
    # Only one open alert per department: enforced by the job inside one transaction and
    # by this key (department id while open, NULL once closed).
    open_key: Mapped[int | None] = mapped_column(Integer, unique=True)
    # When the delivery job took the opening / the closing into the outbox (NULL = not yet).
    queued_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_queued_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Delivery(Base):
    """Outbound messenger delivery outbox: retried with backoff, dead-lettered after N failures."""

    __tablename__ = "deliveries"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'dead')", name="status"),
        Index("ix_deliveries_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    webhook: Mapped[str] = mapped_column(String(100))  # webhook name/index from config
    nudge_id: Mapped[int | None] = mapped_column(ForeignKey("nudges.id"))
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("supplier_alerts.id"))
    # The person's own address (Telegram chat id, Bitrix24 user id) for a personal message;
    # NULL = the webhook's configured chat.
    recipient: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
