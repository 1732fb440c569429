"""Builders for the domain tests: departments, people, reason tags and ratings on any backend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Department, Employee, ReasonTag
from shared.domain.ratings import RatingOutcome, record_rating

MARCH_9UTC = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)  # 12:00 in Moscow


def at(day: int, hour: int = 9, month: int = 3, minute: int = 0) -> dt.datetime:
    """An aware UTC instant in 2026 (09:00 UTC = 12:00 plant time, same calendar day)."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC)


def department(s: Session, name: str, parent: Department | None = None,
               group: str | None = None) -> Department:
    d = Department(name=name, parent_id=parent.id if parent else None, group=group)
    s.add(d)
    s.flush()
    return d


def people(s: Session, dep: Department, names: Sequence[str], **kw: object) -> list[Employee]:
    out = [Employee(personnel_no=n, full_name=n, department_id=dep.id, **kw) for n in names]
    s.add_all(out)
    s.flush()
    return out


def retire_default_tags(s: Session) -> None:
    """Remove the migration's default company-wide tags: a scene that sets up its own chips
    is a plant that replaced them (the defaults are tested in tests/test_reasons.py)."""
    s.execute(delete(ReasonTag).where(ReasonTag.code.like("std-%")))


def tag(s: Session, code: str, polarity: str = "negative") -> ReasonTag:
    t = ReasonTag(code=code, polarity=polarity, label_ru=code, label_en=code)
    s.add(t)
    s.flush()
    return t


def rate(s: Session, config: Config, rater: Employee, supplier: Employee, score: int,
         when: dt.datetime, **kw: object) -> RatingOutcome:
    out = record_rating(s, config, rater_id=rater.id, supplier_id=supplier.id, score=score,
                        created_at=when, **kw)  # type: ignore[arg-type]
    assert out.status == "recorded", out
    return out
