"""The initiative map's cells of a closed month, stored (``shared.domain.map_cells``).

``map_cells`` holds each (segment, supplier department) cell of the map as published for a
month (completed k-blocks, the differencing guard: ``initiative_map.published_cells``), so
the wallboard, the kiosk and the printed page read last month's figures instead of reading
last month's ratings again. Derived figures, not travelling rows: like ``supplier_tiers``
they carry no ``plant_id`` (segment ids are already in their plant's id range) and no
foreign keys (a re-imported map may drop a segment; its stale rows are simply not read).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime

ANY_SUPPLIER = 0  # supplier_department_id of a row that counts every supplier


class StoredMapCell(Base):
    """One cell of the initiative map of one month, as published, with what it was cut from:
    ``fingerprint`` (k, time zone, the segment's named departments and people, the department
    tree) and ``upto`` (every rating up to this id was read or checked)."""

    __tablename__ = "map_cells"
    __table_args__ = (
        CheckConstraint("supplier_department_id >= 0", name="department_or_any"),
        CheckConstraint("ratings >= 0 AND clients >= 0", name="counts"),
        CheckConstraint("reason IS NULL OR withheld", name="reason_only_withheld"),
    )

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    segment_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The named supplier department, or ANY_SUPPLIER (0: no department id is 0).
    supplier_department_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ratings: Mapped[int] = mapped_column(Integer)     # in the completed blocks
    clients: Mapped[int] = mapped_column(Integer)     # distinct, in the completed blocks
    score_sum: Mapped[int] = mapped_column(Integer)   # the mean is score_sum / ratings
    withheld: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(20))  # anonymity.WITHHELD_*
    fingerprint: Mapped[str] = mapped_column(String(64))
    upto: Mapped[int] = mapped_column(Integer)
    stored_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
