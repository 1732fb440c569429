"""Public figures of groups: departments (with their sub-departments), the company, the
department-to-department matrix and weekly trends, each with k and the differencing guard.

Re-exported by ``shared.domain.public``; read that module's doc first. Department figures
include the whole subtree and use the supplier's department at the time of each rating.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

from sqlalchemy import Date, and_, cast, distinct, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from shared.config import Config
from shared.db.models import (
    Department,
    Rating,
    RollupDeptPairDay,
    RollupRaterDay,
    RollupSupplierDay,
)
from shared.domain.anonymity import (
    WITHHELD_DIFFERENCING,
    WITHHELD_K,
    GroupFigure,
    differencing_withheld,
    k_of,
    meets_k,
)
from shared.domain.departments import DepartmentTree
from shared.domain.periods import Period, iso_week_label, week_start

__all__ = ["GroupScore", "DepartmentScore", "MatrixCell", "TrendPoint", "company_score",
           "department_scores", "department_matrix", "weekly_trend"]

COMPANY = "company"


@dataclass(frozen=True)
class GroupScore:
    n: int
    clients: int
    mean: float | None
    csat: float | None
    withheld: bool
    withheld_reason: str | None  # "k" | "differencing" | None


@dataclass(frozen=True)
class DepartmentScore:
    department_id: int
    name: str
    name_en: str | None
    parent_id: int | None
    group: str | None
    score: GroupScore

    @property
    def withheld(self) -> bool:
        return self.score.withheld


@dataclass(frozen=True)
class MatrixCell:
    client_department_id: int
    supplier_department_id: int
    score: GroupScore

    @property
    def withheld(self) -> bool:
        return self.score.withheld


@dataclass(frozen=True)
class TrendPoint:
    week: str
    start: dt.date
    score: GroupScore

    @property
    def withheld(self) -> bool:
        return self.score.withheld


def _score(n: int, total: int, happy: int, clients: int, k: int,
           differencing: bool = False) -> GroupScore:
    if not meets_k(clients, k) or not n:
        return GroupScore(n, clients, None, None, True, WITHHELD_K)
    if differencing:
        return GroupScore(n, clients, None, None, True, WITHHELD_DIFFERENCING)
    return GroupScore(n, clients, total / n, happy / n, False, None)


def _in_period(config: Config, period: Period) -> ColumnElement[bool]:
    lo, hi = period.utc_bounds(config.tz)
    return and_(Rating.status == "ok", Rating.created_at >= lo, Rating.created_at < hi)


def _distinct_raters(session: Session, config: Config, period: Period,
                     include: list[int] | None, exclude: list[int]) -> int:
    q = select(func.count(distinct(Rating.rater_id))).where(_in_period(config, period))
    if include is not None:
        q = q.where(Rating.supplier_department_id.in_(include))
    if exclude:
        q = q.where(Rating.supplier_department_id.not_in(exclude))
    return int(session.scalar(q) or 0)


def company_score(session: Session, config: Config, period: Period) -> GroupScore:
    """Company-wide volume, distinct clients, mean and CSAT in the period."""
    n, total, happy = session.execute(
        select(func.coalesce(func.sum(RollupSupplierDay.n), 0),
               func.coalesce(func.sum(RollupSupplierDay.score_sum), 0),
               func.coalesce(func.sum(RollupSupplierDay.n_happy), 0))
        .where(RollupSupplierDay.day.between(period.start, period.end))).one()
    clients = session.scalar(select(func.count(distinct(RollupRaterDay.rater_id)))
                             .where(RollupRaterDay.day.between(period.start, period.end)))
    return _score(int(n), int(total), int(happy), int(clients or 0), k_of(config))


def _subtree_clients(session: Session, config: Config, period: Period) -> dict[int, int]:
    """Distinct clients of each department's subtree, by one recursive query."""
    d = Department.__table__
    tree = select(d.c.id.label("ancestor_id"), d.c.id.label("department_id")) \
        .cte("dept_tree", recursive=True)
    child = d.alias("child")
    tree = tree.union_all(select(tree.c.ancestor_id, child.c.id)
                          .where(child.c.parent_id == tree.c.department_id))
    pairs = (select(Rating.supplier_department_id.label("dep"), Rating.rater_id.label("rater"))
             .where(_in_period(config, period)).distinct().subquery("pairs"))
    q = (select(tree.c.ancestor_id, func.count(distinct(pairs.c.rater)))
         .select_from(tree).join(pairs, pairs.c.dep == tree.c.department_id)
         .group_by(tree.c.ancestor_id))
    return {a: int(c) for a, c in session.execute(q)}


