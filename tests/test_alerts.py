"""Supplier alerts: open once, stay single, close on recovery, never re-raised for one episode."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from shared.config import Config
from shared.db import Database
from shared.db.models import Nudge, SupplierAlert
from shared.domain.alerts import evaluate_alerts, open_alerts
from tests.engage_factory import department, person, rate, set_head, utc


def _setup(db: Database) -> tuple[int, int, int, list[int]]:
    with db.write() as s:
        plant = department(s, "Завод")
        svc = department(s, "Служба главного механика", parent_id=plant)
        cli = department(s, "Цех №1")
        head = person(s, "H", svc, role="manager")
        set_head(s, svc, head)
        supplier = person(s, "S", svc, manager_id=head)
        clients = [person(s, f"C{i}", cli) for i in range(12)]
        return svc, head, supplier, clients


def _counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        alerts = s.scalar(select(func.count()).select_from(SupplierAlert))
        opened = s.scalar(select(func.count()).select_from(SupplierAlert)
                          .where(SupplierAlert.open_key.is_not(None)))
        nudges = s.scalar(select(func.count()).select_from(Nudge)
                          .where(Nudge.kind == "supplier_alert"))
        return int(alerts or 0), int(opened or 0), int(nudges or 0)


def _eval(db: Database, config: Config, now: dt.datetime) -> tuple[list[int], list[int]]:
    with db.write() as s:
        ch = evaluate_alerts(s, config, now)
        return ch.opened, ch.closed


def test_alert_opens_stays_single_and_closes(db: Database, config: Config) -> None:
    svc, head, supplier, clients = _setup(db)
    with db.write() as s:
        for i in range(3):
            rate(s, clients[i], supplier, 1, utc(2026, 3, 2, 9, i))
    assert _eval(db, config, utc(2026, 3, 2, 9, 30)) == ([], [])  # 3 < min_ratings
    with db.write() as s:
        rate(s, clients[3], supplier, 2, utc(2026, 3, 2, 9, 40))
    opened, closed = _eval(db, config, utc(2026, 3, 2, 9, 45))
    assert len(opened) == 1 and closed == []
    with db.read() as s:
        nudge = s.execute(select(Nudge).where(Nudge.kind == "supplier_alert")).scalar_one()
        assert nudge.employee_id == head
        assert nudge.params == {"department_id": svc, "n": 4, "n_low": 4}
        assert [a.department_id for a in open_alerts(s)] == [svc]
    # Re-runs and more bad ratings keep one alert and one nudge.
    assert _eval(db, config, utc(2026, 3, 2, 9, 46)) == ([], [])
    with db.write() as s:
        rate(s, clients[4], supplier, 1, utc(2026, 3, 2, 10, 0))
        for i in range(5, 9):
            rate(s, clients[i], supplier, 5, utc(2026, 3, 2, 10, i))
    assert _eval(db, config, utc(2026, 3, 2, 10, 30)) == ([], [])  # 5 low of 9: still low
    assert _counts(db) == (1, 1, 1)
    with db.write() as s:
        rate(s, clients[9], supplier, 5, utc(2026, 3, 2, 11, 0))  # 5 low of 10: half, still low
        rate(s, clients[10], supplier, 4, utc(2026, 3, 2, 11, 5))  # 5 of 11: recovered
    assert _eval(db, config, utc(2026, 3, 2, 10, 59)) == ([], [])
    opened, closed = _eval(db, config, utc(2026, 3, 2, 11, 10))
    assert opened == [] and len(closed) == 1
    assert _counts(db) == (1, 0, 1)
    assert _eval(db, config, utc(2026, 3, 2, 11, 20)) == ([], [])


def test_not_reraised_for_the_same_episode_but_for_a_new_one(db: Database,
                                                              config: Config) -> None:
    svc, head, supplier, clients = _setup(db)
    with db.write() as s:
        for i in range(3):
            rate(s, clients[i], supplier, 5, utc(2026, 3, 2, 8, i))
        for i in range(3, 7):
            rate(s, clients[i], supplier, 1, utc(2026, 3, 2, 9, i))
    assert len(_eval(db, config, utc(2026, 3, 2, 9, 30))[0]) == 1   # 4 low of 7
    with db.write() as s:
        for i in range(7, 9):
            rate(s, clients[i], supplier, 5, utc(2026, 3, 2, 10, i))
    assert len(_eval(db, config, utc(2026, 3, 2, 10, 30))[1]) == 1  # 4 low of 9: closed
    # Next morning the early fives left the window: the same four lows are a majority again,
    # but they belong to the episode that already closed.
    assert _eval(db, config, utc(2026, 3, 3, 8, 30)) == ([], [])
    assert _counts(db) == (1, 0, 1)
    with db.write() as s:
        rate(s, clients[9], supplier, 2, utc(2026, 3, 3, 8, 40))
    opened, _ = _eval(db, config, utc(2026, 3, 3, 8, 45))
    assert len(opened) == 1
    assert _counts(db) == (2, 1, 2)


def test_quiet_window_keeps_alert_open_until_lows_age_out(db: Database, config: Config) -> None:
    svc, head, supplier, clients = _setup(db)
    with db.write() as s:
        for i in range(4):
            rate(s, clients[i], supplier, 1, utc(2026, 3, 2, 9, i))
    assert len(_eval(db, config, utc(2026, 3, 2, 9, 10))[0]) == 1
    with db.write() as s:
        rate(s, clients[5], supplier, 5, utc(2026, 3, 2, 20, 0))
    # The four lows are still in the window with one five: not enough to say it recovered.
    assert _eval(db, config, utc(2026, 3, 3, 8, 0)) == ([], [])
    assert _counts(db)[1] == 1
    # 24 h later the lows are out of the window: the episode is over.
    assert len(_eval(db, config, utc(2026, 3, 3, 9, 30))[1]) == 1


def test_head_of_parent_department_is_alerted_when_none(db: Database, config: Config) -> None:
    with db.write() as s:
        plant = department(s, "Завод")
        svc = department(s, "Склад", parent_id=plant)
        cli = department(s, "Цех")
        boss = person(s, "B", plant, role="manager")
        set_head(s, plant, boss)
        supplier = person(s, "S", svc)
        clients = [person(s, f"C{i}", cli) for i in range(4)]
        for i, c in enumerate(clients):
            rate(s, c, supplier, 2, utc(2026, 3, 2, 9, i))
    _eval(db, config, utc(2026, 3, 2, 9, 30))
    with db.read() as s:
        alert = s.execute(select(SupplierAlert)).scalar_one()
        assert alert.department_id == svc and alert.head_id == boss
        assert s.execute(select(Nudge.employee_id)).scalar_one() == boss


def test_random_day_follows_the_rule(db: Database, config: Config) -> None:
    """Two random days evaluated every hour agree with a plain reference of the rule."""
    import math
    import random
    rng = random.Random(11)
    svc, head, supplier, clients = _setup(db)
    start = utc(2026, 3, 2, 0)
    ratings: list[tuple[dt.datetime, int]] = []
    with db.write() as s:
        for i in range(70):
            at = start + dt.timedelta(minutes=rng.randrange(48 * 60))
            # Bad spells: mostly low scores in the first hours of each day.
            score = rng.choice([1, 2, 2, 5]) if at.hour < 8 else rng.choice([1, 4, 5, 5, 5])
            rate(s, clients[i % len(clients)], supplier, score, at)
            ratings.append((at, score))
    is_open, last_close, opened = False, None, 0
    window = dt.timedelta(hours=config.alerts.window_hours)
    for hour in range(1, 49):
        now = start + dt.timedelta(hours=hour)
        inside = [(at, sc) for at, sc in ratings if now - window < at <= now]
        n, low = len(inside), sum(1 for _, sc in inside if sc <= 2)
        bad = n >= config.alerts.min_ratings and low >= math.ceil(config.alerts.low_share * n)
        if is_open and (low == 0 or (n >= config.alerts.min_ratings and not bad)):
            is_open, last_close = False, now
        elif not is_open and bad and (last_close is None or any(
                at > last_close and sc <= 2 for at, sc in inside)):
            is_open, opened = True, opened + 1
        _eval(db, config, now)
        assert _counts(db) == (opened, int(is_open), opened), f"at {now}"
    assert opened >= 2  # the data really has more than one episode
