"""Public figures of groups: departments (with their sub-departments), the company, the
department-to-department matrix and weekly trends, each with k and the differencing guard.

Re-exported by ``shared.domain.public``; read that module's doc first. Department figures
include the whole subtree and use the supplier's department at the time of each rating.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Date,
    TextClause,
    and_,
    bindparam,
    case,
    cast,
    distinct,
    func,
    literal,
    select,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from shared.config import Config
from shared.db.base import UTCDateTime
from shared.db.models import (
    Department,
    Rating,
    RollupClientWeek,
    RollupDeptPairDay,
    RollupRaterDay,
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

__all__ = ["GroupScore", "DepartmentScore", "LiveClients", "MatrixCell", "TrendPoint",
           "company_score",
           "department_scores", "department_matrix", "weekly_trend", "weekly_trends"]

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


class LiveClients:
    """Distinct clients of the period's ratings per client department -> supplier department
    pair (departments as stored) and per supplier department's subtree, as one read of the
    period gave them (``public.onepass``): what ``department_scores`` and
    ``department_matrix(level="leaf")`` would otherwise count with COUNT(DISTINCT) scans of
    the same ratings. Every union below is of those sets."""

    def __init__(self, pairs: dict[tuple[int, int], set[int]],
                 subtrees: dict[int, set[int]]) -> None:
        self.pairs = pairs
        self.subtrees = subtrees
        self.by_supplier: dict[int, list[tuple[int, set[int]]]] = defaultdict(list)
        for (client_dep, supplier_dep), raters in pairs.items():
            self.by_supplier[supplier_dep].append((client_dep, raters))

    def of(self, supplier_deps: Sequence[int] | None, *, not_supplier: Sequence[int] = (),
           not_client: Sequence[int] = ()) -> int:
        """Distinct clients of the ratings given to ``supplier_deps`` (None: any) outside
        ``not_supplier`` and from clients outside ``not_client``."""
        deps = self.by_supplier if supplier_deps is None else supplier_deps
        skip_s, skip_c = set(not_supplier), set(not_client)
        out: set[int] = set()
        for dep in deps:
            if dep in skip_s:
                continue
            for client_dep, raters in self.by_supplier.get(dep, ()):
                if client_dep not in skip_c:
                    out |= raters
        return len(out)


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
        select(func.coalesce(func.sum(RollupDeptPairDay.n), 0),
               func.coalesce(func.sum(RollupDeptPairDay.score_sum), 0),
               func.coalesce(func.sum(RollupDeptPairDay.n_happy), 0))
        .where(RollupDeptPairDay.day.between(period.start, period.end))).one()
    clients = session.scalar(select(func.count(distinct(RollupRaterDay.rater_id)))
                             .where(RollupRaterDay.day.between(period.start, period.end)))
    return _score(int(n), int(total), int(happy), int(clients or 0), k_of(config))


def _period_binds(config: Config, period: Period) -> dict[str, dt.datetime]:
    lo, hi = period.utc_bounds(config.tz)
    return {"lo": lo, "hi": hi}


def _typed(sql: str) -> TextClause:
    return text(sql).bindparams(bindparam("lo", type_=UTCDateTime()),
                                bindparam("hi", type_=UTCDateTime()))


def _chain(alias: str, dep_column: str, depth: int) -> tuple[str, list[str]]:
    """Joins from a department column up ``depth`` levels of parents (primary-key look-ups)
    and the ancestor id expressions, the department itself first."""
    joins = [f"JOIN departments {alias}0 ON {alias}0.id = {dep_column}"]
    for i in range(1, depth + 1):
        joins.append(f"LEFT JOIN departments {alias}{i} "
                     f"ON {alias}{i}.id = {alias}{i - 1}.parent_id")
    return " ".join(joins), [f"{alias}{i}.id" for i in range(depth + 1)]


def _deepest(ancestors: list[str]) -> str:
    """The last non-null of a chain of ancestors: the top-level department."""
    if len(ancestors) == 1:
        return ancestors[0]
    return f"COALESCE({', '.join(reversed(ancestors))})"


_PERIOD_RATINGS = "status = 'ok' AND created_at >= :lo AND created_at < :hi"


def _subtree_clients(session: Session, config: Config, period: Period,
                     tree: DepartmentTree) -> tuple[dict[int, int], dict[int, int]]:
    """Distinct clients of each department's subtree and of its own ratings (without its
    sub-departments), in one statement: every rating of the period paired with each
    ancestor of its department (a chain of primary-key joins as deep as the tree). The
    ratings are first reduced to their distinct (client, department) pairs: a client rates
    the same departments many times a month, and only the pairs are joined and counted."""
    depth = tree.depth()
    joins, ancestors = _chain("a", "p.dep", depth)
    columns = ", ".join(f"{a} AS a{i}" for i, a in enumerate(ancestors))
    exploded = " UNION ALL ".join(
        f"SELECT a{i} AS anc, rater FROM chain" + (f" WHERE a{i} IS NOT NULL" if i else "")
        for i in range(depth + 1))
    sql = f"""
        WITH pairs AS MATERIALIZED (
            SELECT DISTINCT rater_id AS rater, supplier_department_id AS dep FROM ratings
            WHERE {_PERIOD_RATINGS}),
        chain AS MATERIALIZED (SELECT p.rater AS rater, {columns} FROM pairs p {joins})
        SELECT 0, anc, COUNT(DISTINCT rater) FROM ({exploded}) x GROUP BY anc
        UNION ALL
        SELECT 1, a0, COUNT(DISTINCT rater) FROM chain GROUP BY a0"""
    subtree: dict[int, int] = {}
    own: dict[int, int] = {}
    for kind, dep, n in session.execute(_typed(sql), _period_binds(config, period)):
        (own if kind else subtree)[int(dep)] = int(n)
    return subtree, own


def department_scores(session: Session, config: Config, period: Period,
                      department_id: int | None = None, *,
                      live: LiveClients | None = None) -> list[DepartmentScore]:
    """Every department's figures including its sub-departments (or only ``department_id``'s
    subtree). A department is withheld below k, or (``differencing``) when it and the
    company or an enclosing department that are shown would isolate fewer than k clients.
    The guard always runs on the whole tree, so any filter gives the same answer.
    ``live``: the period's distinct clients as one read of its ratings found them (the
    wallboard's), instead of counting them again."""
    k = k_of(config)
    tree = DepartmentTree.load(session)
    own: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for dep, n, total, happy in session.execute(
            select(RollupDeptPairDay.supplier_department_id, func.sum(RollupDeptPairDay.n),
                   func.sum(RollupDeptPairDay.score_sum), func.sum(RollupDeptPairDay.n_happy))
            .where(RollupDeptPairDay.day.between(period.start, period.end))
            .group_by(RollupDeptPairDay.supplier_department_id)):
        own[dep] = [int(n), int(total), int(happy)]
    sums: dict[int, list[int]] = {}
    for dep_id in tree.departments:
        acc = [0, 0, 0]
        for sub in tree.subtree(dep_id):
            for i, v in enumerate(own.get(sub, (0, 0, 0))):
                acc[i] += v
        sums[dep_id] = acc
    if live is not None:
        clients = {d: len(r) for d, r in live.subtrees.items() if r}
        own_clients = {d: live.of([d]) for d in live.by_supplier}
    else:
        clients, own_clients = _subtree_clients(session, config, period, tree) if own \
            else ({}, {})
    company = company_score(session, config, period)
    figures: dict[Hashable, GroupFigure] = {COMPANY: GroupFigure(company.n, company.clients)}
    figures.update({d: GroupFigure(sums[d][0], clients.get(d, 0)) for d in tree.departments})
    children: dict[Hashable, list[Hashable]] = {COMPANY: list(tree.roots)}
    children.update({d: list(tree.children.get(d, [])) for d in tree.departments})

    def exact(group: Hashable, subs: tuple[Hashable, ...]) -> int:
        # The residual is the own ratings of the departments left once the subs' subtrees
        # are taken out: the largest own-client count is a lower bound, their sum an upper
        # bound; only when k lies between them is the residual counted by a query.
        members = list(tree.departments) if group == COMPANY else tree.subtree(int(group))  # type: ignore[call-overload]
        taken = {x for s in subs for x in tree.subtree(int(s))}  # type: ignore[call-overload]
        rest = [d for d in members if d not in taken]
        pieces = [own_clients.get(d, 0) for d in rest]
        if max(pieces, default=0) >= k or sum(pieces) < k:
            return max(pieces, default=0) if max(pieces, default=0) >= k else sum(pieces)
        include = None if group == COMPANY else members
        if live is not None:
            return live.of(include, not_supplier=sorted(taken))
        return _distinct_raters(session, config, period, include, sorted(taken))

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
                      level: str = "top", *, live: LiveClients | None = None
                      ) -> list[MatrixCell]:
    """Client department -> supplier department cells (``level="top"``: top-level
    departments, whole subtrees; ``"leaf"``: departments as stored). Cells of one call are
    disjoint; a supplier column's total (shown by ``department_scores`` at the top level)
    minus its shown cells must not isolate fewer than k clients, else more cells are
    withheld (complementary suppression through the same guard). ``live`` (leaf level):
    the period's distinct clients as one read found them, as for ``department_scores``."""
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
    if live is not None and level == "leaf":
        clients = {key: len(r) for key, r in live.pairs.items() if r}
        column_clients = {dep: live.of([dep]) for dep in live.by_supplier}
        below_k = {}
        for dep, rated in live.by_supplier.items():
            small: set[int] = set()
            for _client_dep, raters in rated:
                if len(raters) < k:
                    small |= raters
            if small:
                below_k[dep] = len(small)
    else:
        clients, column_clients, below_k = _matrix_clients(session, config, period, tree,
                                                           level)
    figures: dict[Hashable, GroupFigure] = {
        key: GroupFigure(v[0], clients.get(key, 0)) for key, v in sums.items()}
    columns: dict[Hashable, list[Hashable]] = defaultdict(list)
    for key in sums:
        columns[("column", key[1])].append(key)
    for col, cells in columns.items():
        figures[col] = GroupFigure(sum(figures[c].n for c in cells),
                                   column_clients.get(col[1], 0))  # type: ignore[index]

    initial = {col: tuple(c for c in cells if meets_k(figures[c].clients, k))
               for col, cells in columns.items()}

    def exact(group: Hashable, subs: tuple[Hashable, ...]) -> int:
        sup = group[1]  # type: ignore[index]
        if set(subs) == set(initial.get(group, ())):
            return below_k.get(sup, 0)  # counted in the same statement
        members = tree.subtree(sup) if level == "top" else [sup]
        excluded = [d for s in subs for d in
                    (tree.subtree(s[0]) if level == "top" else [s[0]])]  # type: ignore[index]
        if live is not None and level == "leaf":
            return live.of(members, not_client=excluded)
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


