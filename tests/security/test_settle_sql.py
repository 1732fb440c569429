"""The cooldown settlement's two copies held equal: SQL and Python (issues 17 and 22).

The offline sync settles a pair's cooldown in set form (``shared.domain.rating_rules``,
``settle_pair``). The PostgreSQL kiosk role may not read the other raters' ratings of a
pair, so there the database settles what it inserted: ``pulse_private.kiosk_settle``
(migration ``0015_kiosk_personal_reads``, ``SECURITY DEFINER``), the same rule written again
in PL/pgSQL. That second copy has to exist (least privilege); these tests keep it the same
rule:

* the function itself against ``settle_pair`` over a table of cases and a Hypothesis
  property (times on and around the cooldown's edge, equal times broken by uuid, two pairs
  side by side, stored ratings of any status, fractional cooldowns);
* the batch path, ``apply_rating_batch``, end to end over the same table: on SQLite and as
  PostgreSQL's owner it settles in Python (``_settle_cooldown`` → ``settle_pair``), as the
  kiosk's login made by ``pulse db grant`` it asks ``kiosk_settle``; all three agree with
  ``settle_pair``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.engine import Connection

from shared.config import Config
from shared.db import Database, open_database
from shared.db.models import Rating
from shared.domain.periods import local_day
from shared.domain.rating_rules import SettleRow, settle_pair
from shared.domain.rollups import apply_stored
from shared.offline.central import ApplyContext, apply_rating_batch
from shared.offline.store import OutboxItem
from tests.offline_support import seed_directory
from tests.test_grants import Cluster

# A fixed moment in the past (the kiosk role refuses ratings ahead of the server's clock);
# nothing here reads today's date.
BASE = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
US = dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class Row:
    """One rating of a case: ``pair`` 0 or 1 (1 is the reverse pair: supplier rates rater),
    ``status`` 'ok' / 'cooldown_conflict' for a stored one, None for one the batch brings."""

    pair: int
    at: dt.datetime
    uuid: uuid.UUID
    status: str | None

    @property
    def new(self) -> bool:
        return self.status is None


def expected(rows: Sequence[Row], cooldown: dt.timedelta) -> dict[uuid.UUID, str]:
    """Every row's status after the batch, by ``settle_pair`` (the rule's one Python copy).

    Per pair with new ratings: from the earliest new one less the cooldown on, the rule
    decides; older rows keep their status. All of the pair's rows are handed over: those
    long before the window cannot be within the cooldown of anything it decides."""
    out = {r.uuid: r.status or "ok" for r in rows}
    for pair in (0, 1):
        mine = sorted((r for r in rows if r.pair == pair), key=lambda r: (r.at, r.uuid))
        fresh = [r.at for r in mine if r.new]
        if not fresh:
            continue
        decided = settle_pair([SettleRow(i, r.uuid, r.at, r.status or "new")
                               for i, r in enumerate(mine)], min(fresh) - cooldown, cooldown)
        out.update((mine[i].uuid, status) for i, status in decided.items())
    return out


def _u(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


def _at(seconds: float = 0, micro: int = 0) -> dt.datetime:
    return BASE + dt.timedelta(seconds=seconds, microseconds=micro)


H = 3600.0
# (cooldown hours, rows). uuids are small numbers so the tie order at equal times is plain.
CASES: dict[str, tuple[float, list[Row]]] = {
    "alone": (4, [Row(0, _at(), _u(1), None)]),
    "two new, inside": (4, [Row(0, _at(), _u(1), None), Row(0, _at(H), _u(2), None)]),
    "two new, one microsecond short": (4, [Row(0, _at(), _u(1), None),
                                           Row(0, _at(4 * H, -1), _u(2), None)]),
    "two new, exactly the cooldown apart": (4, [Row(0, _at(), _u(1), None),
                                                Row(0, _at(4 * H), _u(2), None)]),
    "equal times, uuid breaks the tie": (4, [Row(0, _at(), _u(9), None),
                                             Row(0, _at(), _u(3), None)]),
    "a late earlier rating demotes the stored one": (4, [Row(0, _at(H), _u(1), "ok"),
                                                         Row(0, _at(), _u(2), None)]),
    "the demoted one's successor is promoted": (4, [
        Row(0, _at(2 * H), _u(1), "ok"), Row(0, _at(5 * H), _u(2), "cooldown_conflict"),
        Row(0, _at(), _u(3), None)]),
    "a chain: ok, conflict, ok": (1, [Row(0, _at(), _u(1), None),
                                      Row(0, _at(0.5 * H), _u(2), None),
                                      Row(0, _at(H), _u(3), None)]),
    "stored ok before the window still counts": (4, [Row(0, _at(), _u(1), "ok"),
                                                     Row(0, _at(3 * H), _u(2), None)]),
    "stored conflict before the window does not": (4, [
        Row(0, _at(), _u(1), "ok"), Row(0, _at(3 * H), _u(2), "cooldown_conflict"),
        Row(0, _at(8 * H), _u(3), None)]),
    "stored long before: kept as it is": (2, [Row(0, _at(-30 * H), _u(1), "cooldown_conflict"),
                                              Row(0, _at(), _u(2), None)]),
    "the reverse pair is another pair": (4, [Row(0, _at(), _u(1), "ok"),
                                             Row(1, _at(H), _u(2), None),
                                             Row(0, _at(2 * H), _u(3), None)]),
    "fractional cooldown, on its edge": (2.5, [Row(0, _at(), _u(1), None),
                                               Row(0, _at(2.5 * H), _u(2), None),
                                               Row(0, _at(5 * H, -1), _u(3), None)]),
}


def test_the_cases_say_what_their_names_say() -> None:
    """The table is not vacuous: the rule's interesting outcomes occur in it."""
    got = {name: expected(rows, dt.timedelta(hours=h)) for name, (h, rows) in CASES.items()}
    assert got["two new, inside"] == {_u(1): "ok", _u(2): "cooldown_conflict"}
    assert got["two new, one microsecond short"][_u(2)] == "cooldown_conflict"
    assert got["two new, exactly the cooldown apart"][_u(2)] == "ok"
    assert got["equal times, uuid breaks the tie"] == {_u(3): "ok", _u(9): "cooldown_conflict"}
    assert got["the demoted one's successor is promoted"] == {
        _u(3): "ok", _u(1): "cooldown_conflict", _u(2): "ok"}
    assert got["stored conflict before the window does not"][_u(3)] == "ok"
    assert got["stored long before: kept as it is"][_u(1)] == "cooldown_conflict"
    assert got["the reverse pair is another pair"] == {_u(1): "ok", _u(2): "ok",
                                                       _u(3): "cooldown_conflict"}


