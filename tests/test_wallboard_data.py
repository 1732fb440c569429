"""The wallboard snapshot on both backends: figures, k-anonymity, empty database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from shared.config import Config
from shared.db import Database
from shared.domain.wallboard_data import load_wallboard_data
from tests.wallboard_seed import seed

TZ = ZoneInfo("Europe/Moscow")
NOW = dt.datetime(2026, 11, 25, 14, 0, tzinfo=TZ).astimezone(dt.UTC)


def test_empty_database_gives_an_empty_snapshot(db: Database, config: Config) -> None:
    with db.read() as s:
        data = load_wallboard_data(s, config, now=NOW)
    assert data.empty and data.month == "2026-11" and not data.top_suppliers


def test_snapshot_of_a_seeded_plant(db: Database, config: Config) -> None:
    seed(db, employees=150, months=4, now=NOW, tz=TZ)
    with db.read() as s:
        data = load_wallboard_data(s, config, now=NOW)
    assert not data.empty and data.month_ratings > 0
    k = config.site.k_anonymity
    assert data.top_suppliers and all(r.clients >= k and not r.withheld
                                      for r in data.top_suppliers)
    indexes = [r.index for r in data.top_suppliers]
    assert indexes == sorted(indexes, reverse=True)
    assert all(e.mean is None for e in data.map_edges if e.withheld)
    assert all(e.mean is not None and 1 <= e.mean <= 5 for e in data.map_edges if not e.withheld)
    node_ids = {n.department_id for n in data.map_nodes}
    assert all(e.client_department_id in node_ids and e.supplier_department_id in node_ids
               for e in data.map_edges)
    company = data.trend[0]
    assert company.group is None and len(company.weeks) == 26
    assert sum(company.volume) > 0 and all(w.weekday() == 0 for w in company.weeks)
    assert {t.group for t in data.trend[1:]} == {"office", "production", "services"}
    assert data.problems and all(p.this_month > 0 for p in data.problems)
    assert data.posters and data.posters[0].supplier.employee_id == \
        data.top_suppliers[0].employee_id
    assert sum(data.posters[0].face_counts) == data.posters[0].supplier.n
    assert [f.code for f in data.flagged_regulations] == ["REG-01", "REG-07"]
    assert data.standings and data.standings[0].points >= data.standings[-1].points
    assert data.impact is not None and data.impact.series
    kinds = {t.kind for t in data.ticker}
    assert "ratings_this_week" in kinds


def test_ticker_names_only_suppliers_that_met_k(db: Database, config: Config) -> None:
    seed(db, employees=150, months=2, per_month=1.0, now=NOW, tz=TZ)
    config.site.k_anonymity = 10
    with db.read() as s:
        data = load_wallboard_data(s, config, now=NOW)
    assert not data.top_suppliers and not data.posters
    assert all(t.kind != "new_top_supplier" for t in data.ticker)
    assert all(d.score.mean is None for d in data.departments if d.withheld)


def test_trend_cache_recomputes_only_recent_weeks(db: Database, config: Config) -> None:
    from shared.domain.wallboard_data import TrendCache
    seed(db, employees=120, months=3, now=NOW, tz=TZ)
    cache = TrendCache()
    with db.read() as s:
        first = load_wallboard_data(s, config, now=NOW, cache=cache)
    assert cache.points
    with db.read() as s:
        again = load_wallboard_data(s, config, now=NOW, cache=cache)
        fresh = load_wallboard_data(s, config, now=NOW)
    assert again.trend == first.trend == fresh.trend
    later = NOW + dt.timedelta(weeks=30)  # old weeks leave the window and the cache
    with db.read() as s:
        load_wallboard_data(s, config, now=later, cache=cache)
    oldest = min(w for _g, w in cache.points)
    assert oldest >= (later.astimezone(TZ).date() - dt.timedelta(weeks=27))  # 26 whole weeks


def _rising_weeks(db: Database, clients: int) -> str:
    """A department whose weekly CSAT rises for four complete weeks in a row (6 ratings a
    week, 0/6 → 4/6 happy), rated by ``clients`` different people; returns its name."""
    from sqlalchemy import insert, select

    from shared.db.models import Department, Employee, Rating
    from shared.domain.periods import week_start
    from shared.domain.rollups import rebuild_rollups
    from shared.ids import uuid7
    seed(db, employees=48, now=NOW, tz=TZ, with_ratings=False)
    with db.write() as s:
        people = s.execute(select(Employee.id, Employee.department_id)
                           .order_by(Employee.id)).all()
        supplier = people[0]
        name = s.scalar(select(Department.name).where(Department.id == supplier[1]))
        raters = [p for p in people if p[1] != supplier[1]][:clients]
        last_complete = week_start(NOW.astimezone(TZ).date()) - dt.timedelta(weeks=1)
        rows = []
        for w in range(5):
            monday = last_complete - dt.timedelta(weeks=4 - w)
            for i in range(6):
                rater = raters[i % len(raters)]
                created = dt.datetime.combine(monday + dt.timedelta(days=1),
                                              dt.time(9, 10 * i), TZ).astimezone(dt.UTC)
                rows.append(dict(uuid=uuid7(), rater_id=rater[0], supplier_id=supplier[0],
                                 rater_department_id=rater[1],
                                 supplier_department_id=supplier[1], score=5 if i < w else 1,
                                 kiosk_id="kiosk-1", created_at=created,
                                 day=created.astimezone(TZ).date(), received_at=created,
                                 status="ok"))
        s.execute(insert(Rating), rows)
        rebuild_rollups(s)
    return str(name)


def test_a_streak_in_the_ticker_needs_k_distinct_clients(db: Database, config: Config) -> None:
    # Six ratings a week from two people: the rise is theirs alone, not a department's news.
    _rising_weeks(db, clients=2)
    with db.read() as s:
        data = load_wallboard_data(s, config, now=NOW)
    assert not [t for t in data.ticker if t.kind == "department_streak"]


def test_a_streak_with_k_clients_is_news(db: Database, config: Config) -> None:
    department = _rising_weeks(db, clients=6)
    with db.read() as s:
        data = load_wallboard_data(s, config, now=NOW)
    streaks = [t.params for t in data.ticker if t.kind == "department_streak"]
    assert streaks == [{"department": department, "department_en": streaks[0]["department_en"],
                        "department_short": department,  # short enough as it is
                        "department_short_en": streaks[0]["department_en"], "weeks": 4}]


def test_posters_early_in_a_month_are_last_months(db: Database, config: Config) -> None:
    # On the 1st nobody has k clients yet in the new month: the poster slide used to say
    # "not enough ratings" for days while November's winners were known.
    from shared.domain.periods import month_period
    from shared.domain.public.steps import stepped_top
    seed(db, employees=150, months=2, now=NOW, tz=TZ)
    december_first = dt.datetime(2026, 12, 1, 9, 0, tzinfo=TZ).astimezone(dt.UTC)
    with db.read() as s:
        data = load_wallboard_data(s, config, now=december_first)
        november, _ = stepped_top(s, config, month_period("2026-11"), 2)
    assert data.month == "2026-12" and not data.top_suppliers
    assert [p.month for p in data.posters] == ["2026-11", "2026-11"]
    assert [p.supplier.employee_id for p in data.posters] == [r.employee_id for r in november]
    assert all(p.supplier.clients >= config.site.k_anonymity for p in data.posters)
    with db.read() as s:  # within the month, this month's as before
        assert {p.month for p in load_wallboard_data(s, config, now=NOW).posters} == {"2026-11"}


def _new_raters(db: Database, supplier_id: int, count: int) -> list[int]:
    """Active people who never rated the supplier (no cooldown in the way)."""
    from sqlalchemy import select

    from shared.db.models import Employee, Rating
    with db.read() as s:
        rated = set(s.scalars(select(Rating.rater_id).where(Rating.supplier_id == supplier_id)))
        people = s.scalars(select(Employee.id).where(Employee.active).order_by(Employee.id))
        return [p for p in people if p not in rated and p != supplier_id][:count]


def test_a_look_before_and_after_a_rating_does_not_tell_the_score(db: Database,
                                                                  config: Config) -> None:
    # The poster slide showed "4,8 · 27 ratings", then "4,7 · 28": the new score is
    # 4,7 × 28 − 4,8 × 27 = 2, and a new quote was the colleague's comment. Figures move
    # only by whole blocks of k distinct clients.
    from shared.domain.ratings import record_rating
    seed(db, employees=150, months=2, now=NOW, tz=TZ)
    with db.read() as s:
        before = load_wallboard_data(s, config, now=NOW)
    supplier = before.posters[0].supplier
    k = config.site.k_anonymity
    raters = _new_raters(db, supplier.employee_id, k + 1)
    assert len(raters) == k + 1
    with db.write() as s:
        outcome = record_rating(s, config, rater_id=raters[0], supplier_id=supplier.employee_id,
                                score=5, comment="Спасибо, всё сделали вовремя и аккуратно",
                                created_at=NOW + dt.timedelta(minutes=1))
    assert outcome.status == "recorded"
    with db.read() as s:
        after = load_wallboard_data(s, config, now=NOW + dt.timedelta(minutes=2))
    # Figures, faces and quotes unchanged. (The index also follows the company mean, which
    # one rating among the whole plant's moves by a hair, for every supplier alike.)
    assert [_shown(p.supplier) + (p.face_counts, p.quotes) for p in after.posters] == \
        [_shown(p.supplier) + (p.face_counts, p.quotes) for p in before.posters]
    assert [_shown(r) for r in after.top_suppliers] == [_shown(r) for r in before.top_suppliers]
    assert [_shown(i.score) + (round(i.delta, 9),) for i in after.most_improved] == \
        [_shown(i.score) + (round(i.delta, 9),) for i in before.most_improved]
    assert all(abs(a.index - b.index) < 0.01 for a, b in zip(after.top_suppliers,
                                                            before.top_suppliers, strict=True))
    # Once k different colleagues more have rated, the block is complete and shows.
    with db.write() as s:
        for i, rater in enumerate(raters[1:], start=2):
            record_rating(s, config, rater_id=rater, supplier_id=supplier.employee_id,
                          score=1, created_at=NOW + dt.timedelta(minutes=i))
    with db.read() as s:
        later = load_wallboard_data(s, config, now=NOW + dt.timedelta(minutes=k + 3))
    shown = {p.supplier.employee_id: p.supplier for p in later.posters}
    ranked = {r.employee_id: r for r in later.top_suppliers}
    now_n = (shown.get(supplier.employee_id) or ranked.get(supplier.employee_id))
    assert now_n is None or now_n.n > supplier.n  # counted (or fell out of the top)
    assert [_shown(r) for r in later.top_suppliers] != [_shown(r) for r in before.top_suppliers]


def _colleagues(db: Database, client_dep: int, supplier_dep: int,
                count: int) -> tuple[int, list[int]] | None:
    """A supplier of ``supplier_dep`` and ``count`` people of ``client_dep`` who never rated
    them (no cooldown in the way), or None."""
    from sqlalchemy import select

    from shared.db.models import Employee, Rating
    with db.read() as s:
        for supplier in s.scalars(select(Employee.id).where(
                Employee.active, Employee.department_id == supplier_dep).order_by(Employee.id)):
            rated = set(s.scalars(select(Rating.rater_id).where(Rating.supplier_id == supplier)))
            people = [p for p in s.scalars(select(Employee.id).where(
                Employee.active, Employee.department_id == client_dep).order_by(Employee.id))
                if p not in rated and p != supplier]
            if len(people) >= count:
                return supplier, people[:count]
    return None


def _departments_shown(data: object) -> list[tuple[object, ...]]:
    return [(d.department_id, d.withheld, d.score.n, d.score.clients, d.score.mean,
             d.score.csat) for d in data.departments]  # type: ignore[attr-defined]


def _best_department(data: object) -> list[dict[str, object]]:
    return [t.params for t in data.ticker  # type: ignore[attr-defined]
            if t.kind == "best_department"]


def test_a_look_before_and_after_a_rating_does_not_tell_a_department_s_score(
        db: Database, config: Config) -> None:
    # The department bars, the ticker's best department and the map's edges were live: the
    # edge "Assembly -> IT, 4,3 · 21 ratings" became "4,1 · 22" after a colleague of
    # Assembly rated someone of IT, so they gave 4,1 × 22 − 4,3 × 21 ≈ 0. They move only by
    # whole blocks of k distinct clients now.
    from shared.domain.ratings import record_rating
    seed(db, employees=150, months=2, now=NOW, tz=TZ)
    with db.read() as s:
        before = load_wallboard_data(s, config, now=NOW)
    k = config.site.k_anonymity
    shown = sorted((e for e in before.map_edges if not e.withheld), key=lambda e: -e.n)
    found = next(((e, pick) for e in shown if (pick := _colleagues(
        db, e.client_department_id, e.supplier_department_id, k + 1)) is not None), None)
    assert found is not None
    edge, (supplier, raters) = found
    assert any(not d.withheld and d.department_id == edge.supplier_department_id
               for d in before.departments)
    assert _best_department(before)
    with db.write() as s:
        outcome = record_rating(s, config, rater_id=raters[0], supplier_id=supplier, score=1,
                                created_at=NOW + dt.timedelta(minutes=1))
    assert outcome.status == "recorded"
    with db.read() as s:
        after = load_wallboard_data(s, config, now=NOW + dt.timedelta(minutes=2))
    assert after.month_ratings == before.month_ratings + 1  # the rating is in
    assert _departments_shown(after) == _departments_shown(before)
    assert _best_department(after) == _best_department(before)
    assert after.map_edges == before.map_edges
    assert after.map_nodes == before.map_nodes
    # k different colleagues more of the same department: a block completes and shows.
    with db.write() as s:
        for i, rater in enumerate(raters[1:], start=2):
            record_rating(s, config, rater_id=rater, supplier_id=supplier, score=1,
                          created_at=NOW + dt.timedelta(minutes=i))
    with db.read() as s:
        later = load_wallboard_data(s, config, now=NOW + dt.timedelta(minutes=k + 3))

    def edge_of(data: object) -> object:
        return next(e for e in data.map_edges  # type: ignore[attr-defined]
                    if (e.client_department_id, e.supplier_department_id)
                    == (edge.client_department_id, edge.supplier_department_id))

    assert edge_of(later).n > edge.n and edge_of(later).mean < edge.mean
    dep = {d.department_id: d.score for d in later.departments}[edge.supplier_department_id]
    old = {d.department_id: d.score for d in before.departments}[edge.supplier_department_id]
    assert dep.n > old.n and dep.mean < old.mean


def _shown(row: object) -> tuple[object, ...]:
    """What a slide shows of a supplier besides the index."""
    return (row.employee_id, row.n, row.clients, row.mean, row.csat)  # type: ignore[attr-defined]


def test_trend_shows_complete_weeks_only(db: Database, config: Config) -> None:
    # The week under way moved with every rating (a small group's point by a sixth: was
    # the new one a 4-5?) and its half-full volume bar looked like a collapse.
    from shared.domain.periods import week_start
    from shared.domain.ratings import record_rating
    seed(db, employees=150, months=2, now=NOW, tz=TZ)
    with db.read() as s:
        before = load_wallboard_data(s, config, now=NOW)
    last_complete = week_start(NOW.astimezone(TZ).date()) - dt.timedelta(weeks=1)
    assert all(series.weeks[-1] == last_complete and len(series.weeks) == 26
               for series in before.trend if series.weeks)
    supplier = before.top_suppliers[0].employee_id
    rater = _new_raters(db, supplier, 1)[0]
    with db.write() as s:
        record_rating(s, config, rater_id=rater, supplier_id=supplier, score=1,
                      created_at=NOW + dt.timedelta(minutes=1))
    with db.read() as s:
        after = load_wallboard_data(s, config, now=NOW + dt.timedelta(minutes=2))
    assert after.trend == before.trend


def test_like_days_compares_the_same_days_of_last_month() -> None:
    from shared.domain.wallboard_data import like_days
    # The counts cover the 1st to yesterday (they change once a day, published.stepped_problems).
    this, last = like_days("2026-11", dt.date(2026, 11, 8))
    assert (this.start, this.end, last.start, last.end) == (
        dt.date(2026, 11, 1), dt.date(2026, 11, 7), dt.date(2026, 10, 1), dt.date(2026, 10, 7))
    this, last = like_days("2026-03", dt.date(2026, 4, 1))  # February has no 31st
    assert this.days == 31 and (last.start, last.end) == (dt.date(2026, 2, 1),
                                                          dt.date(2026, 2, 28))


def test_top_problems_count_the_same_days_of_both_months(db: Database, config: Config) -> None:
    from shared.domain.periods import Period
    from shared.domain.public.published import stepped_problems
    seed(db, employees=150, months=3, now=NOW, tz=TZ)
    with db.read() as s:
        data = load_wallboard_data(s, config, now=NOW)
        same_days = stepped_problems(s, config, Period(dt.date(2026, 10, 1),
                                                       dt.date(2026, 10, 24)), limit=100)
        whole = stepped_problems(s, config, Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
                                 limit=100)
    assert data.problems_days == (24, 24)  # the 1st to yesterday, both months
    by_label: dict[str, int] = {}
    for p in same_days:
        by_label[p.label_ru] = by_label.get(p.label_ru, 0) + (p.n_low or 0)
    assert data.problems and all(t.last_month == by_label.get(t.label_ru, 0)
                                 for t in data.problems)
    assert sum(p.n_low or 0 for p in whole) > sum(by_label.values())  # not the whole month


def test_weakest_links_are_below_the_typical_link_worst_first() -> None:
    from shared.domain.wallboard_data import MapEdge, weakest_links
    edges = (MapEdge(1, 2, 40, 9, 4.5, False), MapEdge(2, 3, 30, 8, 3.1, False),
             MapEdge(3, 1, 20, 7, 4.2, False), MapEdge(1, 3, 50, 9, 3.1, False),
             MapEdge(3, 2, 10, 6, 4.8, False), MapEdge(2, 1, 2, 1, None, True))
    typical, weakest = weakest_links(edges, 3)
    assert typical == 4.2
    assert [(e.client_department_id, e.supplier_department_id) for e in weakest] == [
        (1, 3), (2, 3)]  # the busier of two equal ones first; nothing at or above typical
    assert weakest_links((), 3) == (None, [])


def test_short_names_come_from_the_directory_or_are_made(db: Database, config: Config) -> None:
    from sqlalchemy import update

    from shared.db.models import Department
    seed(db, employees=150, months=2, now=NOW, tz=TZ)
    with db.write() as s:
        s.execute(update(Department).where(Department.name == "Сборочный цех")
                  .values(short_name="СЦ", short_name_en="Assy"))
        s.execute(update(Department).where(Department.name == "Склад")
                  .values(name="Центральный склад товарно-материальных ценностей №2"))
    with db.read() as s:
        data = load_wallboard_data(s, config, now=NOW)
        ids = dict(s.execute(select(Department.name, Department.id)).all())
    assert data.short_names[ids["Сборочный цех"]] == ("СЦ", "Assy")
    made = data.short_names[ids["Центральный склад товарно-материальных ценностей №2"]][0]
    assert len(made) <= 22 and made.endswith("№2")
    assert data.short_name(ids["Сборочный цех"], "Сборочный цех", "en") == "Assy"


def test_one_figure_for_a_supplier_and_the_face_from_it(db: Database, config: Config) -> None:
    from shared.domain.posters import face_for_figure, shown_figure
    seed(db, employees=150, months=2, now=NOW, tz=TZ)
    with db.read() as s:
        data = load_wallboard_data(s, config, now=NOW)
    top, poster = data.top_suppliers[0], data.posters[0].supplier
    assert poster.employee_id == top.employee_id
    assert shown_figure(poster) == shown_figure(top) == round(top.index or 0, 2)
    assert [face_for_figure(f) for f in (4.46, 4.5, 4.49, 1.0, 5.0, 2.51)] == [4, 5, 4, 1, 5, 3]


def test_one_read_of_the_months_ratings_per_refresh(db: Database, config: Config) -> None:
    """Every block state of the month (suppliers, departments, pairs, the initiative map's
    cells) and the live distinct clients the k and differencing verdicts need come from one
    read of the month's ratings; the statements that still touch the ratings table are the
    problems' low ratings with their tags (the 1st to yesterday, and the same days of last
    month), last month's candidates (the ticker), the map's read of last month (kept between
    refreshes, after its high-water mark), the index prior's sample of last month and the
    posters' praise, each of them listed here."""
    import re
    from unittest import mock

    from sqlalchemy import event

    from shared.db.plain import plain_rows
    from shared.domain import initiative_map
    from shared.domain.public import onepass

    seed(db, employees=150, months=3, now=NOW, tz=TZ)
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if re.search(r"\bFROM ratings\b|\bJOIN ratings\b", statement):
            statements.append(" ".join(statement.split()))

    def plain(session, sql, params):  # type: ignore[no-untyped-def]
        seen(None, None, sql, params, None, False)  # the driver's own rows (shared.db.plain)
        return plain_rows(session, sql, params)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with mock.patch.object(onepass, "plain_rows", plain), \
                mock.patch.object(initiative_map, "plain_rows", plain), db.read() as s:
            data = load_wallboard_data(s, config, now=NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert data.top_suppliers and data.map_edges and data.departments
    whole = [q for q in statements
             if q.startswith("SELECT id, rater_id, supplier_id, rater_department_id")
             and " IN " not in q]
    assert len(whole) == 1  # the one read (public.onepass), of the whole month
    # No COUNT(DISTINCT) scan of the month for the departments' or the map's verdicts.
    assert not [q for q in statements if "count(DISTINCT" in q or "COUNT(DISTINCT" in q]
    others = [q for q in statements if q not in whole]
    kinds = {"problems" if "rating_reasons" in q else
             "candidates" if "supplier_id IN" in q else
             "praise" if "comment" in q else
             "map last month" if q.startswith("SELECT rater_id, supplier_department_id, "
                                              "score, id FROM ratings") else
             "prior sample" if "LIMIT" in q.upper() else
             "high-water mark" if q == "SELECT MAX(id) FROM ratings" else q for q in others}
    assert kinds <= {"problems", "candidates", "praise", "map last month", "prior sample",
                     "high-water mark"}, kinds
