"""Ratings, their reason tags, and the exact rollups kept in the same transaction as each rating.

The rollups exist because one GROUP BY over 5 M ratings takes seconds on SQLite;
every rating insert increments them with an upsert (``n = n + 1``), so they stay
exact under concurrent inserts. ``day``/``month`` are plant-local calendar values.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db.base import Base, PlantRow, UTCDateTime, utcnow

RATING_STATUSES = ("ok", "cooldown_conflict")

# The view ``peer_ratings`` (migration 0015): what a person's figures read of *other*
# people's ratings (metrics 2 and 3, the right to influence). For most logins a plain view
# of ``ratings``; for the PostgreSQL kiosk role (``kiosk_reads.peer_ratings``) nothing until
# a person is bound by their badge, then each other rater a pseudonym and each rating its
# plant-local day only. Not in ``Base.metadata``: a view, made by the migration.
peer_ratings = Table(
    "peer_ratings", MetaData(),
    Column("id", BigInteger), Column("rater_id", BigInteger), Column("supplier_id", Integer),
    Column("supplier_department_id", Integer), Column("score", SmallInteger),
    Column("created_at", UTCDateTime), Column("day", Date), Column("status", String(24)))


class Rating(PlantRow, Base):
    __tablename__ = "ratings"
    __table_args__ = (
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
        CheckConstraint("rater_id <> supplier_id", name="not_self"),
        CheckConstraint("status IN ('ok', 'cooldown_conflict')", name="status"),
        Index("ix_ratings_supplier_created", "supplier_id", "created_at"),
        Index("ix_ratings_rater_supplier_created", "rater_id", "supplier_id", "created_at"),
        Index("ix_ratings_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Client-generated, time-ordered (UUIDv7): the unique index grows at its end.
    uuid: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    rater_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    # Departments at the moment of the rating (people move; history stays where it was).
    rater_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    supplier_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    score: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    kiosk_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    day: Mapped[dt.date] = mapped_column(Date)  # plant-local date of created_at
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # 'cooldown_conflict': accepted offline, found inside the cooldown at sync; kept, not
    # counted twice.
    status: Mapped[str] = mapped_column(String(24), default="ok")

    reasons: Mapped[list[RatingReason]] = relationship(back_populates="rating",
                                                       cascade="all, delete-orphan")


class RatingReason(PlantRow, Base):
    __tablename__ = "rating_reasons"

    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id", ondelete="CASCADE"),
                                           primary_key=True)
    reason_tag_id: Mapped[int] = mapped_column(ForeignKey("reason_tags.id"), primary_key=True,
                                               index=True)

    rating: Mapped[Rating] = relationship(back_populates="reasons")


class RollupSupplierDay(PlantRow, Base):
    """Per supplier and plant-local day: volume, score sum, happy (4-5) and unhappy (1-2) counts."""

    __tablename__ = "rollup_supplier_day"
    __table_args__ = (Index("ix_rollup_supplier_day_day", "day"),)

    supplier_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    supplier_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    n: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[int] = mapped_column(Integer, default=0)
    n_happy: Mapped[int] = mapped_column(Integer, default=0)
    n_unhappy: Mapped[int] = mapped_column(Integer, default=0)


class RollupRaterDay(PlantRow, Base):
    """Per rater and day: how many ratings given and their score sum (metric 1, streaks)."""

    __tablename__ = "rollup_rater_day"
    # Distinct clients of a day/week/period company-wide, as a covering index range scan.
    __table_args__ = (Index("ix_rollup_rater_day_day_rater", "day", "rater_id"),)

    rater_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[int] = mapped_column(Integer, default=0)


class RollupPairMonth(PlantRow, Base):
    """Per supplier, client and month: distinct clients are the rows of a supplier's month."""

    __tablename__ = "rollup_pair_month"
    __table_args__ = (Index("ix_rollup_pair_month_rater", "rater_id", "month"),
                      Index("ix_rollup_pair_month_month", "month"))

    supplier_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    rater_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[int] = mapped_column(Integer, default=0)


class RollupDeptPairDay(PlantRow, Base):
    """Department -> department satisfaction per day (the map and the matrix)."""

    __tablename__ = "rollup_dept_pair_day"
    __table_args__ = (Index("ix_rollup_dept_pair_day_day", "day"),)

    client_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"),
                                                      primary_key=True)
    supplier_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"),
                                                        primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[int] = mapped_column(Integer, default=0)
    n_happy: Mapped[int] = mapped_column(Integer, default=0)


class RollupTagDay(PlantRow, Base):
    """Reason tags cited per supplier department and day, split by low (1-2) scores."""

    __tablename__ = "rollup_tag_day"
    __table_args__ = (Index("ix_rollup_tag_day_day", "day"),)

    reason_tag_id: Mapped[int] = mapped_column(ForeignKey("reason_tags.id"), primary_key=True)
    supplier_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"),
                                                        primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    n_low: Mapped[int] = mapped_column(Integer, default=0)


class RollupClientWeek(PlantRow, Base):
    """Per plant-local ISO week (its Monday), client and supplier department: how many ratings.

    The rows of a week are its distinct (client, supplier department) pairs, in key order:
    the weekly trend counts distinct clients of the company and of every department group
    in one pass over a week range (a rater's groups folded into a mask), where the raw
    ratings would need a sort of every rating in the range."""

    __tablename__ = "rollup_client_week"

    week: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    rater_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    supplier_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"),
                                                        primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class RollupRaterMonth(PlantRow, Base):
    """Per client and month: ratings given and their score sum (satisfaction of the people
    of a segment per month, for the impact measure: a few hundred thousand rows a year
    where the supplier/client/month rollup holds millions)."""

    __tablename__ = "rollup_rater_month"
    __table_args__ = (Index("ix_rollup_rater_month_month", "month"),)

    rater_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[int] = mapped_column(Integer, default=0)
