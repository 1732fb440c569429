"""The kiosk's home screen in two statements gives the figures of the separate functions.

``home_figures`` (shared/domain/home.py) folds ``employee_metrics`` (without the weekly
trend), ``streak_and_week``, ``pending_nudges`` and the waiting dispute and proposal counts
into two statements; ``own_suppliers`` is one statement. These tests pin them to the full
functions and to hand-computed values on a fixed dataset, on both databases.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from shared.config import Config
from shared.db import Database
from shared.db.models import Dispute, Proposal, Regulation, Segment, SupplierLink
from shared.domain.home import RATED_DAYS_WINDOW, home_figures
from shared.domain.metrics import employee_metrics, streak_and_week
from shared.domain.nudge_store import (
    CLIENT_OVERTOOK,
    RATE_REMINDER,
    add_nudge,
    pending_nudges,
)
from shared.domain.periods import Period, iso_week_label, week_start
from shared.domain.suppliers import own_suppliers
from tests.engage_factory import department, person, rate, utc

TODAY = dt.date(2026, 3, 20)  # a Friday
NOW = utc(2026, 3, 20, 10)


@pytest.fixture
def k3(config: Config) -> Config:
    config.site.k_anonymity = 3
    return config


@pytest.fixture
def home(db: Database, k3: Config) -> dict[str, int]:
    """E rates S1 (twice) and S2 on the five days up to today; clients C1..C4 rate E and
    the suppliers; E has disputes, proposals and nudges waiting."""
    with db.write() as s:
        a, b, c = department(s, "A"), department(s, "B"), department(s, "C")
        e = person(s, "E", a, role="manager")
        s1, s2 = person(s, "S1", b), person(s, "S2", b)
        clients = [person(s, f"C{i}", c) for i in range(1, 5)]
        # E's ratings: Mar 16..20 (a five-day streak ending today), 4 this ISO week
        # (Mon 16 .. Fri 20 is the week; the 15th is a Sunday of the week before).
        for day, sup, score in ((15, s1, 2), (16, s1, 4), (17, s2, 3), (18, s1, 5),
                                (19, s2, 4), (20, s1, 1)):
            rate(s, e, sup, score, utc(2026, 3, day, 8))
        rate(s, e, s1, 3, utc(2026, 1, 10))  # outside the 30-day period
        for i, (cl, score) in enumerate(zip(clients, (5, 4, 3, 4), strict=True)):
            rate(s, cl, e, score, utc(2026, 3, 10 + i))
            rate(s, cl, s1, 5 - i, utc(2026, 3, 11 + i))
        rate(s, clients[0], s2, 2, utc(2026, 3, 12))
        reg = Regulation(code="R1", title="R1")
        s.add(reg)
        s.flush()

        def dispute(initiator: int, respondent: int, state: str,
                    arbiter: int | None = None) -> None:
            s.add(Dispute(uuid=uuid.uuid4(), initiator_id=initiator, respondent_id=respondent,
                          regulation_id=reg.id, description="d", state=state,
                          deadline_at=NOW + dt.timedelta(days=3), arbiter_id=arbiter))

        dispute(s1, e, "open")                     # counts: E answers it
        dispute(s2, e, "accepted")                 # closed
        dispute(s1, s2, "escalated", arbiter=e)    # counts: E arbitrates it
        dispute(s1, s2, "open", arbiter=e)         # not escalated: S2's to answer
        dispute(e, s1, "open")                     # E's own, waits for S1

        def proposal(decider: int, status: str) -> None:
            s.add(Proposal(uuid=uuid.uuid4(), client_id=clients[0], supplier_id=s1,
                           decider_id=decider, what_should_change="x", improves_metric="y",
                           status=status))

        proposal(e, "pending")
        proposal(e, "pending")
        proposal(e, "accepted")
        proposal(s2, "pending")
        s.flush()
        this_week = iso_week_label(week_start(TODAY))
        rated_week = iso_week_label(dt.date(2026, 3, 2))  # E rated nothing that week
        old_week = iso_week_label(dt.date(2026, 1, 5))    # before the window; E rated Jan 10
        for key, kind, params, minutes in (
                ("w-now", RATE_REMINDER, {"week": this_week}, 1),
                ("w-empty", RATE_REMINDER, {"week": rated_week}, 2),
                ("w-old", RATE_REMINDER, {"week": old_week}, 3),
                ("overtook", CLIENT_OVERTOOK, {}, 4)):
            add_nudge(s, employee_id=e, kind=kind, params=params, dedup_key=key,
                      now=NOW - dt.timedelta(minutes=minutes))
        return {"E": e, "S1": s1, "S2": s2, "C1": clients[0]}


def test_home_figures_equal_the_full_functions(db: Database, k3: Config,
                                               home: dict[str, int]) -> None:
    for who in home.values():
        with db.read() as s:
            fig = home_figures(s, k3, who, today=TODAY)
            full = employee_metrics(s, k3, who, today=TODAY)
            assert fig.metrics == dataclasses.replace(full, trend=[])
            assert employee_metrics(s, k3, who, today=TODAY, trend=False) == fig.metrics
            assert fig.streak == streak_and_week(s, k3, who, today=TODAY)
            assert fig.nudges == pending_nudges(s, who)


def test_home_figures_by_hand(db: Database, k3: Config, home: dict[str, int]) -> None:
    with db.read() as s:
        fig = home_figures(s, k3, home["E"], today=TODAY)
    m = fig.metrics
    assert m.period == Period(dt.date(2026, 2, 19), TODAY) and m.trend == []
    # Given in the period: 2 + 4 + 3 + 5 + 4 + 1 = 19 over 6 (the January 3 is outside);
    # happy (4-5): 4, 5, 4 -> 3 / 6.
    assert (m.given_count, m.given_mean, m.given_csat) == (6, 19 / 6, 0.5)
    # Metrics 2 and 3 count other people's ratings up to the end of yesterday (Feb 18 ..
    # Mar 19). Metric 2, like for like: S1 got 5, 4, 3, 2 from its other clients C1..C4
    # (four, k = 3 met) -> 3.5; S2's only other client is C1: below k, left out. E rated S1
    # 2, 4, 5 in that window (today's 1 waits for tomorrow): E's mean over S1 alone 11 / 3.
    assert m.others_period == Period(dt.date(2026, 2, 18), TODAY - dt.timedelta(days=1))
    assert (m.suppliers_rated, m.suppliers_rated_settled, m.suppliers_counted,
            m.counted_supplier_ids, m.others_count) == (2, 2, 1, (home["S1"],), 4)
    assert (m.others_mean, m.my_count_same_suppliers) == (3.5, 3)
    assert m.my_mean_same_suppliers == pytest.approx(11 / 3)
    assert not m.others_withheld
    # Metric 3: 5, 4, 3, 4 from four clients (k = 3 met) -> 4.0, CSAT 3/4.
    assert (m.received_count, m.received_clients, m.received_mean, m.received_csat) == \
        (4, 4, 4.0, 0.75)
    # 11/3 - 3.5 = +0.17, within 0.2. The old pooled figure (E's lower S2 scores against
    # S1's received 25/7) said "stricter": composition, not how E rates.
    assert m.verdict == "same"
    # Streak: the 15th to the 20th, six days; this ISO week Mon 16 .. Fri 20: 5 ratings.
    assert (fig.streak.days, fig.streak.week_count, fig.streak.today_count) == (6, 5, 1)
    # Disputes: the open one E answers + the escalated one E arbitrates; proposals: 2.
    assert (fig.disputes_pending, fig.proposals_pending) == (2, 2)
    # Past the open one's deadline, before the deadline job has closed it: E cannot answer
    # it any more (the dispute list no longer shows it), so it is not counted either.
    with db.read() as s:
        later = home_figures(s, k3, home["E"], today=TODAY,
                             now=NOW + dt.timedelta(days=3, minutes=1))
    assert (later.disputes_pending, later.proposals_pending) == (1, 2)
    # Reminders: this week's is no longer true (E rated), the week of Mar 2 is (no rating),
    # the January week lies before the window and is answered by its own query (E rated).
    assert [n.kind for n in fig.nudges] == [RATE_REMINDER, CLIENT_OVERTOOK]
    assert fig.nudges[0].params == {"week": "2026-W10"}


def test_streak_longer_than_the_window(db: Database, k3: Config) -> None:
    days = RATED_DAYS_WINDOW + 10
    with db.write() as s:
        a = department(s, "A")
        e, sup = person(s, "E", a), person(s, "S", a)
        for i in range(days):
            rate(s, e, sup, 4, utc(2026, 3, 20, 8) - dt.timedelta(days=i))
    with db.read() as s:
        fig = home_figures(s, k3, e, today=TODAY)
        assert fig.streak == streak_and_week(s, k3, e, today=TODAY)
    assert fig.streak.days == days
    # The streak ends yesterday when nothing yet today; a gap inside the window stops it.
    with db.read() as s:
        assert home_figures(s, k3, e, today=TODAY + dt.timedelta(days=1)).streak.days == days
        assert home_figures(s, k3, e, today=TODAY + dt.timedelta(days=2)).streak.days == 0


def test_home_figures_of_a_newcomer(db: Database, k3: Config) -> None:
    with db.write() as s:
        e = person(s, "E", department(s, "A"))
    with db.read() as s:
        fig = home_figures(s, k3, e, today=TODAY)
        assert fig.metrics == dataclasses.replace(
            employee_metrics(s, k3, e, today=TODAY), trend=[])
    assert (fig.metrics.given_count, fig.metrics.given_mean, fig.metrics.verdict) == \
        (0, None, None)
    assert fig.metrics.received_withheld and fig.metrics.received_mean is None
    assert (fig.streak.days, fig.nudges, fig.disputes_pending, fig.proposals_pending) == \
        (0, [], 0, 0)


def test_own_suppliers_in_one_statement(db: Database) -> None:
    """Rated people (most recent first, active only), then configured people and members of
    configured departments (by name, for the client's department or segment), no repeats,
    never the client, cut at the limit."""
    with db.write() as s:
        a, b, c, d = (department(s, n) for n in "ABCD")
        seg = Segment(name="seg")
        s.add(seg)
        s.flush()
        client = person(s, "client", a, segment_id=seg.id)
        rated = [person(s, f"r{i}", b) for i in range(3)]
        gone = person(s, "gone", b, active=False)
        for i, sup in enumerate([*rated, gone]):
            rate(s, client, sup, 4, utc(2026, 3, 1 + i))
        rate(s, client, rated[0], 5, utc(2026, 3, 10))  # r0 is now the most recent
        names = {}
        for name in ("Яков", "алла", "Борис"):
            names[name] = person(s, name, c)
        person(s, "ушёл", c, active=False)
        linked = person(s, "Ёлка", d)
        other = person(s, "other", d)
        s.add_all([
            SupplierLink(client_department_id=a, supplier_department_id=c),
            SupplierLink(client_segment_id=seg.id, supplier_employee_id=linked),
            SupplierLink(client_segment_id=seg.id, supplier_employee_id=rated[1]),
            SupplierLink(client_department_id=a, supplier_employee_id=client),
            SupplierLink(client_department_id=b, supplier_employee_id=other),  # not A's
        ])
    with db.read() as s:
        cards = own_suppliers(s, client)
        short = own_suppliers(s, client, limit=4)
    # (full names are "Person <no>": the order by name is the order of the numbers here)
    assert [x.personnel_no for x in cards] == ["r0", "r2", "r1", "алла", "Борис", "Ёлка",
                                               "Яков"]
    assert cards[0].last_rated_at == utc(2026, 3, 10) and cards[3].last_rated_at is None
    assert [x.employee_id for x in cards[3:]] == [names["алла"], names["Борис"], linked,
                                                  names["Яков"]]
    assert cards[0].department_name == "B" and cards[3].department_name == "C"
    assert [x.personnel_no for x in short] == ["r0", "r2", "r1", "алла"]


def test_lookup_sessions_need_no_transaction(db: Database, k3: Config,
                                             home: dict[str, int]) -> None:
    """The kiosk reads its home screen through ``db.lookup()``: autocommit on PostgreSQL
    (no BEGIN/ROLLBACK round trips), the same figures, and the pooled connection is
    transactional again for the next ``read()``, whose writes still roll back."""
    with db.lookup() as s:
        fig = home_figures(s, k3, home["E"], today=TODAY)
        dbapi = s.connection().connection.driver_connection
        if db.dialect == "postgresql":
            assert dbapi.autocommit is True
    with db.read() as s:
        assert fig == home_figures(s, k3, home["E"], today=TODAY)
        own = own_suppliers(s, home["C1"])
        if db.dialect == "postgresql":
            assert s.connection().connection.driver_connection.autocommit is False
        s.add(Regulation(code="R2", title="written in a read session"))
        s.flush()
    with db.lookup() as s:
        assert s.execute(select(func.count()).select_from(Regulation)).scalar_one() == 1
        assert own_suppliers(s, home["C1"]) == own and own


def _home_and_full(db: Database, config: Config, who: int, today: dt.date):  # type: ignore[no-untyped-def]
    """The kiosk's figures (fast path), checked against ``employee_metrics``."""
    with db.read() as s:
        fig = home_figures(s, config, who, today=today)
        assert fig.metrics == dataclasses.replace(
            employee_metrics(s, config, who, today=today), trend=[])
        assert employee_metrics(s, config, who, today=today, trend=False) == fig.metrics
    return fig.metrics


def test_metric_2_needs_k_clients_per_supplier(db: Database, k3: Config) -> None:
    """SPEC 4: E's suppliers' score is another client's rating when only two clients rated
    them: withheld below k (no verdict from it), shown from the k-th client on."""
    with db.write() as s:
        a = department(s, "A")
        e, other, third, sup = (person(s, n, a) for n in ("E", "O", "T", "S"))
        rate(s, e, sup, 5, utc(2026, 3, 10, 8))
        rate(s, other, sup, 1, utc(2026, 3, 10, 9))
    m = _home_and_full(db, k3, e, TODAY)
    assert m.others_withheld and m.others_mean is None
    assert (m.suppliers_rated, m.suppliers_counted, m.others_count) == (1, 0, 0)
    assert (m.given_mean, m.verdict, m.verdict_delta) == (5.0, None, None)
    with db.write() as s:
        rate(s, third, sup, 3, utc(2026, 3, 11, 8))  # two other clients: E does not count
    m = _home_and_full(db, k3, e, TODAY)
    assert m.others_withheld and m.verdict is None
    with db.write() as s:
        rate(s, person(s, "F", a), sup, 2, utc(2026, 3, 11, 9))  # the third other client
    m = _home_and_full(db, k3, e, TODAY)
    assert not m.others_withheld
    assert (m.suppliers_counted, m.others_count) == (1, 3)
    assert m.others_mean == 2.0  # (1 + 3 + 2) / 3, E's own 5 left out
    assert (m.my_mean_same_suppliers, m.verdict) == (5.0, "kinder")


def test_todays_ratings_reach_metrics_2_and_3_tomorrow(db: Database, k3: Config) -> None:
    """A colleague's rating of E (or of E's supplier) given today does not move what the
    kiosk shows of other people's ratings until the next day; E's own given ratings do."""
    with db.write() as s:
        a = department(s, "A")
        e, sup = person(s, "E", a), person(s, "S", a)
        clients = [person(s, f"C{i}", a) for i in range(4)]
        for c in clients[:3]:
            rate(s, c, e, 4, utc(2026, 3, 10, 8))
            rate(s, c, sup, 4, utc(2026, 3, 10, 9))
        rate(s, e, sup, 4, utc(2026, 3, 12, 8))
    before = _home_and_full(db, k3, e, TODAY)
    assert (before.received_mean, before.received_clients) == (4.0, 3)
    assert (before.others_mean, before.others_count) == (4.0, 3)
    with db.write() as s:
        # Today, 11:00 and 12:00 at the plant: a fourth client rates E and the supplier 1;
        # E rates the supplier too (E's own rating: metric 1 is live).
        rate(s, clients[3], e, 1, utc(2026, 3, 20, 8))
        rate(s, clients[3], sup, 1, utc(2026, 3, 20, 8, 30))
        rate(s, e, sup, 2, utc(2026, 3, 20, 9))
    after = _home_and_full(db, k3, e, TODAY)
    assert (after.received_mean, after.received_clients, after.received_count) == (4.0, 3, 3)
    assert (after.others_mean, after.others_count) == (4.0, 3)
    assert (after.given_count, after.given_mean) == (2, 3.0)  # (4 + 2) / 2, live
    tomorrow = _home_and_full(db, k3, e, TODAY + dt.timedelta(days=1))
    assert (tomorrow.received_mean, tomorrow.received_clients) == (13 / 4, 4)
    # The other clients: 4, 4, 4 from C0..C2 and C3's 1 -> 13 / 4; E's own 4 and 2 -> 3.0.
    assert (tomorrow.others_mean, tomorrow.others_count) == (13 / 4, 4)
    assert tomorrow.my_mean_same_suppliers == 3.0
