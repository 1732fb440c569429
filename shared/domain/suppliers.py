"""Finding a supplier on the kiosk: own suppliers first, name search (Cyrillic too), departments.

Name search is done on casefolded names in Python, not with SQL ``lower()``: SQLite's
``lower()``/``LIKE`` fold ASCII only, and PostgreSQL's depend on the database locale. The
name list (id, names, personnel number of active employees: ~25,000 short rows) is cached
per database and refreshed when the directory changes (count or latest ``updated_at``).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from shared.db.models import Department, Employee, Rating, SupplierLink

__all__ = ["SupplierCard", "DepartmentNode", "own_suppliers", "search_suppliers",
           "departments_tree", "suppliers_in_department", "fold_name"]


@dataclass(frozen=True)
class SupplierCard:
    employee_id: int
    personnel_no: str
    full_name: str
    full_name_en: str | None
    department_id: int
    department_name: str
    department_name_en: str | None
    has_photo: bool
    last_rated_at: dt.datetime | None = None


@dataclass
class DepartmentNode:
    id: int
    name: str
    name_en: str | None
    parent_id: int | None
    n_employees: int  # active employees directly in this department
    children: list[DepartmentNode] = field(default_factory=list)


def fold_name(text: str) -> str:
    """Case- and ``ё``-insensitive form of a name for matching."""
    return " ".join(text.casefold().replace("ё", "е").split())


# Built once (the kiosk runs them on every badge tap): Core statements with bound parameters.
_E = Employee.__table__.c
_D = Department.__table__.c
_R = Rating.__table__.c
_L = SupplierLink.__table__.c
_CARDS = (select(_E.id, _E.personnel_no, _E.full_name, _E.full_name_en, _E.department_id,
                 _D.name, _D.name_en, _E.photo.is_not(None))
          .join_from(Employee.__table__, Department.__table__, _D.id == _E.department_id)
          .where(_E.id.in_(bindparam("ids", expanding=True)), _E.active.is_(True)))
_CLIENT = select(_E.department_id, _E.segment_id).where(_E.id == bindparam("e"))
_RATED = (select(_R.supplier_id, func.max(_R.created_at))
          .where(_R.rater_id == bindparam("e"))
          .group_by(_R.supplier_id)
          .order_by(func.max(_R.created_at).desc())
          .limit(bindparam("n")))
_LINKS = (select(_L.supplier_employee_id, _L.supplier_department_id)
          .where(or_(_L.client_department_id == bindparam("dep"),
                     _L.client_segment_id == bindparam("seg"))))
# Two statements, not one with OR: each uses its index (primary key; department).
_CONFIGURED_PEOPLE = (select(_E.id, _E.full_name)
                      .where(_E.active.is_(True), _E.id != bindparam("e"),
                             _E.id.in_(bindparam("people", expanding=True))))
# A configured department can have thousands of people: take the first ``n`` in index order
# (no sort of the whole department, which cost ~30 ms at 3,000 people) and sort those by name.
_CONFIGURED_MEMBERS = (select(_E.id, _E.full_name)
                       .where(_E.department_id.in_(bindparam("deps", expanding=True)),
                              _E.active.is_(True), _E.id != bindparam("e"))
                       .limit(bindparam("n")))


def _cards(session: Session, ids: list[int],
           last_rated: dict[int, dt.datetime] | None = None) -> dict[int, SupplierCard]:
    """Cards of the active people among ``ids``."""
    if not ids:
        return {}
    last_rated = last_rated or {}
    return {r[0]: SupplierCard(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]),
                               last_rated.get(r[0]))
            for r in session.execute(_CARDS, {"ids": ids})}


def _aware(value: dt.datetime | str) -> dt.datetime:
    if isinstance(value, str):  # SQLite returns MAX() of a timestamp as text
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def own_suppliers(session: Session, client_id: int, limit: int = 30) -> list[SupplierCard]:
    """The client's own suppliers: people they rated before (most recent first), then the
    suppliers configured for their department or segment (by name). Active people only."""
    client = session.execute(_CLIENT, {"e": client_id}).first()
    if client is None:
        return []
    dep_id, seg_id = client
    last_rated = {sid: _aware(last) for sid, last in
                  session.execute(_RATED, {"e": client_id, "n": limit * 2})}
    links = session.execute(_LINKS, {"dep": dep_id, "seg": seg_id}).all()
    configured_people = sorted({e for e, _ in links if e is not None})
    configured_deps = sorted({d for e, d in links if e is None and d is not None})
    configured: list[int] = []
    if configured_people or configured_deps:
        named: dict[int, str] = {}
        if configured_people:
            named.update((i, n) for i, n in session.execute(_CONFIGURED_PEOPLE, {
                "e": client_id, "people": configured_people}))
        if configured_deps:
            named.update((i, n) for i, n in session.execute(_CONFIGURED_MEMBERS, {
                "e": client_id, "deps": configured_deps, "n": limit * 2}))
        configured = sorted(named, key=lambda i: fold_name(named[i]))[:limit * 2]
    ids = [sid for sid in last_rated if sid != client_id]
    ids += [sid for sid in configured if sid not in last_rated]
    cards = _cards(session, ids, last_rated)
    return [cards[i] for i in ids if i in cards][:limit]


class _NameIndex:
    """Casefolded names of active employees, cached per database URL."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[tuple[object, ...], list[tuple[int, str, str]]]] = {}

    def entries(self, session: Session) -> list[tuple[int, str, str]]:
        bind = session.get_bind()
        key = str(bind.engine.url) if hasattr(bind, "engine") else str(id(bind))
        stamp = tuple(session.execute(select(func.count(Employee.id),
                                             func.max(Employee.updated_at))).one())
        with self._lock:
            cached = self._cache.get(key)
            if cached and cached[0] == stamp:
                return cached[1]
        rows = session.execute(select(Employee.id, Employee.full_name, Employee.full_name_en,
                                      Employee.personnel_no)
                               .where(Employee.active.is_(True))).all()
        entries = [(i, fold_name(f"{n} {en or ''}"), pno.casefold()) for i, n, en, pno in rows]
        with self._lock:
            self._cache[key] = (stamp, entries)
        return entries


