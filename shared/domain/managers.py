"""Who decides a matter about a person: their manager or department head, up past parties.

Disputes (the arbiter of a rejected dispute) and proposals (the decider of an improvement
proposal) both go to "the person's manager"; SPEC 7.5: a manager never decides a matter in
which they are a party, it goes one level up. One chain for both, so a department whose
head is set but whose people have no ``manager`` in the HR file routes both the same way.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.models import Department, Employee

__all__ = ["boss_of", "decider_for"]


def boss_of(session: Session, emp: Employee) -> Employee | None:
    """The person's manager, else the head of their department or of a parent department."""
    if emp.manager_id is not None:
        return session.get(Employee, emp.manager_id)
    dep: Department | None = session.get(Department, emp.department_id)
    seen: set[int] = set()
    while dep is not None and dep.id not in seen:
        seen.add(dep.id)
        if dep.head_id is not None and dep.head_id != emp.id:
            return session.get(Employee, dep.head_id)
        dep = session.get(Department, dep.parent_id) if dep.parent_id is not None else None
    return None


def decider_for(session: Session, subject_id: int, parties: Collection[int]) -> int | None:
    """The subject's boss; one level up while that person is a party or inactive; an active
    admin who is not a party (the lowest id, so the choice is stable) above the top of the
    tree; None if the site has no such admin."""
    excluded = set(parties)
    subject = session.get(Employee, subject_id)
    seen: set[int] = set()
    candidate = boss_of(session, subject) if subject is not None else None
    # One small query per level: manager chains are a handful of levels deep.
    while candidate is not None and candidate.id not in seen:
        seen.add(candidate.id)
        if candidate.id not in excluded and candidate.active:
            return candidate.id
        candidate = boss_of(session, candidate)
    return session.execute(
        select(Employee.id).where(Employee.role == "admin", Employee.active.is_(True),
                                  Employee.id.not_in(excluded))
        .order_by(Employee.id).limit(1)).scalar_one_or_none()