def _matrix_clients(session: Session, config: Config, period: Period, tree: DepartmentTree,
                    level: str) -> tuple[dict[tuple[int, int], int], dict[int, int],
                                         dict[int, int]]:
    """In one statement: distinct clients per (client cell, supplier cell), per supplier
    column, and per column over its cells below k (the residual a column total leaves once
    its shown cells are subtracted). Top level: departments mapped to their top-level
    ancestor through chains of primary-key joins (the deepest ancestor found). The ratings
    are first reduced to their distinct (client, departments) triples (about a quarter of
    a month's ratings at plant scale): only those are mapped and counted."""
    triples = (f"SELECT DISTINCT rater_id AS rater, rater_department_id AS c, "
               f"supplier_department_id AS s FROM ratings WHERE {_PERIOD_RATINGS}")
    if level == "top":
        depth = tree.depth()
        cj, c_anc = _chain("c", "t.c", depth)
        sj, s_anc = _chain("s", "t.s", depth)
        mapped = (f"SELECT t.rater AS rater, {_deepest(c_anc)} AS c, {_deepest(s_anc)} AS s "
                  f"FROM t {cj} {sj}")
    else:
        mapped = "SELECT rater, c, s FROM t"
    sql = f"""
        WITH t AS MATERIALIZED ({triples}),
        m AS MATERIALIZED ({mapped}),
        cells AS MATERIALIZED (SELECT c, s, COUNT(DISTINCT rater) AS n FROM m GROUP BY c, s)
        SELECT 0, c, s, n FROM cells
        UNION ALL
        SELECT 1, NULL, s, COUNT(DISTINCT rater) FROM m GROUP BY s
        UNION ALL
        SELECT 2, NULL, m.s, COUNT(DISTINCT m.rater) FROM m
        JOIN cells ON cells.c = m.c AND cells.s = m.s WHERE cells.n < :k GROUP BY m.s"""
    cells: dict[tuple[int, int], int] = {}
    columns: dict[int, int] = {}
    below_k: dict[int, int] = {}
    binds = {**_period_binds(config, period), "k": k_of(config)}
    for kind, c, sup, n in session.execute(_typed(sql), binds):
        if kind == 0:
            cells[(int(c), int(sup))] = int(n)
        elif kind == 1:
            columns[int(sup)] = int(n)
        else:
            below_k[int(sup)] = int(n)
    return cells, columns, below_k


