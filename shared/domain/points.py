"""The points ledger and dispute nudges: idempotent inserts by dedup key, plant-local months."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Employee, PointsEntry
from shared.domain.nudge_store import NewNudge, add_nudges

log = logging.getLogger(__name__)


def month_of(at: dt.datetime, tz: ZoneInfo) -> str:
    """The plant-local calendar month (YYYY-MM) of a UTC instant."""
    return at.astimezone(tz).strftime("%Y-%m")


def parse_month(month: str) -> tuple[int, int]:
    """``"2026-03"`` -> ``(2026, 3)``; ValueError on anything else."""
    try:
        year_s, mon_s = month.split("-")
        year, mon = int(year_s), int(mon_s)
    except ValueError:
        raise ValueError(f"{month!r} is not a month, use YYYY-MM") from None
    if len(year_s) != 4 or len(mon_s) != 2 or not 1 <= mon <= 12:
        raise ValueError(f"{month!r} is not a month, use YYYY-MM")
    return year, mon


def next_month(month: str) -> str:
    year, mon = parse_month(month)
    return f"{year + 1}-01" if mon == 12 else f"{year}-{mon + 1:02d}"


def previous_month(month: str) -> str:
    year, mon = parse_month(month)
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


def month_bounds(month: str, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants of the first moment of the month and of the next month, in the plant zone."""
    year, mon = parse_month(month)
    nyear, nmon = parse_month(next_month(month))
    start = dt.datetime(year, mon, 1, tzinfo=tz).astimezone(dt.UTC)
    end = dt.datetime(nyear, nmon, 1, tzinfo=tz).astimezone(dt.UTC)
    return start, end


def insert_ignore(session: Session, table: Table, values: dict[str, Any],
                  key: str = "dedup_key") -> bool:
    """INSERT .. ON CONFLICT (key) DO NOTHING; True if the row was new.

    The unique key, not a "check then insert", decides: two concurrent writers of the
    same fact produce one row.
    """
    dialect = session.get_bind().dialect.name
    insert_fn = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (insert_fn(table).values(**values).on_conflict_do_nothing(index_elements=[key])
            .returning(table.c.id))
    # RETURNING, not rowcount: the driver's rowcount is not reliable for a skipped row.
    return session.execute(stmt).first() is not None


def credit_points(session: Session, config: Config, *, employee_id: int, delta: int, cause: str,
                  dedup_key: str, at: dt.datetime, dispute_id: int | None = None,
                  proposal_id: int | None = None) -> bool:
    """Write one ledger entry (the employee's department now, the plant-local month of ``at``).

    Returns False when an entry with this ``dedup_key`` already exists (nothing credited twice).
    """
    department_id = session.execute(select(Employee.department_id)
                                    .where(Employee.id == employee_id)).scalar_one()
    return insert_ignore(session, PointsEntry.__table__, {  # type: ignore[arg-type]
        "employee_id": employee_id, "department_id": department_id,
        "month": month_of(at, config.tz), "delta": delta, "cause": cause,
        "dispute_id": dispute_id, "proposal_id": proposal_id, "dedup_key": dedup_key,
        "created_at": at})


def add_nudge(session: Session, *, employee_id: int, kind: str, params: dict[str, Any],
              dedup_key: str, at: dt.datetime) -> bool:
    """Store a nudge once (kind + parameters; the words live in the views)."""
    return add_nudges(session, [NewNudge(employee_id, kind, params, dedup_key)], at) == 1
