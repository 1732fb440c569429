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

from sqlalchemy import bindparam, cast, func, literal, null, or_, select, union_all
from sqlalchemy.orm import Session

from shared.db.base import UTCDateTime
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
    gender: str | None = None  # the directory's 'm' / 'f'; None: the patronymic tells


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
                 _D.name, _D.name_en, _E.photo.is_not(None), _E.gender)
          .join_from(Employee.__table__, Department.__table__, _D.id == _E.department_id)
          .where(_E.id.in_(bindparam("ids", expanding=True)), _E.active.is_(True)))
# The client's own suppliers in one statement (one round trip on PostgreSQL instead of up
# to six): rows of source 0 = the people the client rated (most recent first, the latest
# ``n`` pairs), 1 = people configured for the client's department or segment, 2 = members
# of departments configured for it -- each with its card columns, active people only.
_CARD_COLS = (_E.id, _E.personnel_no, _E.full_name, _E.full_name_en, _E.department_id,
              _D.name, _D.name_en, _E.photo.is_not(None), _E.gender)
_CLIENT_DEP = select(_E.department_id).where(_E.id == bindparam("e")).scalar_subquery()
_CLIENT_SEG = select(_E.segment_id).where(_E.id == bindparam("e")).scalar_subquery()
_LINKED = or_(_L.client_department_id == _CLIENT_DEP, _L.client_segment_id == _CLIENT_SEG)
_RATED = (select(_R.supplier_id, func.max(_R.created_at).label("last"))
          .where(_R.rater_id == bindparam("e"))
          .group_by(_R.supplier_id)
          .order_by(func.max(_R.created_at).desc(), _R.supplier_id)
          .limit(bindparam("n"))
          .subquery("rated"))
# A configured department can have thousands of people: take the first ``n`` in index order
# (no sort of the whole department, which cost ~30 ms at 3,000 people); Python sorts those
# by name.
_MEMBERS = (select(_E.id)
            .where(_E.department_id.in_(select(_L.supplier_department_id)
                                        .where(_LINKED, _L.supplier_employee_id.is_(None),
                                               _L.supplier_department_id.is_not(None))),
                   _E.active.is_(True), _E.id != bindparam("e"))
            .limit(bindparam("n"))
            .subquery("members"))
_OWN = union_all(
    select(literal(0).label("src"), _RATED.c.last, *_CARD_COLS)
    .join_from(_RATED, Employee.__table__, _E.id == _RATED.c.supplier_id)
    .join(Department.__table__, _D.id == _E.department_id)
    .where(_E.active.is_(True), _E.id != bindparam("e")),
    select(literal(1), cast(null(), UTCDateTime), *_CARD_COLS)
    .join_from(Employee.__table__, Department.__table__, _D.id == _E.department_id)
    .where(_E.id.in_(select(_L.supplier_employee_id)
                     .where(_LINKED, _L.supplier_employee_id.is_not(None))),
           _E.active.is_(True), _E.id != bindparam("e")),
    select(literal(2), cast(null(), UTCDateTime), *_CARD_COLS)
    .join_from(_MEMBERS, Employee.__table__, _E.id == _MEMBERS.c.id)
    .join(Department.__table__, _D.id == _E.department_id),
)


def _cards(session: Session, ids: list[int],
           last_rated: dict[int, dt.datetime] | None = None) -> dict[int, SupplierCard]:
    """Cards of the active people among ``ids``."""
    if not ids:
        return {}
    last_rated = last_rated or {}
    return {r[0]: SupplierCard(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]),
                               last_rated.get(r[0]), r[8])
            for r in session.execute(_CARDS, {"ids": ids})}


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _aware(value: dt.datetime | str) -> dt.datetime:
    if isinstance(value, str):  # SQLite returns MAX() of a timestamp as text
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def own_suppliers(session: Session, client_id: int, limit: int = 30) -> list[SupplierCard]:
    """The client's own suppliers: people they rated before (most recent first), then the
    suppliers configured for their department or segment (by name). Active people only."""
    rated: list[SupplierCard] = []
    configured: dict[int, SupplierCard] = {}
    for src, last, i, pno, name, name_en, dep, dep_name, dep_name_en, photo, sex in \
            session.execute(_OWN, {"e": client_id, "n": limit * 2}):
        card = SupplierCard(i, pno, name, name_en, dep, dep_name, dep_name_en, bool(photo),
                            _aware(last) if src == 0 else None, sex)
        if src == 0:
            rated.append(card)
        else:
            configured[i] = card
    rated.sort(key=lambda c: (-(c.last_rated_at or _EPOCH).timestamp(), c.employee_id))
    rated_ids = {c.employee_id for c in rated}
    by_name = sorted(configured.values(),
                     key=lambda c: (fold_name(c.full_name), c.employee_id))[:limit * 2]
    return (rated + [c for c in by_name if c.employee_id not in rated_ids])[:limit]


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
