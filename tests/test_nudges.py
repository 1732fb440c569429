"""Computed nudges: each trigger fires once, re-runs store nothing, the client stays anonymous."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, text

from shared.config import Config
from shared.db import Database
from shared.db.models import Nudge
from shared.domain.influence import may_influence
from shared.domain.metrics import employee_metrics
from shared.domain.nudges import (
    add_nudge,
    compute_nudges,
    compute_nudges_detailed,
    mark_nudges_seen,
    pending_nudges,
)
from tests.engage_factory import department, person, rate, rated_by_many, utc

# Wednesday 2026-03-18, 12:00 Moscow; the received-score nudges count the settled days:
# the period is 2026-02-16 .. 2026-03-17 (the kiosk's metric 3: up to the end of yesterday).
NOW = utc(2026, 3, 18, 9)


def _nudges(db: Database, kind: str | None = None) -> list[tuple[int, str, dict, str]]:  # type: ignore[type-arg]
    with db.read() as s:
        stmt = select(Nudge.employee_id, Nudge.kind, Nudge.params, Nudge.dedup_key)
        if kind:
            stmt = stmt.where(Nudge.kind == kind)
        return [tuple(r) for r in s.execute(stmt.order_by(Nudge.id))]  # type: ignore[misc]


def _run(db: Database, config: Config, now: dt.datetime) -> dict[str, int]:
    with db.write() as s:
        return compute_nudges_detailed(s, config, now)


def test_rating_dropping_once_per_week(db: Database, config: Config) -> None:
    config.nudges.weekly_reminder = False
    with db.write() as s:
        dep = department(s, "Цех")
        falling = person(s, "F", dep)
        steady = person(s, "S", dep)
        thin = person(s, "T", dep)
        # Before (2026-01-18 .. 2026-02-16): 5.0 from five clients; now: 4.0 from five.
        rated_by_many(s, falling, [5] * 5, utc(2026, 2, 1), dep, "fb")
        rated_by_many(s, falling, [4] * 5, utc(2026, 3, 10), dep, "fn")
        # Falls by 0.2 only: no nudge.
        rated_by_many(s, steady, [5] * 5, utc(2026, 2, 1), dep, "sb")
        rated_by_many(s, steady, [5, 5, 5, 5, 4], utc(2026, 3, 10), dep, "sn")
        # Falls by 3, but the earlier window had 4 clients (with 6 ratings): below k.
        early = rated_by_many(s, thin, [5] * 4, utc(2026, 2, 1), dep, "tb")
        rate(s, early[0], thin, 5, utc(2026, 2, 5))
        rate(s, early[1], thin, 5, utc(2026, 2, 6))
        rated_by_many(s, thin, [2] * 5, utc(2026, 3, 10), dep, "tn")
    assert _run(db, config, NOW)["rating_dropping"] == 1
    assert _nudges(db, "rating_dropping") == [
        (falling, "rating_dropping", {"now": 4.0, "before": 5.0},
         f"rating_dropping:{falling}:2026-W12")]
    assert _run(db, config, NOW + dt.timedelta(hours=5))["rating_dropping"] == 0
    # Next week, still dropping: one more.
    assert _run(db, config, utc(2026, 3, 23, 9))["rating_dropping"] == 1


def test_client_overtook_is_anonymous_and_not_repeated(db: Database, config: Config) -> None:
    config.nudges.weekly_reminder = False
    with db.write() as s:
        dep = department(s, "Цех")
        supplier = person(s, "E", dep)
        # In a department of their own: no team or department stands in for C's figure
        # (the nudge and this check are about C's own rating).
        client = person(s, "C", department(s, "Один"))
        always = person(s, "A", dep)
        rated_by_many(s, supplier, [4] * 5, utc(2026, 3, 1), dep, "e")        # E: 4.0
        rated_by_many(s, client, [5] * 4, utc(2026, 3, 1), dep, "c")          # C: 4 clients
        rated_by_many(s, always, [5] * 5, utc(2026, 3, 1), dep, "a")          # A: 5.0 all along
        rate(s, client, supplier, 3, utc(2026, 3, 17, 8))
        rate(s, always, supplier, 5, utc(2026, 3, 17, 8))
    # A has been above E since before yesterday: no crossing. C has too few clients.
    assert _run(db, config, NOW)["client_overtook"] == 0
    with db.write() as s:
        rate(s, person(s, "c5", dep), client, 5, utc(2026, 3, 18, 10))      # C: 5 clients, 5.0
    # Today's rating counts from tomorrow, for the right to influence and for the nudge
    # alike: a nudge an hour after a colleague's visit would give that rating away.
    with db.read() as s:
        assert may_influence(s, config, client, supplier, today=dt.date(2026, 3, 19)).allowed
        assert may_influence(s, config, client, supplier, today=dt.date(2026, 3, 18)).reason \
            == "client_not_rated_enough"
    assert _run(db, config, utc(2026, 3, 18, 11))["client_overtook"] == 0
    now = utc(2026, 3, 19, 6)  # Thursday, same ISO week
    assert _run(db, config, now)["client_overtook"] == 1
    (row,) = _nudges(db, "client_overtook")
    assert row[0] == supplier and row[2] == {}
    assert row[3] == f"client_overtook:{supplier}:2026-W12"  # no client id anywhere
    assert _run(db, config, now)["client_overtook"] == 0
    assert _run(db, config, now + dt.timedelta(minutes=5))["client_overtook"] == 0


def test_client_overtook_by_score_change(db: Database, config: Config) -> None:
    config.nudges.weekly_reminder = False
    with db.write() as s:
        dep = department(s, "Цех")
        supplier = person(s, "E", dep)
        client = person(s, "C", dep)
        rated_by_many(s, supplier, [4, 4, 4, 4, 5], utc(2026, 3, 1), dep, "e")   # E: 4.2
        rated_by_many(s, client, [4, 4, 4, 4, 4], utc(2026, 3, 1), dep, "c")     # C: 4.0
        rate(s, client, supplier, 4, utc(2026, 3, 17, 8))
    assert _run(db, config, NOW)["client_overtook"] == 0
    with db.write() as s:
        rate(s, person(s, "c6", dep), client, 5, utc(2026, 3, 18, 10))          # C: 25/6
    assert _run(db, config, utc(2026, 3, 19, 6))["client_overtook"] == 0       # 4.17 < 4.2
    with db.write() as s:
        rate(s, person(s, "c7", dep), client, 5, utc(2026, 3, 19, 10, 30))      # C: 30/7
    assert _run(db, config, utc(2026, 3, 19, 11))["client_overtook"] == 0      # from tomorrow
    assert _run(db, config, utc(2026, 3, 20, 6))["client_overtook"] == 1       # 4.29 > 4.2


def test_rating_dropping_counts_todays_ratings_from_tomorrow(db: Database,
                                                             config: Config) -> None:
    """A drop made by today's ratings shows the next day, with the figure the kiosk's metric 3
    shows then; the same day it would tell E that today's visitors rated low."""
    config.nudges.weekly_reminder = False
    with db.write() as s:
        dep = department(s, "Цех")
        falling = person(s, "F", dep)
        rated_by_many(s, falling, [5] * 5, utc(2026, 2, 1), dep, "fb")     # before: 5.0
        rated_by_many(s, falling, [5] * 5, utc(2026, 3, 10), dep, "fn")    # now: 5.0
        rated_by_many(s, falling, [1] * 5, utc(2026, 3, 18, 7), dep, "ft")  # today: five 1s
    assert _run(db, config, NOW)["rating_dropping"] == 0
    assert _nudges(db, "rating_dropping") == []
    tomorrow = utc(2026, 3, 19, 6)
    assert _run(db, config, tomorrow)["rating_dropping"] == 1
    (row,) = _nudges(db, "rating_dropping")
    # (5 * 5 + 5 * 1) / 10 = 3.0 now, as the home screen's metric 3 has it that morning.
    assert row[2] == {"now": 3.0, "before": 5.0}
    with db.read() as s:
        shown = employee_metrics(s, config, falling, today=dt.date(2026, 3, 19), trend=False)
    assert shown.received_mean == row[2]["now"]