# --- the SQL function itself, as the schema's owner ------------------------------------------

@pytest.fixture(scope="module")
def settle_pg(pg_databases) -> Iterator[tuple[Database, int, int]]:  # type: ignore[no-untyped-def]
    """A migrated PostgreSQL database with two people of one department (rater, supplier)."""
    database = open_database(pg_databases.create(), upgrade=True)
    directory = seed_directory(database, people=2, departments=2)
    try:
        yield database, directory.employee_ids[0], directory.employee_ids[1]
    finally:
        database.dispose()


def sql_settle(conn: Connection, rater: int, supplier: int, rows: Sequence[Row],
               cooldown_hours: float) -> dict[uuid.UUID, str]:
    """``pulse_private.kiosk_settle`` over the rows, in a transaction rolled back after.

    The new rows are inserted as a kiosk's batch inserts them (status ok) and registered as
    this transaction's own in ``pulse_private.fresh_ratings``, as the insert trigger does
    for the kiosk's login (the owner's login is not restricted, so the trigger does not)."""
    tx = conn.begin()
    try:
        conn.execute(text("UPDATE pulse_private.settings SET cooldown_hours = :h"),
                     {"h": cooldown_hours})
        deps = dict(conn.execute(text("SELECT id, department_id FROM employees WHERE id IN "
                                      "(:a, :b)"), {"a": rater, "b": supplier}).all())
        for r in rows:
            who = (rater, supplier) if r.pair == 0 else (supplier, rater)
            rid = conn.execute(text(
                "INSERT INTO ratings (uuid, rater_id, supplier_id, rater_department_id, "
                "supplier_department_id, score, created_at, day, received_at, status) VALUES "
                "(:u, :a, :b, :da, :db, 4, :at, :day, :at, :status) RETURNING id"),
                {"u": r.uuid, "a": who[0], "b": who[1], "da": deps[who[0]], "db": deps[who[1]],
                 "at": r.at,
                 "day": r.at.date(), "status": r.status or "ok"}).scalar_one()
            if r.new:
                conn.execute(text("INSERT INTO pulse_private.fresh_ratings (txid, rating_id) "
                                  "VALUES (pg_current_xact_id(), :id)"), {"id": rid})
        new = [r.uuid for r in rows if r.new]
        returned = dict(conn.execute(text(
            "SELECT rating_uuid, rating_status FROM pulse_private.kiosk_settle("
            "CAST(:u AS uuid[]))"), {"u": new}).all())
        stored = dict(conn.execute(text("SELECT uuid, status FROM ratings WHERE uuid = ANY("
                                        "CAST(:u AS uuid[]))"),
                                   {"u": [r.uuid for r in rows]}).all())
        # What it returns is what it stored, for exactly the uuids asked.
        assert returned == {u: stored[u] for u in new}
        return stored
    finally:
        tx.rollback()