def _week_of(session: Session, column: Any) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.date_trunc("week", column), Date)
    return func.date(column, "-6 days", "weekday 1")


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _group_masks(session: Session, config: Config, first: dt.date, end: dt.date,
                 bit_of: dict[int, int]) -> dict[dt.date, dict[int, int]]:
    """Per week from ``first`` (a Monday) to ``end``: how many clients rated suppliers in
    exactly which department groups (``{week: {mask: clients}}``, one bit per group). One
    pass over ``rollup_client_week`` in key order (week, client): a client's groups are
    folded into a mask, then clients are counted per mask. A last week cut short by ``end``
    with ratings after ``end`` is read from the ratings instead (the rollup holds whole
    weeks)."""
    postgres = session.get_bind().dialect.name == "postgresql"

    def mask(dep_column: Any) -> ColumnElement[Any]:
        # Each department maps to its group's single bit: OR-ing a client's bits (the sum
        # of the distinct bits on SQLite, which has no bit_or) gives the groups rated.
        bit = case(bit_of, value=dep_column, else_=0)
        return func.bit_or(bit) if postgres else func.sum(distinct(bit))

    def count(inner: Any) -> dict[dt.date, dict[int, int]]:
        sub = inner.subquery()
        out: dict[dt.date, dict[int, int]] = defaultdict(dict)
        for week, m, n in session.execute(select(sub.c.week, sub.c.mask, func.count())
                                          .group_by(sub.c.week, sub.c.mask)):
            out[_as_date(week)][int(m)] = int(n)
        return out

    if not bit_of:
        return {}
    last = week_start(end)
    sunday = last + dt.timedelta(days=6)
    day = RollupDeptPairDay.day
    cut = end < sunday and session.execute(
        select(day).where(day > end, day <= sunday).limit(1)).first() is not None
    cw = RollupClientWeek
    whole_to = last - dt.timedelta(days=7) if cut else last
    out: dict[dt.date, dict[int, int]] = {}
    if whole_to >= first:
        out.update(count(select(cw.week.label("week"), cw.rater_id,
                                mask(cw.supplier_department_id).label("mask"))
                         .where(cw.week.between(first, whole_to))
                         .group_by(cw.week, cw.rater_id)))
    if cut:
        out.update(count(select(literal(last.isoformat()).label("week"), Rating.rater_id,
                                mask(Rating.supplier_department_id).label("mask"))
                         .where(_in_period(config, Period(max(first, last), end)))
                         .group_by(Rating.rater_id)))
    return out


