"""Monthly KPI values of segments or departments, imported from CSV (for the impact measure).

Columns (Russian or English headers): segment and/or department (at least one value per
row, matched by name; unknown is an error -- KPIs never create segments), metric, month
(``2026-01`` or ``01.2026``), value (decimal comma or point, ``1 234,5``), and optionally the
value per unit: roubles one unit of the KPI is worth in a month (an hour of downtime, a
percentage point of the plan), so the impact measure can say what an effect is worth a year
(a number, zero or more; 0 = no money figure; empty keeps what is stored). The impact
measure takes a KPI's latest value per unit. Same rules as every import: all rows
validated, all-or-nothing, errors by line, audit-logged.
A value for an (owner, metric, month) already stored is replaced; importing the same
file twice changes nothing.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.csvin import (
    CsvRow,
    RowError,
    check_cell,
    parse_float,
    parse_month,
    register_messages,
    run_import,
)
from shared.db.models import KpiValue, Segment
from shared.domain.initiatives import ImportSummary, department_index, name_key

log = logging.getLogger(__name__)

COLUMNS = {
    "segment": ("Сегмент", "Сегмент клиента", "client segment"),
    "department": ("Подразделение", "Отдел", "Цех", "department"),
    "metric": ("Метрика", "Показатель", "KPI", "Метрика сегмента", "target metric"),
    "month": ("Месяц", "Период", "period", "Месяц (ГГГГ-ММ)"),
    "value": ("Значение", "Факт", "value", "actual"),
    "value_per_unit": ("Стоимость единицы, руб.", "Стоимость единицы, ₽", "Стоимость единицы",
                       "Цена единицы, руб.", "Руб. за единицу", "value per unit",
                       "value per unit, RUB", "roubles per unit", "rubles per unit"),
}
REQUIRED = ("metric", "month", "value")

register_messages({
    "no_owner": "a segment or a department is required",
    "no_owner_column": "the file needs a segment or a department column",
    "unknown_segment": "unknown segment {value!r}",
    "duplicate_kpi": "the same owner, metric and month as line {first_line}",
    "negative_value_per_unit": "a value per unit cannot be negative: {value!r}",
})


@dataclass(frozen=True)
class KpiRow:
    line: int
    segment_id: int | None
    department_id: int | None
    metric: str
    month: str
    value: float
    value_per_unit: float | None = None


def validate_kpis(rows: Sequence[CsvRow], session: Session, columns: frozenset[str]
                  ) -> tuple[list[KpiRow], list[RowError]]:
    """Every check against the file and the database; writes nothing."""
    errors: list[RowError] = []
    if not columns & {"segment", "department"}:
        return [], [RowError(1, None, "no_owner_column", {})]
    segments = {name_key(n): i for i, n in session.execute(select(Segment.id, Segment.name))}
    for known_id, name_en in session.execute(select(Segment.id, Segment.name_en)):
        if name_en:
            segments.setdefault(name_key(name_en), known_id)
    departments = department_index(session)
    seen: dict[tuple[int | None, int | None, str, str], int] = {}
    out: list[KpiRow] = []
    for row in rows:
        seg_name, dep_name = row.get("segment"), row.get("department")
        seg_id = segments.get(name_key(seg_name)) if seg_name else None
        dep_id = departments.get(name_key(dep_name)) if dep_name else None
        if not seg_name and not dep_name:
            errors.append(RowError(row.line, None, "no_owner", {}))
        if seg_name and seg_id is None:
            errors.append(RowError(row.line, "segment", "unknown_segment", {"value": seg_name}))
        if dep_name and dep_id is None:
            errors.append(RowError(row.line, "department", "unknown_department",
                                   {"value": dep_name}))
        metric = row.get("metric")
        if len(metric) > 200:
            errors.append(RowError(row.line, "metric", "too_long",
                                   {"max": 200, "length": len(metric)}))
        month = check_cell(errors, row.line, "month", row.get("month"), parse_month,
                           "bad_month") if row.get("month") else None
        value = check_cell(errors, row.line, "value", row.get("value"), parse_float,
                           "bad_number") if row.get("value") else None
        if value is not None and not math.isfinite(value):
            errors.append(RowError(row.line, "value", "bad_number", {"value": row.get("value")}))
            value = None
        per_unit = _value_per_unit(row, errors)
        if not metric or month is None or value is None or (seg_id is None and dep_id is None):
            continue
        key = (seg_id, dep_id, name_key(metric), month)
        if key in seen:
            errors.append(RowError(row.line, None, "duplicate_kpi", {"first_line": seen[key]}))
            continue
        seen[key] = row.line
        out.append(KpiRow(row.line, seg_id, dep_id, metric, month, value, per_unit))
    return out, errors


def _value_per_unit(row: CsvRow, errors: list[RowError]) -> float | None:
    text = row.get("value_per_unit")
    if not text:
        return None
    value = check_cell(errors, row.line, "value_per_unit", text, parse_float, "bad_number")
    if value is None:
        return None
    if not math.isfinite(value):
        errors.append(RowError(row.line, "value_per_unit", "bad_number", {"value": text}))
        return None
    if value < 0:
        errors.append(RowError(row.line, "value_per_unit", "negative_value_per_unit",
                               {"value": text}))
        return None
    return value


def apply_kpis(rows: Sequence[KpiRow], session: Session, *, actor: str = "cli",
               source: str = "") -> ImportSummary:
    """Insert or replace the values (the caller owns the transaction)."""
    months = sorted({r.month for r in rows})
    existing = {(k.segment_id, k.department_id, name_key(k.metric), k.month): k
                for k in session.execute(select(KpiValue).where(KpiValue.month.in_(months)))
                .scalars()} if months else {}
    created = updated = unchanged = 0
    for row in rows:
        current = existing.get((row.segment_id, row.department_id, name_key(row.metric),
                                row.month))
        if current is None:
            session.add(KpiValue(segment_id=row.segment_id, department_id=row.department_id,
                                 metric=row.metric, month=row.month, value=row.value,
                                 value_per_unit=row.value_per_unit))
            created += 1
        elif (current.value, current.metric) != (row.value, row.metric) or (
                row.value_per_unit is not None and current.value_per_unit != row.value_per_unit):
            current.value, current.metric = row.value, row.metric
            if row.value_per_unit is not None:  # empty keeps the stored one
                current.value_per_unit = row.value_per_unit
            updated += 1
        else:
            unchanged += 1
    session.flush()
    return ImportSummary(len(rows), created, updated, unchanged).report(
        session, actor=actor, action="kpis.import", source=source, what="KPI", logger=log)


def import_kpis(db: Any, config: Config, source: Path | bytes, *, dry_run: bool = False,
                actor: str = "cli") -> ImportSummary:
    """Read, validate and (unless ``dry_run``) write KPI values; ``ImportFailed`` on any error."""
    return run_import(
        db, source, COLUMNS, REQUIRED,
        lambda table, session: validate_kpis(table.rows, session, frozenset(table.headers)),
        lambda rows, session, label: apply_kpis(rows, session, actor=actor, source=label),
        dry_run=dry_run)