def test_weekly_reminder(db: Database, config: Config) -> None:
    with db.write() as s:
        dep = department(s, "Цех")
        lazy = person(s, "L", dep)
        busy = person(s, "B", dep)
        person(s, "X", dep, active=False)
        rate(s, busy, lazy, 4, utc(2026, 3, 16, 6))   # Monday of 2026-W12
        rate(s, lazy, busy, 4, utc(2026, 3, 13, 6))   # the Friday before: last week
    monday = utc(2026, 3, 16, 7)
    assert _run(db, config, monday)["rate_reminder"] == 1
    assert _nudges(db, "rate_reminder") == [
        (lazy, "rate_reminder", {"week": "2026-W12"}, f"rate_reminder:{lazy}:2026-W12")]
    assert _run(db, config, monday + dt.timedelta(hours=3))["rate_reminder"] == 0
    assert _run(db, config, utc(2026, 3, 20, 7))["rate_reminder"] == 0
    with db.read() as s:
        assert [n.kind for n in pending_nudges(s, lazy)] == ["rate_reminder"]
    with db.write() as s:
        rate(s, lazy, busy, 5, utc(2026, 3, 17, 6))
    with db.read() as s:
        assert pending_nudges(s, lazy) == []  # no longer true: not shown
    # Another weekday configured: nothing on Monday, reminders from Thursday on.
    config.nudges.reminder_weekday = 4
    assert _run(db, config, utc(2026, 3, 23, 7))["rate_reminder"] == 0
    assert _run(db, config, utc(2026, 3, 26, 7))["rate_reminder"] == 2
    config.nudges.weekly_reminder = False
    assert _run(db, config, utc(2026, 4, 2, 7))["rate_reminder"] == 0


