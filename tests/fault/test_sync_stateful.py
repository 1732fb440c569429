"""Hypothesis state machine over rate / go offline / come online / sync / crash the sync worker,
against real PostgreSQL behind a TCP proxy: central ⊆ acknowledged after every step, and
equal once the outbox is drained."""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from shared.config import Config
from shared.db import Database, open_database
from shared.db.models import Rating
from shared.domain.rating_rules import Refusal
from shared.offline.store import LocalStore
from shared.offline.sync import SyncWorker
from tests.fault.pgproxy import PgProxy
from tests.offline_support import seed_directory


class Crash(Exception):
    """The sync worker dies here (power cut, OOM kill, ...)."""


class CrashingWorker(SyncWorker):
    """A sync worker that can die just before or just after the central commit."""

    crash_at: str | None = None

    def _commit_central(self, items):  # type: ignore[no-untyped-def]
        if self.crash_at == "before_commit":
            from shared.offline import central
            with self.db.write() as session:
                central.apply_batch(session, items, central.context(self.config, self.clock()))
                raise Crash  # rolled back: nothing reached the server
        statuses = super()._commit_central(items)
        if self.crash_at == "after_commit":
            raise Crash  # committed, but the kiosk never marks them sent
        return statuses


class World:
    """What every example shares: the central database, its proxy, the people."""

    central: Database
    proxy: PgProxy
    proxied_url: str
    people: list[int]
    examples = 0


class KioskMachine(RuleBasedStateMachine):
    world: World

    @initialize()
    def start(self) -> None:
        w = self.world
        w.examples += 1
        w.proxy.set_down(False)
        self.dir = tempfile.mkdtemp(prefix="pulse-sm-")
        self.kiosk = f"sm-{uuid.uuid4().hex[:8]}"
        self.config = Config()
        self.store = LocalStore(Path(self.dir) / "k.db", kiosk_id=self.kiosk,
                                cooldown=dt.timedelta(hours=self.config.rating.cooldown_hours))
        self.db = open_database(w.proxied_url, connect_timeout=2)
        # Each example lives in its own month, far from the others' cooldowns.
        self.now = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC) + dt.timedelta(days=40 * w.examples)
        self.worker = CrashingWorker(self.store, self.db, self.config, clock=lambda: self.now)
        assert self.worker.run_once().ok  # the first snapshot
        self.acked: set[uuid.UUID] = set()

    def _central(self) -> list[uuid.UUID]:
        with self.world.central.read() as s:
            return list(s.scalars(select(Rating.uuid).where(Rating.kiosk_id == self.kiosk)))

    @rule(rater=st.integers(0, 5), supplier=st.integers(0, 5), score=st.integers(1, 5),
          minutes=st.integers(1, 300))
    def rate(self, rater: int, supplier: int, score: int, minutes: int) -> None:
        self.now += dt.timedelta(minutes=minutes)
        people = self.world.people
        outcome = self.store.enqueue_rating(rater_id=people[rater], supplier_id=people[supplier],
                                            score=score, now=self.now)
        if outcome.ok:
            assert outcome.uuid is not None
            self.acked.add(outcome.uuid)
        else:
            assert outcome.code in (Refusal.SELF, Refusal.COOLDOWN)

    @rule()
    def go_offline(self) -> None:
        self.world.proxy.set_down(True)

    @rule()
    def come_online(self) -> None:
        self.world.proxy.set_down(False)

    @rule()
    def sync(self) -> None:
        self.worker.crash_at = None
        report = self.worker.run_once(snapshot=False)
        if self.world.proxy.down:
            assert not report.ok
        else:
            assert report.ok, report.error
            assert self.store.outbox_size() == 0

    @rule(where=st.sampled_from(["before_commit", "after_commit"]))
    def crash_sync_worker(self, where: str) -> None:
        self.worker.crash_at = where
        try:
            self.worker.push()
        except Crash:
            pass
        except Exception:  # noqa: BLE001 - offline: the database error comes first
            assert self.world.proxy.down
        finally:
            self.worker.crash_at = None

    @invariant()
    def central_within_acknowledged(self) -> None:
        if not hasattr(self, "store"):
            return
        central = self._central()
        assert len(central) == len(set(central)), "a rating was stored twice"
        assert set(central) <= self.acked, "the server has a rating nobody acknowledged"
        pending = self.store.outbox_size()
        assert pending <= len(self.acked)

    def teardown(self) -> None:
        if not hasattr(self, "store"):
            return
        try:
            self.world.proxy.set_down(False)
            for _ in range(5):
                if self.worker.run_once(snapshot=False).ok and not self.store.outbox_size():
                    break
            assert self.store.outbox_size() == 0
            assert sorted(self._central()) == sorted(self.acked), "central != acknowledged"
            with self.world.central.read() as s:
                counted = s.scalar(text("SELECT count(*) FROM ratings WHERE status = 'ok'"))
                rolled = s.scalar(text("SELECT coalesce(sum(n), 0) FROM rollup_supplier_day"))
            assert counted == rolled, "the rollups drifted from the ratings"
        finally:
            self.store.close()
            self.db.dispose()


def _run(fresh_pg_url: str, examples: int, steps: int) -> None:
    central = open_database(fresh_pg_url, upgrade=True)
    target = make_url(fresh_pg_url)
    proxy = PgProxy(target.port or 5432)
    world = World()
    world.central = central
    world.proxy = proxy
    world.proxied_url = proxy.url(target.database or "")
    world.people = seed_directory(central, people=6).employee_ids
    KioskMachine.world = world
    try:
        run_state_machine_as_test(KioskMachine, settings=settings(
            max_examples=examples, stateful_step_count=steps, deadline=None, derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    finally:
        proxy.close()
        with central.read() as s:
            total = s.scalar(text("SELECT count(*) FROM ratings"))
        print(f"\n[stateful] examples={world.examples} steps<={steps} central ratings={total}")
        central.dispose()


def test_sync_state_machine_short(fresh_pg_url: str) -> None:
    _run(fresh_pg_url, examples=6, steps=12)


@pytest.mark.slow
def test_sync_state_machine_full(fresh_pg_url: str) -> None:
    _run(fresh_pg_url, examples=60, steps=40)
