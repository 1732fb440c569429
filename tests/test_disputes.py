"""The dispute state machine: every transition, every refusal, points per path, the 7-day deadline
(also across a DST change), arbiters up the tree, the deadline job run twice, ledger months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from shared import audit
from shared.config import Config
from shared.db import Database
from shared.db.models import (
    AuditEntry,
    Dispute,
    DisputeEvent,
    Employee,
    Nudge,
    PointsEntry,
    Regulation,
)
from shared.domain.dispute_deadlines import run_dispute_deadlines
from shared.domain.disputes import (
    DisputeRefusal,
    accept_dispute,
    disputes_for,
    expire_overdue,
    flagged_regulations,
    give_verdict,
    open_dispute,
    reject_dispute,
    waiting_count,
)
from shared.ids import uuid7
from tests.disputes_org import Org, build_org

T0 = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def org(db: Database) -> Org:
    return build_org(db)


def _open(db: Database, config: Config, org: Org, *, initiator: int | None = None,
          respondent: int | None = None, at: dt.datetime = T0) -> int:
    with db.write() as s:
        change = open_dispute(s, config, initiator_id=initiator or org.ivan,
                              respondent_id=respondent or org.petr, regulation_id=org.reg,
                              description="Инструмент выдан через час", now=at)
    assert change.from_state is None and change.to_state == "open"
    return change.dispute_id


def _points(db: Database) -> dict[int, int]:
    with db.read() as s:
        rows = s.execute(select(PointsEntry.employee_id, func.sum(PointsEntry.delta))
                         .group_by(PointsEntry.employee_id)).all()
    return {emp: int(total) for emp, total in rows}


def _state(db: Database, dispute_id: int) -> str:
    with db.read() as s:
        return s.get(Dispute, dispute_id).state  # type: ignore[union-attr]


def _refused(db: Database, code: str, action: Callable[[Any], Any]) -> DisputeRefusal:
    with pytest.raises(DisputeRefusal) as info, db.write() as s:
        action(s)
    assert info.value.code == code, info.value
    return info.value


# --- transitions and points per path ---------------------------------------------------

def test_open_creates_event_audit_and_nudge(db: Database, config: Config, org: Org) -> None:
    did = _open(db, config, org)
    with db.read() as s:
        d = s.get(Dispute, did)
        assert d is not None and d.state == "open"
        # Moscow has no DST: 7 calendar days = exactly 7 x 24 h.
        assert d.deadline_at == T0 + dt.timedelta(days=7)
        events = s.execute(select(DisputeEvent).where(DisputeEvent.dispute_id == did)).scalars()
        assert [(e.kind, e.actor_id, e.to_state) for e in events] == [("opened", org.ivan, "open")]
        nudges = s.execute(select(Nudge.employee_id, Nudge.kind, Nudge.params)).all()
        assert nudges == [(org.petr, "dispute_opened", {"dispute_id": did})]
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "dispute.opened")
                          ).scalar_one()
        assert entry.actor == f"employee:{org.ivan}" and entry.details["dispute_id"] == did


def test_accept_moves_one_point(db: Database, config: Config, org: Org) -> None:
    did = _open(db, config, org)
    with db.write() as s:
        change = accept_dispute(s, config, dispute_id=did, actor_id=org.petr,
                                now=T0 + dt.timedelta(hours=3))
    assert (change.from_state, change.to_state) == ("open", "accepted")
    assert change.points == {org.ivan: 1, org.petr: -1}
    assert _points(db) == {org.ivan: 1, org.petr: -1}
    with db.read() as s:
        causes = set(s.execute(select(PointsEntry.cause)).scalars())
        assert causes == {"dispute_accepted"}
        kinds = s.execute(select(Nudge.employee_id, Nudge.params).where(
            Nudge.kind == "dispute_verdict").order_by(Nudge.employee_id)).all()
        assert sorted(kinds) == sorted([
            (org.ivan, {"dispute_id": did, "state": "accepted", "points": 1}),
            (org.petr, {"dispute_id": did, "state": "accepted", "points": -1})])


@pytest.mark.parametrize(("verdict", "both_right", "both_wrong", "expected"), [
    ("initiator_right", 0, 0, (2, -2)),
    ("respondent_right", 0, 0, (-2, 2)),
    ("both_right", 0, 0, (0, 0)),
    ("both_wrong", 0, 0, (0, 0)),
    ("both_right", 1, -1, (1, 1)),
    ("both_wrong", 1, -1, (-1, -1)),
])
def test_reject_then_verdict(db: Database, config: Config, org: Org, verdict: str,
                             both_right: int, both_wrong: int,
                             expected: tuple[int, int]) -> None:
    config.disputes.both_right_points = both_right
    config.disputes.both_wrong_points = both_wrong
    did = _open(db, config, org)
    with db.write() as s:
        change = reject_dispute(s, config, dispute_id=did, actor_id=org.petr,
                                reason="Инструмента не было на складе",
                                now=T0 + dt.timedelta(days=1))
    assert (change.to_state, change.arbiter_id) == ("escalated", org.boss)
    assert _points(db) == {}
    with db.write() as s:
        change = give_verdict(s, config, dispute_id=did, actor_id=org.boss, verdict=verdict,
                              now=T0 + dt.timedelta(days=2))
    assert (change.from_state, change.to_state) == ("escalated", verdict)
    assert change.regulation_flagged == verdict.startswith("both_")
    assert _points(db) == {org.ivan: expected[0], org.petr: expected[1]}
    with db.read() as s:
        reg = s.get(Regulation, org.reg)
        assert reg is not None and reg.needs_revision == verdict.startswith("both_")
        kinds = [e.kind for e in s.execute(select(DisputeEvent).order_by(DisputeEvent.id))
                 .scalars()]
        assert kinds == ["opened", "rejected", "verdict"]
        actions = s.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
        assert actions == ["dispute.opened", "dispute.rejected", "dispute.verdict"]
        assert audit.verify(s) == []
        nudged = s.execute(select(Nudge.employee_id).where(Nudge.kind == "dispute_escalated")
                           ).scalars().all()
        assert nudged == [org.boss]


def test_all_paths_sum_exactly(db: Database, config: Config, org: Org) -> None:
    """Five disputes between the same two people; the ledger equals the hand sum."""
    ids = [_open(db, config, org, at=T0 + dt.timedelta(minutes=i)) for i in range(5)]
    later = T0 + dt.timedelta(days=1)
    with db.write() as s:
        accept_dispute(s, config, dispute_id=ids[0], actor_id=org.petr, now=later)  # +1/-1
        for did in ids[1:4]:
            reject_dispute(s, config, dispute_id=did, actor_id=org.petr, now=later)
        give_verdict(s, config, dispute_id=ids[1], actor_id=org.boss, verdict="initiator_right",
                     now=later)  # +2/-2
        give_verdict(s, config, dispute_id=ids[2], actor_id=org.boss, verdict="respondent_right",
                     now=later)  # -2/+2
        give_verdict(s, config, dispute_id=ids[3], actor_id=org.boss, verdict="both_wrong",
                     now=later)  # 0/0
    with db.write() as s:
        changes = expire_overdue(s, config, now=T0 + dt.timedelta(days=8))  # +1/-1
    assert [c.dispute_id for c in changes] == [ids[4]]
    assert _points(db) == {org.ivan: 1 + 2 - 2 + 0 + 1, org.petr: -1 - 2 + 2 + 0 - 1}
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(PointsEntry)) == 10
        assert s.scalar(select(func.sum(PointsEntry.delta))) == 0


# --- refusals --------------------------------------------------------------------------

def test_refused_opening(db: Database, config: Config, org: Org) -> None:
    def opener(**kw: Any) -> Callable[[Any], Any]:
        args = dict(initiator_id=org.ivan, respondent_id=org.petr, regulation_id=org.reg,
                    description="что-то", now=T0) | kw
        return lambda s: open_dispute(s, config, **args)

    _refused(db, "self", opener(respondent_id=org.ivan))
    _refused(db, "unknown_regulation", opener(regulation_id=org.inactive_reg))
    _refused(db, "unknown_regulation", opener(regulation_id=99999))
    _refused(db, "unknown_employee", opener(respondent_id=99999))
    _refused(db, "empty_description", opener(description="   "))
    _refused(db, "description_too_long", opener(description="x" * 2001))
    with db.write() as s:
        s.get(Employee, org.petr).active = False  # type: ignore[union-attr]
    refusal = _refused(db, "inactive", opener())
    assert refusal.params == {"employee_id": org.petr}
    _refused(db, "inactive", opener(initiator_id=org.petr, respondent_id=org.ivan))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Dispute)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_refused_answers_and_verdicts(db: Database, config: Config, org: Org) -> None:
    did = _open(db, config, org)
    t = T0 + dt.timedelta(hours=1)
    _refused(db, "not_respondent",
             lambda s: accept_dispute(s, config, dispute_id=did, actor_id=org.ivan, now=t))
    _refused(db, "not_respondent",
             lambda s: reject_dispute(s, config, dispute_id=did, actor_id=org.boss, now=t))
    _refused(db, "wrong_state", lambda s: give_verdict(
        s, config, dispute_id=did, actor_id=org.boss, verdict="initiator_right", now=t))
    _refused(db, "unknown_dispute",
             lambda s: accept_dispute(s, config, dispute_id=did + 100, actor_id=org.petr, now=t))
    with db.write() as s:
        reject_dispute(s, config, dispute_id=did, actor_id=org.petr, now=t)
    _refused(db, "wrong_state",
             lambda s: accept_dispute(s, config, dispute_id=did, actor_id=org.petr, now=t))
    _refused(db, "wrong_state",
             lambda s: reject_dispute(s, config, dispute_id=did, actor_id=org.petr, now=t))
    for actor in (org.petr, org.ivan, org.director, org.admin):
        _refused(db, "not_arbiter", lambda s, a=actor: give_verdict(
            s, config, dispute_id=did, actor_id=a, verdict="initiator_right", now=t))
    _refused(db, "bad_verdict", lambda s: give_verdict(
        s, config, dispute_id=did, actor_id=org.boss, verdict="maybe", now=t))
    with db.write() as s:
        give_verdict(s, config, dispute_id=did, actor_id=org.boss, verdict="respondent_right",
                     now=t)
    refusal = _refused(db, "wrong_state", lambda s: give_verdict(
        s, config, dispute_id=did, actor_id=org.boss, verdict="initiator_right", now=t))
    assert refusal.params["state"] == "respondent_right"
    with db.write() as s:
        s.get(Employee, org.boss).active = False  # type: ignore[union-attr]
    _refused(db, "inactive", lambda s: give_verdict(
        s, config, dispute_id=did, actor_id=org.boss, verdict="initiator_right", now=t))
    assert _points(db) == {org.ivan: -2, org.petr: 2}


def test_inactive_respondent_cannot_answer(db: Database, config: Config, org: Org) -> None:
    did = _open(db, config, org)
    with db.write() as s:
        s.get(Employee, org.petr).active = False  # type: ignore[union-attr]
    _refused(db, "inactive", lambda s: accept_dispute(
        s, config, dispute_id=did, actor_id=org.petr, now=T0 + dt.timedelta(hours=1)))


def test_same_uuid_opens_one_dispute(db: Database, config: Config, org: Org) -> None:
    uid = uuid7()
    for _ in range(2):
        with db.write() as s:
            change = open_dispute(s, config, initiator_id=org.ivan, respondent_id=org.petr,
                                  regulation_id=org.reg, description="x", now=T0,
                                  dispute_uuid=uid)
    assert change.from_state == change.to_state == "open"
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Dispute)) == 1
    _refused(db, "duplicate", lambda s: open_dispute(
        s, config, initiator_id=org.olga, respondent_id=org.petr, regulation_id=org.reg,
        description="x", now=T0, dispute_uuid=uid))


# --- the deadline ---------------------------------------------------------------------

@pytest.mark.parametrize("zone", ["Europe/Moscow", "Europe/Berlin"])
def test_seven_day_boundary_in_plant_time(db: Database, config: Config, org: Org,
                                          zone: str) -> None:
    """Opened 10:00 local on 25 March; Berlin switches to summer time on 29 March, so the
    deadline is 1 April 10:00 local = 7 x 24 h - 1 h later in UTC."""
    config.site.timezone = zone
    tz = ZoneInfo(zone)
    opened = dt.datetime(2026, 3, 25, 10, 0, tzinfo=tz)
    just_before = dt.datetime(2026, 4, 1, 9, 59, tzinfo=tz)  # 6 d 23 h 59 min on the wall clock
    just_after = dt.datetime(2026, 4, 1, 10, 1, tzinfo=tz)  # 7 d 0 h 1 min
    first = _open(db, config, org, at=opened.astimezone(dt.UTC))
    second = _open(db, config, org, at=opened.astimezone(dt.UTC))
    if zone == "Europe/Berlin":
        # In absolute time that is only 6 d 23 h 1 min: a plain "+ 7 x 24 h" would be wrong.
        assert just_after.astimezone(dt.UTC) - opened.astimezone(dt.UTC) \
            == dt.timedelta(days=6, hours=23, minutes=1)
    with db.write() as s:
        assert expire_overdue(s, config, now=just_before.astimezone(dt.UTC)) == []
        accept_dispute(s, config, dispute_id=first, actor_id=org.petr,
                       now=just_before.astimezone(dt.UTC))
    _refused(db, "deadline_passed", lambda s: reject_dispute(
        s, config, dispute_id=second, actor_id=org.petr, now=just_after.astimezone(dt.UTC)))
    assert _state(db, second) == "open"
    with db.write() as s:
        changes = expire_overdue(s, config, now=just_after.astimezone(dt.UTC))
    assert [(c.dispute_id, c.to_state, c.points) for c in changes] == [
        (second, "expired", {org.ivan: 1, org.petr: -1})]
    assert _state(db, first) == "accepted"


def test_expire_is_once_and_answer_after_expiry_refused(db: Database, config: Config,
                                                         org: Org) -> None:
    did = _open(db, config, org)
    late = T0 + dt.timedelta(days=7, minutes=1)
    with db.write() as s:
        assert len(expire_overdue(s, config, now=late)) == 1
    with db.write() as s:
        assert expire_overdue(s, config, now=late + dt.timedelta(days=1)) == []
    _refused(db, "wrong_state",
             lambda s: accept_dispute(s, config, dispute_id=did, actor_id=org.petr, now=late))
    assert _points(db) == {org.ivan: 1, org.petr: -1}
    with db.read() as s:
        event = s.execute(select(DisputeEvent).where(DisputeEvent.kind == "expired")
                          ).scalar_one()
        assert event.actor_id is None
        assert s.execute(select(AuditEntry.actor).where(AuditEntry.action == "dispute.expired")
                         ).scalar_one() == "system"


def test_expiry_in_batches_matches_one_at_a_time(db: Database, config: Config,
                                                 org: Org) -> None:
    """The set-based expiry (here 2 disputes per batch, 5 due, one answered first): each due
    dispute one event, one audit entry chained after the earlier ones, +1/-1 exactly."""
    pairs = [(org.ivan, org.petr), (org.olga, org.petr), (org.petr, org.ivan),
             (org.ivan, org.olga), (org.boss, org.olga), (org.ivan, org.petr)]
    ids = [_open(db, config, org, initiator=a, respondent=b, at=T0 + dt.timedelta(minutes=i))
           for i, (a, b) in enumerate(pairs)]
    with db.write() as s:  # answered in time: not the job's
        accept_dispute(s, config, dispute_id=ids[2], actor_id=org.ivan, now=T0)
    late = T0 + dt.timedelta(days=8)
    with db.write() as s:
        assert s.get(Dispute, ids[0]).state == "open"  # type: ignore[union-attr]  # loaded
        changes = expire_overdue(s, config, now=late, batch=2)
        # The identity map does not keep the old state of a moved row.
        assert s.get(Dispute, ids[0]).state == "expired"  # type: ignore[union-attr]
    due = [d for d in ids if d != ids[2]]
    assert [c.dispute_id for c in changes] == due
    assert all(c.to_state == "expired" and c.actor_id is None for c in changes)
    assert changes[0].points == {org.ivan: 1, org.petr: -1}
    with db.write() as s:
        assert expire_overdue(s, config, now=late, batch=2) == []
    # ids[2] accepted: petr +1, ivan -1; the five expired: initiator +1, respondent -1.
    assert _points(db) == {org.ivan: 1 - 1 + 1 + 1, org.petr: -1 - 1 + 1 - 1,
                           org.olga: 1 - 1 - 1, org.boss: 1}
    with db.read() as s:
        assert audit.verify(s) == []
        expired = s.execute(select(AuditEntry.details).where(AuditEntry.action == "dispute.expired")
                            .order_by(AuditEntry.id)).scalars().all()
        assert [d["dispute_id"] for d in expired] == due
        assert expired[0]["from"] == "open" and expired[0]["to"] == "expired"
        events = s.execute(select(DisputeEvent.dispute_id).where(DisputeEvent.kind == "expired")
                           .order_by(DisputeEvent.id)).scalars().all()
        assert events == due
        verdicts = s.execute(select(Nudge.employee_id, Nudge.params)
                             .where(Nudge.kind == "dispute_verdict")).all()
    assert (org.olga, {"dispute_id": ids[4], "state": "expired", "points": -1}) in verdicts
    assert len(verdicts) == 2 * len(due) + 2  # + the accepted one


# --- arbiters -------------------------------------------------------------------------

@pytest.mark.parametrize(("initiator", "respondent", "arbiter"), [
    ("ivan", "petr", "boss"),  # the respondent's manager
    ("boss", "ivan", "director"),  # the manager is the initiator: one level up
    ("ivan", "boss", "director"),  # the respondent is a manager: their own manager
    ("olga", "boss", "director"),
    ("director", "boss", "admin"),  # the director is a party and the top of the tree
    ("boss", "director", "admin"),  # the director's manager: nobody -> an admin
])
def test_arbiter_up_the_tree(db: Database, config: Config, org: Org, initiator: str,
                             respondent: str, arbiter: str) -> None:
    did = _open(db, config, org, initiator=getattr(org, initiator),
                respondent=getattr(org, respondent))
    with db.write() as s:
        change = reject_dispute(s, config, dispute_id=did, actor_id=getattr(org, respondent),
                                now=T0 + dt.timedelta(hours=1))
    assert change.arbiter_id == getattr(org, arbiter)
    with db.write() as s:
        give_verdict(s, config, dispute_id=did, actor_id=getattr(org, arbiter),
                     verdict="initiator_right", now=T0 + dt.timedelta(hours=2))
    assert _state(db, did) == "initiator_right"


def test_no_arbiter_without_an_admin(db: Database, config: Config) -> None:
    org = build_org(db, with_admin=False)
    did = _open(db, config, org, initiator=org.director, respondent=org.boss)
    _refused(db, "no_arbiter", lambda s: reject_dispute(
        s, config, dispute_id=did, actor_id=org.boss, now=T0 + dt.timedelta(hours=1)))
    assert _state(db, did) == "open"


def test_inactive_manager_is_skipped(db: Database, config: Config, org: Org) -> None:
    with db.write() as s:
        s.get(Employee, org.boss).active = False  # type: ignore[union-attr]
    did = _open(db, config, org)
    with db.write() as s:
        change = reject_dispute(s, config, dispute_id=did, actor_id=org.petr, now=T0)
    assert change.arbiter_id == org.director


# --- queries ------------------------------------------------------------------------

def test_disputes_for_and_waiting_count(db: Database, config: Config, org: Org) -> None:
    first = _open(db, config, org)
    second = _open(db, config, org, initiator=org.olga, at=T0 + dt.timedelta(hours=1))
    now = T0 + dt.timedelta(days=2, hours=1)
    with db.write() as s:
        reject_dispute(s, config, dispute_id=first, actor_id=org.petr, now=now)
    with db.read() as s:
        assert waiting_count(s, config, employee_id=org.petr, now=now) == 1
        assert waiting_count(s, config, employee_id=org.boss, now=now) == 1
        assert waiting_count(s, config, employee_id=org.ivan, now=now) == 0
        views = disputes_for(s, config, employee_id=org.petr, now=now)
        assert [(v.dispute_id, v.role, v.state, v.days_left, v.needs_action) for v in views] == [
            (second, "respondent", "open", 5, True), (first, "respondent", "escalated", None,
                                                      False)]
        assert views[0].initiator_name == "Ольга Смирнова"
        assert views[0].regulation_code == "РГ-014"
        boss = disputes_for(s, config, employee_id=org.boss, now=now)
        assert [(v.dispute_id, v.role, v.needs_action) for v in boss] == [(first, "arbiter", True)]
        mine = disputes_for(s, config, employee_id=org.ivan, now=now)
        assert [(v.role, v.needs_action) for v in mine] == [("initiator", False)]
        # Once the deadline passed the respondent has nothing to do (the job resolves it).
        late = T0 + dt.timedelta(days=8)
        assert waiting_count(s, config, employee_id=org.petr, now=late) == 0


def test_flagged_regulations_list_their_disputes(db: Database, config: Config, org: Org) -> None:
    did = _open(db, config, org)
    other = _open(db, config, org)
    with db.write() as s:
        for d in (did, other):
            reject_dispute(s, config, dispute_id=d, actor_id=org.petr, now=T0)
        give_verdict(s, config, dispute_id=did, actor_id=org.boss, verdict="both_right", now=T0)
        give_verdict(s, config, dispute_id=other, actor_id=org.boss, verdict="initiator_right",
                     now=T0)
    with db.read() as s:
        flagged = flagged_regulations(s)
        assert [(r.code, [d.id for d in ds]) for r, ds in flagged] == [("РГ-014", [did])]


# --- the deadline job -----------------------------------------------------------------

def _table_counts(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0
                for m in (Dispute, DisputeEvent, PointsEntry, Nudge, AuditEntry)}


def test_job_run_twice_changes_nothing_the_second_time(db: Database, config: Config,
                                                       org: Org) -> None:
    overdue = _open(db, config, org, at=T0)
    three_days = _open(db, config, org, initiator=org.olga, at=T0 + dt.timedelta(days=3))
    escalated = _open(db, config, org, respondent=org.boss, at=T0)
    with db.write() as s:
        reject_dispute(s, config, dispute_id=escalated, actor_id=org.boss, now=T0)
    now = T0 + dt.timedelta(days=7, hours=1)
    first = run_dispute_deadlines(db, config, now)
    assert first == {"expired": 1, "days_left_reminders": 1, "arbiter_reminders": 1,
                     "rerouted": 0, "points_summaries": 0}
    after_first = _table_counts(db)
    assert run_dispute_deadlines(db, config, now) == dict.fromkeys(first, 0)
    assert _table_counts(db) == after_first
    assert _state(db, overdue) == "expired"
    with db.read() as s:
        nudges = {(n.employee_id, n.kind, tuple(sorted(n.params.items())))
                  for n in s.execute(select(Nudge)).scalars()}
    # 3 days left on the second dispute: the 5-day reminder (the 1-day one is not due yet).
    assert (org.petr, "dispute_days_left", (("days", 5), ("dispute_id", three_days))) in nudges
    assert (org.director, "dispute_escalated",
            (("dispute_id", escalated), ("waiting_days", 6))) in nudges
    # The 1-day reminder comes later, once; a run on the next month sends points summaries.
    later = T0 + dt.timedelta(days=9, hours=12)
    assert run_dispute_deadlines(db, config, later)["days_left_reminders"] == 1
    next_month = dt.datetime(2026, 4, 1, 6, tzinfo=dt.UTC)
    result = run_dispute_deadlines(db, config, next_month)
    assert result["expired"] == 1 and result["points_summaries"] == 2
    assert run_dispute_deadlines(db, config, next_month) == dict.fromkeys(first, 0)
    with db.read() as s:
        summaries = s.execute(select(Nudge.employee_id, Nudge.params)
                              .where(Nudge.kind == "points_summary")).all()
    assert sorted(summaries) == sorted([(org.ivan, {"month": "2026-03", "points": 1}),
                                        (org.petr, {"month": "2026-03", "points": -1})])


def test_job_reroutes_when_the_arbiter_left(db: Database, config: Config, org: Org) -> None:
    did = _open(db, config, org)
    with db.write() as s:
        reject_dispute(s, config, dispute_id=did, actor_id=org.petr, now=T0)
        s.get(Employee, org.boss).active = False  # type: ignore[union-attr]
    result = run_dispute_deadlines(db, config, T0 + dt.timedelta(hours=1))
    assert result["rerouted"] == 1
    with db.read() as s:
        assert s.get(Dispute, did).arbiter_id == org.director  # type: ignore[union-attr]
    assert run_dispute_deadlines(db, config, T0 + dt.timedelta(hours=1))["rerouted"] == 0


# --- ledger months --------------------------------------------------------------------

def test_ledger_month_is_plant_local(db: Database, config: Config, org: Org) -> None:
    """23:30 on 31 January in Moscow is 20:30 UTC (January); 00:30 on 1 February in Moscow is
    21:30 UTC on 31 January, and already February at the plant."""
    tz = config.tz
    a = _open(db, config, org, at=dt.datetime(2026, 1, 28, tzinfo=dt.UTC))
    b = _open(db, config, org, at=dt.datetime(2026, 1, 28, tzinfo=dt.UTC))
    with db.write() as s:
        accept_dispute(s, config, dispute_id=a, actor_id=org.petr,
                       now=dt.datetime(2026, 1, 31, 23, 30, tzinfo=tz).astimezone(dt.UTC))
        accept_dispute(s, config, dispute_id=b, actor_id=org.petr,
                       now=dt.datetime(2026, 2, 1, 0, 30, tzinfo=tz).astimezone(dt.UTC))
    with db.read() as s:
        months = dict(s.execute(select(PointsEntry.dispute_id, PointsEntry.month)
                                .where(PointsEntry.employee_id == org.ivan)).all())
    assert months == {a: "2026-01", b: "2026-02"}


def test_moving_department_keeps_past_months(db: Database, config: Config, org: Org) -> None:
    a = _open(db, config, org, at=dt.datetime(2026, 1, 10, tzinfo=dt.UTC))
    with db.write() as s:
        accept_dispute(s, config, dispute_id=a, actor_id=org.petr,
                       now=dt.datetime(2026, 1, 11, tzinfo=dt.UTC))
        s.get(Employee, org.petr).department_id = org.store  # type: ignore[union-attr]
    b = _open(db, config, org, at=dt.datetime(2026, 2, 10, tzinfo=dt.UTC))
    with db.write() as s:
        accept_dispute(s, config, dispute_id=b, actor_id=org.petr,
                       now=dt.datetime(2026, 2, 11, tzinfo=dt.UTC))
    with db.read() as s:
        rows = s.execute(select(PointsEntry.month, PointsEntry.department_id)
                         .where(PointsEntry.employee_id == org.petr)
                         .order_by(PointsEntry.month)).all()
    assert rows == [("2026-01", org.shop), ("2026-02", org.store)]


def test_pulse_jobs_run_resolves_once(db: Database, db_url: str, config: Config, org: Org,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    from shared.cli import main
    _open(db, config, org, at=T0)
    args = ["--db", db_url, "jobs", "run", "--only", "dispute_deadlines",
            "--now", "2026-03-20T12:00+00:00"]
    assert main(args) == 0
    assert "dispute_deadlines: ok expired=1 " in capsys.readouterr().out
    assert main(args) == 0
    assert "dispute_deadlines: ok expired=0 days_left_reminders=0 arbiter_reminders=0 " \
           "rerouted=0 points_summaries=0" in capsys.readouterr().out
    assert _points(db) == {org.ivan: 1, org.petr: -1}


def test_concurrent_job_runs_credit_once(db: Database, config: Config, org: Org) -> None:
    """Two job runs at once (two terminals' cron, say): each dispute is resolved once."""
    import threading
    ids = [_open(db, config, org, at=T0 + dt.timedelta(minutes=i)) for i in range(6)]
    now = T0 + dt.timedelta(days=8)
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait()
            results.append(run_dispute_deadlines(db, config, now))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r["expired"] for r in results) == len(ids)
    assert _points(db) == {org.ivan: 6, org.petr: -6}
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(DisputeEvent)
                        .where(DisputeEvent.kind == "expired")) == len(ids)


