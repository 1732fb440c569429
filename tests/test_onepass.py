"""The wallboard's one read of a period (``public.onepass.read_period``) against a naive
reference written plainly here: every group's ratings listed, sorted by id, cut into blocks
of k distinct clients one by one. Random plants on both backends (Hypothesis)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from shared.config import Config
from shared.db import Database
from shared.db.models import Employee, Rating, Segment
from shared.domain.departments import DepartmentTree
from shared.domain.initiative_map import MonthCut, cut_fingerprint
from shared.domain.periods import Period, month_period
from shared.domain.public.onepass import read_period
from shared.domain.ratings import record_rating
from tests.domain_data import at, department

MARCH = month_period("2026-03")
STAFF = 9

Ratings = list[tuple[int, int, int, int, int]]  # id, rater, supplier, score, in March?


def naive_cut(ratings: list[tuple[int, int, int]], k: int) -> dict[str, object]:
    """``(id, rater, score)`` ratings of one group: the completed blocks' figures."""
    done: list[tuple[int, int, int]] = []
    block: list[tuple[int, int, int]] = []
    for rating in sorted(ratings):
        block.append(rating)
        if len({rater for _id, rater, _score in block}) >= k:
            done += block
            block = []
    counts = [sum(1 for _i, _r, score in done if score == s) for s in range(1, 6)]
    return {"n": len(done), "sum": sum(score for _i, _r, score in done),
            "happy": sum(1 for _i, _r, score in done if score >= 4),
            "clients": len({rater for _i, rater, _s in done}), "counts": counts,
            "last_id": done[-1][0] if done else None,
            "live_n": len(ratings), "live_clients": len({r for _i, r, _s in ratings})}


def figures(blocks: object) -> dict[str, object]:
    b = blocks
    return {"n": b.n, "sum": b.score_sum, "happy": b.happy,  # type: ignore[attr-defined]
            "clients": len(b.clients), "counts": list(b.counts),  # type: ignore[attr-defined]
            "last_id": b.last_id,  # type: ignore[attr-defined]
            "live_n": b.n + sum(b.open),  # type: ignore[attr-defined]
            "live_clients": len(b.clients | b.block)}  # type: ignore[attr-defined]


ratings_strategy = st.lists(
    st.tuples(st.integers(0, STAFF - 1), st.integers(0, STAFF - 1), st.integers(1, 5),
              st.integers(1, 32)),  # rater, supplier, score, day of March (32: April 1)
    min_size=1, max_size=70)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=ratings_strategy, k=st.integers(2, 4))
def test_one_read_equals_a_naive_recount(db: Database, config: Config,
                                         rows: list[tuple[int, int, int, int]], k: int) -> None:
    config.site.k_anonymity = k
    config.rating.cooldown_hours = 0
    with db.write() as s:
        for t in ("rating_reasons", "ratings", "rollup_supplier_day", "rollup_rater_day",
                  "rollup_pair_month", "rollup_dept_pair_day", "rollup_tag_day",
                  "rollup_client_week", "rollup_rater_month", "employees", "departments",
                  "segments"):
            s.execute(text(f"DELETE FROM {t}"))
        top = department(s, "top")
        mid = department(s, "mid", top)
        deps = [mid, department(s, "leaf", mid), department(s, "side", top),
                department(s, "alone")]
        segs = [Segment(name="fitters"), Segment(name="office")]
        s.add_all(segs)
        s.flush()
        staff = [Employee(personnel_no=f"p{i}", full_name=f"p{i}",
                          department_id=deps[i % len(deps)].id,
                          segment_id=segs[i % 3].id if i % 3 < 2 else None)
                 for i in range(STAFF)]
        s.add_all(staff)
        s.flush()
        for rater, supplier, score, day in rows:
            if rater != supplier:
                when = at(day, 8) if day <= 31 else at(1, 8, month=4)
                record_rating(s, config, rater_id=staff[rater].id,
                              supplier_id=staff[supplier].id, score=score, created_at=when)
        # One map cell per kind: a department with its subtree, a leaf, any supplier.
        wanted: dict[int, set[int | None]] = {segs[0].id: {mid.id, deps[2].id},
                                              segs[1].id: {None, deps[1].id}}
        segment_of = {e.id: e.segment_id for e in staff}
    for period in (MARCH, Period(dt.date(2026, 3, 5), dt.date(2026, 3, 20))):
        lo, hi = period.utc_bounds(config.tz)
        with db.read() as s:
            tree = DepartmentTree.load(s)
            ratings = s.execute(
                select(Rating.id, Rating.rater_id, Rating.supplier_id, Rating.score,
                       Rating.rater_department_id, Rating.supplier_department_id)
                .where(Rating.status == "ok", Rating.created_at >= lo,
                       Rating.created_at < hi)).all()
            cut = MonthCut(cut_fingerprint(config, period, wanted))
            one = read_period(s, config, period, cells=cut, wanted=wanted, tree=tree)
            some = sorted({r[2] for r in ratings})[:2]
            part_cut = MonthCut(cut_fingerprint(config, period, wanted))
            part = read_period(s, config, period, suppliers=some, every_supplier=False,
                               groups=False, cells=part_cut, wanted=wanted, tree=tree)

        # The reference: each group's ratings, plainly.
        by_supplier: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        by_department: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        by_pair: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
        by_cell: dict[tuple[int, int | None], list[tuple[int, int, int]]] = defaultdict(list)
        for rid, rater, supplier, score, client_dep, supplier_dep in ratings:
            by_supplier[supplier].append((rid, rater, score))
            by_pair[(client_dep, supplier_dep)].append((rid, rater, score))
            dep: int | None = supplier_dep
            enclosing = []
            while dep is not None:
                by_department[dep].append((rid, rater, score))
                enclosing.append(dep)
                dep = tree.departments[dep].parent_id
            seg = segment_of[rater]
            for cell_dep in wanted.get(seg, set()) if seg is not None else ():
                if cell_dep is None or cell_dep in enclosing:
                    by_cell[(seg, cell_dep)].append((rid, rater, score))

        assert {sid: figures(b) for sid, b in one.suppliers.items()} == \
            {sid: naive_cut(r, k) for sid, r in by_supplier.items()}
        assert {d: figures(b) for d, b in one.departments.items()} == \
            {d: naive_cut(r, k) for d, r in by_department.items()}
        assert {p: figures(b) for p, b in one.pairs.items()} == \
            {p: naive_cut(r, k) for p, r in by_pair.items()}
        assert {c: figures(b) for c, b in cut.blocks.items()} == \
            {c: naive_cut(r, k) for c, r in by_cell.items()}
        assert one.rows == len(ratings)
        # A read for a few suppliers and the map's cells: the same figures for those.
        assert {sid: figures(b) for sid, b in part.suppliers.items()} == \
            {sid: naive_cut(by_supplier[sid], k) for sid in some}
        assert {c: figures(b) for c, b in part_cut.blocks.items()} == \
            {c: naive_cut(r, k) for c, r in by_cell.items()}
        assert not part.departments and not part.pairs
        # The figures as published agree with the blocks.
        for sid, fig in one.supplier_figures().items():
            ref = naive_cut(by_supplier[sid], k)
            assert (fig.n, fig.score_sum, fig.clients, list(fig.counts), fig.last_id) == \
                (ref["n"], ref["sum"], ref["clients"], ref["counts"], ref["last_id"])
