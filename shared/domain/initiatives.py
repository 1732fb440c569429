"""The initiative map: import it from CSV (its live figures: ``shared.domain.initiative_map``).

One row of the map (SPEC 3): a client segment and its goal, one of the segment's
metrics, what the supplier must improve, the supplier department, and what the company
does about it. Importing follows the directory rules (``shared.csvin``: UTF-8 with or
without BOM or cp1251, ``;`` or ``,``, Russian or English headers; every row validated,
all-or-nothing, errors by line, audit-logged).

* A segment that does not exist is created (``name_en`` transliterated); its goal is set
  from the file (one segment, one goal: two different goals in a file are an error).
* "What the supplier must improve" becomes a **negative reason tag** of the segment (the
  chips after a low score): label_ru = the text, label_en = its transliteration, code
  ``init-<slug>-<hash>`` derived deterministically from segment and text, so a re-import
  finds the same tag.
* The supplier department is matched by name (Russian or English, case and spacing
  ignored); an unknown one is an error. Empty means "any supplier".
* The file is the whole map: initiatives absent from it are removed and the reason tags
  only they used are deactivated (tags stay: past ratings cite them). Importing the same
  file twice changes nothing. A file without rows would remove the whole map: it is
  refused unless forced.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import audit
from shared.config import Config
from shared.csvin import CsvRow, RowError, register_messages, run_import
from shared.db.models import Department, Initiative, ReasonTag, Segment
from shared.translit import transliterate

log = logging.getLogger(__name__)

COLUMNS = {
    "segment": ("Сегмент", "Сегмент клиента", "Клиентский сегмент", "client segment"),
    "goal": ("Цель сегмента", "Цель", "segment goal"),
    "metric": ("Метрика", "Метрика сегмента", "Показатель", "KPI", "target metric"),
    "improvement": ("Что должен улучшить поставщик", "Что улучшить", "Что должен улучшить",
                    "what the supplier must improve", "supplier improvement", "improvement"),
    "supplier_department": ("Подразделение-поставщик", "Подразделение поставщик",
                            "Поставщик", "supplier department", "supplier"),
    "initiative": ("Инициатива компании", "Инициатива", "company initiative"),
}
REQUIRED = ("segment", "metric", "improvement")
LIMITS = {"segment": 200, "metric": 200, "improvement": 200, "supplier_department": 200,
          "goal": 2000, "initiative": 2000}

register_messages({
    "unknown_department": "unknown department {value!r}",
    "goal_differs": "segment {segment!r} already has another goal on line {first_line}",
    "duplicate_initiative": "the same segment, metric and improvement as line {first_line}",
})


def name_key(text: str) -> str:
    """How names are compared: case, 'ё' and spacing do not matter."""
    return re.sub(r"\s+", " ", text.strip().casefold().replace("ё", "е"))


def tag_code(segment: str, improvement: str) -> str:
    """Deterministic reason-tag code of a segment's improvement (fits the 64-char column)."""
    digest = hashlib.sha1(f"{name_key(segment)}|{name_key(improvement)}".encode()).hexdigest()[:8]
    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(improvement).lower()).strip("-")[:46]
    return f"init-{slug.rstrip('-')}-{digest}"


@dataclass(frozen=True)
class InitiativeRow:
    line: int
    segment: str
    goal: str | None
    metric: str
    improvement: str
    department_id: int | None
    initiative: str | None


@dataclass(frozen=True)
class ImportSummary:
    """What an import changed (the same shape for the map and the KPIs)."""

    rows: int
    created: int
    updated: int
    unchanged: int
    removed: int = 0
    segments_created: int = 0
    tags_created: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)

    def report(self, session: Session, *, actor: str, action: str, source: str, what: str,
               logger: logging.Logger) -> ImportSummary:
        """Audit-log and log this summary (``what`` names the import); return it."""
        audit.record(session, actor=actor, action=action,
                     details={"source": source, **self.as_dict()})
        logger.info("%s import from %s: %s", what, source or "rows", self)
        return self


def department_index(session: Session) -> dict[str, int]:
    index: dict[str, int] = {}
    for dep_id, name, name_en in session.execute(
            select(Department.id, Department.name, Department.name_en)):
        if name_en:
            index.setdefault(name_key(name_en), dep_id)
        index[name_key(name)] = dep_id
    return index


def _length_errors(row: CsvRow, errors: list[RowError]) -> None:
    for column, limit in LIMITS.items():
        value = row.get(column)
        if len(value) > limit:
            errors.append(RowError(row.line, column, "too_long",
                                   {"max": limit, "length": len(value)}))


