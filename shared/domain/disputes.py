"""The dispute state machine: open, accept, reject (escalate), verdict, expire; with points.

States::

    open --accept--> accepted                 initiator +1, respondent -1
    open --reject--> escalated                stakes double; arbiter = respondent's manager
    open --7 calendar days, no answer--> expired     initiator +1, respondent -1
    escalated --verdict--> initiator_right    +2 / -2
                           respondent_right   -2 / +2
                           both_right         config both_right_points each; flags the regulation
                           both_wrong         config both_wrong_points each; flags the regulation

Every transition is a compare-and-set ``UPDATE .. WHERE state = <expected>`` (the row, not a
prior read, decides who wins a race), a ``DisputeEvent`` row and an audit entry. Points go to
the ledger with one dedup key per dispute and person, so nothing is credited twice. Refusals
raise ``DisputeRefusal(code, params)``; the words live in the views.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import uuid as uuid_mod
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from shared import audit
from shared.config import Config
from shared.db.base import utcnow
from shared.db.models import Dispute, DisputeEvent, Employee, Regulation
from shared.domain.influence import may_influence
from shared.domain.managers import decider_for
from shared.domain.nudge_store import NewNudge, add_nudges
from shared.domain.periods import local_day
from shared.domain.points import NewCredit, add_nudge, credit_points, credit_points_many
from shared.ids import uuid7
from shared.names import person_name

log = logging.getLogger(__name__)

VERDICTS = ("initiator_right", "respondent_right", "both_right", "both_wrong")
OPEN_STATES = ("open", "escalated")
ACCEPT_POINTS = 1
ESCALATED_POINTS = 2
DESCRIPTION_MAX = 2000


class DisputeRefusal(Exception):
    """A refused action: ``code`` (e.g. "self", "wrong_state") and parameters for the message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        return f"{self.code} ({extra})" if extra else self.code


@dataclass(frozen=True)
class DisputeChange:
    """What one write changed: the dispute's transition and the points credited by it."""

    dispute_id: int
    from_state: str | None
    to_state: str
    actor_id: int | None
    points: dict[int, int] = field(default_factory=dict)  # employee id -> delta
    arbiter_id: int | None = None
    regulation_flagged: bool = False


@dataclass(frozen=True)
class DisputeView:
    """One dispute as a person sees it (for the kiosk's "my disputes")."""

    dispute_id: int
    role: str  # initiator | respondent | arbiter
    state: str
    regulation_code: str
    regulation_title: str
    regulation_url: str | None
    description: str
    initiator_id: int
    initiator_name: str
    respondent_id: int
    respondent_name: str
    arbiter_id: int | None
    opened_at: dt.datetime
    deadline_at: dt.datetime
    escalated_at: dt.datetime | None
    resolved_at: dt.datetime | None
    reject_reason: str | None
    days_left: int | None  # respondent's days to answer while open
    needs_action: bool  # this person is expected to act now
    initiator_name_en: str | None = None  # the directory's English names, where it has them
    respondent_name_en: str | None = None
    initiator_gender: str | None = None  # the directory's 'm' / 'f'; None: the patronymic
    respondent_gender: str | None = None

    def names(self, language: str) -> tuple[str, str]:
        """(initiator, respondent) as a screen in ``language`` writes them, each carrying
        the person's gender (``shared.names.PersonName``: the verbs agree with it)."""
        if language == "en":
            return (person_name(self.initiator_name_en or self.initiator_name,
                                self.initiator_gender),
                    person_name(self.respondent_name_en or self.respondent_name,
                                self.respondent_gender))
        return (person_name(self.initiator_name, self.initiator_gender),
                person_name(self.respondent_name, self.respondent_gender))


def answer_deadline(opened_at: dt.datetime, config: Config) -> dt.datetime:
    """``answer_days`` calendar days later on the plant's wall clock (DST-aware), in UTC."""
    local = opened_at.astimezone(config.tz)
    # Aware + timedelta is wall-clock arithmetic in Python: 7 days across a DST change is
    # 7 x 24 h +/- 1 h, which is what "7 calendar days" means to the people at the plant.
    return (local + dt.timedelta(days=config.disputes.answer_days)).astimezone(dt.UTC)


def days_left(deadline_at: dt.datetime, now: dt.datetime) -> int:
    """Whole days left to answer, rounded up (7 right after opening, 0 once passed)."""
    seconds = (deadline_at - now).total_seconds()
    return max(0, math.ceil(seconds / 86400))


