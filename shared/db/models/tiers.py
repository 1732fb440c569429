"""Supplier tiers of a month, stored, and the monthly work ``pulse jobs run`` has done.

``supplier_tiers`` holds each supplier's tier of a month with the figures behind it, as
``shared.domain.tiers.store_tiers`` computed them (the published figures, the ones the HR
export ranks on). The kiosk and the wallboard read this table: their database roles may not
read the rollups by client the tiers are computed from (packaging/postgres/roles.sql).
``monthly_runs`` records, per month and piece of monthly work (``tiers``, ``improved_points``,
``report``), when it was done, so each is done once per month.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime


class StoredTier(Base):
    """One supplier's tier of one month, with the published figures that earned it."""

    __tablename__ = "supplier_tiers"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    tier: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)  # 1 = first in the export's order
    attractiveness_index: Mapped[float] = mapped_column(Float)
    mean: Mapped[float] = mapped_column(Float)
    csat: Mapped[float] = mapped_column(Float)
    ratings: Mapped[int] = mapped_column(Integer)
    clients: Mapped[int] = mapped_column(Integer)


class MonthlyRun(Base):
    """A piece of monthly work done for a month: when, and a one-line summary."""

    __tablename__ = "monthly_runs"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    work: Mapped[str] = mapped_column(String(32), primary_key=True)
    done_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    summary: Mapped[str] = mapped_column(String(500), default="")