def validate_initiatives(rows: Sequence[CsvRow], session: Session
                         ) -> tuple[list[InitiativeRow], list[RowError]]:
    """Every check against the file and the database; writes nothing."""
    errors: list[RowError] = []
    departments = department_index(session)
    goals: dict[str, tuple[str, int]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    out: list[InitiativeRow] = []
    for row in rows:
        _length_errors(row, errors)
        segment, metric, improvement = (row.get("segment"), row.get("metric"),
                                        row.get("improvement"))
        if not (segment and metric and improvement):
            continue  # csvin reported the missing value
        dep_name = row.get("supplier_department")
        dep_id = departments.get(name_key(dep_name)) if dep_name else None
        if dep_name and dep_id is None:
            errors.append(RowError(row.line, "supplier_department", "unknown_department",
                                   {"value": dep_name}))
        goal = row.get("goal") or None
        if goal:
            first = goals.setdefault(name_key(segment), (goal, row.line))
            if first[0] != goal:
                errors.append(RowError(row.line, "goal", "goal_differs",
                                       {"segment": segment, "first_line": first[1]}))
        key = (name_key(segment), name_key(metric), name_key(improvement))
        if key in seen:
            errors.append(RowError(row.line, None, "duplicate_initiative",
                                   {"first_line": seen[key]}))
        seen.setdefault(key, row.line)
        out.append(InitiativeRow(row.line, segment, goal, metric, improvement, dep_id,
                                 row.get("initiative") or None))
    return out, errors


def apply_initiatives(rows: Sequence[InitiativeRow], session: Session, *, actor: str = "cli",
                      source: str = "") -> ImportSummary:
    """Write a validated map (the caller owns the transaction)."""
    segments = {name_key(s.name): s for s in session.execute(select(Segment)).scalars()}
    segments_created = tags_created = 0
    for row in rows:
        seg = segments.get(name_key(row.segment))
        if seg is None:
            seg = Segment(name=row.segment, name_en=transliterate(row.segment), goal=row.goal)
            session.add(seg)
            segments[name_key(row.segment)] = seg
            segments_created += 1
        elif row.goal and seg.goal != row.goal:
            seg.goal = row.goal
    session.flush()
    tags = {t.code: t for t in session.execute(
        select(ReasonTag).where(ReasonTag.code.like("init-%"))).scalars()}
    existing = {(i.segment_id, name_key(i.metric), name_key(i.supplier_improvement)): i
                for i in session.execute(select(Initiative)).scalars()}
    kept: set[int] = set()
    created = updated = unchanged = 0
    for row in rows:
        seg = segments[name_key(row.segment)]
        code = tag_code(seg.name, row.improvement)
        tag = tags.get(code)
        if tag is None:
            tag = ReasonTag(code=code, segment_id=seg.id, polarity="negative",
                            label_ru=row.improvement, label_en=transliterate(row.improvement),
                            active=True)
            session.add(tag)
            session.flush()
            tags[code] = tag
            tags_created += 1
        elif not tag.active:
            tag.active = True
        values = dict(metric=row.metric, supplier_improvement=row.improvement,
                      reason_tag_id=tag.id, supplier_department_id=row.department_id,
                      company_initiative=row.initiative)
        current = existing.get((seg.id, name_key(row.metric), name_key(row.improvement)))
        if current is None:
            current = Initiative(segment_id=seg.id, **values)
            session.add(current)
            session.flush()
            created += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            updated += 1
        else:
            unchanged += 1
        kept.add(current.id)
    removed = [i for i in existing.values() if i.id not in kept]
    for gone in removed:
        session.delete(gone)
    session.flush()
    used = set(session.execute(select(Initiative.reason_tag_id)).scalars())
    for tag in tags.values():
        if tag.active and tag.id not in used:
            tag.active = False
    return ImportSummary(len(rows), created, updated, unchanged, len(removed),
                         segments_created, tags_created).report(
        session, actor=actor, action="initiatives.import", source=source,
        what="initiative map", logger=log)


def import_initiatives(db: Any, config: Config, source: Path | bytes, *, dry_run: bool = False,
                       force: bool = False, actor: str = "cli") -> ImportSummary:
    """Read, validate and (unless ``dry_run``) write the map; ``ImportFailed`` on any error.

    The file replaces the map, so one without rows would wipe it: refused unless ``force``.
    """
    return run_import(
        db, source, COLUMNS, REQUIRED,
        lambda table, session: validate_initiatives(table.rows, session),
        lambda rows, session, label: apply_initiatives(rows, session, actor=actor,
                                                       source=label),
        dry_run=dry_run, force=force, what="initiatives of the map",
        stored=lambda session: session.scalar(select(func.count()).select_from(Initiative)))
