"""Anonymity: the k threshold at its edges, the differencing guard, properties over random
data (no public row below k; a shown mean is the mean of the stored scores), CSV safety."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import distinct, func, select, text

from shared.config import Config
from shared.csvout import csv_text, neutralise, write_csv
from shared.db import Database
from shared.db.models import Department, Employee, Rating
from shared.domain.anonymity import GroupFigure, difference_safe, differencing_withheld
from shared.domain.periods import Period, month_period
from shared.domain.public import (
    department_matrix,
    department_scores,
    praise_comments,
    supplier_scores,
    top_problems,
    weekly_trend,
)
from shared.domain.public.groups import weekly_trends
from shared.domain.ratings import record_rating
from tests.domain_data import at, department, people, rate, tag

MARCH = month_period("2026-03")


@pytest.mark.parametrize("clients,shown", [(4, False), (5, True), (6, True)])
def test_k_threshold_edges(db: Database, config: Config, clients: int, shown: bool) -> None:
    assert config.site.k_anonymity == 5
    with db.write() as s:
        d = department(s, "D")
        sup, *raters = people(s, d, ["S"] + [f"C{i}" for i in range(clients)])
        for r in raters:  # each client twice: volume is not distinct clients
            rate(s, config, r, sup, 4, at(3), comment="спасибо")
            rate(s, config, r, sup, 5, at(4))
    for period in (MARCH, Period(dt.date(2026, 3, 2), dt.date(2026, 3, 20))):
        with db.read() as s:
            row, = supplier_scores(s, config, period)
            praise = praise_comments(s, config, sup.id, period)
        assert (row.n, row.clients, row.withheld) == (2 * clients, clients, not shown)
        if shown:
            assert row.mean == 4.5 and row.csat == 1.0 and row.index is not None
            assert praise.quotes and not praise.withheld
        else:
            assert row.mean is row.csat is row.index is row.tier is None
            assert praise.withheld and praise.quotes == []


def test_difference_bounds() -> None:
    calls: list[int] = []

    def exact(value: int):  # type: ignore[no-untyped-def]
        return lambda: calls.append(value) or value

    k = 3
    assert difference_safe(GroupFigure(10, 5), GroupFigure(10, 5), k, exact(0))  # identical
    assert difference_safe(GroupFigure(20, 9), GroupFigure(10, 5), k, exact(0))  # 9-5 >= 3
    assert not difference_safe(GroupFigure(12, 6), GroupFigure(10, 5), k, exact(9))  # 2 ratings
    assert calls == []
    assert difference_safe(GroupFigure(15, 6), GroupFigure(10, 5), k, exact(3))  # asks
    assert not difference_safe(GroupFigure(15, 6), GroupFigure(10, 5), k, exact(2))
    assert calls == [3, 2]


def test_residual_of_several_children() -> None:
    # G = A (1 client) + B (3) + C (3), k = 3. Pairs are fine (G - B has 4 clients), but
    # G - B - C isolates A's single client: one of B, C must go.
    figs = {"G": GroupFigure(7, 7), "A": GroupFigure(1, 1), "B": GroupFigure(3, 3),
            "C": GroupFigure(3, 3)}
    tree = {"G": ["A", "B", "C"]}

    def exact(group: object, subs: tuple[object, ...]) -> int:
        return sum(figs[x].clients for x in "ABC" if x not in subs)  # disjoint clients

    hidden = differencing_withheld(figs, tree, ["G"], 3, exact)
    assert hidden == {"B"}  # smallest (ties by name); G - C = A + B = 4 clients then


def _tree(db: Database, config: Config, direct_raters: str) -> dict[str, int]:
    """Repair (R) with sub-department R1. R1's supplier is rated by 5 clients; R's own
    supplier by ``direct_raters``: "one" (one client, 3 times), "three_same" (3 of R1's
    clients), "three_new" (3 other clients). Company = R + production (P, 5 clients)."""
    config.rating.cooldown_hours = 0
    with db.write() as s:
        r = department(s, "Repair", group="services")
        r1 = department(s, "Repair/1", r, group="services")
        p = department(s, "Production", group="production")
        direct, = people(s, r, ["direct"])
        sub, = people(s, r1, ["sub"])
        psup, = people(s, p, ["psup"])
        clients = people(s, p, [f"c{i}" for i in range(8)])
        for c in clients[:5]:
            rate(s, config, c, sub, 4, at(3))
            rate(s, config, c, psup, 4, at(3))
        if direct_raters == "one":
            for h in range(3):
                rate(s, config, clients[7], direct, 1, at(5, h))
        else:
            raters = clients[:3] if direct_raters == "three_same" else clients[5:8]
            for c in raters:
                rate(s, config, c, direct, 1, at(5))
        return {"R": r.id, "R1": r1.id, "P": p.id}


@pytest.mark.parametrize("direct,r1_hidden", [("one", True), ("three_same", False),
                                              ("three_new", False)])
def test_department_and_sub_department(db: Database, config: Config, direct: str,
                                       r1_hidden: bool) -> None:
    config.site.k_anonymity = 3
    ids = _tree(db, config, direct)
    with db.read() as s:
        rows = {d.name: d.score for d in department_scores(s, config, MARCH)}
        only = {d.name: d.score for d in department_scores(s, config, MARCH, ids["R"])}
    assert set(only) == {"Repair", "Repair/1"} and only == {k: rows[k] for k in only}
    assert not rows["Repair"].withheld
    # "one": Repair minus Repair/1 is one client's three 1s: showing both would give it away
    # ((5*4 + 3*1) / 8 and 20 / 5). "three_same": the bounds cannot decide (same clients,
    # 3 ratings), the exact count (3 clients) says safe.
    assert rows["Repair/1"].withheld is r1_hidden
    if r1_hidden:
        assert rows["Repair/1"].withheld_reason == "differencing"
        assert rows["Repair/1"].mean is None
    else:
        assert rows["Repair/1"].mean == 4.0
    assert rows["Repair"].n == 8


def test_department_differs_from_company_by_few_clients(db: Database, config: Config) -> None:
    config.site.k_anonymity = 3
    with db.write() as s:
        big = department(s, "Big")
        tiny = department(s, "Tiny")
        sup, *clients = people(s, big, ["sup"] + [f"c{i}" for i in range(5)])
        other, = people(s, tiny, ["other"])
        for c in clients:
            rate(s, config, c, sup, 5, at(3))
        rate(s, config, clients[0], other, 1, at(4))  # the company minus Big: 1 client
    with db.read() as s:
        rows = {d.name: d.score for d in department_scores(s, config, MARCH)}
    assert rows["Big"].withheld_reason == "differencing"
    assert rows["Tiny"].withheld_reason == "k"


def test_weekly_trend_group_against_company(db: Database, config: Config) -> None:
    config.site.k_anonymity = 3
    config.rating.cooldown_hours = 0
    with db.write() as s:
        svc = department(s, "Svc", group="services")
        prod = department(s, "Prod", group="production")
        sup, *clients = people(s, svc, ["sup"] + [f"c{i}" for i in range(4)])
        psup, = people(s, prod, ["psup"])
        for c in clients:  # week of 2 March: services only -> group == company
            rate(s, config, c, sup, 4, at(3))
        for c in clients:  # week of 9 March: + one client rating production
            rate(s, config, c, sup, 4, at(10))
        rate(s, config, clients[0], psup, 1, at(11))
        for c in clients[:3]:  # week of 16 March: + three clients rating production
            rate(s, config, c, sup, 4, at(17))
            rate(s, config, c, psup, 2, at(17))
    with db.read() as s:
        company = {p.week: p.score for p in weekly_trend(s, config, dt.date(2026, 3, 2),
                                                         dt.date(2026, 3, 22))}
        group = {p.week: p.score for p in weekly_trend(s, config, dt.date(2026, 3, 2),
                                                       dt.date(2026, 3, 22), "services")}
    assert company["2026-W11"].mean == pytest.approx(17 / 5)
    assert group["2026-W10"].mean == 4.0  # identical to the company: nothing isolated
    assert group["2026-W11"].withheld_reason == "differencing"  # company - group = 1 client
    assert group["2026-W12"].mean == 4.0 and not group["2026-W12"].withheld


def test_weekly_trends_withhold_a_group_the_others_would_reveal(db: Database,
                                                                config: Config) -> None:
    """Three groups shown with the company in one week: the company minus two shown groups
    is the third; when that one is below k, one more group is withheld."""
    config.site.k_anonymity = 3
    config.rating.cooldown_hours = 0
    with db.write() as s:
        deps = {g: department(s, g, group=g) for g in ("services", "production", "quality")}
        sups = {g: people(s, d, [f"sup-{g}"])[0] for g, d in deps.items()}
        clients = people(s, department(s, "Clients"), [f"c{i}" for i in range(8)])
        for c in clients[:4]:  # week of 9 March
            rate(s, config, c, sups["services"], 5, at(10))
        for c in clients[4:8]:
            rate(s, config, c, sups["production"], 4, at(10))
            rate(s, config, c, sups["production"], 4, at(24))  # week of 23 March: alone
        rate(s, config, clients[0], sups["quality"], 1, at(11))  # 1 client: below k
    with db.read() as s:
        trends = weekly_trends(s, config, dt.date(2026, 3, 9), dt.date(2026, 3, 29),
                               ["services", "production", "quality"])
        single = weekly_trend(s, config, dt.date(2026, 3, 9), dt.date(2026, 3, 15), "services")
    w11 = {g: points[0].score for g, points in trends.items()}
    assert w11[None].clients == 8 and w11[None].mean == pytest.approx((20 + 16 + 1) / 9)
    assert w11["quality"].withheld_reason == "k"
    # Shown, company - services - production = quality: the smaller of the two goes
    # (4 clients each: by name, production), services stays (company minus it: 4 clients).
    assert w11["production"].withheld_reason == "differencing"
    assert w11["services"].mean == 5.0 and w11["services"].clients == 4
    # Alone, services vs the company leaves production + quality (5 clients): shown.
    assert single[0].score.mean == 5.0
    w13 = {g: points[2].score for g, points in trends.items()}
    assert w13["production"].mean == w13[None].mean == 4.0  # the whole company: identical
    assert [p.week for p in trends[None]] == ["2026-W11", "2026-W12", "2026-W13"]
    assert trends[None][1].score.n == 0 and trends[None][1].withheld


def test_weekly_trends_count_distinct_clients_like_the_ratings(db: Database,
                                                               config: Config) -> None:
    """Clients per week and group equal distinct raters of the stored ratings, also for a
    last week cut short by ``end`` with ratings after it; every shown week leaves a residual
    (company minus shown groups) that is empty or has k clients."""
    import random
    rng = random.Random(5)
    config.site.k_anonymity = 3
    config.rating.cooldown_hours = 0
    with db.write() as s:
        deps = [department(s, f"D{i}", group=("a", "b", "c", None)[i % 4]) for i in range(6)]
        staff = [p for i, d in enumerate(deps) for p in people(s, d, [f"p{i}-{j}"
                                                                   for j in range(4)])]
        for _ in range(160):
            rater, supplier = rng.sample(staff, 2)
            rate(s, config, rater, supplier, rng.randint(1, 5),
                 at(rng.randrange(2, 26), rng.randrange(6, 18), minute=rng.randrange(60)))
    end = dt.date(2026, 3, 19)  # a Thursday: the week of 16 March goes on to the 22nd
    with db.read() as s:
        trends = weekly_trends(s, config, dt.date(2026, 3, 2), end, ["a", "b", "c"])
        group_of = dict(s.execute(select(Department.id, Department.group)).all())
        rows = s.execute(select(Rating.rater_id, Rating.supplier_department_id, Rating.day,
                                Rating.score).where(Rating.status == "ok")).all()
    for i, monday in enumerate(dt.date(2026, 3, 2) + dt.timedelta(weeks=w) for w in range(3)):
        week = [r for r in rows if monday <= r.day <= min(end, monday + dt.timedelta(days=6))]
        assert trends[None][i].score.clients == len({r.rater_id for r in week})
        assert trends[None][i].score.n == len(week)
        shown = set()
        for g in ("a", "b", "c"):
            mine = [r for r in week if group_of[r.supplier_department_id] == g]
            score = trends[g][i].score
            assert (score.n, score.clients) == (len(mine), len({r.rater_id for r in mine}))
            if not score.withheld:
                shown.add(g)
                assert score.mean == pytest.approx(sum(r.score for r in mine) / len(mine))
        rest = {r.rater_id for r in week if group_of[r.supplier_department_id] not in shown}
        if shown and not trends[None][i].withheld:
            assert not rest or len(rest) >= 3


def test_matrix_complementary_suppression(db: Database, config: Config) -> None:
    config.site.k_anonymity = 3
    with db.write() as s:
        sup_dep, a, b = department(s, "Sup"), department(s, "A"), department(s, "B")
        sup, = people(s, sup_dep, ["sup"])
        for c in people(s, a, [f"a{i}" for i in range(4)]):
            rate(s, config, c, sup, 5, at(3))
        for c in people(s, b, ["b0"]):
            rate(s, config, c, sup, 1, at(3))
    with db.read() as s:
        cells = {(c.client_department_id, c.supplier_department_id): c.score
                 for c in department_matrix(s, config, MARCH)}
        dep = {d.name: d.score for d in department_scores(s, config, MARCH)}
    # The Sup column total (21 / 5) is shown; A's cell (4 clients) minus it would isolate
    # B's single client: A's cell is withheld too.
    assert dep["Sup"].mean == pytest.approx(21 / 5)
    assert cells[(a.id, sup_dep.id)].withheld_reason == "differencing"
    assert cells[(b.id, sup_dep.id)].withheld_reason == "k"


# --- properties over random data -------------------------------------------------------------

ratings_strategy = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 7), st.integers(1, 5), st.integers(1, 28),
              st.booleans()),
    min_size=1, max_size=60)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=ratings_strategy, k=st.integers(3, 5))
def test_no_public_row_below_k_and_means_are_true(db: Database, config: Config,
                                                  rows: list[tuple[int, int, int, int, bool]],
                                                  k: int) -> None:
    config.site.k_anonymity = k
    config.rating.cooldown_hours = 0
    with db.write() as s:
        for t in ("rating_reasons", "ratings", "rollup_supplier_day", "rollup_rater_day",
                  "rollup_pair_month", "rollup_dept_pair_day", "rollup_tag_day",
                  "rollup_client_week",
                  "rollup_rater_month", "employees",
                  "reason_tags", "departments"):
            s.execute(text(f"DELETE FROM {t}"))
        top = department(s, "top")
        subs = [department(s, "d1", top), department(s, "d2", top), department(s, "d3")]
        staff = [Employee(personnel_no=f"p{i}", full_name=f"p{i}", department_id=subs[i % 3].id)
                 for i in range(8)]
        s.add_all(staff)
        s.flush()
        tag(s, "slow")
        for rater, supplier, score, day, tagged in rows:
            if rater != supplier:
                record_rating(s, config, rater_id=staff[rater].id, supplier_id=staff[supplier].id,
                              score=score, created_at=at(day, 8), comment="ok",
                              reason_codes=["slow"] if tagged else ())
    for period in (MARCH, Period(dt.date(2026, 3, 3), dt.date(2026, 3, 17))):
        lo, hi = period.utc_bounds(config.tz)
        with db.read() as s:
            in_period = (Rating.created_at >= lo, Rating.created_at < hi)

            def truth(*where, in_period=in_period):  # type: ignore[no-untyped-def]
                return s.execute(select(func.count(distinct(Rating.rater_id)),
                                        func.avg(Rating.score), func.count())
                                 .where(*in_period, *where)).one()

            for r in supplier_scores(s, config, period):
                clients, mean, n = truth(Rating.supplier_id == r.employee_id)
                assert (r.clients, r.n) == (clients, n)
                assert r.withheld == (clients < k)
                if not r.withheld:
                    assert r.mean == pytest.approx(float(mean))
            deps = {d.id: d for d in s.execute(select(Department)).scalars()}
            for d in department_scores(s, config, period):
                ids = [d.department_id] + [x for x in deps if deps[x].parent_id == d.department_id]
                clients, mean, _ = truth(Rating.supplier_department_id.in_(ids))
                assert d.score.clients == clients
                if not d.withheld:
                    assert clients >= k and d.score.mean == pytest.approx(float(mean))
            for c in department_matrix(s, config, period, "leaf"):
                clients, mean, _ = truth(
                    Rating.rater_department_id == c.client_department_id,
                    Rating.supplier_department_id == c.supplier_department_id)
                if not c.withheld:
                    assert clients >= k and c.score.mean == pytest.approx(float(mean))
            for p in top_problems(s, config, period):
                assert p.withheld or p.clients >= k
            for sup in staff:
                praise = praise_comments(s, config, sup.id, period)
                clients, _, _ = truth(Rating.supplier_id == sup.id)
                assert praise.withheld == (clients < k)
                assert praise.withheld or all(q.score >= 4 for q in praise.quotes)


# --- CSV ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("cell,written", [
    ("=1+2", "'=1+2"), ("+7 916", "'+7 916"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Иванов", "Иванов"), ("a=b", "a=b"), (-2, -2),
    (4.5, 4.5), (None, "")])
def test_csv_formula_neutralisation(cell: object, written: object) -> None:
    assert neutralise(cell) == written


def test_csv_has_bom_and_round_trips(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.csv"
    write_csv(out, ["name", "note"], [["Пётр", "=cmd|' /C calc'!A0"], ["Anna", "ok"]])
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[1] == "Пётр,'=cmd|' /C calc'!A0"
    buf = io.StringIO()
    write_csv(buf, ["a"], [["@x"]], bom=False)
    assert buf.getvalue() == "a\r\n'@x\r\n"
    assert csv_text(["a"], []).startswith("\ufeff")
