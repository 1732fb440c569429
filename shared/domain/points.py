"""The points ledger and dispute nudges: idempotent inserts by dedup key, plant-local months."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared import audit
from shared.config import Config
from shared.db.models import DepartmentPointRule, Employee, PointsEntry
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


@dataclass(frozen=True)
class NewCredit:
    """One ledger entry to write with ``credit_points_many``."""

    employee_id: int
    delta: int
    cause: str
    dedup_key: str
    dispute_id: int | None = None
    proposal_id: int | None = None


def credit_points_many(session: Session, config: Config, credits: Sequence[NewCredit], *,
                       at: dt.datetime) -> set[str]:
    """``credit_points`` for many entries: one department lookup, one multi-row
    ``INSERT .. ON CONFLICT (dedup_key) DO NOTHING RETURNING``; returns the keys written now
    (a key already in the ledger is skipped, so nothing is credited twice)."""
    if not credits:
        return set()
    people = sorted({c.employee_id for c in credits})
    departments: dict[int, int] = {}
    for start in range(0, len(people), 500):
        departments.update(session.execute(
            select(Employee.id, Employee.department_id)
            .where(Employee.id.in_(people[start:start + 500]))).all())
    month = month_of(at, config.tz)
    # Sorted keys: two concurrent writers take the unique-index locks in the same order.
    rows = [{"employee_id": c.employee_id, "department_id": departments[c.employee_id],
             "month": month, "delta": c.delta, "cause": c.cause, "dispute_id": c.dispute_id,
             "proposal_id": c.proposal_id, "dedup_key": c.dedup_key, "created_at": at}
            for c in sorted(credits, key=lambda c: c.dedup_key)]
    table: Table = PointsEntry.__table__  # type: ignore[assignment]
    dialect = session.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    stmt = ins.on_conflict_do_nothing(index_elements=["dedup_key"]).returning(
        table.c.dedup_key)
    return set(session.execute(stmt, rows).scalars().all())


def add_nudge(session: Session, *, employee_id: int, kind: str, params: dict[str, Any],
              dedup_key: str, at: dt.datetime) -> bool:
    """Store a nudge once (kind + parameters; the words live in the views)."""
    return add_nudges(session, [NewNudge(employee_id, kind, params, dedup_key)], at) == 1


# --- department conversion rules ----------------------------------------------------------

RULE_KINDS = ("money", "pool")
MAX_MONEY_PER_POINT = Decimal("9999999999.99")  # NUMERIC(12, 2)
CURRENCY_MAX = 8  # the column's length


def set_point_rule(session: Session, *, department_id: int, kind: str, valid_from: str,
                   money_per_point: Decimal = Decimal("0"), currency: str = "RUB",
                   pool_name: str | None = None, actor: str = "cli") -> DepartmentPointRule:
    """Store (or replace) the department's rule from ``valid_from`` on; audit-logged.

    money: each point is worth ``money_per_point`` (bonus if positive, fine if negative).
    pool:  the fines' points go to a common pool called ``pool_name`` (its money value is
           ``money_per_point`` per point when that is above zero).
    """
    if kind not in RULE_KINDS:
        raise ValueError(f"rule kind {kind!r}: use money or pool")
    parse_month(valid_from)
    # The column is NUMERIC(12, 2): NaN, infinities, fractions of a kopeck and amounts past
    # its range would raise (NaN), be rounded on PostgreSQL but kept on SQLite, or overflow.
    if not money_per_point.is_finite():
        raise ValueError(f"{money_per_point} is not an amount of money")
    if money_per_point < 0:
        raise ValueError("money per point cannot be negative")
    if money_per_point > MAX_MONEY_PER_POINT:
        raise ValueError(f"money per point is at most {MAX_MONEY_PER_POINT}")
    if money_per_point != money_per_point.quantize(Decimal("0.01")):
        raise ValueError(f"{money_per_point}: at most two decimal places")
    code = currency.strip().upper() or "RUB"
    if len(code) > CURRENCY_MAX or any(ch.isspace() for ch in code):
        raise ValueError(f"currency {currency!r}: a short code such as RUB, USD or EUR")
    if kind == "money" and money_per_point == 0:
        raise ValueError("a money rule needs a money per point above zero")
    if kind == "pool" and not (pool_name or "").strip():
        raise ValueError("a pool rule needs the pool's name")
    rule = session.execute(select(DepartmentPointRule).where(
        DepartmentPointRule.department_id == department_id,
        DepartmentPointRule.valid_from == valid_from)).scalar_one_or_none()
    before = None
    if rule is None:
        rule = DepartmentPointRule(department_id=department_id, valid_from=valid_from)
        session.add(rule)
    else:
        before = {"kind": rule.kind, "money_per_point": str(rule.money_per_point),
                  "currency": rule.currency, "pool_name": rule.pool_name}
    rule.kind = kind
    rule.money_per_point = money_per_point
    rule.currency = code
    rule.pool_name = ((pool_name or "").strip() or None) if kind == "pool" else None
    session.flush()
    audit.record(session, actor=actor, action="points.rule", details={
        "department_id": department_id, "valid_from": valid_from, "kind": kind,
        "money_per_point": str(money_per_point), "currency": rule.currency,
        "pool_name": rule.pool_name, "replaced": before})
    return rule


def rules_for_month(session: Session, month: str) -> dict[int, DepartmentPointRule]:
    """Each department's rule in force in ``month`` (the latest ``valid_from`` not after it)."""
    latest = (select(DepartmentPointRule.department_id,
                     func.max(DepartmentPointRule.valid_from).label("valid_from"))
              .where(DepartmentPointRule.valid_from <= month)
              .group_by(DepartmentPointRule.department_id).subquery())
    rules = session.execute(select(DepartmentPointRule).join(
        latest, (latest.c.department_id == DepartmentPointRule.department_id)
        & (latest.c.valid_from == DepartmentPointRule.valid_from))).scalars()
    return {r.department_id: r for r in rules}