def weekly_trends(session: Session, config: Config, start: dt.date, end: dt.date,
                  groups: Sequence[str]) -> dict[str | None, list[TrendPoint]]:
    """Per ISO week from ``start`` to ``end``: volume, distinct clients, mean and CSAT,
    company-wide (key ``None``) and for suppliers in the departments of each ``group``
    (e.g. "services"), in three grouped statements whatever the number of weeks and groups.

    The company's week and the groups' weeks are shown together, so a week passes the
    differencing guard as a whole: the company minus the shown groups (the ratings of
    withheld groups and of departments without a group) must be empty or come from at
    least k clients, else groups are withheld, the smallest first. Distinct clients come
    from ``rollup_client_week`` (per client, the set of groups rated: exact, also for any
    union of groups)."""
    k = k_of(config)
    first = week_start(start)
    group_of = {int(d): g or "" for d, g in session.execute(
        select(Department.id, Department.group))}
    keys = sorted(set(group_of.values()))
    bit = {g: 1 << i for i, g in enumerate(keys)}
    dp = RollupDeptPairDay
    week = _week_of(session, dp.day)
    sums: dict[tuple[dt.date, str | None], list[int]] = defaultdict(lambda: [0, 0, 0])
    for w, dep, n, total, happy in session.execute(
            select(week, dp.supplier_department_id, func.sum(dp.n), func.sum(dp.score_sum),
                   func.sum(dp.n_happy))
            .where(dp.day.between(first, end)).group_by(week, dp.supplier_department_id)):
        monday = _as_date(w)
        for key in (None, group_of.get(int(dep), "")):
            acc = sums[(monday, key)]
            acc[0] += int(n)
            acc[1] += int(total)
            acc[2] += int(happy)
    masks = _group_masks(session, config, first, end,
                         {d: bit[g] for d, g in group_of.items()}) if sums else {}
    wanted = list(dict.fromkeys(groups))
    out: dict[str | None, list[TrendPoint]] = {g: [] for g in [None, *wanted]}
    monday = first
    while monday <= end:
        per_mask = masks.get(monday, {})

        def clients(bits: int, per_mask: dict[int, int] = per_mask) -> int:
            return sum(c for m, c in per_mask.items() if m & bits)

        figures: dict[Hashable, GroupFigure] = {
            COMPANY: GroupFigure(sums.get((monday, None), [0])[0], sum(per_mask.values()))}
        for g in wanted:
            figures[g] = GroupFigure(sums.get((monday, g), [0])[0], clients(bit.get(g, 0)))

        def exact(_group: Hashable, subs: tuple[Hashable, ...],
                  per_mask: dict[int, int] = per_mask) -> int:
            shown = sum(bit.get(str(s), 0) for s in subs)
            return sum(c for m, c in per_mask.items() if m & ~shown)

        hidden = differencing_withheld(figures, {COMPANY: wanted}, [COMPANY], k, exact)
        label = iso_week_label(monday)
        for group in [None, *wanted]:  # None: the company
            n, total, happy = sums.get((monday, group), (0, 0, 0))
            fig = figures[COMPANY if group is None else group]
            out[group].append(TrendPoint(label, monday,
                                         _score(n, total, happy, fig.clients, k, group in hidden)))
        monday += dt.timedelta(days=7)
    return out


def weekly_trend(session: Session, config: Config, start: dt.date, end: dt.date,
                 department_group: str | None = None) -> list[TrendPoint]:
    """``weekly_trends`` of the company or of one department group (guarded against the
    company's week)."""
    groups = [] if department_group is None else [department_group]
    return weekly_trends(session, config, start, end, groups)[department_group]