_NAMES = _NameIndex()


def search_suppliers(session: Session, text: str, limit: int = 30, *,
                     exclude_id: int | None = None) -> list[SupplierCard]:
    """Active people whose Russian or English name contains every word typed (any order,
    any case, ``ё`` = ``е``), or whose personnel number starts with the text. Names that
    start with the text come first."""
    words = fold_name(text).split()
    if not words:
        return []
    query = " ".join(words)
    scored: list[tuple[int, int]] = []
    for emp_id, name, pno in _NAMES.entries(session):
        if emp_id == exclude_id:
            continue
        if pno.startswith(query):
            scored.append((0, emp_id))
        elif all(w in name for w in words):
            rank = 1 if name.startswith(query) else 2 if f" {words[0]}" in f" {name}" else 3
            scored.append((rank, emp_id))
    scored.sort()
    ids = [i for _, i in scored[:limit * 3]]
    cards = _cards(session, ids)
    rank_of = {i: r for r, i in scored}
    ordered = sorted(cards.values(), key=lambda c: (rank_of[c.employee_id], fold_name(c.full_name)))
    return ordered[:limit]


def departments_tree(session: Session) -> list[DepartmentNode]:
    """All departments as a forest (roots sorted by name), with active head counts."""
    counts = dict(session.execute(select(Employee.department_id, func.count(Employee.id))
                                  .where(Employee.active.is_(True))
                                  .group_by(Employee.department_id)).all())
    nodes = {d.id: DepartmentNode(d.id, d.name, d.name_en, d.parent_id, counts.get(d.id, 0))
             for d in session.execute(select(Department).order_by(Department.name)).scalars()}
    roots: list[DepartmentNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id is not None else None
        (parent.children if parent else roots).append(node)
    return roots


def suppliers_in_department(session: Session, department_id: int, *,
                            exclude_id: int | None = None) -> list[SupplierCard]:
    """Active people of one department (not its sub-departments), by name."""
    q = select(Employee.id).where(Employee.department_id == department_id,
                                  Employee.active.is_(True))
    if exclude_id is not None:
        q = q.where(Employee.id != exclude_id)
    ids = list(session.execute(q).scalars())
    return sorted(_cards(session, ids).values(), key=lambda c: fold_name(c.full_name))
