"""Local store + sync worker against a real central database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import logging
import random
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from shared.config import Config
from shared.db import Database
from shared.db.models import Employee, Kiosk, Proposal, Rating, RatingReason, ReasonTag, Segment
from shared.domain.rollups import rebuild_rollups
from shared.offline.store import LocalStore
from shared.offline.sync import SyncWorker, backoff_delay
from shared.security import badge_hmac
from tests.offline_support import SECRET, badge_of, seed_directory

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
ROLLUPS = ["rollup_supplier_day", "rollup_rater_day", "rollup_pair_month", "rollup_dept_pair_day",
           "rollup_tag_day", "rollup_client_week", "rollup_rater_month"]


def _rollups(db: Database) -> dict[str, list[tuple[str, ...]]]:
    # Tags by code: two databases may number the same tags differently.
    tag_day = ("SELECT t.code, r.supplier_department_id, r.day, r.n, r.n_low FROM rollup_tag_day r "
               "JOIN reason_tags t ON t.id = r.reason_tag_id")
    with db.read() as s:
        return {t: sorted(tuple(str(v) for v in row) for row in s.execute(text(
            tag_day if t == "rollup_tag_day" else f"SELECT * FROM {t}"))) for t in ROLLUPS}


def _store(tmp_path: Path, name: str, config: Config) -> LocalStore:
    return LocalStore(tmp_path / f"{name}.db", kiosk_id=name,
                      cooldown=dt.timedelta(hours=config.rating.cooldown_hours))


def _worker(store: LocalStore, db: Database, config: Config,
            clock: list[dt.datetime]) -> SyncWorker:
    return SyncWorker(store, db, config, clock=lambda: clock[0], rng=random.Random(1))


def test_snapshot_lookups_and_incremental_refresh(db: Database, config: Config,
                                                  tmp_path: Path) -> None:
    directory = seed_directory(db)
    store = _store(tmp_path, "k1", config)
    worker = _worker(store, db, config, [T0])
    assert worker.refresh_snapshot() >= 12
    person = store.lookup_badge(badge_hmac(SECRET, badge_of(3)))
    assert person is not None and person.id == directory.employee_ids[3]
    assert store.lookup_badge(badge_hmac(SECRET, "NOPE")) is None
    assert [p.personnel_no for p in store.search_people("ёлкин 11")] == ["1011"]
    assert len(store.search_people("ЕЛКИН")) == 12
    assert [p.personnel_no for p in store.search_people("employee 7")] == ["1007"]
    assert {t[1] for t in store.reason_tags(None)} == {"speed", "polite"}
    assert [t[1] for t in store.reason_tags(None, "negative")] == ["speed"]
    assert [r[1] for r in store.regulations()] == ["R-1"]
    manager = store.person(directory.employee_ids[0])
    assert manager is not None
    own = store.own_suppliers(manager)
    assert own and all(p.department_id == directory.department_ids[1] for p in own)
    # Incremental: only the changed person comes back (plus the overlap window).
    with db.write() as s:
        s.execute(text("UPDATE employees SET active = false, updated_at = :t WHERE id = :i"),
                  {"t": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
                   "i": directory.employee_ids[3]})
    worker.refresh_snapshot()
    assert store.lookup_badge(badge_hmac(SECRET, badge_of(3))) is None
    assert store.integrity_check() == "ok"


def test_the_snapshot_carries_the_directory_gender(db: Database, config: Config,
                                                   tmp_path: Path) -> None:
    """The offline rating card words its Russian by the directory's gender, as the online
    one does: the snapshot carries it, and a change comes with the next refresh."""
    from kiosk.offline import SnapshotAnswers
    from shared.names import gender
    directory = seed_directory(db)
    she, unknown = directory.employee_ids[4], directory.employee_ids[5]
    with db.write() as s:
        s.execute(update(Employee).where(Employee.id == she).values(gender="f"))
    store = _store(tmp_path, "k1", config)
    worker = _worker(store, db, config, [T0])
    worker.refresh_snapshot()
    people = {p.id: p for p in store.search_people("ЕЛКИН")}
    assert (people[she].gender, people[unknown].gender) == ("f", None)
    data = SnapshotAnswers(store, config)
    cards = {c.id: c for c in data._suppliers([people[she], people[unknown]])}  # noqa: SLF001
    assert gender(cards[she].name("ru")) == "f"
    with db.write() as s:
        s.execute(update(Employee).where(Employee.id == she)
                  .values(gender="m", updated_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)))
    worker.refresh_snapshot()
    assert store.person(she).gender == "m"  # type: ignore[union-attr]


def test_local_rules_and_push(db: Database, config: Config, tmp_path: Path) -> None:
    d = seed_directory(db)
    store = _store(tmp_path, "k1", config)
    clock = [T0]
    worker = _worker(store, db, config, clock)
    worker.refresh_snapshot()
    a, b, c = d.employee_ids[:3]
    assert store.enqueue_rating(rater_id=a, supplier_id=a, score=5, now=T0).code == "self"
    assert store.enqueue_rating(rater_id=a, supplier_id=b, score=9, now=T0).code == "bad_score"
    assert store.enqueue_rating(rater_id=a, supplier_id=999999, score=5, now=T0).code == \
        "unknown_person"
    first = store.enqueue_rating(rater_id=a, supplier_id=b, score=2, reason_tag_ids=[d.tag_ids[0]],
                                 comment=" slow ", now=T0)
    assert first.ok and first.uuid is not None
    again = store.enqueue_rating(rater_id=a, supplier_id=b, score=4, now=T0 + dt.timedelta(hours=1))
    assert again.code == "cooldown"
    assert again.params["next_at"] == T0 + dt.timedelta(hours=4)
    assert store.enqueue_rating(rater_id=a, supplier_id=c, score=5, now=T0).ok
    assert store.outbox_size() == 2
    report = worker.run_once()
    assert report.ok and report.pushed == 2 and report.statuses == {"ok": 2}
    assert store.outbox_size() == 0 and store.last_sync_at() == T0
    with db.read() as s:
        rating = s.scalar(select(Rating).where(Rating.uuid == first.uuid))
        assert rating is not None and rating.kiosk_id == "k1" and rating.comment == "slow"
        assert rating.day == dt.date(2026, 3, 2) and rating.created_at == T0
        assert rating.rater_department_id == d.department_ids[0]
        assert s.scalar(select(RatingReason.reason_tag_id)) == d.tag_ids[0]
        kiosk = s.scalar(select(Kiosk).where(Kiosk.code == "k1"))
        assert kiosk is not None and kiosk.outbox_size == 0 and kiosk.last_sync_at == T0
    # A second pass sends nothing again; rollups equal a rebuild.
    assert worker.run_once().pushed == 0
    before = _rollups(db)
    with db.write() as s:
        rebuild_rollups(s)
    assert _rollups(db) == before and before["rollup_supplier_day"]


def test_an_ordinary_rating_logs_no_cooldown_conflict(db: Database, config: Config,
                                                     tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """A new rating goes in as cooldown_conflict and comes out ok: that is no conflict to
    log (the demo logged "cooldown conflict" for every rating); a late earlier one is."""
    d = seed_directory(db)
    a, b = d.employee_ids[:2]
    one, two = _store(tmp_path, "k1", config), _store(tmp_path, "k2", config)
    for store in (one, two):
        _worker(store, db, config, [T0]).refresh_snapshot()
    assert two.enqueue_rating(rater_id=a, supplier_id=b, score=5,
                              now=T0 + dt.timedelta(hours=2)).ok
    with caplog.at_level(logging.INFO, logger="shared.offline.central"):
        assert _worker(two, db, config, [T0]).run_once().statuses == {"ok": 1}
    assert "cooldown conflict" not in caplog.text
    assert one.enqueue_rating(rater_id=a, supplier_id=b, score=1,
                              now=T0 + dt.timedelta(hours=1)).ok
    with caplog.at_level(logging.INFO, logger="shared.offline.central"):
        assert _worker(one, db, config, [T0]).run_once().statuses == {"ok": 1}
    assert "1 earlier rating changed status" in caplog.text


def test_resend_after_ambiguous_failure_is_one_row(db: Database, config: Config,
                                                  tmp_path: Path) -> None:
    d = seed_directory(db)
    store = _store(tmp_path, "k1", config)
    worker = _worker(store, db, config, [T0])
    worker.refresh_snapshot()
    for i, supplier in enumerate(d.employee_ids[1:6]):
        assert store.enqueue_rating(rater_id=d.employee_ids[0], supplier_id=supplier,
                                    score=1 + i, now=T0).ok
    items = store.pending()
    first = worker._commit_central(items)  # the server committed ...
    # ... but the kiosk never learned it: the items are still pending and go again.
    assert store.outbox_size() == 5
    assert worker.run_once().statuses == {"ok": 5}
    assert first == {i.uuid: "ok" for i in items}
    with db.read() as s:
        assert s.scalar(select(text("count(*)")).select_from(Rating)) == 5
        assert s.scalar(text("SELECT sum(n) FROM rollup_supplier_day")) == 5


def test_cooldown_conflict_between_kiosks_is_order_independent(db: Database, config: Config,
                                                               tmp_path: Path) -> None:
    d = seed_directory(db)
    a, b = d.employee_ids[:2]
    one, two = _store(tmp_path, "k1", config), _store(tmp_path, "k2", config)
    for store in (one, two):
        _worker(store, db, config, [T0]).refresh_snapshot()
    # Same pair on two kiosks, 1 h apart; then 5 h later (outside the cooldown of the first).
    early = one.enqueue_rating(rater_id=a, supplier_id=b, score=1, now=T0 + dt.timedelta(hours=1))
    later = two.enqueue_rating(rater_id=a, supplier_id=b, score=5, now=T0 + dt.timedelta(hours=2))
    after = two.enqueue_rating(rater_id=a, supplier_id=b, score=3, now=T0 + dt.timedelta(hours=5.5))
    assert early.ok and later.ok and after.code == "cooldown"  # kiosk two's own rule
    after = two.enqueue_rating(rater_id=a, supplier_id=b, score=3, now=T0 + dt.timedelta(hours=7))
    assert after.ok
    # Kiosk two syncs first: its 02:00 rating counts for now, its 07:00 one too.
    assert _worker(two, db, config, [T0]).run_once().statuses == {"ok": 2}
    # Kiosk one's earlier rating arrives: it counts, the 02:00 one is demoted (kept, not lost);
    # the 07:00 one is 6 h after the 01:00 one and still counts.
    assert _worker(one, db, config, [T0]).run_once().statuses == {"ok": 1}
    with db.read() as s:
        got = dict(s.execute(select(Rating.uuid, Rating.status)).all())
    assert got == {early.uuid: "ok", later.uuid: "cooldown_conflict", after.uuid: "ok"}
    incremental = _rollups(db)
    with db.write() as s:
        rebuild_rollups(s)
    assert _rollups(db) == incremental
    assert sum(int(r[3]) for r in incremental["rollup_supplier_day"]) == 2


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_rejected_items_are_kept_and_unknown_kinds_stay_queued(db: Database, config: Config,
                                                              tmp_path: Path) -> None:
    from shared.offline import central
    d = seed_directory(db)
    store = _store(tmp_path, "k1", config)
    worker = _worker(store, db, config, [T0])
    worker.refresh_snapshot()
    # A person known to this snapshot but missing centrally (e.g. restored from another plant).
    store.upsert_people([dict(id=777777, personnel_no="x", full_name="Ghost", full_name_en=None,
                              department_id=None, manager_id=None, segment_id=None, position=None,
                              role="worker", language="ru", badge_hmac=None, pin_hash=None,
                              active=True, thumbnail=None, updated_at=T0)])
    ghost = store.enqueue_rating(rater_id=d.employee_ids[1], supplier_id=777777, score=3, now=T0)
    # Nobody rated anyone yet: the right to influence refuses the proposal at the server.
    proposal = store.enqueue_proposal(client_id=d.employee_ids[1], supplier_id=d.employee_ids[2],
                                      what_should_change="Faster tool issue",
                                      improves_metric="OEE", now=T0)
    later = store.enqueue("dispute_action", {"actor_id": 1, "action": "accept"}, now=T0)
    saved = central.HANDLERS.pop("dispute_action")
    try:
        report = worker.run_once()
    finally:
        central.HANDLERS["dispute_action"] = saved
    assert report.ok and report.statuses == {"rejected": 2}
    rows = {u: (state, result) for u, _k, state, result in store.outbox_rows()}
    assert rows[str(ghost.uuid)] == ("rejected", "rejected:unknown_person")
    assert rows[str(proposal.uuid)][0] == "rejected"
    assert rows[str(later.uuid)] == ("pending", None)  # no handler: kept, not lost
    assert store.outbox_size() == 1
    with db.read() as s:
        assert s.scalar(select(Proposal)) is None


def test_disputes_opened_and_answered_offline(db: Database, config: Config,
                                              tmp_path: Path) -> None:
    from shared.db.models import Dispute, PointsEntry, Regulation
    d = seed_directory(db)
    with db.read() as s:
        reg = s.scalar(select(Regulation.id))
    assert reg is not None
    one, two = _store(tmp_path, "k1", config), _store(tmp_path, "k2", config)
    for store in (one, two):
        _worker(store, db, config, [T0]).refresh_snapshot()
    initiator, respondent = d.employee_ids[4], d.employee_ids[5]
    assert one.enqueue_dispute_open(initiator_id=initiator, respondent_id=initiator,
                                    regulation_id=reg, description="x").code == "self"
    opened = one.enqueue_dispute_open(initiator_id=initiator, respondent_id=respondent,
                                      regulation_id=reg, description="Инструмент не выдан",
                                      now=T0)
    assert _worker(one, db, config, [T0]).run_once().statuses == {"ok": 1}
    # The respondent accepts on another kiosk while it is offline; it arrives twice (the first
    # answer was lost), and the points move once.
    accept = two.enqueue_dispute_action(actor_id=respondent, action="accept",
                                        dispute_uuid=opened.uuid,
                                        now=T0 + dt.timedelta(hours=3))
    w2 = _worker(two, db, config, [T0 + dt.timedelta(days=1)])
    items = two.pending()
    w2._commit_central(items)
    assert w2.run_once().statuses == {"ok": 1}
    with db.read() as s:
        dispute = s.scalar(select(Dispute).where(Dispute.uuid == opened.uuid))
        assert dispute is not None and dispute.state == "accepted" and dispute.kiosk_id == "k1"
        points = sorted(s.scalars(select(PointsEntry.delta)))
    assert points == [-1, 1]
    assert dict((u, st) for u, _k, st, _r in two.outbox_rows())[str(accept.uuid)] == "sent"


def test_dispute_opened_offline_gives_the_respondent_their_days_from_the_sync(
        db: Database, config: Config, tmp_path: Path) -> None:
    """A dispute tapped on a kiosk that stays offline for 8 days reaches the server after its
    7 days would have run out: the respondent cannot have seen it, so their 7 days count from
    the sync; the deadline job does not resolve it against them unseen."""
    from shared.db.models import Dispute, DisputeEvent, Nudge, PointsEntry, Regulation
    from shared.domain.dispute_deadlines import run_dispute_deadlines
    from shared.domain.disputes import disputes_for
    d = seed_directory(db)
    with db.read() as s:
        reg = s.scalar(select(Regulation.id))
    assert reg is not None
    store = _store(tmp_path, "k1", config)
    _worker(store, db, config, [T0]).refresh_snapshot()
    initiator, respondent = d.employee_ids[4], d.employee_ids[5]
    opened = store.enqueue_dispute_open(initiator_id=initiator, respondent_id=respondent,
                                        regulation_id=reg, description="Инструмент не выдан",
                                        now=T0)
    back = T0 + dt.timedelta(days=8)
    assert _worker(store, db, config, [back]).run_once().statuses == {"ok": 1}
    assert run_dispute_deadlines(db, config, back + dt.timedelta(minutes=5))["expired"] == 0
    with db.read() as s:
        dispute = s.scalar(select(Dispute).where(Dispute.uuid == opened.uuid))
        assert dispute is not None and dispute.state == "open"
        assert dispute.opened_at == T0  # when it happened, for the record
        assert dispute.deadline_at == back + dt.timedelta(days=7)
        assert s.scalar(select(DisputeEvent.at).where(DisputeEvent.dispute_id == dispute.id)
                        ) == T0
        nudge_at = s.scalar(select(Nudge.created_at).where(Nudge.employee_id == respondent,
                                                           Nudge.kind == "dispute_opened"))
        assert nudge_at == back
        views = disputes_for(s, config, employee_id=respondent, now=back + dt.timedelta(hours=1))
        assert [(v.state, v.days_left, v.needs_action) for v in views] == [("open", 7, True)]
        assert s.scalar(select(PointsEntry.id)) is None
    # Unanswered, it expires 7 days after the sync, not before.
    assert run_dispute_deadlines(db, config, back + dt.timedelta(days=7))["expired"] == 1


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_what_the_server_refuses_at_sync_is_told_to_the_person(
        db: Database, config: Config, tmp_path: Path) -> None:
    """The kiosk said "saved, sent when back online"; at sync the server refuses a dispute
    (the regulation was retired meanwhile), a late answer (the dispute expired) and a
    proposal (no right to influence): each person gets one ``offline_refused`` nudge with the
    reason, also when the kiosk sends the same items again."""
    from shared.db.models import Dispute, Employee, Nudge, Regulation
    from shared.domain.dispute_deadlines import run_dispute_deadlines
    from shared.domain.disputes import open_dispute
    d = seed_directory(db)
    with db.read() as s:
        reg = s.scalar(select(Regulation.id))
    assert reg is not None
    initiator, respondent, client = d.employee_ids[4], d.employee_ids[5], d.employee_ids[6]
    with db.write() as s:
        other = open_dispute(s, config, initiator_id=d.employee_ids[7], respondent_id=respondent,
                             regulation_id=reg, description="Не выдан инструмент",
                             now=T0).dispute_id
    store = _store(tmp_path, "k1", config)
    _worker(store, db, config, [T0]).refresh_snapshot()
    store.enqueue_dispute_open(initiator_id=initiator, respondent_id=respondent,
                               regulation_id=reg, description="Ждал час", now=T0)
    store.enqueue_dispute_action(actor_id=respondent, action="accept", dispute_id=other,
                                 now=T0 + dt.timedelta(days=8))
    store.enqueue_proposal(client_id=client, supplier_id=respondent,
                           what_should_change="Выдавать быстрее", improves_metric="Простои",
                           now=T0)
    with db.write() as s:
        s.execute(update(Regulation).values(active=False))
    run_dispute_deadlines(db, config, T0 + dt.timedelta(days=7, hours=1))
    back = T0 + dt.timedelta(days=9)
    worker = _worker(store, db, config, [back])
    items = store.pending()
    worker._commit_central(items)  # the answer got lost: the kiosk sends them again
    assert worker.run_once().statuses == {"rejected": 3}
    assert sorted(result for _u, _k, _st, result in store.outbox_rows()) == [
        "rejected:client_not_rated_enough", "rejected:unknown_regulation",
        "rejected:wrong_state"]
    with db.read() as s:
        told = sorted((e, n.params) for e, n in s.execute(
            select(Nudge.employee_id, Nudge).where(Nudge.kind == "offline_refused")).all())
        assert s.scalar(select(Dispute.id).where(Dispute.initiator_id == initiator)) is None
        names = s.execute(select(Employee.full_name, Employee.full_name_en)
                          .where(Employee.id == respondent)).one()
    assert told == sorted([
        (initiator, {"what": "dispute_open", "code": "unknown_regulation",
                     "params": {"regulation_id": reg}}),
        (respondent, {"what": "dispute_action", "action": "accept", "dispute_id": other,
                      "code": "wrong_state", "params": {"dispute_id": other,
                                                        "state": "expired"}}),
        (client, {"what": "proposal", "code": "client_not_rated_enough",
                  "params": {"clients": 0, "k": config.site.k_anonymity},
                  "supplier_name": names[0], "supplier_name_en": names[1]}),
    ], key=lambda t: t[0])


def test_an_answer_synced_after_the_month_closed_counts_in_the_new_month(
        db: Database, config: Config, tmp_path: Path) -> None:
    """Accepted on an offline kiosk at 20:00 on 31 January (plant time), synced at 09:00 on
    1 February, after the job had sent January's points summaries: the answer is in time
    (the event keeps the tap's time), and its points go to February, so January's summary
    and report stay true."""
    from shared.db.models import DisputeEvent, Nudge, PointsEntry, Regulation
    from shared.domain.dispute_deadlines import run_dispute_deadlines
    from shared.domain.disputes import open_dispute
    from shared.domain.points_report import load_month_report
    tz = config.tz
    d = seed_directory(db)
    with db.read() as s:
        reg = s.scalar(select(Regulation.id))
    assert reg is not None
    initiator, respondent = d.employee_ids[4], d.employee_ids[5]
    with db.write() as s:
        did = open_dispute(s, config, initiator_id=initiator, respondent_id=respondent,
                           regulation_id=reg, description="Инструмент не выдан",
                           now=dt.datetime(2026, 1, 28, 10, tzinfo=tz)).dispute_id
    store = _store(tmp_path, "k1", config)
    tapped = dt.datetime(2026, 1, 31, 20, tzinfo=tz).astimezone(dt.UTC)
    store.enqueue_dispute_action(actor_id=respondent, action="accept", dispute_id=did,
                                 now=tapped)
    run_dispute_deadlines(db, config, dt.datetime(2026, 2, 1, 0, 5, tzinfo=tz))
    synced = dt.datetime(2026, 2, 1, 9, tzinfo=tz).astimezone(dt.UTC)
    assert _worker(store, db, config, [synced]).run_once().statuses == {"ok": 1}
    with db.read() as s:
        months = sorted(s.execute(select(PointsEntry.employee_id, PointsEntry.month,
                                         PointsEntry.delta)).all())
        assert months == sorted([(initiator, "2026-02", 1), (respondent, "2026-02", -1)])
        assert s.scalar(select(DisputeEvent.at).where(DisputeEvent.kind == "accepted")) \
            == tapped
        assert load_month_report(s, config, "2026-01").points == 0
        assert s.scalar(select(Nudge.id).where(Nudge.kind == "points_summary")) is None


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_failure_keeps_items_and_backs_off(config: Config, tmp_path: Path) -> None:
    from shared.db import open_database
    store = _store(tmp_path, "k1", config)
    store.upsert_people([dict(id=i, personnel_no=str(i), full_name=f"P{i}", full_name_en=None,
                              department_id=1, manager_id=None, segment_id=None, position=None,
                              role="worker", language="ru", badge_hmac=None, pin_hash=None,
                              active=True, thumbnail=None, updated_at=T0) for i in (1, 2)])
    assert store.enqueue_rating(rater_id=1, supplier_id=2, score=5, now=T0).ok
    # Nothing listens on port 9: every pass fails, the rating stays.
    dead = open_database("postgresql+psycopg://postgres@127.0.0.1:9/none", connect_timeout=1)
    worker = _worker(store, dead, config, [T0])
    for n in range(1, 4):
        report = worker.run_once()
        assert not report.ok and worker.failures == n
        assert 0 <= worker.next_delay() <= min(300, 2 ** (n - 1))
    assert store.outbox_size() == 1
    dead.dispose()
    rng = random.Random(3)
    delays = [backoff_delay(k, base=1, cap=60, rng=rng) for k in range(1, 12)]
    assert all(0 <= x <= min(60, 2 ** (k - 1)) for k, x in enumerate(delays, start=1))


@pytest.mark.parametrize("n_items", [250])
def test_batches(db: Database, config: Config, tmp_path: Path, n_items: int) -> None:
    d = seed_directory(db, people=30)
    store = _store(tmp_path, "k1", config)
    worker = _worker(store, db, config, [T0])
    worker.refresh_snapshot()
    ids = d.employee_ids
    made = 0
    for i in range(n_items):
        rater, supplier = ids[i % 30], ids[(i // 30 + 1 + i) % 30]
        if rater != supplier and store.enqueue_rating(
                rater_id=rater, supplier_id=supplier, score=1 + i % 5,
                now=T0 + dt.timedelta(hours=5 * (i // 30))).ok:
            made += 1
    report = worker.run_once()
    assert report.pushed == made and store.outbox_size() == 0
    with db.read() as s:
        assert s.scalar(select(text("count(*)")).select_from(Rating)) == made


def _rows(db: Database) -> list[tuple[str, ...]]:
    with db.read() as s:
        return sorted(tuple(str(v) for v in r) for r in s.execute(text(
            "SELECT uuid, rater_id, supplier_id, rater_department_id, supplier_department_id, "
            "score, comment, kiosk_id, created_at, day, status FROM ratings")))


def test_batch_path_equals_record_rating(db_url: str, config: Config, tmp_path: Path,
                                         request: pytest.FixtureRequest) -> None:
    """The sync's batch insert stores exactly what record_rating stores, refuses the same."""
    import shutil

    from shared.db import open_database
    from shared.domain.ratings import record_rating
    from shared.ids import uuid7
    from shared.offline.central import apply_rating_batch, context
    from shared.offline.store import OutboxItem
    if db_url.startswith("sqlite"):
        other = tmp_path / "other.db"
        shutil.copy(db_url.removeprefix("sqlite:///"), other)
        other_url = f"sqlite:///{other}"
    else:
        other_url = request.getfixturevalue("fresh_pg_url")
    one, two = open_database(db_url), open_database(other_url, upgrade=True)
    d = seed_directory(one)
    seed_directory(two)
    with one.write() as s, two.write() as s2:
        for sess in (s, s2):
            sess.execute(text("UPDATE employees SET active = false WHERE id = :i"),
                         {"i": d.employee_ids[5]})
    ids = d.employee_ids
    cases = [(ids[0], ids[1], 5, ["polite"], "спасибо"), (ids[1], ids[2], 1, ["speed"], None),
             (ids[2], ids[0], 3, [], None), (ids[3], ids[3], 4, [], None),
             (ids[3], ids[5], 4, [], None), (ids[5], ids[3], 4, [], None),
             (ids[4], 999999, 2, [], None), (ids[4], ids[1], 2, [], "x" * 600),
             (ids[6], ids[7], 2, ["speed", "polite"], "медленно"), (ids[7], ids[6], 0, [], None)]
    items, expected = [], {}
    for k, (rater, supplier, score, codes, comment) in enumerate(cases):
        at = T0 + dt.timedelta(minutes=k)
        u = uuid7(int(at.timestamp() * 1000))
        items.append(OutboxItem(u, "rating", at, {
            "rater_id": rater, "supplier_id": supplier, "score": score, "reason_codes": codes,
            "comment": comment, "kiosk_id": "k1"}, 0))
        with one.write() as s:
            outcome = record_rating(s, config, rater_id=rater, supplier_id=supplier, score=score,
                                    reason_codes=codes, comment=comment, kiosk_id="k1",
                                    rating_uuid=u, created_at=at, drop_bad_reasons=True)
        expected[u] = "ok" if outcome.status == "recorded" else f"rejected:{outcome.reason}"
    with two.write() as s:
        got = apply_rating_batch(s, items, context(config, T0))
    assert got == expected
    assert _rows(one) == _rows(two) and len(_rows(one)) == 4
    assert _rollups(one) == _rollups(two)
    with one.read() as s, two.read() as s2:
        q = "SELECT r.uuid, t.code FROM rating_reasons rr JOIN ratings r ON r.id = rr.rating_id " \
            "JOIN reason_tags t ON t.id = rr.reason_tag_id"
        assert sorted(map(tuple, s.execute(text(q)))) == sorted(map(tuple, s2.execute(text(q))))
    one.dispose()
    two.dispose()


def test_same_uuid_queued_twice_is_one_rating(tmp_path: Path, config: Config) -> None:
    from shared.ids import uuid7
    store = _store(tmp_path, "k1", config)
    store.upsert_people([dict(id=i, personnel_no=str(i), full_name=f"P{i}", full_name_en=None,
                              department_id=1, manager_id=None, segment_id=None, position=None,
                              role="worker", language="ru", badge_hmac=None, pin_hash=None,
                              active=True, thumbnail=None, updated_at=T0) for i in (1, 2)])
    tap = uuid7()
    first = store.enqueue_rating(rater_id=1, supplier_id=2, score=4, rating_uuid=tap, now=T0)
    again = store.enqueue_rating(rater_id=1, supplier_id=2, score=4, rating_uuid=tap, now=T0)
    assert first.uuid == again.uuid == tap and again.ok and again.params == {"duplicate": True}
    assert store.outbox_size() == 1
    # Reopening the file finds the same outbox (and the schema is not recreated).
    store.close()
    reopened = _store(tmp_path, "k1", config)
    assert reopened.outbox_size() == 1 and reopened.integrity_check() == "ok"
    assert [r[2] for r in reopened.outbox_rows()] == ["pending"]


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_poison_items_cannot_block_the_queue(db: Database, config: Config,
                                             tmp_path: Path) -> None:
    d = seed_directory(db)
    store = _store(tmp_path, "k1", config)
    worker = _worker(store, db, config, [T0])
    worker.refresh_snapshot()
    ids = d.employee_ids
    good = [store.enqueue_rating(rater_id=ids[0], supplier_id=s, score=4, now=T0)
            for s in ids[1:4]]
    broken = store.enqueue("dispute_action", {"action": "accept"}, now=T0)  # no actor
    # A kiosk id longer than the column: PostgreSQL refuses the row (SQLite stores it).
    store.kiosk_id = "k" * 100
    long_id = store.enqueue_rating(rater_id=ids[4], supplier_id=ids[5], score=2, now=T0)
    store.kiosk_id = "k1"
    report = worker.run_once(snapshot=False)
    assert report.ok
    rows = {u: (state, result) for u, _k, state, result in store.outbox_rows()}
    assert all(rows[str(g.uuid)] == ("sent", "ok") for g in good)
    assert rows[str(broken.uuid)] == ("rejected", "rejected:bad_payload")
    expected = ("rejected", "rejected:database_refused") if db.dialect == "postgresql" \
        else ("sent", "ok")
    assert rows[str(long_id.uuid)] == expected
    assert store.outbox_size() == 0


def test_outbox_rating_keeps_its_score_when_its_tags_stopped_being_offered(
        db: Database, config: Config, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Offline, the client tapped valid chips; before the sync an admin moved one tag to
    another segment and retired the other, and the client's segment changed. The rating
    counts, the tags that are no longer offered are dropped and logged, the valid one stays."""
    d = seed_directory(db)
    with db.write() as s:
        for code, seg in (("late", None), ("fast", None)):
            s.add(ReasonTag(code=code, segment_id=seg, polarity="negative" if code == "late"
                            else "positive", label_ru=code, label_en=code))
        other = Segment(name="Склад")
        s.add(other)
    store = _store(tmp_path, "k1", config)
    worker = _worker(store, db, config, [T0])
    worker.refresh_snapshot()
    a, b, c = d.employee_ids[:3]
    ids = {t[1]: t[0] for t in store.reason_tags(None)}
    low = store.enqueue_rating(rater_id=a, supplier_id=b, score=2,
                               reason_tag_ids=[ids["speed"], ids["late"]], now=T0)
    high = store.enqueue_rating(rater_id=a, supplier_id=c, score=5,
                                reason_tag_ids=[ids["polite"], ids["fast"]], now=T0)
    assert low.ok and high.ok
    with db.write() as s:  # meanwhile, on the server
        seg = s.scalar(select(Segment).where(Segment.name == "Склад"))
        assert seg is not None
        s.execute(update(ReasonTag).where(ReasonTag.code == "late").values(segment_id=seg.id))
        s.execute(update(ReasonTag).where(ReasonTag.code == "fast").values(active=False))
    with caplog.at_level(logging.INFO, logger="shared.offline.central"):
        report = worker.run_once()
    assert report.ok and report.statuses == {"ok": 2}
    assert store.outbox_size() == 0
    with db.read() as s:
        kept = dict(s.execute(select(Rating.uuid, Rating.score)).all())
        assert kept == {low.uuid: 2, high.uuid: 5}
        cited = sorted(s.execute(select(Rating.score, ReasonTag.code)
                                 .join(RatingReason, RatingReason.rating_id == Rating.id)
                                 .join(ReasonTag, ReasonTag.id == RatingReason.reason_tag_id)
                                 ).all())
        assert cited == [(2, "speed"), (5, "polite")]
    dropped = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert len(dropped) == 2
    assert "'late'" in dropped[0] + dropped[1] and "'fast'" in dropped[0] + dropped[1]


@pytest.mark.parametrize("kiosk_off_by", [dt.timedelta(days=1), -dt.timedelta(days=400)],
                         ids=["a_day_ahead", "400_days_behind"])
def test_a_kiosk_with_a_wrong_clock_files_its_taps_on_the_server_time(
        db: Database, config: Config, tmp_path: Path, kiosk_off_by: dt.timedelta,
        caplog: pytest.LogCaptureFixture) -> None:
    """A kiosk's clock off by a day (or a dead RTC battery) must not file its ratings on the
    wrong day, nor let the same pair be counted twice against another kiosk's rating inside
    the cooldown: the skew is measured against the database's clock at sync and taken out."""
    from shared.domain.periods import local_day
    from shared.offline.central import CLOCK_TOLERANCE
    d = seed_directory(db)
    rater, supplier = d.employee_ids[3], d.employee_ids[4]
    now = dt.datetime.now(dt.UTC)
    wrong = _store(tmp_path, "wrong-clock", config)
    right = _store(tmp_path, "right-clock", config)
    wrong_worker = SyncWorker(wrong, db, config, clock=lambda: now + kiosk_off_by,
                              server_time=True)
    right_worker = SyncWorker(right, db, config, server_time=True)
    for worker in (wrong_worker, right_worker):
        worker.refresh_snapshot()
    # Tapped 20 minutes ago (by the kiosk's clock), then the same pair at a right kiosk now.
    tapped = now + kiosk_off_by - dt.timedelta(minutes=20)
    first = wrong.enqueue_rating(rater_id=rater, supplier_id=supplier, score=2, now=tapped)
    second = right.enqueue_rating(rater_id=rater, supplier_id=supplier, score=5)
    with caplog.at_level(logging.WARNING, logger="shared.offline.sync"):
        assert wrong_worker.run_once(snapshot=False).ok
    assert "clock is" in caplog.text and "wrong-clock" in caplog.text
    caplog.clear()
    assert right_worker.run_once(snapshot=False).ok
    with db.read() as s:
        rows = {r.uuid: r for r in s.scalars(select(Rating))}
        kiosk_seen = s.scalar(select(Kiosk.last_seen_at).where(Kiosk.code == "wrong-clock"))
        s.expunge_all()
    filed = rows[first.uuid]
    assert abs(filed.created_at - (now - dt.timedelta(minutes=20))) < CLOCK_TOLERANCE
    assert filed.day == local_day(filed.created_at, config.tz)
    assert abs(filed.received_at - now) < CLOCK_TOLERANCE
    assert kiosk_seen is not None and abs(kiosk_seen - now) < CLOCK_TOLERANCE
    # One rating of the pair counts: the later one falls inside the cooldown.
    assert (filed.status, rows[second.uuid].status) == ("ok", "cooldown_conflict")


def test_a_tap_dated_after_its_arrival_is_taken_as_arriving_now(
        db: Database, config: Config, tmp_path: Path) -> None:
    """The kiosk's clock ran ahead when a rating was tapped and was put right before the sync
    (no skew left to measure): the rating is filed at the sync's time, not in the future."""
    d = seed_directory(db)
    store = _store(tmp_path, "k1", config)
    worker = SyncWorker(store, db, config, server_time=True)
    worker.refresh_snapshot()
    now = dt.datetime.now(dt.UTC)
    queued = store.enqueue_rating(rater_id=d.employee_ids[1], supplier_id=d.employee_ids[2],
                                  score=4, now=now + dt.timedelta(days=3))
    assert worker.run_once(snapshot=False).ok
    with db.read() as s:
        created = s.scalar(select(Rating.created_at).where(Rating.uuid == queued.uuid))
    assert created is not None and abs(created - now) < dt.timedelta(minutes=1)


def test_two_kiosks_with_one_id_are_reported(db: Database, db_url: str, config: Config,
                                             tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Two machines left at the default kiosk id (or a copied config): their heartbeats
    alternate under one id, so `pulse status` would show one kiosk whose outbox flips; the
    sync logs it and `pulse status` says so. One kiosk syncing again and again does not."""
    from shared.cli import main as pulse
    seed_directory(db)
    now = dt.datetime.now(dt.UTC)
    one = LocalStore(tmp_path / "one.db", kiosk_id="kiosk-1")
    two = LocalStore(tmp_path / "two.db", kiosk_id="kiosk-1")
    alone = LocalStore(tmp_path / "alone.db", kiosk_id="hall-3")
    workers = [SyncWorker(store, db, config, clock=lambda: now)
               for store in (alone, alone, one, one)]
    for worker in workers:
        assert worker.run_once(snapshot=False).ok
    with db.read() as s:
        assert s.scalars(select(Kiosk.shared_id_at)).all() == [None, None]
    with caplog.at_level(logging.ERROR, logger="shared.offline.sync"):
        assert SyncWorker(two, db, config, clock=lambda: now).run_once(snapshot=False).ok
    assert "kiosk id 'kiosk-1': another machine reported under it" in caplog.text
    assert pulse(["--db", db_url, "status"]) == 0
    out = capsys.readouterr().out
    assert "WARNING: two machines report as kiosk-1" in out
    assert "two machines report as hall-3" not in out
    for store in (one, two, alone):
        store.close()


def test_a_leaver_keeps_no_badge_pin_or_photo_on_the_kiosks(db: Database, config: Config,
                                                            tmp_path: Path) -> None:
    """Personal data of someone who left: the kiosk's snapshot keeps their row (not their
    badge HMAC, PIN hash or photo), and their badge opens nothing offline."""
    from shared.security import hash_pin
    d = seed_directory(db)
    leaver = d.employee_ids[5]
    with db.write() as s:
        s.execute(update(Employee).where(Employee.id == leaver)
                  .values(pin_hash=hash_pin("1234"), photo=b"\xff\xd8small-jpeg"))
    store = _store(tmp_path, "k1", config)
    worker = _worker(store, db, config, [T0])
    worker.refresh_snapshot()
    columns = "badge_hmac, pin_hash, thumbnail, active"
    row = store._query(f"SELECT {columns} FROM people WHERE id = ?", (leaver,))[0]
    assert all(v is not None for v in row[:3]) and row[3] == 1
    with db.write() as s:
        s.execute(update(Employee).where(Employee.id == leaver).values(active=False))
    worker.refresh_snapshot()
    assert store._query(f"SELECT {columns} FROM people WHERE id = ?", (leaver,))[0] == \
        (None, None, None, 0)
    assert store.lookup_badge(badge_hmac(SECRET, badge_of(5))) is None
    assert store.person(leaver) is not None  # the row stays
    store.close()


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_refused_items_are_shown_to_the_operator(db: Database, db_url: str, config: Config,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A rating given offline to someone who left meanwhile is refused at sync and kept in
    the kiosk's outbox "for the operator": `pulse status` counts them per kiosk and
    `pulse sync --kiosk-db` lists them, so they are not only a line in a kiosk's journal."""
    from shared.cli import main as pulse
    d = seed_directory(db)
    rater, leaver = d.employee_ids[1], d.employee_ids[2]
    path = tmp_path / "kiosk-local.db"
    store = LocalStore(path, kiosk_id="hall-1")
    _worker(store, db, config, [T0]).refresh_snapshot()
    queued = store.enqueue_rating(rater_id=rater, supplier_id=leaver, score=5, now=T0)
    with db.write() as s:
        s.execute(update(Employee).where(Employee.id == leaver).values(active=False))
    store.close()
    assert pulse(["--db", db_url, "sync", "--kiosk-db", str(path), "--kiosk-id", "hall-1",
                  "--no-snapshot"]) == 0
    out = capsys.readouterr().out
    assert "kept, refused by the server for good: 1" in out
    assert f"rating {queued.uuid}: inactive_supplier" in out
    assert pulse(["--db", db_url, "status"]) == 0
    assert "1 item refused by the server kept in hall-1's outbox" in \
        capsys.readouterr().out


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_resend_since_a_restore_counts_on_the_server_clock(
        db: Database, config: Config, tmp_path: Path) -> None:
    """`pulse sync --resend-since T`: T is the backup's time (server/plant clock) while the
    kiosk stamps sent_at with its own. A kiosk three hours behind still sends again what
    the server took after T: the skew its pushes measured moves T."""
    d = seed_directory(db)
    now = dt.datetime.now(dt.UTC)
    behind = dt.timedelta(hours=3)
    store = _store(tmp_path, "late-clock", config)
    worker = SyncWorker(store, db, config, clock=lambda: now - behind, server_time=True)
    worker.refresh_snapshot()
    store.enqueue_rating(rater_id=d.employee_ids[1], supplier_id=d.employee_ids[2], score=4,
                         now=now - behind)
    store.record_pin_attempt(d.employee_ids[3], correct=False, now=now - behind,
                             max_attempts=5, lockout_minutes=5)
    assert worker.run_once(snapshot=False).ok
    assert abs(store.clock_skew() + behind) < dt.timedelta(minutes=1)
    # The backup was made a minute before that push (server time): the push is lost. The
    # PIN attempt goes again; the rating cannot (the kiosk kept no score or rater of it).
    assert store.requeue_sent(now - dt.timedelta(minutes=1)) == 1
    assert store.sent_ratings_kept(now - dt.timedelta(minutes=1)) == 1
    # A backup made after the push: nothing to send again.
    assert worker.run_once(snapshot=False).ok
    assert store.requeue_sent(now + dt.timedelta(minutes=1)) == 0