def test_optional_rule_only_someone_rated_higher_opens(db: Database, config: Config,
                                                        org: Org) -> None:
    """disputes.require_higher_rating (default off): the initiator's own rating must be higher
    than the respondent's, as for the right to influence; nothing is opened otherwise."""
    from shared.domain.ratings import record_rating
    config.disputes.require_higher_rating = True
    config.site.k_anonymity = 3
    with db.write() as s:
        raters = [Employee(personnel_no=f"R{i}", full_name=f"R{i}", department_id=org.store)
                  for i in range(3)]
        s.add_all(raters)
        s.flush()
        for i, r in enumerate(raters):  # Ivan 5.0, Petr 3.0 in the settled window
            for who, score in ((org.ivan, 5), (org.petr, 3)):
                assert record_rating(s, config, rater_id=r.id, supplier_id=who, score=score,
                                     created_at=T0 - dt.timedelta(days=2, minutes=i)).ok
    refused = _refused(db, "not_higher_rating", lambda s: open_dispute(
        s, config, initiator_id=org.petr, respondent_id=org.ivan, regulation_id=org.reg,
        description="x", now=T0))
    assert {k: refused.params.get(k) for k in ("reason", "client_mean", "supplier_mean")} \
        == {"reason": "not_higher", "client_mean": 3.0, "supplier_mean": 5.0}
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Dispute)) == 0
    assert _state(db, _open(db, config, org)) == "open"  # Ivan (5.0) against Petr (3.0)
    config.disputes.require_higher_rating = False
    assert _state(db, _open(db, config, org, initiator=org.petr, respondent=org.ivan)) == "open"