@pytest.mark.pg
@pytest.mark.parametrize("name", list(CASES))
def test_kiosk_settle_agrees_with_settle_pair_on_the_cases(
        settle_pg: tuple[Database, int, int], name: str) -> None:
    database, rater, supplier = settle_pg
    hours, rows = CASES[name]
    with database.engine.connect() as conn:
        assert sql_settle(conn, rater, supplier, rows, hours) == \
            expected(rows, dt.timedelta(hours=hours))


_STEPS = st.sampled_from(["same", "edge-", "edge", "edge+", "any"])


@st.composite
def _cases(draw: st.DrawFn) -> tuple[float, list[Row]]:
    """Up to 8 ratings over two pairs: each after the previous by 0, the cooldown less or
    more a microsecond, exactly the cooldown, or anything up to three cooldowns."""
    hours = draw(st.one_of(st.sampled_from([0.25, 1.0, 2.5, 4.0]),
                           st.floats(min_value=0.01, max_value=48.0)))
    cooldown = dt.timedelta(hours=hours)
    n = draw(st.integers(min_value=1, max_value=8))
    ids = draw(st.lists(st.integers(min_value=1, max_value=2**128 - 1), min_size=n,
                        max_size=n, unique=True))
    at = BASE
    rows: list[Row] = []
    for i in range(n):
        step = draw(_STEPS)
        if i and step == "any":
            at += draw(st.integers(min_value=0, max_value=3 * cooldown // US)) * US
        elif i:
            at += {"same": dt.timedelta(0), "edge-": cooldown - US, "edge": cooldown,
                   "edge+": cooldown + US}[step]
        status = draw(st.sampled_from([None, None, "ok", "cooldown_conflict"]))
        rows.append(Row(draw(st.integers(min_value=0, max_value=1)), at, _u(ids[i]), status))
    if all(not r.new for r in rows):  # at least one new rating: else there is nothing to settle
        k = draw(st.integers(min_value=0, max_value=n - 1))
        rows[k] = Row(rows[k].pair, rows[k].at, rows[k].uuid, None)
    return hours, draw(st.permutations(rows))


@pytest.mark.pg
def test_kiosk_settle_agrees_with_settle_pair_on_any_pairs(
        settle_pg: tuple[Database, int, int]) -> None:
    database, rater, supplier = settle_pg
    with database.engine.connect() as conn:

        @settings(max_examples=300, deadline=None, database=None)
        @given(_cases())
        def agree(case: tuple[float, list[Row]]) -> None:
            hours, rows = case
            assert sql_settle(conn, rater, supplier, rows, hours) == \
                expected(rows, dt.timedelta(hours=hours))

        agree()


# --- the batch path end to end: SQLite and PostgreSQL's owner (Python), the kiosk (SQL) -------

def _batch(database: Database, admin: Database, config: Config, people: tuple[int, int],
           hours: float, rows: Sequence[Row]) -> dict[uuid.UUID, str]:
    """Store the case's stored rows as the owner, send its new ones through
    ``apply_rating_batch`` on ``database``'s login; every row's status after."""
    config.rating.cooldown_hours = hours
    rater, supplier = people
    tz = config.tz
    with admin.write() as s:
        deps = dict(s.execute(text("SELECT id, department_id FROM employees WHERE id IN "
                                   "(:a, :b)"), {"a": rater, "b": supplier}).all())
        stored = []
        for r in rows:
            if r.new:
                continue
            a, b = (rater, supplier) if r.pair == 0 else (supplier, rater)
            rating = Rating(uuid=r.uuid, rater_id=a, supplier_id=b, rater_department_id=deps[a],
                            supplier_department_id=deps[b], score=4, created_at=r.at,
                            day=local_day(r.at, tz), received_at=r.at, status=r.status)
            s.add(rating)
            stored.append(rating)
        s.flush()
        apply_stored(s, [x.id for x in stored if x.status == "ok"])
    items = []
    for r in rows:
        if r.new:
            a, b = (rater, supplier) if r.pair == 0 else (supplier, rater)
            items.append(OutboxItem(r.uuid, "rating", r.at, {
                "rater_id": a, "supplier_id": b, "score": 4, "reason_codes": [],
                "comment": None, "kiosk_id": "hall-1"}, 0))
    last = max(r.at for r in rows)
    with database.write() as s:
        result = apply_rating_batch(s, items, ApplyContext(config, last + dt.timedelta(hours=1)))
    with admin.read() as s:
        statuses: dict[uuid.UUID, str] = dict(s.execute(
            text("SELECT uuid, status FROM ratings WHERE rater_id IN (:a, :b)"),
            {"a": rater, "b": supplier}).all())
    # Normalise the uuids (SQLite hands back hex text to a plain SELECT).
    statuses = {u if isinstance(u, uuid.UUID) else uuid.UUID(u): v for u, v in statuses.items()}
    assert result == {r.uuid: statuses[r.uuid] for r in rows if r.new}
    return statuses


def _unique(rows: Sequence[Row], case: int) -> list[Row]:
    """The case's rows with uuids of their own (cases share a database)."""
    return [Row(r.pair, r.at, uuid.UUID(int=(case << 64) + r.uuid.int), r.status) for r in rows]


def test_the_batch_path_settles_by_settle_pair(db: Database, config: Config) -> None:
    """SQLite, and PostgreSQL's owner login: the Python settlement (``_settle_cooldown``)."""
    people = seed_directory(db, people=2 * len(CASES), departments=2).employee_ids
    for i, (name, (hours, case)) in enumerate(CASES.items()):
        rows = _unique(case, i)
        got = _batch(db, db, config, (people[2 * i], people[2 * i + 1]), hours, rows)
        assert got == expected(rows, dt.timedelta(hours=hours)), name


@pytest.mark.pg
def test_the_kiosk_login_settles_by_settle_pair(cluster: Cluster, config: Config) -> None:
    """PostgreSQL as the kiosk's login (``pulse db grant``): ``kiosk_settle`` decides, and
    the commit-time check (``rating_status_check``) accepts what it decided."""
    cluster.grant()
    admin = open_database(cluster.url)
    kiosk_engine = cluster.login("kiosk")
    kiosk = open_database(kiosk_engine.url.render_as_string(hide_password=False))
    kiosk_engine.dispose()
    try:
        people = seed_directory(admin, people=2 * len(CASES), departments=2).employee_ids
        for i, (name, (hours, case)) in enumerate(CASES.items()):
            with admin.write() as s:
                s.execute(text("UPDATE pulse_private.settings SET cooldown_hours = :h"),
                          {"h": hours})
            rows = _unique(case, i)
            got = _batch(kiosk, admin, config, (people[2 * i], people[2 * i + 1]), hours, rows)
            assert got == expected(rows, dt.timedelta(hours=hours)), name
    finally:
        kiosk.dispose()
        admin.dispose()