def test_pending_and_seen(db: Database, config: Config) -> None:
    with db.write() as s:
        dep = department(s, "Цех")
        me = person(s, "M", dep)
        other = person(s, "O", dep)
        for i in range(7):
            add_nudge(s, employee_id=me, kind="proposal_received", params={"proposal_id": i},
                      dedup_key=f"test:{i}", now=NOW + dt.timedelta(minutes=i))
        assert not add_nudge(s, employee_id=me, kind="proposal_received",
                             params={"proposal_id": 0}, dedup_key="test:0", now=NOW)
        add_nudge(s, employee_id=other, kind="client_overtook", params={}, dedup_key="test:o",
                  now=NOW)
    with db.read() as s:
        shown = pending_nudges(s, me)
    assert [n.params["proposal_id"] for n in shown] == [6, 5, 4, 3, 2]
    with db.write() as s:
        other_ids = [n.id for n in pending_nudges(s, other)]
        # Someone else's nudge is not marked through my session.
        assert mark_nudges_seen(s, [n.id for n in shown] + other_ids, NOW, employee_id=me) == 5
        assert mark_nudges_seen(s, [n.id for n in shown], NOW) == 0
    with db.read() as s:
        assert [n.params["proposal_id"] for n in pending_nudges(s, me)] == [1, 0]
        assert len(pending_nudges(s, other)) == 1


def test_repeated_runs_create_nothing(db: Database, config: Config) -> None:
    with db.write() as s:
        dep = department(s, "Цех")
        people = [person(s, f"P{i}", dep) for i in range(12)]
        for i, a in enumerate(people):
            for j, b in enumerate(people):
                if a != b and (i + j) % 3 == 0:
                    rate(s, a, b, 1 + (i * j) % 5, utc(2026, 2, 1 + (i + j) % 20))
                    rate(s, a, b, 1 + (i + j) % 5, utc(2026, 3, 1 + (i * j) % 17))
    monday = utc(2026, 3, 16, 9)
    with db.write() as s:
        first = compute_nudges(s, config, monday)
    assert first > 0
    with db.read() as s:
        before = s.execute(text("SELECT id, dedup_key FROM nudges ORDER BY id")).all()
    for _ in range(2):
        with db.write() as s:
            assert compute_nudges(s, config, monday) == 0
    with db.read() as s:
        assert s.execute(text("SELECT id, dedup_key FROM nudges ORDER BY id")).all() == before
        assert s.scalar(select(func.count(func.distinct(Nudge.dedup_key)))) == len(before)
