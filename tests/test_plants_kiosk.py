"""A kiosk across its plant's first publish (issue 18, docs/plants.md): the server's rows move
into the plant's id range; the kiosk's local store follows on its next pass, so its queued
ratings, PIN attempts, proposals and dispute actions reach the moved rows and nobody resets
the kiosk."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from sqlalchemy import select, text

from shared.config import Config
from shared.db import Database
from shared.db.models import Dispute, PinOfflineAttempt, Proposal, Rating, Regulation
from shared.domain.disputes import open_dispute
from shared.domain.plants import claim_identity, id_range
from shared.offline.store import LocalStore
from shared.offline.sync import SyncWorker
from shared.security import badge_hmac
from tests.offline_support import SECRET, badge_of, seed_directory
from tests.test_proposals import NOW, Org

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
PLANT = 3


def _first_publish(db: Database) -> int:
    """What `pulse plant publish` does to the plant's rows at its first publish (the
    publication itself needs wal_level = logical: tests/fault/test_plants.py runs it)."""
    with db.engine.begin() as conn:
        moved = claim_identity(conn, PLANT)
        conn.execute(text("INSERT INTO plants (id, name, created_at) VALUES (:i, 'east', now())"),
                     {"i": PLANT})
    return moved


def _kiosk(tmp_path: Path, db: Database, config: Config, name: str = "k1",
           now: dt.datetime = T0) -> tuple[LocalStore, SyncWorker]:
    store = LocalStore(tmp_path / f"{name}.db", kiosk_id=name,
                       cooldown=dt.timedelta(hours=config.rating.cooldown_hours))
    return store, SyncWorker(store, db, config, clock=lambda: now, rng=random.Random(1))


@pytest.mark.pg
def test_a_kiosk_goes_on_after_its_plants_first_publish(fresh_pg_url: str, config: Config,
                                                        tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture
                                                        ) -> None:
    config.database.url = fresh_pg_url
    db = Database.from_config(config, role="pulse")
    try:
        d = seed_directory(db)
        store, worker = _kiosk(tmp_path, db, config)
        assert worker.run_once().ok
        people = len(store.search_people(""))
        a, b, c = d.employee_ids[:3]
        # Queued while the server is being published (the kiosk offline, or simply not
        # synced yet): a rating and a wrong PIN.
        rating = store.enqueue_rating(rater_id=a, supplier_id=b, score=4, now=T0)
        assert rating.ok
        store.record_pin_attempt(c, correct=False, now=T0, max_attempts=5, lockout_minutes=15)
        assert _first_publish(db) > 0
        offset = id_range(PLANT)[0] - 1

        report = worker.run_once()
        assert report.ok and report.statuses.get("ok", 0) >= 2, report
        assert store.outbox_size() == 0 and store.plant_id() == PLANT
        with db.read() as s:
            row = s.scalar(select(Rating).where(Rating.uuid == rating.uuid))
            assert row is not None and (row.rater_id, row.supplier_id) == (a + offset,
                                                                           b + offset)
            assert s.scalar(select(PinOfflineAttempt.employee_id)) == c + offset
        # The directory copy follows: same people, moved ids, no doubles, badges still work.
        assert len(store.search_people("")) == people
        assert store.person(a) is None
        found = store.lookup_badge(badge_hmac(SECRET, badge_of(0)))
        assert found is not None and found.id == a + offset
        assert all(dep >= offset for dep, *_ in store.departments())
        # The cooldown of the moved pair still holds locally; new ratings use the new ids.
        assert store.enqueue_rating(rater_id=a + offset, supplier_id=b + offset, score=5,
                                    now=T0 + dt.timedelta(minutes=5)).code == "cooldown"
        assert store.enqueue_rating(rater_id=b + offset, supplier_id=a + offset, score=5,
                                    now=T0).ok
        assert worker.run_once().statuses == {"ok": 1}
        assert store.integrity_check() == "ok"

        # Once only; a kiosk set up after the publish has nothing to move.
        assert store.adopt_plant(PLANT, offset + 1) == 0
        fresh, fresh_worker = _kiosk(tmp_path, db, config, "k2")
        assert fresh_worker.run_once().ok and fresh.plant_id() == PLANT
        assert len(fresh.search_people("")) == people
        # A store of another plant than 1 is not guessed at: the pass says what to do.
        fresh.set_meta("plant_id", "2")
        report = fresh_worker.run_once()
        assert not report.ok and "delete this file" in (report.error or "")
        assert "sync refused" in caplog.text
    finally:
        db.dispose()


@pytest.mark.pg
def test_proposals_and_dispute_actions_queued_before_the_publish_arrive_after_it(
        fresh_pg_url: str, config: Config, tmp_path: Path) -> None:
    """The outbox's other kinds take the ratings' path: the ids in their payloads (people,
    the regulation, a dispute of the server's) move with the plant's rows, so each arrives
    once, about the same rows, and none is refused as naming someone unknown."""
    config.database.url = fresh_pg_url
    db = Database.from_config(config, role="pulse")
    try:
        d = seed_directory(db)
        initiator, respondent, other = d.employee_ids[4:7]
        with db.write() as s:
            org = Org(s)  # a client with the right to influence a supplier (metric 3)
            reg = s.scalar(select(Regulation.id))
            assert reg is not None
            did = open_dispute(s, config, initiator_id=other, respondent_id=respondent,
                               regulation_id=reg, description="Ключ не выдан",
                               now=NOW - dt.timedelta(days=1)).dispute_id
        store, worker = _kiosk(tmp_path, db, config, now=NOW)
        assert worker.run_once().ok
        # Queued before the publish, with the ids of then.
        opened = store.enqueue_dispute_open(initiator_id=initiator, respondent_id=respondent,
                                            regulation_id=reg, description="Инструмент не выдан",
                                            now=NOW)
        accepted = store.enqueue_dispute_action(actor_id=respondent, action="accept",
                                                dispute_id=did, now=NOW)
        proposal = store.enqueue_proposal(client_id=org.client, supplier_id=org.supplier,
                                          what_should_change="Дежурная бригада в каждую смену",
                                          improves_metric="Простои оборудования, ч/мес",
                                          now=NOW)
        assert opened.ok and accepted.ok and proposal.ok
        assert _first_publish(db) > 0
        offset = id_range(PLANT)[0] - 1

        report = worker.run_once()
        assert report.ok and report.statuses == {"ok": 3}, report
        assert store.outbox_size() == 0
        assert {st for _u, _k, st, _r in store.outbox_rows()} == {"sent"}
        with db.read() as s:
            new = s.scalar(select(Dispute).where(Dispute.uuid == opened.uuid))
            assert new is not None and (new.initiator_id, new.respondent_id, new.regulation_id,
                                        new.state) == (initiator + offset, respondent + offset,
                                                       reg + offset, "open")
            old = s.get(Dispute, did + offset)
            assert old is not None and (old.respondent_id, old.state) == (respondent + offset,
                                                                          "accepted")
            filed = s.scalar(select(Proposal).where(Proposal.uuid == proposal.uuid))
            assert filed is not None and (filed.client_id, filed.supplier_id,
                                          filed.decider_id) == (org.client + offset,
                                                                org.supplier + offset,
                                                                org.boss + offset)
            assert s.scalar(select(Dispute.id).where(Dispute.id < offset)) is None
        # Sent once: a further pass has nothing to send.
        assert worker.run_once().statuses == {}
    finally:
        db.dispose()
