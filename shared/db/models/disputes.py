"""Regulations, disputes with their events, and the points ledger."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db.base import Base, PlantRow, UTCDateTime, utcnow

DISPUTE_STATES = ("open", "accepted", "escalated", "expired", "initiator_right",
                  "respondent_right", "both_right", "both_wrong")


class Regulation(PlantRow, Base):
    __tablename__ = "regulations"
    __table_args__ = (UniqueConstraint("plant_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(1000))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    needs_revision: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Dispute(PlantRow, Base):
    __tablename__ = "disputes"
    __table_args__ = (
        CheckConstraint("initiator_id <> respondent_id", name="not_self"),
        CheckConstraint("state IN ('open', 'accepted', 'escalated', 'expired', 'initiator_right', "
                        "'respondent_right', 'both_right', 'both_wrong')", name="state"),
        Index("ix_disputes_state_deadline", "state", "deadline_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    initiator_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    regulation_id: Mapped[int] = mapped_column(ForeignKey("regulations.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="open")
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    reject_reason: Mapped[str | None] = mapped_column(Text)
    escalated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    arbiter_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), index=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    kiosk_id: Mapped[str | None] = mapped_column(String(64))

    regulation: Mapped[Regulation] = relationship()
    events: Mapped[list[DisputeEvent]] = relationship(back_populates="dispute",
                                                      order_by="DisputeEvent.id")


class DisputeEvent(PlantRow, Base):
    """One transition of a dispute: who, when, what (append-only)."""

    __tablename__ = "dispute_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))  # None = the system
    kind: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    dispute: Mapped[Dispute] = relationship(back_populates="events")


class PointsEntry(PlantRow, Base):
    """One point movement: employee, department at that moment, plant-local month, delta, cause."""

    __tablename__ = "points_ledger"
    __table_args__ = (Index("ix_points_ledger_month_department", "month", "department_id"),
                      Index("ix_points_ledger_employee_month", "employee_id", "month"))

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    month: Mapped[str] = mapped_column(String(7))
    delta: Mapped[int] = mapped_column(Integer)
    cause: Mapped[str] = mapped_column(String(32))  # e.g. dispute_accepted, proposal_accepted
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("disputes.id"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    # Unique: the same cause can never credit the same person twice.
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