def department_scores(session: Session, config: Config, period: Period,
                      department_id: int | None = None) -> list[DepartmentScore]:
    """Every department's figures including its sub-departments (or only ``department_id``'s
    subtree). A department is withheld below k, or (``differencing``) when it and the
    company or an enclosing department that are shown would isolate fewer than k clients.
    The guard always runs on the whole tree, so any filter gives the same answer."""
    k = k_of(config)
    tree = DepartmentTree.load(session)
    own: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for dep, n, total, happy in session.execute(
            select(RollupSupplierDay.supplier_department_id, func.sum(RollupSupplierDay.n),
                   func.sum(RollupSupplierDay.score_sum), func.sum(RollupSupplierDay.n_happy))
            .where(RollupSupplierDay.day.between(period.start, period.end))
            .group_by(RollupSupplierDay.supplier_department_id)):
        own[dep] = [int(n), int(total), int(happy)]
    sums: dict[int, list[int]] = {}
    for dep_id in tree.departments:
        acc = [0, 0, 0]
        for sub in tree.subtree(dep_id):
            for i, v in enumerate(own.get(sub, (0, 0, 0))):
                acc[i] += v
        sums[dep_id] = acc
    clients = _subtree_clients(session, config, period) if own else {}
    company = company_score(session, config, period)
    figures: dict[Hashable, GroupFigure] = {COMPANY: GroupFigure(company.n, company.clients)}
    figures.update({d: GroupFigure(sums[d][0], clients.get(d, 0)) for d in tree.departments})
    children: dict[Hashable, list[Hashable]] = {COMPANY: list(tree.roots)}
    children.update({d: list(tree.children.get(d, [])) for d in tree.departments})

    def exact(group: Hashable, subs: tuple[Hashable, ...]) -> int:
        include = None if group == COMPANY else tree.subtree(int(group))  # type: ignore[call-overload]
        exclude = [x for s in subs for x in tree.subtree(int(s))]  # type: ignore[call-overload]
        return _distinct_raters(session, config, period, include, exclude)

    hidden = differencing_withheld(figures, children, [COMPANY], k, exact)
    wanted = tree.subtree(department_id) if department_id is not None else list(tree.departments)
    out = []
    for dep_id in wanted:
        info = tree.departments.get(dep_id)
        if info is None:
            continue
        n, total, happy = sums[dep_id]
        out.append(DepartmentScore(dep_id, info.name, info.name_en, info.parent_id, info.group,
                                   _score(n, total, happy, clients.get(dep_id, 0), k,
                                          dep_id in hidden)))
    return out


def department_matrix(session: Session, config: Config, period: Period,
                      level: str = "top") -> list[MatrixCell]:
    """Client department -> supplier department cells (``level="top"``: top-level
    departments, whole subtrees; ``"leaf"``: departments as stored). Cells of one call are
    disjoint; a supplier column's total (shown by ``department_scores`` at the top level)
    minus its shown cells must not isolate fewer than k clients, else more cells are
    withheld (complementary suppression through the same guard)."""
    if level not in ("top", "leaf"):
        raise ValueError("level is 'top' or 'leaf'")
    k = k_of(config)
    tree = DepartmentTree.load(session)

    def cell_of(dep: int) -> int:
        return tree.root_of(dep) if level == "top" else dep

    sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for c, s, n, total, happy in session.execute(
            select(RollupDeptPairDay.client_department_id,
                   RollupDeptPairDay.supplier_department_id, func.sum(RollupDeptPairDay.n),
                   func.sum(RollupDeptPairDay.score_sum), func.sum(RollupDeptPairDay.n_happy))
            .where(RollupDeptPairDay.day.between(period.start, period.end))
            .group_by(RollupDeptPairDay.client_department_id,
                      RollupDeptPairDay.supplier_department_id)):
        acc = sums[(cell_of(c), cell_of(s))]
        acc[0] += int(n)
        acc[1] += int(total)
        acc[2] += int(happy)
    if not sums:
        return []
    # Distinct clients per cell and per supplier column: COUNT(DISTINCT) over the period's
    # ratings, departments mapped to their top-level root in SQL for the top level.
    raw = session.execute(
        select(Rating.rater_department_id, Rating.supplier_department_id,
               func.count(distinct(Rating.rater_id)))
        .where(_in_period(config, period))
        .group_by(Rating.rater_department_id, Rating.supplier_department_id)).all() \
        if level == "leaf" else None
    if raw is not None:
        clients = {(c, s): int(n) for c, s, n in raw}
        column_clients = {s: int(n) for s, n in session.execute(
            select(Rating.supplier_department_id, func.count(distinct(Rating.rater_id)))
            .where(_in_period(config, period)).group_by(Rating.supplier_department_id))}
    else:
        clients, column_clients = _top_level_clients(session, config, period)
    figures: dict[Hashable, GroupFigure] = {
        key: GroupFigure(v[0], clients.get(key, 0)) for key, v in sums.items()}
    columns: dict[Hashable, list[Hashable]] = defaultdict(list)
    for key in sums:
        columns[("column", key[1])].append(key)
    for col, cells in columns.items():
        figures[col] = GroupFigure(sum(figures[c].n for c in cells),
                                   column_clients.get(col[1], 0))  # type: ignore[index]

    def exact(group: Hashable, subs: tuple[Hashable, ...]) -> int:
        sup = group[1]  # type: ignore[index]
        members = tree.subtree(sup) if level == "top" else [sup]
        excluded = [d for s in subs for d in
                    (tree.subtree(s[0]) if level == "top" else [s[0]])]  # type: ignore[index]
        q = select(func.count(distinct(Rating.rater_id))).where(
            _in_period(config, period), Rating.supplier_department_id.in_(members))
        if excluded:
            q = q.where(Rating.rater_department_id.not_in(excluded))
        return int(session.scalar(q) or 0)

    hidden = differencing_withheld(figures, dict(columns), list(columns), k, exact)
    out = [MatrixCell(c, s, _score(v[0], v[1], v[2], clients.get((c, s), 0), k,
                                   (c, s) in hidden))
           for (c, s), v in sums.items()]
    out.sort(key=lambda m: (m.client_department_id, m.supplier_department_id))
    return out


