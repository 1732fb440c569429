"""Test data for the engagement tests: departments, people and ratings with their rollups."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from shared.db.models import Department, Employee, Rating
from shared.domain.rollups import RatingFact, apply_ratings
from shared.ids import uuid7

TZ = ZoneInfo("Europe/Moscow")


def department(s: Session, name: str, parent_id: int | None = None) -> int:
    dep = Department(name=name, parent_id=parent_id)
    s.add(dep)
    s.flush()
    return dep.id


def person(s: Session, no: str, department_id: int, manager_id: int | None = None,
           role: str = "worker", active: bool = True, segment_id: int | None = None) -> int:
    emp = Employee(personnel_no=no, full_name=f"Person {no}", department_id=department_id,
                   manager_id=manager_id, role=role, active=active, segment_id=segment_id)
    s.add(emp)
    s.flush()
    return emp.id


def set_head(s: Session, department_id: int, head_id: int) -> None:
    dep = s.get(Department, department_id)
    assert dep is not None
    dep.head_id = head_id
    s.flush()


def rate(s: Session, rater_id: int, supplier_id: int, score: int, at: dt.datetime) -> None:
    """Insert one ok rating at ``at`` (UTC) and add it to the rollups, as record_rating does."""
    rater = s.get(Employee, rater_id)
    supplier = s.get(Employee, supplier_id)
    assert rater is not None and supplier is not None
    day = at.astimezone(TZ).date()
    s.execute(insert(Rating), [dict(
        uuid=uuid7(), rater_id=rater_id, supplier_id=supplier_id,
        rater_department_id=rater.department_id, supplier_department_id=supplier.department_id,
        score=score, created_at=at, day=day, received_at=at, status="ok")])
    apply_ratings(s, [RatingFact(rater_id, supplier_id, rater.department_id,
                                 supplier.department_id, score, day)])


def utc(y: int, m: int, d: int, h: int = 12, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=dt.UTC)


def rated_by_many(s: Session, supplier_id: int, scores: list[int], at: dt.datetime,
                  department_id: int, prefix: str) -> list[int]:
    """``len(scores)`` new distinct clients each rate ``supplier_id`` once at ``at``."""
    clients = []
    for i, score in enumerate(scores):
        client = person(s, f"{prefix}{i}", department_id)
        rate(s, client, supplier_id, score, at + dt.timedelta(minutes=i))
        clients.append(client)
    return clients
