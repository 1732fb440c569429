"""Rings of colleagues an admin excluded from rankings and tiers (reversible, audited)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, PlantRow, UTCDateTime


class FairnessExclusion(PlantRow, Base):
    """One exclusion of a ring's mutual ratings in one month; ``restored_at`` undoes it (the
    row stays, so the history of who excluded and who restored is kept)."""

    __tablename__ = "fairness_exclusions"
    __table_args__ = (Index("ix_fairness_exclusions_month", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ring_id: Mapped[str] = mapped_column(String(32))
    month: Mapped[str] = mapped_column(String(7))
    members: Mapped[str] = mapped_column(Text)  # JSON list of employee ids
    reason: Mapped[str] = mapped_column(String(500))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    restored_by: Mapped[str | None] = mapped_column(String(100))
    restored_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class FairnessExcludedRating(PlantRow, Base):
    """A rating an exclusion takes out of the published figures. Kept by id, not by the
    pair: the wallboard's database role sees raters only as pseudonyms, but ids as they are
    (docs/security.md), so one rule excludes the same ratings for every reader."""

    __tablename__ = "fairness_excluded_ratings"

    exclusion_id: Mapped[int] = mapped_column(ForeignKey("fairness_exclusions.id"),
                                              primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"), primary_key=True)