# --- helpers -------------------------------------------------------------------------

def _actor(actor_id: int | None) -> str:
    return f"employee:{actor_id}" if actor_id is not None else "system"


def _employee(session: Session, employee_id: int) -> Employee:
    emp = session.get(Employee, employee_id)
    if emp is None:
        raise DisputeRefusal("unknown_employee", employee_id=employee_id)
    return emp


def _active_actor(session: Session, employee_id: int) -> Employee:
    emp = _employee(session, employee_id)
    if not emp.active:
        raise DisputeRefusal("inactive", employee_id=employee_id)
    return emp


def _dispute(session: Session, dispute_id: int) -> Dispute:
    dispute = session.get(Dispute, dispute_id)
    if dispute is None:
        raise DisputeRefusal("unknown_dispute", dispute_id=dispute_id)
    return dispute


def _cas(session: Session, dispute: Dispute, from_state: str, values: dict[str, Any],
         *extra: Any) -> None:
    """Move the row from ``from_state``; refuse if someone else moved it first."""
    result = session.execute(
        update(Dispute).where(Dispute.id == dispute.id, Dispute.state == from_state, *extra)
        .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(dispute)
        raise DisputeRefusal("wrong_state", dispute_id=dispute.id, state=dispute.state)
    session.refresh(dispute)


def log_event(session: Session, dispute: Dispute, *, actor_id: int | None, kind: str,
         from_state: str | None, to_state: str, at: dt.datetime,
         details: dict[str, Any] | None = None) -> None:
    """The dispute's own history row and the append-only audit entry, in one transaction."""
    info = dict(details or {})
    session.add(DisputeEvent(dispute_id=dispute.id, actor_id=actor_id, kind=kind,
                             from_state=from_state, to_state=to_state, at=at, details=info))
    audit.record(session, actor=_actor(actor_id), action=f"dispute.{kind}", at=at,
                 details={"dispute_id": dispute.id, "from": from_state, "to": to_state, **info})


@dataclass(frozen=True)
class EventSpec:
    """One transition to record with ``log_events``."""

    dispute_id: int
    actor_id: int | None
    kind: str
    from_state: str | None
    to_state: str
    details: dict[str, Any] = field(default_factory=dict)


def log_events(session: Session, events: list[EventSpec], *, at: dt.datetime) -> None:
    """``log_event`` for many disputes: the event rows and the audit entries (in this order,
    chained as one call per event would chain them) with one multi-row insert each."""
    if not events:
        return
    session.execute(insert(DisputeEvent), [
        {"dispute_id": e.dispute_id, "actor_id": e.actor_id, "kind": e.kind,
         "from_state": e.from_state, "to_state": e.to_state, "at": at, "details": e.details}
        for e in events])
    audit.record_many(session, [
        audit.NewEntry(actor=_actor(e.actor_id), action=f"dispute.{e.kind}", at=at,
                       details={"dispute_id": e.dispute_id, "from": e.from_state,
                                "to": e.to_state, **e.details})
        for e in events])


def _settle_many(session: Session, config: Config,
                 outcomes: list[tuple[int, int, int, int, int]], *, state: str, cause: str,
                 at: dt.datetime) -> dict[int, dict[int, int]]:
    """``_settle`` for many disputes: ``(dispute id, initiator, respondent, initiator delta,
    respondent delta)`` each; returns dispute id -> {employee id: delta credited now}."""
    credits: list[NewCredit] = []
    nudges: list[NewNudge] = []
    for dispute_id, initiator_id, respondent_id, initiator_delta, respondent_delta in outcomes:
        for emp_id, delta in ((initiator_id, initiator_delta), (respondent_id, respondent_delta)):
            credits.append(NewCredit(emp_id, delta, cause, f"dispute:{dispute_id}:{emp_id}",
                                     dispute_id=dispute_id))
            nudges.append(NewNudge(emp_id, "dispute_verdict",
                                   {"dispute_id": dispute_id, "state": state, "points": delta},
                                   f"dispute_verdict:{dispute_id}:{emp_id}"))
    new_keys = credit_points_many(session, config, credits, at=at)
    add_nudges(session, nudges, at)
    settled: dict[int, dict[int, int]] = {o[0]: {} for o in outcomes}
    for credit in credits:
        if credit.dedup_key in new_keys:
            assert credit.dispute_id is not None
            settled[credit.dispute_id][credit.employee_id] = credit.delta
    return settled


def _settle(session: Session, config: Config, dispute: Dispute, *, initiator_delta: int,
            respondent_delta: int, cause: str, at: dt.datetime) -> dict[int, int]:
    """Credit both parties (once per dispute and person) and tell them the outcome."""
    credited: dict[int, int] = {}
    for emp_id, delta in ((dispute.initiator_id, initiator_delta),
                          (dispute.respondent_id, respondent_delta)):
        if credit_points(session, config, employee_id=emp_id, delta=delta, cause=cause,
                         dedup_key=f"dispute:{dispute.id}:{emp_id}", at=at,
                         dispute_id=dispute.id):
            credited[emp_id] = delta
        add_nudge(session, employee_id=emp_id, kind="dispute_verdict",
                  params={"dispute_id": dispute.id, "state": dispute.state, "points": delta},
                  dedup_key=f"dispute_verdict:{dispute.id}:{emp_id}", at=at)
    return credited


def find_arbiter(session: Session, dispute: Dispute) -> int | None:
    """The respondent's manager; one level up while that person is a party or inactive; an
    admin (not a party) above the top of the tree; None if the site has no such admin."""
    return decider_for(session, dispute.respondent_id,
                       (dispute.initiator_id, dispute.respondent_id))


# --- writes ----------------------------------------------------------------------------

def check_may_dispute(session: Session, config: Config, *, initiator_id: int,
                      respondent_id: int, now: dt.datetime | None = None) -> None:
    """Whether this person may open a dispute against that one at all, before any regulation
    or text: the kiosk asks when the respondent is chosen, ``open_dispute`` again on opening.
    Raises ``DisputeRefusal`` (``self``, ``not_higher_rating``)."""
    if initiator_id == respondent_id:
        raise DisputeRefusal("self")
    if config.disputes.require_higher_rating:
        # The programme's fourth principle (optional): only someone rated higher than the
        # respondent may open a dispute; "rated" as for the right to influence.
        decision = may_influence(session, config, initiator_id, respondent_id,
                                 today=local_day(now or utcnow(), config.tz))
        if not decision.allowed:
            # The figures and the basis the proposal screens show; never the count of
            # clients below k that "client_not_rated_enough" carries.
            raise DisputeRefusal("not_higher_rating", reason=decision.reason,
                                 **{k: v for k, v in decision.params.items()
                                    if k in ("client_mean", "supplier_mean", "k", "basis",
                                             "days", "unit_name", "unit_name_en")})


def open_dispute(session: Session, config: Config, *, initiator_id: int, respondent_id: int,
                 regulation_id: int, description: str, now: dt.datetime | None = None,
                 kiosk_id: str | None = None,
                 dispute_uuid: uuid_mod.UUID | None = None,
                 received_at: dt.datetime | None = None) -> DisputeChange:
    """Open a dispute; the respondent is nudged and has ``answer_days`` calendar days.

    ``now`` is when the initiator opened it; ``received_at`` when it reached the server (a
    kiosk that was offline sends it later). The respondent's days count from the later of
    the two: they cannot see a dispute before it arrives (SPEC 7.2: they see it on their next
    badge tap and then have 7 days), so a week-long outage must not resolve it against them
    unseen.

    The same ``dispute_uuid`` twice (a kiosk retrying) opens one dispute: the second call
    returns the existing one unchanged (``from_state == to_state``).
    """
    now = now or utcnow()
    visible_at = max(now, received_at) if received_at is not None else now
    if dispute_uuid is not None:
        existing = session.execute(select(Dispute).where(Dispute.uuid == dispute_uuid)
                                   ).scalar_one_or_none()
        if existing is not None:
            if existing.initiator_id != initiator_id:
                raise DisputeRefusal("duplicate", dispute_id=existing.id)
            return DisputeChange(existing.id, existing.state, existing.state, initiator_id)
    if initiator_id == respondent_id:
        raise DisputeRefusal("self")
    _active_actor(session, initiator_id)
    respondent = _employee(session, respondent_id)
    if not respondent.active:
        raise DisputeRefusal("inactive", employee_id=respondent_id)
    regulation = session.get(Regulation, regulation_id)
    if regulation is None or not regulation.active:
        raise DisputeRefusal("unknown_regulation", regulation_id=regulation_id)
    text = (description or "").strip()
    if not text:
        raise DisputeRefusal("empty_description")
    if len(text) > DESCRIPTION_MAX:
        raise DisputeRefusal("description_too_long", max=DESCRIPTION_MAX)
    check_may_dispute(session, config, initiator_id=initiator_id,
                      respondent_id=respondent_id, now=now)
    dispute = Dispute(uuid=dispute_uuid or uuid7(), initiator_id=initiator_id,
                      respondent_id=respondent_id, regulation_id=regulation_id,
                      description=text, state="open", opened_at=now,
                      deadline_at=answer_deadline(visible_at, config), kiosk_id=kiosk_id)
    session.add(dispute)
    session.flush()
    log_event(session, dispute, actor_id=initiator_id, kind="opened", from_state=None,
         to_state="open", at=now, details={"respondent_id": respondent_id,
                                           "regulation": regulation.code,
                                           "deadline_at": dispute.deadline_at.isoformat()})
    add_nudge(session, employee_id=respondent_id, kind="dispute_opened",
              params={"dispute_id": dispute.id}, dedup_key=f"dispute_opened:{dispute.id}",
              at=visible_at)
    return DisputeChange(dispute.id, None, "open", initiator_id)


def _answerable(session: Session, dispute_id: int, actor_id: int,
                now: dt.datetime) -> Dispute:
    dispute = _dispute(session, dispute_id)
    _active_actor(session, actor_id)
    if actor_id != dispute.respondent_id:
        raise DisputeRefusal("not_respondent", dispute_id=dispute_id)
    if dispute.state != "open":
        raise DisputeRefusal("wrong_state", dispute_id=dispute_id, state=dispute.state)
    if now >= dispute.deadline_at:
        raise DisputeRefusal("deadline_passed", dispute_id=dispute_id,
                             deadline_at=dispute.deadline_at.isoformat())
    return dispute


def _credit_time(now: dt.datetime, received_at: dt.datetime | None) -> dt.datetime:
    """When an answer's or verdict's points are credited: when it reached the server, if an
    offline kiosk sent it later than it was given. The ledger month is that moment's, so a
    month whose summary and report went out on the 1st is not changed by a late sync."""
    return max(now, received_at) if received_at is not None else now


def accept_dispute(session: Session, config: Config, *, dispute_id: int, actor_id: int,
                   now: dt.datetime | None = None,
                   received_at: dt.datetime | None = None) -> DisputeChange:
    """The respondent admits it: initiator +1, respondent -1 (``now``: when they tapped,
    which the deadline is checked against; ``received_at``: see ``_credit_time``)."""
    now = now or utcnow()
    dispute = _answerable(session, dispute_id, actor_id, now)
    _cas(session, dispute, "open", {"state": "accepted", "resolved_at": now},
         Dispute.deadline_at > now)
    log_event(session, dispute, actor_id=actor_id, kind="accepted", from_state="open",
         to_state="accepted", at=now)
    points = _settle(session, config, dispute, initiator_delta=ACCEPT_POINTS,
                     respondent_delta=-ACCEPT_POINTS, cause="dispute_accepted",
                     at=_credit_time(now, received_at))
    return DisputeChange(dispute.id, "open", "accepted", actor_id, points)


def reject_dispute(session: Session, config: Config, *, dispute_id: int, actor_id: int,
                   reason: str = "", now: dt.datetime | None = None) -> DisputeChange:
    """The respondent disagrees: the dispute goes to an arbiter and the stakes double."""
    now = now or utcnow()
    dispute = _answerable(session, dispute_id, actor_id, now)
    arbiter_id = find_arbiter(session, dispute)
    if arbiter_id is None:
        raise DisputeRefusal("no_arbiter", dispute_id=dispute_id)
    clean = (reason or "").strip()[:DESCRIPTION_MAX] or None
    _cas(session, dispute, "open", {"state": "escalated", "escalated_at": now,
                                    "arbiter_id": arbiter_id, "reject_reason": clean},
         Dispute.deadline_at > now)
    log_event(session, dispute, actor_id=actor_id, kind="rejected", from_state="open",
         to_state="escalated", at=now, details={"arbiter_id": arbiter_id})
    add_nudge(session, employee_id=arbiter_id, kind="dispute_escalated",
              params={"dispute_id": dispute.id}, dedup_key=f"dispute_escalated:{dispute.id}",
              at=now)
    return DisputeChange(dispute.id, "open", "escalated", actor_id, arbiter_id=arbiter_id)


def verdict_points(verdict: str, config: Config) -> tuple[int, int]:
    """(initiator, respondent) points of a verdict."""
    if verdict == "initiator_right":
        return ESCALATED_POINTS, -ESCALATED_POINTS
    if verdict == "respondent_right":
        return -ESCALATED_POINTS, ESCALATED_POINTS
    if verdict == "both_right":
        return config.disputes.both_right_points, config.disputes.both_right_points
    if verdict == "both_wrong":
        return config.disputes.both_wrong_points, config.disputes.both_wrong_points
    raise DisputeRefusal("bad_verdict", verdict=verdict)


def give_verdict(session: Session, config: Config, *, dispute_id: int, actor_id: int,
                 verdict: str, note: str = "", now: dt.datetime | None = None,
                 received_at: dt.datetime | None = None) -> DisputeChange:
    """The arbiter decides an escalated dispute; "both right/wrong" flag the regulation
    (``received_at``: see ``_credit_time``)."""
    now = now or utcnow()
    initiator_delta, respondent_delta = verdict_points(verdict, config)
    dispute = _dispute(session, dispute_id)
    _active_actor(session, actor_id)
    if actor_id in (dispute.initiator_id, dispute.respondent_id):
        raise DisputeRefusal("not_arbiter", dispute_id=dispute_id)
    if dispute.state != "escalated":
        raise DisputeRefusal("wrong_state", dispute_id=dispute_id, state=dispute.state)
    if actor_id != dispute.arbiter_id:
        raise DisputeRefusal("not_arbiter", dispute_id=dispute_id)
    _cas(session, dispute, "escalated", {"state": verdict, "resolved_at": now})
    flagged = verdict in ("both_right", "both_wrong")
    details: dict[str, Any] = {"verdict": verdict}
    if note.strip():
        details["note"] = note.strip()[:DESCRIPTION_MAX]
    if flagged:
        regulation = session.get(Regulation, dispute.regulation_id)
        assert regulation is not None  # a foreign key
        regulation.needs_revision = True
        details["regulation_flagged"] = regulation.code
    log_event(session, dispute, actor_id=actor_id, kind="verdict", from_state="escalated",
         to_state=verdict, at=now, details=details)
    points = _settle(session, config, dispute, initiator_delta=initiator_delta,
                     respondent_delta=respondent_delta, cause=f"dispute_{verdict}",
                     at=_credit_time(now, received_at))
    return DisputeChange(dispute.id, "escalated", verdict, actor_id, points,
                         arbiter_id=actor_id, regulation_flagged=flagged)


def expire_overdue(session: Session, config: Config, *, now: dt.datetime | None = None,
                   batch: int = 500) -> list[DisputeChange]:
    """Resolve every unanswered dispute past its deadline in the initiator's favour (+1/-1).

    Set-based, ``batch`` disputes per statement: ``UPDATE .. WHERE id IN (..) AND state =
    'open' AND deadline_at <= now RETURNING ..`` decides which rows this run moved (a run
    racing another run, or a late answer, moves each dispute exactly once); then the moved
    disputes' events, audit entries (one chain read per batch), ledger rows and nudges are
    written with one multi-row insert each -- the same rows as one transition at a time.
    """
    now = now or utcnow()
    changes: list[DisputeChange] = []
    due = session.execute(select(Dispute.id).where(Dispute.state == "open",
                                                   Dispute.deadline_at <= now)
                          .order_by(Dispute.id)).scalars().all()
    for start in range(0, len(due), batch):
        moved: list[Any] = list(session.execute(
            update(Dispute).where(Dispute.id.in_(due[start:start + batch]),
                                  Dispute.state == "open", Dispute.deadline_at <= now)
            .values(state="expired", resolved_at=now)
            .returning(Dispute.id, Dispute.initiator_id, Dispute.respondent_id,
                       Dispute.deadline_at)
            .execution_options(synchronize_session=False)).all())
        moved.sort(key=lambda row: row[0])
        if not moved:
            continue
        log_events(session, [EventSpec(dispute_id, None, "expired", "open", "expired",
                                       {"deadline_at": deadline_at.isoformat()})
                             for dispute_id, _, _, deadline_at in moved], at=now)
        settled = _settle_many(session, config, [
            (dispute_id, initiator_id, respondent_id, ACCEPT_POINTS, -ACCEPT_POINTS)
            for dispute_id, initiator_id, respondent_id, _ in moved],
            state="expired", cause="dispute_expired", at=now)
        changes.extend(DisputeChange(dispute_id, "open", "expired", None, settled[dispute_id])
                       for dispute_id, _, _, _ in moved)
        # The moved rows were updated behind the identity map's back: a loaded copy reloads.
        for dispute_id, _, _, _ in moved:
            loaded = session.identity_map.get(session.identity_key(Dispute, dispute_id))
            if loaded is not None:
                session.expire(loaded)
    return changes


# --- queries -----------------------------------------------------------------------

def disputes_for(session: Session, config: Config, *, employee_id: int,
                 now: dt.datetime | None = None, limit: int = 50) -> list[DisputeView]:
    """The person's disputes as initiator, respondent or arbiter: unresolved first, newest
    first within each group, with the respondent's days left while open."""
    now = now or utcnow()
    initiator = Employee.__table__.alias("initiator")
    respondent = Employee.__table__.alias("respondent")
    unresolved = Dispute.state.in_(OPEN_STATES)
    rows = session.execute(
        select(Dispute, Regulation, initiator.c.full_name, respondent.c.full_name,
               initiator.c.full_name_en, respondent.c.full_name_en, initiator.c.gender,
               respondent.c.gender)
        .join(Regulation, Regulation.id == Dispute.regulation_id)
        .join(initiator, initiator.c.id == Dispute.initiator_id)
        .join(respondent, respondent.c.id == Dispute.respondent_id)
        .where(or_(Dispute.initiator_id == employee_id, Dispute.respondent_id == employee_id,
                   Dispute.arbiter_id == employee_id))
        .order_by(unresolved.desc(), Dispute.opened_at.desc(), Dispute.id.desc())
        .limit(limit)).all()
    views: list[DisputeView] = []
    for dispute, regulation, initiator_name, respondent_name, initiator_en, respondent_en, \
            initiator_gender, respondent_gender in rows:
        if dispute.initiator_id == employee_id:
            role = "initiator"
        elif dispute.respondent_id == employee_id:
            role = "respondent"
        else:
            role = "arbiter"
        answerable = dispute.state == "open" and now < dispute.deadline_at
        needs_action = (role == "respondent" and answerable) or \
                       (role == "arbiter" and dispute.state == "escalated")
        views.append(DisputeView(
            dispute_id=dispute.id, role=role, state=dispute.state,
            regulation_code=regulation.code, regulation_title=regulation.title,
            regulation_url=regulation.url, description=dispute.description,
            initiator_id=dispute.initiator_id, initiator_name=initiator_name,
            respondent_id=dispute.respondent_id, respondent_name=respondent_name,
            arbiter_id=dispute.arbiter_id, opened_at=dispute.opened_at,
            deadline_at=dispute.deadline_at, escalated_at=dispute.escalated_at,
            resolved_at=dispute.resolved_at, reject_reason=dispute.reject_reason,
            days_left=days_left(dispute.deadline_at, now) if dispute.state == "open" else None,
            needs_action=needs_action, initiator_name_en=initiator_en,
            respondent_name_en=respondent_en, initiator_gender=initiator_gender,
            respondent_gender=respondent_gender))
    return views


def waiting_count(session: Session, config: Config, *, employee_id: int,
                  now: dt.datetime | None = None) -> int:
    """Disputes waiting for this person: to answer (respondent) or to decide (arbiter)."""
    now = now or utcnow()
    return int(session.execute(
        select(func.count()).select_from(Dispute).where(or_(
            (Dispute.respondent_id == employee_id) & (Dispute.state == "open")
            & (Dispute.deadline_at > now),
            (Dispute.arbiter_id == employee_id) & (Dispute.state == "escalated")))
    ).scalar_one())


def flagged_regulations(session: Session) -> list[tuple[Regulation, list[Dispute]]]:
    """Regulations flagged for revision, each with the disputes whose verdict flagged it."""
    regulations = session.execute(select(Regulation).where(Regulation.needs_revision.is_(True))
                                  .order_by(Regulation.code)).scalars().all()
    result: list[tuple[Regulation, list[Dispute]]] = []
    for regulation in regulations:
        disputes = session.execute(
            select(Dispute).where(Dispute.regulation_id == regulation.id,
                                  Dispute.state.in_(("both_right", "both_wrong")))
            .order_by(Dispute.resolved_at, Dispute.id)).scalars().all()
        result.append((regulation, list(disputes)))
    return result
