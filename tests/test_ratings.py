"""Recording ratings: rules, cooldown edges, idempotent UUIDs under racing processes, exact
rollups under concurrent writers, supplier lists and search (both databases)."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import random
import uuid

import pytest
from sqlalchemy import func, select, text

from shared.config import Config, load_config
from shared.db import Database, open_database
from shared.db.models import Employee, Rating, RatingReason, RollupSupplierDay, SupplierLink
from shared.domain.ratings import check_rating_allowed, latest_rating_between, record_rating
from shared.domain.rollups import rebuild_rollups
from shared.domain.suppliers import (
    departments_tree,
    own_suppliers,
    search_suppliers,
    suppliers_in_department,
)
from tests.domain_data import at, department, people, tag

ROLLUPS = ["rollup_supplier_day", "rollup_rater_day", "rollup_pair_month",
           "rollup_dept_pair_day", "rollup_tag_day", "rollup_client_week", "rollup_rater_month"]


@pytest.fixture
def staff(db: Database) -> dict[str, int]:
    with db.write() as s:
        a = department(s, "Производство")
        b = department(s, "Ремонт", group="services")
        ann, bob = people(s, a, ["ann", "bob"])
        sup, = people(s, b, ["sup"])
        gone, = people(s, b, ["gone"], active=False)
        tag(s, "speed")
        tag(s, "kind", "positive")
        tag(s, "old")
        s.execute(text("UPDATE reason_tags SET active = false WHERE code = 'old'"))
        return {"ann": ann.id, "bob": bob.id, "sup": sup.id, "gone": gone.id,
                "a": a.id, "b": b.id}


def test_record_stores_day_departments_reasons_and_rollups(db: Database, config: Config,
                                                           staff: dict[str, int]) -> None:
    # 22:30 UTC on 1 March is 01:30 on 2 March in Moscow: the plant-local day is the 2nd.
    when = dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC)
    with db.write() as s:
        out = record_rating(s, config, rater_id=staff["ann"], supplier_id=staff["sup"], score=2,
                            reason_codes=["speed"], comment="долго", kiosk_id="k1",
                            created_at=when)
    assert out.status == "recorded" and out.rating_id
    with db.write() as s:  # the rater moves afterwards: the rating keeps the old department
        s.get(Employee, staff["ann"]).department_id = staff["b"]
    with db.read() as s:
        r = s.get(Rating, out.rating_id)
        assert (r.day, r.rater_department_id, r.supplier_department_id, r.kiosk_id) == \
            (dt.date(2026, 3, 2), staff["a"], staff["b"], "k1")
        assert r.created_at == when
        assert s.scalar(select(func.count()).select_from(RatingReason)) == 1
        roll = s.execute(select(RollupSupplierDay)).scalar_one()
        assert (roll.day, roll.n, roll.score_sum, roll.n_happy, roll.n_unhappy) == \
            (dt.date(2026, 3, 2), 1, 2, 0, 1)


def test_same_uuid_twice_is_one_rating(db: Database, config: Config,
                                       staff: dict[str, int]) -> None:
    u = uuid.uuid4()
    with db.write() as s:
        first = record_rating(s, config, rater_id=staff["ann"], supplier_id=staff["sup"],
                              score=5, rating_uuid=u, created_at=at(2))
    with db.write() as s:  # a retry, even with another score and later, is the same rating
        again = record_rating(s, config, rater_id=staff["ann"], supplier_id=staff["sup"],
                              score=1, rating_uuid=u, created_at=at(3))
    assert first.status == "recorded" and again.status == "duplicate"
    assert again.rating_id == first.rating_id
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Rating)) == 1
        assert s.scalar(select(func.sum(RollupSupplierDay.n))) == 1


@pytest.mark.parametrize("case,reason", [
    ("self", "self"), ("unknown", "unknown_person"), ("inactive_rater", "inactive_rater"),
    ("inactive_supplier", "inactive_supplier"), ("score0", "bad_score"),
    ("score6", "bad_score"), ("tag", "unknown_reason"), ("inactive_tag", "unknown_reason"),
    ("comment", "comment_too_long")])
def test_refusals(db: Database, config: Config, staff: dict[str, int], case: str,
                  reason: str) -> None:
    kw: dict[str, object] = dict(rater_id=staff["ann"], supplier_id=staff["sup"], score=4)
    if case == "self":
        kw["supplier_id"] = staff["ann"]
    elif case == "unknown":
        kw["supplier_id"] = 99999
    elif case == "inactive_rater":
        kw["rater_id"] = staff["gone"]
    elif case == "inactive_supplier":
        kw["supplier_id"] = staff["gone"]
    elif case == "score0":
        kw["score"] = 0
    elif case == "score6":
        kw["score"] = 6
    elif case == "tag":
        kw["reason_codes"] = ["nope"]
    elif case == "inactive_tag":
        kw["reason_codes"] = ["old"]
    elif case == "comment":
        kw["comment"] = "я" * (config.rating.comment_max_length + 1)
    with db.write() as s:
        out = record_rating(s, config, **kw)  # type: ignore[arg-type]
        check = check_rating_allowed(s, config, **kw)  # type: ignore[arg-type]
    assert (out.status, out.reason) == ("refused", reason)
    assert (check.status, check.reason) == ("refused", reason)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Rating)) == 0


def test_comment_of_exactly_max_length_is_accepted(db: Database, config: Config,
                                                    staff: dict[str, int]) -> None:
    with db.write() as s:
        out = record_rating(s, config, rater_id=staff["ann"], supplier_id=staff["sup"], score=4,
                            comment="ж" * config.rating.comment_max_length, created_at=at(2))
    assert out.status == "recorded"


def test_cooldown_edges(db: Database, config: Config, staff: dict[str, int]) -> None:
    assert config.rating.cooldown_hours == 4
    t0 = at(2, 8)
    end = t0 + dt.timedelta(hours=4)
    with db.write() as s:
        record_rating(s, config, rater_id=staff["ann"], supplier_id=staff["sup"], score=3,
                      created_at=t0)
    with db.write() as s:
        early = record_rating(s, config, rater_id=staff["ann"], supplier_id=staff["sup"],
                              score=4, created_at=end - dt.timedelta(seconds=1))
        check = check_rating_allowed(s, config, rater_id=staff["ann"], supplier_id=staff["sup"],
                                     now=end - dt.timedelta(seconds=1))
        other = check_rating_allowed(s, config, rater_id=staff["bob"], supplier_id=staff["sup"],
                                     now=end - dt.timedelta(seconds=1))
        at_end = check_rating_allowed(s, config, rater_id=staff["ann"], supplier_id=staff["sup"],
                                      now=end)
    assert (early.status, early.reason) == ("refused", "cooldown")
    assert early.params["last_at"] == t0 and early.params["next_at"] == end
    assert early.params["supplier_name"] == "sup"
    assert check.reason == "cooldown" and other.status == "allowed"
    assert at_end.status == "allowed"
    with db.write() as s:
        ok = record_rating(s, config, rater_id=staff["ann"], supplier_id=staff["sup"], score=4,
                           created_at=end)
    assert ok.status == "recorded"
    with db.read() as s:
        last = latest_rating_between(s, staff["ann"], staff["sup"])
        assert last is not None and last.created_at == end and last.score == 4
        assert latest_rating_between(s, staff["ann"], staff["sup"], before=end).created_at == t0


def test_late_offline_rating_inside_cooldown_kept_not_counted(
        db: Database, config: Config, staff: dict[str, int]) -> None:
    with db.write() as s:
        record_rating(s, config, rater_id=staff["ann"], supplier_id=staff["sup"], score=5,
                      created_at=at(2, 10))
    # An older rating arrives from a kiosk that was offline: 1 h before the stored one.
    with db.write() as s:
        refused = record_rating(s, config, rater_id=staff["ann"], supplier_id=staff["sup"],
                                score=1, created_at=at(2, 9))
        kept = record_rating(s, config, rater_id=staff["ann"], supplier_id=staff["sup"],
                             score=1, created_at=at(2, 9), keep_cooldown_conflict=True)
    assert refused.reason == "cooldown"
    assert kept.status == "recorded" and kept.params["cooldown_conflict"] is True
    with db.read() as s:
        assert s.get(Rating, kept.rating_id).status == "cooldown_conflict"
        assert s.scalar(select(func.sum(RollupSupplierDay.score_sum))) == 5


# --- racing processes -------------------------------------------------------------------------

def _race_worker(url: str, rater: int, supplier: int, u: str, barrier: mp.synchronize.Barrier,
                 results: mp.Queue) -> None:  # type: ignore[type-arg]
    cfg = load_config(env={"PULSE_SECRET": "x", "PULSE_DATA_DIR": "/tmp"})
    db = open_database(url)
    try:
        barrier.wait(10)
        with db.write() as s:
            out = record_rating(s, cfg, rater_id=rater, supplier_id=supplier, score=5,
                                rating_uuid=uuid.UUID(u), created_at=at(2))
        results.put((out.status, out.rating_id))
    finally:
        db.dispose()


def test_same_uuid_from_two_racing_processes(db: Database, db_url: str,
                                             staff: dict[str, int]) -> None:
    ctx = mp.get_context("fork")
    u = str(uuid.uuid4())
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_race_worker,
                         args=(db_url, staff["ann"], staff["sup"], u, barrier, results))
             for _ in range(2)]
    for p in procs:
        p.start()
    got = [results.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert sorted(s for s, _ in got) == ["duplicate", "recorded"]
    assert got[0][1] == got[1][1] is not None
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Rating)) == 1
        assert s.scalar(select(func.sum(RollupSupplierDay.n))) == 1


def _bulk_worker(url: str, ids: list[int], seed: int, barrier: mp.synchronize.Barrier,
                 results: mp.Queue) -> None:  # type: ignore[type-arg]
    cfg = load_config(env={"PULSE_SECRET": "x", "PULSE_DATA_DIR": "/tmp"})
    cfg.rating.cooldown_hours = 0
    db = open_database(url)
    rng = random.Random(seed)
    done = 0
    try:
        barrier.wait(10)
        for i in range(25):
            rater, supplier = rng.sample(ids, 2)
            score = rng.randint(1, 5)
            reason = "speed" if score <= 3 else "kind"  # the chips a score brings up
            with db.write() as s:
                out = record_rating(s, cfg, rater_id=rater, supplier_id=supplier,
                                    score=score, reason_codes=[reason] * (i % 2),
                                    created_at=at(1 + rng.randrange(5), rng.randrange(24)))
            done += out.status == "recorded"
        results.put(done)
    finally:
        db.dispose()


def test_rollups_exact_under_concurrent_writers(db: Database, db_url: str,
                                                staff: dict[str, int]) -> None:
    ids = [staff["ann"], staff["bob"], staff["sup"]]
    ctx = mp.get_context("fork")
    barrier, results = ctx.Barrier(4), ctx.Queue()
    procs = [ctx.Process(target=_bulk_worker, args=(db_url, ids, seed, barrier, results))
             for seed in range(4)]
    for p in procs:
        p.start()
    total = sum(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert total == 100

    def snapshot() -> dict[str, list[tuple[str, ...]]]:
        with db.read() as s:
            return {t: sorted(tuple(str(v) for v in row)
                              for row in s.execute(text(f"SELECT * FROM {t}")))
                    for t in ROLLUPS}

    incremental = snapshot()
    with db.write() as s:
        rebuild_rollups(s)
    assert snapshot() == incremental
    with db.read() as s:
        assert s.scalar(select(func.sum(RollupSupplierDay.n))) == 100


# --- finding suppliers ------------------------------------------------------------------------

def test_own_suppliers_rated_first_then_configured(db: Database, config: Config,
                                                   staff: dict[str, int]) -> None:
    with db.write() as s:
        b = s.get(Employee, staff["sup"]).department
        extra, = people(s, b, ["aaa-configured"])
        s.add(SupplierLink(client_department_id=staff["a"], supplier_department_id=staff["b"]))
        s.flush()
        record_rating(s, config, rater_id=staff["ann"], supplier_id=staff["bob"], score=4,
                      created_at=at(2))
        record_rating(s, config, rater_id=staff["ann"], supplier_id=staff["sup"], score=4,
                      created_at=at(3))
    with db.read() as s:
        cards = own_suppliers(s, staff["ann"])
    # Rated (most recent first), then configured department members by name; never the
    # client, never inactive people ("gone").
    assert [c.full_name for c in cards] == ["sup", "bob", "aaa-configured"]
    assert cards[0].last_rated_at == at(3) and cards[2].last_rated_at is None
    assert cards[0].department_name == "Ремонт" and cards[0].has_photo is False
    assert extra.id == cards[2].employee_id


def test_search_is_case_insensitive_for_cyrillic(db: Database, staff: dict[str, int]) -> None:
    with db.write() as s:
        dep = s.get(Employee, staff["sup"]).department
        s.add_all([Employee(personnel_no="T1", full_name="ЁЛКИН Пётр", full_name_en="Yolkin Petr",
                            department_id=dep.id),
                   Employee(personnel_no="T2", full_name="Петрова Анна", department_id=dep.id),
                   Employee(personnel_no="T3", full_name="Иванов Иван", department_id=dep.id,
                            active=False)])
    with db.read() as s:
        assert [c.personnel_no for c in search_suppliers(s, "ёлкин", 10)] == ["T1"]
        # A name that starts with the text ranks before a later word that does.
        assert [c.personnel_no for c in search_suppliers(s, "ПЕТР", 10)] == ["T2", "T1"]
        assert [c.personnel_no for c in search_suppliers(s, "петр елкин", 10)] == ["T1"]
        assert [c.personnel_no for c in search_suppliers(s, "yOLKIN", 10)] == ["T1"]
        assert search_suppliers(s, "иванов", 10) == []  # inactive
        assert search_suppliers(s, "   ", 10) == []
        assert [c.personnel_no for c in search_suppliers(s, "t2", 10)] == ["T2"]
    with db.write() as s:  # the cached name list follows directory changes
        s.execute(text("UPDATE employees SET full_name = 'Сидоров Пётр' WHERE personnel_no = 'T2'"))
        s.execute(text("UPDATE employees SET updated_at = CURRENT_TIMESTAMP"))
    with db.read() as s:
        assert [c.personnel_no for c in search_suppliers(s, "сидоров", 10)] == ["T2"]


def test_departments_tree_and_members(db: Database, staff: dict[str, int]) -> None:
    with db.write() as s:
        parent = s.get(Employee, staff["sup"]).department
        child = department(s, "Ремонт/цех 1", parent)
        people(s, child, ["c1", "c2"])
    with db.read() as s:
        roots = departments_tree(s)
        names = [r.name for r in roots]
        assert names == ["Производство", "Ремонт"]
        repair = roots[1]
        assert repair.n_employees == 1  # "gone" is inactive
        assert [c.name for c in repair.children] == ["Ремонт/цех 1"]
        assert [c.full_name for c in suppliers_in_department(s, child.id)] == ["c1", "c2"]
