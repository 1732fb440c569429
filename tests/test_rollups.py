"""Rollups: incremental upserts equal a full rebuild from the ratings."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, select, text

from shared.db import Database
from shared.db.models import Department, Employee, Rating, RatingReason, ReasonTag
from shared.domain.rollups import RatingFact, apply_ratings, rebuild_rollups
from shared.ids import uuid7

TABLES = ["rollup_supplier_day", "rollup_rater_day", "rollup_pair_month", "rollup_dept_pair_day",
          "rollup_tag_day", "rollup_client_week", "rollup_rater_month"]


def _snapshot(db: Database) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    with db.read() as s:
        return {t: sorted(tuple(str(v) for v in row)
                          for row in s.execute(text(f"SELECT * FROM {t}")))
                for t in TABLES}


def test_incremental_equals_rebuild(db: Database) -> None:
    rng = random.Random(7)
    with db.write() as s:
        deps = [Department(name=f"D{i}") for i in range(3)]
        s.add_all(deps)
        s.flush()
        people = [Employee(personnel_no=str(i), full_name=f"P{i}", department_id=deps[i % 3].id)
                  for i in range(8)]
        tags = [ReasonTag(code=f"t{i}", polarity="negative", label_ru="т", label_en="t")
                for i in range(3)]
        s.add_all(people + tags)
        s.flush()
        for _ in range(120):
            a, b = rng.sample(people, 2)
            day = dt.date(2026, 1, 25) + dt.timedelta(days=rng.randrange(15))
            score = rng.randint(1, 5)
            chosen = tuple(t.id for t in rng.sample(tags, rng.randrange(3)))
            rid = s.execute(insert(Rating).returning(Rating.id), [dict(
                uuid=uuid7(), rater_id=a.id, supplier_id=b.id, rater_department_id=a.department_id,
                supplier_department_id=b.department_id, score=score,
                created_at=dt.datetime.combine(day, dt.time(12), dt.UTC), day=day,
                received_at=dt.datetime.now(dt.UTC), status="ok")]).scalar_one()
            for tag_id in chosen:
                s.add(RatingReason(rating_id=rid, reason_tag_id=tag_id))
            s.flush()
            apply_ratings(s, [RatingFact(a.id, b.id, a.department_id, b.department_id, score, day,
                                         chosen)])
    incremental = _snapshot(db)
    assert incremental["rollup_supplier_day"]
    with db.write() as s:
        rebuild_rollups(s)
    assert _snapshot(db) == incremental
    with db.read() as s:
        total = s.scalar(text("SELECT SUM(n) FROM rollup_supplier_day"))
        assert total == s.scalar(select(text("count(*)")).select_from(Rating))


def test_week_and_month_rollups_equal_the_ratings(db: Database) -> None:
    """rollup_client_week and rollup_rater_month (kept by record_rating/apply_ratings,
    rebuilt in SQL) hold, per Monday, client and supplier department, and per client and
    month, exactly the counted ratings (and their score sum)."""
    rng = random.Random(11)
    with db.write() as s:
        deps = [Department(name=f"D{i}", group=("g1", "g2", None)[i]) for i in range(3)]
        s.add_all(deps)
        s.flush()
        people = [Employee(personnel_no=str(i), full_name=f"P{i}", department_id=deps[i % 3].id)
                  for i in range(9)]
        s.add_all(people)
        s.flush()
        for i in range(150):
            a, b = rng.sample(people, 2)
            day = dt.date(2026, 2, 20) + dt.timedelta(days=rng.randrange(20))
            status = "cooldown_conflict" if i % 17 == 0 else "ok"
            score = rng.randint(1, 5)
            s.execute(insert(Rating), [dict(
                uuid=uuid7(), rater_id=a.id, supplier_id=b.id, rater_department_id=a.department_id,
                supplier_department_id=b.department_id, score=score,
                created_at=dt.datetime.combine(day, dt.time(12), dt.UTC), day=day,
                received_at=dt.datetime.now(dt.UTC), status=status)])
            if status == "ok":
                apply_ratings(s, [RatingFact(a.id, b.id, a.department_id, b.department_id,
                                             score, day)])
    expected: dict[tuple[str, int, int], int] = {}
    with db.read() as s:
        for rater, dep, day in s.execute(select(Rating.rater_id, Rating.supplier_department_id,
                                                Rating.day).where(Rating.status == "ok")):
            key = (str(day - dt.timedelta(days=day.weekday())), rater, dep)
            expected[key] = expected.get(key, 0) + 1
        stored = {(str(w), r, d): n for w, r, d, n in s.execute(
            text("SELECT week, rater_id, supplier_department_id, n FROM rollup_client_week"))}
    assert stored == expected
    assert all(dt.date.fromisoformat(w[:10]).weekday() == 0 for w, _r, _d in stored)
    months: dict[tuple[int, str], list[int]] = {}
    with db.read() as s:
        for rater, day, score in s.execute(select(Rating.rater_id, Rating.day, Rating.score)
                                           .where(Rating.status == "ok")):
            acc = months.setdefault((rater, day.strftime("%Y-%m")), [0, 0])
            acc[0] += 1
            acc[1] += score
    per_month = {(r, m): [n, t] for r, m, n, t in _snapshot_rows(db, "rollup_rater_month")}
    assert per_month == months and len(months) > 9
    with db.write() as s:
        rebuild_rollups(s)
    with db.read() as s:
        assert {(str(w), r, d): n for w, r, d, n in s.execute(
            text("SELECT week, rater_id, supplier_department_id, n FROM rollup_client_week"))
        } == expected
    assert {(r, m): [n, t] for r, m, n, t in _snapshot_rows(db, "rollup_rater_month")} == months


def _snapshot_rows(db: Database, table: str) -> list[tuple]:  # type: ignore[type-arg]
    """The table's rows without ``plant_id`` (one plant: always 1)."""
    with db.read() as s:
        result = s.execute(text(f"SELECT * FROM {table}"))
        keep = [i for i, name in enumerate(result.keys()) if name != "plant_id"]
        return [tuple(row[i] for i in keep) for row in result]
