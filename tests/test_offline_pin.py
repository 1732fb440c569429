"""The PIN lockout of an offline kiosk: kept in the local store, carried to the server by sync.

Both databases where the server is touched (the ``db`` fixture).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from sqlalchemy import select, update

from kiosk.offline import SnapshotAnswers
from shared.audit import verify
from shared.config import Config
from shared.db import Database
from shared.db.models import AuditEntry, Employee, PinOfflineAttempt
from shared.domain.pin_lockout import LOCKED, OK, WRONG, PinState, check_pin
from shared.offline import central
from shared.offline.store import SCHEMA_VERSION, LocalStore
from shared.offline.sync import SyncWorker
from shared.security import badge_hmac, hash_pin
from tests.offline_support import SECRET, badge_of, seed_directory

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)


def _manager_with_pin(db: Database) -> int:
    directory = seed_directory(db)
    manager = directory.employee_ids[0]
    with db.write() as s:
        s.execute(update(Employee).where(Employee.id == manager)
                  .values(pin_hash=hash_pin("1234")))
    return manager


def _kiosk(tmp_path: Path, db: Database, config: Config) -> tuple[LocalStore, SyncWorker]:
    store = LocalStore(tmp_path / "kiosk-local.db", kiosk_id="kiosk-7")
    worker = SyncWorker(store, db, config, clock=lambda: T0 + dt.timedelta(minutes=1),
                        rng=random.Random(1))
    assert worker.refresh_snapshot() > 0
    return store, worker


def _wrong(answers: SnapshotAnswers, emp: int, times: int, start: dt.datetime) -> list[str]:
    return [answers.check_pin(emp, "0000", start + i * SECOND).outcome for i in range(times)]


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_offline_lockout_survives_a_restart_and_doubles(db: Database, config: Config,
                                                        tmp_path: Path) -> None:
    manager = _manager_with_pin(db)
    store, _ = _kiosk(tmp_path, db, config)
    answers = SnapshotAnswers(store, config)
    assert _wrong(answers, manager, 5, T0) == [WRONG] * 4 + [LOCKED]
    until = T0 + 4 * SECOND + dt.timedelta(minutes=5)
    # The kiosk restarts: a new store object on the same file knows the lockout.
    store.close()
    store = LocalStore(tmp_path / "kiosk-local.db", kiosk_id="kiosk-7")
    answers = SnapshotAnswers(store, config)
    assert store.pin_state(manager) == PinState(0, 1, until)
    looked_up = answers.lookup_badge(badge_hmac(SECRET, badge_of(0)), T0 + dt.timedelta(minutes=1))
    assert looked_up.locked_until == until
    right = answers.check_pin(manager, "1234", T0 + dt.timedelta(minutes=2))
    assert (right.outcome, right.locked_until) == (LOCKED, until)  # not even looked at
    # After the lockout, five more wrong PINs lock for ten minutes (doubling).
    later = until + SECOND
    assert _wrong(answers, manager, 5, later) == [WRONG] * 4 + [LOCKED]
    assert store.pin_state(manager).locked_until == later + 4 * SECOND + dt.timedelta(minutes=10)
    after = store.pin_state(manager).locked_until + SECOND  # type: ignore[operator]
    assert answers.check_pin(manager, "1234", after).outcome == OK
    assert store.pin_state(manager) == PinState()
    # Nine wrong PINs, two lockouts, one right one: every attempt waits for the server.
    assert [row[1] for row in store.outbox_rows()] == ["pin_attempt"] * 11
    assert store.outbox_size(people_only=True) == 0  # "N ratings will sync" counts none
    store.close()


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_sync_carries_an_offline_lockout_to_the_server_once(db: Database, config: Config,
                                                           tmp_path: Path) -> None:
    manager = _manager_with_pin(db)
    store, worker = _kiosk(tmp_path, db, config)
    answers = SnapshotAnswers(store, config)
    assert _wrong(answers, manager, 5, T0)[-1] == LOCKED
    until = T0 + 4 * SECOND + dt.timedelta(minutes=5)
    items = store.pending()
    report = worker.run_once(snapshot=False)
    assert report.ok and report.statuses == {"ok": 5}
    assert store.outbox_size() == 0
    with db.read() as s:
        emp = s.get(Employee, manager)
        assert emp is not None
        assert (emp.pin_failures, emp.pin_lockouts, emp.pin_locked_until) == (0, 1, until)
        rows = s.execute(select(PinOfflineAttempt.correct, PinOfflineAttempt.outcome,
                                PinOfflineAttempt.kiosk_id, PinOfflineAttempt.attempted_at)
                         .order_by(PinOfflineAttempt.attempted_at)).all()
        assert [tuple(r) for r in rows] == (
            [(False, "counted", "kiosk-7", T0 + i * SECOND) for i in range(4)]
            + [(False, "lockout", "kiosk-7", T0 + 4 * SECOND)])
        audits = [(a.action, a.details) for a in s.scalars(select(AuditEntry)
                                                           .order_by(AuditEntry.id))]
        assert verify(s) == []
    actions = [a for a, _ in audits]
    assert actions == ["pin_lockout", "pin_offline_attempts"]
    assert audits[0][1] == {"employee_id": manager, "lockout": 1, "until": until.isoformat(),
                            "offline": True, "kiosk_id": "kiosk-7",
                            "attempted_at": (T0 + 4 * SECOND).isoformat()}
    assert audits[1][1]["wrong"] == 5 and audits[1][1]["correct"] == 0
    # Online now, inside the offline lockout: the server refuses the right PIN too.
    with db.write() as s:
        online = check_pin(s, employee_id=manager, pin="1234", now=T0 + dt.timedelta(minutes=2),
                           max_attempts=5, lockout_minutes=5)
    assert (online.outcome, online.locked_until) == (LOCKED, until)
    # A resend (the commit's answer lost) changes nothing.
    with db.write() as s:
        again = central.apply_batch(s, items, central.context(config, T0))
    assert set(again.values()) == {"ok"}
    with db.read() as s:
        assert len(s.scalars(select(PinOfflineAttempt)).all()) == 5
        assert len(s.scalars(select(AuditEntry)).all()) == 2
        emp = s.get(Employee, manager)
        assert emp is not None and emp.pin_lockouts == 1
    store.close()


def test_offline_failures_add_to_the_servers_and_a_right_pin_forgives_only_its_own(
        db: Database, config: Config, tmp_path: Path) -> None:
    manager = _manager_with_pin(db)
    # Three wrong PINs at an online kiosk first.
    with db.write() as s:
        for i in range(3):
            check_pin(s, employee_id=manager, pin="9999", now=T0 - dt.timedelta(minutes=10) + i *
                      SECOND, max_attempts=5, lockout_minutes=5)
    store, worker = _kiosk(tmp_path, db, config)
    answers = SnapshotAnswers(store, config)
    # Offline: two typos and the right PIN (forgiven), later two more typos (counted).
    assert _wrong(answers, manager, 2, T0) == [WRONG, WRONG]
    assert answers.check_pin(manager, "1234", T0 + 5 * SECOND).outcome == OK
    assert _wrong(answers, manager, 2, T0 + 10 * SECOND) == [WRONG, WRONG]
    assert worker.run_once(snapshot=False).ok
    with db.read() as s:
        state = s.execute(select(Employee.pin_failures, Employee.pin_lockouts,
                                 Employee.pin_locked_until).where(Employee.id == manager)).one()
        outcomes = list(s.scalars(select(PinOfflineAttempt.outcome)
                                  .order_by(PinOfflineAttempt.attempted_at)))
    assert outcomes == ["forgiven", "forgiven", "correct", "counted", "lockout"]
    # 3 online + 2 offline = 5: locked from the last offline tap, for five minutes.
    assert tuple(state) == (0, 1, T0 + 11 * SECOND + dt.timedelta(minutes=5))
    store.close()


def test_a_central_lockout_holds_on_a_kiosk_that_goes_offline(db: Database, config: Config,
                                                              tmp_path: Path) -> None:
    """Five wrong PINs on another kiosk (online) lock the badge on the server; this kiosk's
    next snapshot carries the lockout, and offline it refuses even the right PIN until then."""
    manager = _manager_with_pin(db)
    store, worker = _kiosk(tmp_path, db, config)
    answers = SnapshotAnswers(store, config)
    assert store.central_lockout(manager) is None
    with db.write() as s:
        outcomes = [check_pin(s, employee_id=manager, pin="0000", now=T0 + i * SECOND,
                              max_attempts=5, lockout_minutes=5).outcome for i in range(5)]
    assert outcomes == [WRONG] * 4 + [LOCKED]
    until = T0 + 4 * SECOND + dt.timedelta(minutes=5)
    worker.refresh_snapshot()  # incremental: the lockout changed the person's row
    assert store.central_lockout(manager) == until
    looked_up = answers.lookup_badge(badge_hmac(SECRET, badge_of(0)), T0 + dt.timedelta(minutes=1))
    assert looked_up.locked_until == until
    right = answers.check_pin(manager, "1234", T0 + dt.timedelta(minutes=2))
    assert (right.outcome, right.locked_until) == (LOCKED, until)
    assert store.outbox_size() == 0  # refused without looking: nothing to report
    assert answers.check_pin(manager, "1234", until + SECOND).outcome == OK
    store.close()


def test_a_version_2_store_gains_the_central_lockout_column(tmp_path: Path) -> None:
    """A kiosk updated in place keeps its local file: the store upgrades it (versions 3-5)."""
    import sqlite3

    path = tmp_path / "kiosk-local.db"
    store = LocalStore(path, kiosk_id="kiosk-7")
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE people DROP COLUMN pin_locked_until")
    conn.execute("DROP INDEX outbox_pair_key")  # version 4's
    conn.execute("ALTER TABLE outbox DROP COLUMN pair_key")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    store = LocalStore(path, kiosk_id="kiosk-7")
    assert store.central_lockout(1) is None
    store.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "pin_locked_until" in {r[1] for r in conn.execute("PRAGMA table_info(people)")}
    conn.close()


def test_online_the_servers_word_replaces_the_snapshots_lockout(db: Database, config: Config,
                                                                tmp_path: Path) -> None:
    """The snapshot still holds a central lockout that an admin has lifted on the server: the
    online kiosk asks the server and lets the right PIN in (the snapshot's copy is for
    offline only)."""
    from kiosk.backend import KioskBackend
    from kiosk.clock import FakeClock

    manager = _manager_with_pin(db)
    store, worker = _kiosk(tmp_path, db, config)
    with db.write() as s:
        for i in range(5):
            check_pin(s, employee_id=manager, pin="0000", now=T0 + i * SECOND,
                      max_attempts=5, lockout_minutes=5)
    worker.refresh_snapshot()
    assert store.central_lockout(manager) is not None
    with db.write() as s:  # what `pulse pin` does when an admin lifts the lockout
        s.execute(update(Employee).where(Employee.id == manager)
                  .values(pin_locked_until=None, pin_failures=0))
    backend = KioskBackend(db, config, FakeClock(T0 + dt.timedelta(minutes=1)), store=store)
    assert backend.lookup_badge(badge_of(0)).locked_until is None
    assert backend.check_pin(manager, "1234").outcome == OK
    store.close()


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_an_offline_lockout_the_server_has_heard_of_is_the_servers_to_lift(
        db: Database, config: Config, tmp_path: Path) -> None:
    """This kiosk locked a badge while offline; its attempts reached the server, where an
    admin lifted the lockout (`pulse pin set`): online, the kiosk now follows the server and
    lets the right PIN in. Before the attempts are delivered, its own lockout still holds."""
    from kiosk.backend import KioskBackend
    from kiosk.clock import FakeClock

    manager = _manager_with_pin(db)
    store, worker = _kiosk(tmp_path, db, config)
    answers = SnapshotAnswers(store, config)
    assert _wrong(answers, manager, 5, T0)[-1] == LOCKED
    back_online = FakeClock(T0 + dt.timedelta(minutes=1))
    backend = KioskBackend(db, config, back_online, store=store)
    # Not yet delivered: the server has not heard of the lockout, the kiosk keeps it.
    assert backend.lookup_badge(badge_of(0)).locked_until is not None
    assert backend.check_pin(manager, "1234").outcome == LOCKED
    assert worker.run_once(snapshot=False).ok and store.outbox_size() == 0
    with db.write() as s:  # what `pulse pin set` does: failures and the lockout go
        s.execute(update(Employee).where(Employee.id == manager)
                  .values(pin_locked_until=None, pin_failures=0))
    assert backend.lookup_badge(badge_of(0)).locked_until is None
    assert backend.check_pin(manager, "1234").outcome == OK
    assert store.pin_state(manager) == PinState()
    store.close()
