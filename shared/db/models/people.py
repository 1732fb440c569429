"""The directory: departments, employees, segments, reason tags, supplier links, initiatives,
KPIs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db.base import Base, PlantRow, UTCDateTime, utcnow

LANGUAGES = ("ru", "en")


class Department(PlantRow, Base):
    __tablename__ = "departments"
    # Names are unique within a plant; the head office holds every plant's.
    __table_args__ = (UniqueConstraint("plant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    # Where room is short (the wallboard's map, rankings, ticker); None: made from the name.
    short_name: Mapped[str | None] = mapped_column(String(40))
    short_name_en: Mapped[str | None] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", use_alter=True, name="fk_departments_head_id_employees"))
    group: Mapped[str | None] = mapped_column(String(100))  # e.g. "production", "services"
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    parent: Mapped[Department | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Department]] = relationship(back_populates="parent")
    employees: Mapped[list[Employee]] = relationship(
        back_populates="department", foreign_keys="Employee.department_id")
    head: Mapped[Employee | None] = relationship(foreign_keys=[head_id], post_update=True)


class Segment(PlantRow, Base):
    """A group of positions sharing one goal, with that goal's KPIs."""

    __tablename__ = "segments"
    __table_args__ = (UniqueConstraint("plant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    goal: Mapped[str | None] = mapped_column(Text)

    employees: Mapped[list[Employee]] = relationship(back_populates="segment")
    reason_tags: Mapped[list[ReasonTag]] = relationship(back_populates="segment")
    initiatives: Mapped[list[Initiative]] = relationship(back_populates="segment")


class Employee(PlantRow, Base):
    __tablename__ = "employees"
    __table_args__ = (
        CheckConstraint("role IN ('worker', 'manager', 'admin')", name="role"),
        CheckConstraint("language IN ('ru', 'en')", name="language"),
        CheckConstraint("manager_id IS NULL OR manager_id <> id", name="not_own_manager"),
        CheckConstraint("gender IN ('m', 'f')", name="gender"),
        # People keep their personnel numbers within their plant (docs/plants.md).
        UniqueConstraint("plant_id", "personnel_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    personnel_no: Mapped[str] = mapped_column(String(32))
    full_name: Mapped[str] = mapped_column(String(200))
    full_name_en: Mapped[str | None] = mapped_column(String(200))
    # 'm' / 'f' from the directory; None: the patronymic decides (shared.names.gender).
    gender: Mapped[str | None] = mapped_column(String(1))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), index=True)
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id"), index=True)
    position: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="worker")
    email: Mapped[str | None] = mapped_column(String(200))
    # The person's own messenger addresses (from the HR import): personal nudges go there
    # and nowhere else (docs/offline.md, "Who gets what").
    telegram_chat_id: Mapped[str | None] = mapped_column(String(64))
    bitrix24_user_id: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2), default="ru")
    # HMAC-SHA256(site secret, badge code), hex; never the badge itself.
    badge_hmac: Mapped[str | None] = mapped_column(String(64), unique=True)
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)
    pin_lockouts: Mapped[int] = mapped_column(Integer, default=0)
    pin_locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Change stamp: kiosks refresh their directory snapshot incrementally by it.
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow,
                                                    index=True)

    department: Mapped[Department] = relationship(back_populates="employees",
                                                  foreign_keys=[department_id])
    manager: Mapped[Employee | None] = relationship(remote_side=[id])
    segment: Mapped[Segment | None] = relationship(back_populates="employees")


class ReasonTag(PlantRow, Base):
    """What a supplier should improve (negative) or did well (positive); per segment or global."""

    __tablename__ = "reason_tags"
    __table_args__ = (CheckConstraint("polarity IN ('negative', 'positive')", name="polarity"),
                      UniqueConstraint("plant_id", "code"))

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id"), index=True)
    polarity: Mapped[str] = mapped_column(String(8))
    label_ru: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    segment: Mapped[Segment | None] = relationship(back_populates="reason_tags")


class SupplierLink(PlantRow, Base):
    """A configured client -> supplier relation: whom a department or segment usually needs."""

    __tablename__ = "supplier_links"
    __table_args__ = (
        CheckConstraint("client_department_id IS NOT NULL OR client_segment_id IS NOT NULL",
                        name="has_client"),
        CheckConstraint("supplier_department_id IS NOT NULL OR supplier_employee_id IS NOT NULL",
                        name="has_supplier"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"),
                                                             index=True)
    client_segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id"), index=True)
    supplier_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    supplier_employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))


class Initiative(PlantRow, Base):
    """One row of the initiative map for a client segment."""

    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"), index=True)
    metric: Mapped[str] = mapped_column(String(200))
    supplier_improvement: Mapped[str] = mapped_column(String(300))
    reason_tag_id: Mapped[int | None] = mapped_column(ForeignKey("reason_tags.id"))
    supplier_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    company_initiative: Mapped[str | None] = mapped_column(Text)

    segment: Mapped[Segment] = relationship(back_populates="initiatives")


class KpiValue(PlantRow, Base):
    """A monthly KPI value of a segment or a department."""

    __tablename__ = "kpi_values"
    __table_args__ = (
        UniqueConstraint("segment_id", "department_id", "metric", "month"),
        CheckConstraint("segment_id IS NOT NULL OR department_id IS NOT NULL", name="has_owner"),
        Index("ix_kpi_values_month", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    metric: Mapped[str] = mapped_column(String(200))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    value: Mapped[float] = mapped_column(Float)
    # Roubles one unit of the KPI is worth in a month (None: no money figure).
    value_per_unit: Mapped[float | None] = mapped_column(Float)


class DepartmentPointRule(PlantRow, Base):
    """How a department converts monthly dispute points: money per point or a common pool."""

    __tablename__ = "department_point_rules"
    __table_args__ = (
        CheckConstraint("kind IN ('money', 'pool')", name="kind"),
        UniqueConstraint("department_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    kind: Mapped[str] = mapped_column(String(8))
    money_per_point: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(8), default="RUB")
    pool_name: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[str] = mapped_column(String(7))  # first month (YYYY-MM) the rule applies
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
