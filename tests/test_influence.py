"""The right to influence: allowed only when the client's metric 3 is higher than the supplier's."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db import Database
from shared.db.models import Employee
from shared.domain.influence import may_influence
from tests.engage_factory import department, person, rate, rated_by_many, utc

# Metric 3 as the kiosk shows it: the 30 settled days 2026-02-18 .. 2026-03-19.
TODAY = dt.date(2026, 3, 20)
OWN = {"basis": "own", "days": 30}


def _people(s: Session) -> tuple[int, int, int]:
    dep = department(s, "Цех")
    client = person(s, "C", dep)
    supplier = person(s, "S", dep)
    return dep, client, supplier


def _decide(db: Database, config: Config, client: int, supplier: int):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return may_influence(s, config, client, supplier, today=TODAY)


def test_higher_client_may_influence_and_not_the_other_way(db: Database, config: Config) -> None:
    with db.write() as s:
        dep, client, supplier = _people(s)
        rated_by_many(s, client, [5, 5, 4, 4, 5], utc(2026, 3, 10), dep, "a")   # 23 / 5 = 4.6
        rated_by_many(s, supplier, [4, 4, 3, 4, 5], utc(2026, 3, 11), dep, "b")  # 20 / 5 = 4.0
        # Older than the period: would pull the supplier's mean down to 3.33 if counted.
        rate(s, client, supplier, 1, utc(2026, 2, 17, 12))
        rate(s, person(s, "old", dep), supplier, 1, utc(2026, 2, 17, 13))
    decision = _decide(db, config, client, supplier)
    assert decision.allowed and decision.reason is None
    assert decision.params == {"client_mean": 4.6, "supplier_mean": 4.0, **OWN}
    back = _decide(db, config, supplier, client)
    assert not back.allowed and back.reason == "not_higher"
    assert back.params == {"client_mean": 4.0, "supplier_mean": 4.6, **OWN}


def test_todays_ratings_count_from_tomorrow(db: Database, config: Config) -> None:
    """The kiosk shows both means: a rating given today must not move them before tomorrow,
    or comparing two looks would give that one rating away (SPEC 4, differencing)."""
    with db.write() as s:
        dep, client, supplier = _people(s)
        rated_by_many(s, client, [5, 5, 4, 4, 5], utc(2026, 3, 10), dep, "a")   # 4.6
        rated_by_many(s, supplier, [4, 4, 3, 4, 5], utc(2026, 3, 11), dep, "b")  # 4.0
        rate(s, person(s, "x", dep), supplier, 5, utc(2026, 3, 20, 8))          # today
    before = _decide(db, config, client, supplier)
    with db.read() as s:
        after = may_influence(s, config, client, supplier, today=TODAY + dt.timedelta(days=1))
    assert before.params == {"client_mean": 4.6, "supplier_mean": 4.0, **OWN}
    assert after.params == {"client_mean": 4.6, "supplier_mean": round(25 / 6, 2), **OWN}


def test_equal_means_are_not_higher(db: Database, config: Config) -> None:
    with db.write() as s:
        dep, client, supplier = _people(s)
        rated_by_many(s, client, [4, 4, 4, 4, 4], utc(2026, 3, 10), dep, "a")
        rated_by_many(s, supplier, [5, 3, 4, 5, 3], utc(2026, 3, 10), dep, "b")
    decision = _decide(db, config, client, supplier)
    assert (decision.allowed, decision.reason) == (False, "not_higher")
    assert decision.params == {"client_mean": 4.0, "supplier_mean": 4.0, **OWN}


def test_too_few_clients_on_either_side(db: Database, config: Config) -> None:
    with db.write() as s:
        dep, _client, supplier = _people(s)
        # Alone in a department of their own, without a manager: no unit can stand in.
        client = person(s, "alone", department(s, "Одиночка"))
        rated_by_many(s, client, [5, 5, 5, 5], utc(2026, 3, 10), dep, "a")
        rated_by_many(s, supplier, [1, 1, 1, 1, 1], utc(2026, 3, 10), dep, "b")
        other = person(s, "O", dep)
        rated_by_many(s, other, [5, 5, 5, 5, 5], utc(2026, 3, 10), dep, "c")
        quiet = person(s, "Q", dep)
        # Four ratings from four people: k counts distinct clients, not ratings.
        rated_by_many(s, quiet, [1, 1, 1, 1], utc(2026, 3, 10), dep, "d")
    decision = _decide(db, config, client, supplier)
    assert (decision.allowed, decision.reason) == (False, "client_not_rated_enough")
    assert decision.params == {"clients": 4, "k": 5}
    decision = _decide(db, config, other, quiet)
    assert (decision.allowed, decision.reason) == (False, "supplier_not_rated_enough")
    assert decision.params == {"k": 5}


def test_k_is_configurable(db: Database, config: Config) -> None:
    config.site.k_anonymity = 3
    with db.write() as s:
        dep, client, supplier = _people(s)
        rated_by_many(s, client, [5, 4, 5], utc(2026, 3, 10), dep, "a")
        rated_by_many(s, supplier, [3, 4, 3], utc(2026, 3, 10), dep, "b")
    assert _decide(db, config, client, supplier).allowed


@pytest.mark.parametrize("case", ["self", "inactive_client", "inactive_supplier", "unknown"])
def test_self_inactive_unknown(db: Database, config: Config, case: str) -> None:
    with db.write() as s:
        dep, client, supplier = _people(s)
        rated_by_many(s, client, [5, 5, 5, 5, 5], utc(2026, 3, 10), dep, "a")
        rated_by_many(s, supplier, [1, 1, 1, 1, 1], utc(2026, 3, 10), dep, "b")
        if case == "inactive_client":
            s.get_one(Employee, client).active = False
        if case == "inactive_supplier":
            s.get_one(Employee, supplier).active = False
    target = {"self": client, "unknown": 99999}.get(case, supplier)
    decision = _decide(db, config, client, target)
    assert not decision.allowed
    expected = {"self": ("self", {}), "unknown": ("unknown_person", {}),
                "inactive_client": ("inactive", {"who": "client"}),
                "inactive_supplier": ("inactive", {"who": "supplier"})}[case]
    assert (decision.reason, decision.params) == expected


def test_the_smallest_unit_that_meets_k_decides(db: Database, config: Config) -> None:
    """SPEC 5: below k, the client's own rating is their own over a longer window, else
    their team's, else their department's up the tree. Built from the widest unit to the
    narrowest, each step computed by hand; a unit never counts the client's own received
    ratings nor the ratings the client gave."""
    config.site.k_anonymity = 3
    with db.write() as s:
        root = department(s, "Завод")
        plant = department(s, "Цеха", root)
        shop = department(s, "Цех 1", plant)
        store = department(s, "Склад")  # another tree: the supplier is in no unit of C's
        away = department(s, "Клиенты")  # the raters: a tree of its own
        boss = person(s, "M", shop)
        client = person(s, "C", shop, manager_id=boss)
        supplier = person(s, "S", store)
        rated_by_many(s, supplier, [3, 3, 3], utc(2026, 3, 10), away, "s")  # 3.0
        rated_by_many(s, client, [1, 1], utc(2026, 3, 10), away, "c")  # two: below k
    decision = _decide(db, config, client, supplier)
    assert (decision.reason, decision.params) == ("client_not_rated_enough",
                                                  {"clients": 2, "k": 3})
    with db.write() as s:  # someone at the top: the whole plant
        rated_by_many(s, person(s, "R1", root), [4, 4, 5], utc(2026, 3, 11), away, "r")
    _check(db, config, client, supplier, True, round(13 / 3, 2), _dep("Завод", 2))
    with db.write() as s:  # someone in the shops
        rated_by_many(s, person(s, "P1", plant), [2, 2, 2], utc(2026, 3, 11), away, "p")
    _check(db, config, client, supplier, False, 2.0, _dep("Цеха", 1))
    with db.write() as s:  # a colleague in the client's own shop, another manager's
        colleague = person(s, "Q", shop)
        rated_by_many(s, colleague, [5, 5, 4], utc(2026, 3, 11), away, "q")
        rate(s, client, colleague, 1, utc(2026, 3, 12))  # the client's own: not counted
    _check(db, config, client, supplier, True, round(14 / 3, 2), _dep("Цех 1", 0))
    with db.write() as s:  # a teammate (the same manager)
        rated_by_many(s, person(s, "T", shop, manager_id=boss), [4, 3, 3], utc(2026, 3, 11),
                      away, "t")
    _check(db, config, client, supplier, True, round(10 / 3, 2), {"basis": "team", "days": 30})
    with db.write() as s:  # a third client of the client's, 50 days ago: 90 days meet k
        rated_by_many(s, client, [4], utc(2026, 1, 29), away, "old")
    _check(db, config, client, supplier, False, 2.0, {"basis": "own_long", "days": 90})
    with db.write() as s:  # and a third one this month: the client's own figure
        rated_by_many(s, client, [5], utc(2026, 3, 12), away, "new")
    _check(db, config, client, supplier, False, round(7 / 3, 2), OWN)


def _dep(name: str, levels_up: int) -> dict[str, object]:
    return {"basis": "department", "days": 30, "unit_name": name, "unit_name_en": None,
            "levels_up": levels_up}


def _check(db: Database, config: Config, client: int, supplier: int, allowed: bool,
           mean: float, basis: dict[str, object]) -> None:
    decision = _decide(db, config, client, supplier)
    assert decision.allowed is allowed
    assert decision.reason == (None if allowed else "not_higher")
    assert decision.params == {"client_mean": mean, "supplier_mean": 3.0, **basis}