def _top_level_clients(session: Session, config: Config, period: Period,
                       ) -> tuple[dict[tuple[int, int], int], dict[int, int]]:
    """Distinct clients per (client root, supplier root) and per supplier root."""
    d = Department.__table__
    roots = select(d.c.id.label("department_id"), d.c.id.label("root_id")) \
        .where(d.c.parent_id.is_(None)).cte("dept_roots", recursive=True)
    child = d.alias("child")
    roots = roots.union_all(select(child.c.id, roots.c.root_id)
                            .where(child.c.parent_id == roots.c.department_id))
    rc, rs = roots.alias("rc"), roots.alias("rs")
    triples = (select(rc.c.root_id.label("c"), rs.c.root_id.label("s"),
                      Rating.rater_id.label("rater"))
               .select_from(Rating)
               .join(rc, rc.c.department_id == Rating.rater_department_id)
               .join(rs, rs.c.department_id == Rating.supplier_department_id)
               .where(_in_period(config, period)).distinct().subquery("triples"))
    cells = {(c, s): int(n) for c, s, n in session.execute(
        select(triples.c.c, triples.c.s, func.count()).group_by(triples.c.c, triples.c.s))}
    columns = {s: int(n) for s, n in session.execute(
        select(triples.c.s, func.count(distinct(triples.c.rater))).group_by(triples.c.s))}
    return cells, columns


def _week_of(session: Session, column: ColumnElement[dt.date]) -> ColumnElement[object]:
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.date_trunc("week", column), Date)
    return func.date(column, "-6 days", "weekday 1")


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def weekly_trend(session: Session, config: Config, start: dt.date, end: dt.date,
                 department_group: str | None = None) -> list[TrendPoint]:
    """Per ISO week from ``start`` to ``end``: volume, distinct clients, mean and CSAT, company
    wide or for suppliers in departments of one ``group`` (e.g. "services"). A group's week
    is also withheld when it differs from the company's week by fewer than k clients."""
    k = k_of(config)
    period = Period(week_start(start), end)
    week = _week_of(session, RollupSupplierDay.day)
    q = (select(week, func.sum(RollupSupplierDay.n), func.sum(RollupSupplierDay.score_sum),
                func.sum(RollupSupplierDay.n_happy))
         .where(RollupSupplierDay.day.between(period.start, period.end)).group_by(week))
    company_sums = {_as_date(w): (int(n), int(t), int(h)) for w, n, t, h in session.execute(q)}
    rweek = _week_of(session, RollupRaterDay.day)
    company_clients = {_as_date(w): int(c) for w, c in session.execute(
        select(rweek, func.count(distinct(RollupRaterDay.rater_id)))
        .where(RollupRaterDay.day.between(period.start, period.end)).group_by(rweek))}
    sums, clients = company_sums, company_clients
    group_deps: list[int] = []
    if department_group is not None:
        group_deps = list(session.execute(select(Department.id).where(
            Department.group == department_group)).scalars())
        sums = {_as_date(w): (int(n), int(t), int(h)) for w, n, t, h in session.execute(
            q.where(RollupSupplierDay.supplier_department_id.in_(group_deps)))}
        gweek = _week_of(session, Rating.day)
        clients = {_as_date(w): int(c) for w, c in session.execute(
            select(gweek, func.count(distinct(Rating.rater_id)))
            .where(_in_period(config, period), Rating.supplier_department_id.in_(group_deps))
            .group_by(gweek))}
    out = []
    monday = period.start
    while monday <= end:
        n, total, happy = sums.get(monday, (0, 0, 0))
        c = clients.get(monday, 0)
        hidden = False
        if department_group is not None and meets_k(c, k):
            cn = company_sums.get(monday, (0, 0, 0))[0]
            figures: dict[Hashable, GroupFigure] = {
                COMPANY: GroupFigure(cn, company_clients.get(monday, 0)),
                "group": GroupFigure(n, c)}
            wk = Period(monday, monday + dt.timedelta(days=6))

            def exact(_g: Hashable, _s: tuple[Hashable, ...], wk: Period = wk) -> int:
                return _distinct_raters(session, config, wk, None, group_deps)

            hidden = "group" in differencing_withheld(figures, {COMPANY: ["group"]}, [COMPANY],
                                                      k, exact)
        out.append(TrendPoint(iso_week_label(monday), monday,
                              _score(n, total, happy, c, k, hidden)))
        monday += dt.timedelta(days=7)
    return out
