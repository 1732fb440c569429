"""Improvement proposals: a client with the right to influence asks a supplier's manager.

* ``file_proposal`` refuses unless ``may_influence`` allows it; it is idempotent by the
  client-generated UUID (``INSERT ... ON CONFLICT (uuid) DO NOTHING``: the same UUID twice
  is one proposal, as with ratings from an offline kiosk).
* **Routing**: the decider is the supplier's manager (else the head of their department or
  of a parent department, as for a dispute's arbiter); a manager never decides a proposal
  in which they are a party, so when that manager is the supplier or the client (or has
  left) the proposal goes one level up the chain (repeatedly). Past the top of the tree it
  goes to an admin who is not a party (the lowest id, so the choice is stable).
  ``reroute_orphaned`` (the ``proposal_deciders`` job) moves a pending proposal whose
  decider left to the next one up.
* **A conversation** (SPEC 5: "the manager answers with a note, accepts, declines or invites
  to discuss"): ``decide_proposal`` lets only the decider accept or decline an open proposal
  (``pending``, or ``discuss`` after an invitation), once, with an optional note of at most
  ``MAX_NOTE`` characters (a conditional ``UPDATE ... WHERE status IN (...)`` decides
  between two racing decisions). ``invite_to_discuss`` instead sets ``discuss`` with a
  proposed time (in the future) and a note; the proposal stays open. The client answers the
  decider's answer once (``reply_to_answer``). The decider may mark an accepted proposal
  implemented (``mark_implemented``).
* **Rewards in their own ledger** (``proposal_points``, not the dispute points): acceptance
  credits the supplier ``nudges.proposal_reward_points``, implementation
  ``nudges.proposal_implemented_points`` (default 0: off); dedup keys ``proposal:<id>`` and
  ``proposal_implemented:<id>``, the supplier's department at that moment, the plant-local
  month. Every step is audit-logged.
* Nudges: ``proposal_received`` for the decider, ``proposal_decided`` {accepted, note} and
  ``proposal_discuss`` {discuss_at, note} for the client, ``proposal_reply`` {reply} back
  to the decider; each carries ``proposal_id`` and the supplier's names.

Refusals raise ``ProposalRefused(code, params)``; codes: the influence reasons
(``self``, ``inactive``, ``client_not_rated_enough``, ...), ``no_decider``,
``uuid_conflict``, ``empty_text`` / ``too_long`` {field, max}, ``not_found``,
``not_decider``, ``already_decided``, ``bad_time`` (a discussion time not in the future),
``not_client``, ``not_answered`` (nothing to reply to yet), ``already_replied``,
``not_accepted``, ``already_implemented``.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid as uuid_mod
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared import audit
from shared.config import Config
from shared.db.base import utcnow
from shared.db.models import Employee, Proposal, ProposalPoints
from shared.domain.influence import may_influence
from shared.domain.managers import decider_for
from shared.domain.nudge_store import (
    PROPOSAL_DECIDED,
    PROPOSAL_DISCUSS,
    PROPOSAL_RECEIVED,
    PROPOSAL_REPLY,
    add_nudge,
)
from shared.domain.periods import local_day
from shared.ids import uuid7

log = logging.getLogger(__name__)

MAX_TEXT = 2000
MAX_METRIC = 200
MAX_NOTE = 300  # the decider's note and the client's reply: short, typed on a kiosk
OPEN = ("pending", "discuss")


class ProposalRefused(Exception):
    """A proposal action that is not allowed; ``code`` and ``params`` for the view."""

    def __init__(self, code: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.params = params or {}


@dataclass(frozen=True)
class FiledProposal:
    proposal_id: int
    decider_id: int
    created: bool  # False: this UUID was filed before, nothing changed


@dataclass(frozen=True)
class DecidedProposal:
    proposal_id: int
    accepted: bool
    points: int  # points credited to the supplier by this decision


@dataclass(frozen=True)
class PendingProposal:
    id: int
    client_id: int
    supplier_id: int
    what_should_change: str
    improves_metric: str
    created_at: dt.datetime
    status: str = "pending"  # or "discuss": invited, still to decide


def route_decider(session: Session, client_id: int, supplier_id: int) -> int | None:
    """The supplier's manager (else their department's head), skipping parties and people who
    left, up the chain; past the top, an admin (``shared.domain.managers.decider_for``)."""
    return decider_for(session, supplier_id, (client_id, supplier_id))


def file_proposal(session: Session, config: Config, *, client_id: int, supplier_id: int,
                  what_should_change: str, improves_metric: str,
                  proposal_uuid: uuid_mod.UUID | None = None,
                  now: dt.datetime | None = None) -> FiledProposal:
    """File a proposal (see the module doc); raises ``ProposalRefused``."""
    now = now or utcnow()
    text = (what_should_change or "").strip()
    metric = (improves_metric or "").strip()
    if not text or not metric:
        raise ProposalRefused("empty_text", {"field": "what_should_change" if not text
                                             else "improves_metric"})
    for name, value, limit in (("what_should_change", text, MAX_TEXT),
                               ("improves_metric", metric, MAX_METRIC)):
        if len(value) > limit:
            raise ProposalRefused("too_long", {"field": name, "max": limit})
    if proposal_uuid is not None:
        existing = session.execute(select(Proposal).where(Proposal.uuid == proposal_uuid)
                                   ).scalar_one_or_none()
        if existing is not None:
            return _same_or_conflict(existing, client_id, supplier_id)
    decision = may_influence(session, config, client_id, supplier_id,
                             today=local_day(now, config.tz))
    if not decision.allowed:
        raise ProposalRefused(decision.reason or "not_allowed", decision.params)
    decider = route_decider(session, client_id, supplier_id)
    if decider is None:
        raise ProposalRefused("no_decider")
    dialect = session.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Proposal)
    proposal_uuid = proposal_uuid or uuid7(int(now.timestamp() * 1000))
    new_id = session.execute(
        ins.values(uuid=proposal_uuid, client_id=client_id, supplier_id=supplier_id,
                   decider_id=decider, what_should_change=text, improves_metric=metric,
                   status="pending", created_at=now)
        .on_conflict_do_nothing(index_elements=["uuid"]).returning(Proposal.id)
    ).scalar_one_or_none()
    if new_id is None:  # the same UUID landed a moment ago from another writer
        existing = session.execute(select(Proposal).where(Proposal.uuid == proposal_uuid)
                                   ).scalar_one()
        return _same_or_conflict(existing, client_id, supplier_id)
    add_nudge(session, employee_id=decider, kind=PROPOSAL_RECEIVED,
              params={"proposal_id": new_id}, dedup_key=f"proposal_received:{new_id}", now=now)
    log.info("proposal %s filed by %s about %s, decider %s", new_id, client_id, supplier_id,
             decider)
    return FiledProposal(new_id, decider, True)


def _same_or_conflict(existing: Proposal, client_id: int, supplier_id: int) -> FiledProposal:
    if existing.client_id != client_id or existing.supplier_id != supplier_id:
        raise ProposalRefused("uuid_conflict")
    return FiledProposal(existing.id, existing.decider_id or 0, False)


def _note(text: str | None, field: str = "note") -> str | None:
    note = (text or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        raise ProposalRefused("too_long", {"field": field, "max": MAX_NOTE})
    return note


def _as_decider(session: Session, proposal_id: int, decider_id: int) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise ProposalRefused("not_found")
    if proposal.decider_id != decider_id:
        raise ProposalRefused("not_decider")
    return proposal


def _names(session: Session, employee_id: int) -> dict[str, Any]:
    """The supplier's names for a nudge (the kiosk and the messenger name whom it is about)."""
    emp = session.get(Employee, employee_id)
    return {"supplier_name": emp.full_name if emp else "",
            "supplier_name_en": (emp.full_name_en or emp.full_name) if emp else ""}


def _credit(session: Session, config: Config, proposal: Proposal, cause: str, points: int,
            now: dt.datetime) -> int:
    """Points to the supplier in the proposals' own ledger, once per proposal and cause."""
    if points <= 0:
        return 0
    supplier = session.get(Employee, proposal.supplier_id)
    assert supplier is not None
    dialect = session.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(ProposalPoints)
    key = f"proposal:{proposal.id}" if cause == "accepted" else f"proposal_{cause}:{proposal.id}"
    credited = session.execute(
        ins.values(employee_id=supplier.id, department_id=supplier.department_id,
                   month=local_day(now, config.tz).strftime("%Y-%m"), delta=points,
                   cause=cause, proposal_id=proposal.id, dedup_key=key, created_at=now)
        .on_conflict_do_nothing(index_elements=["dedup_key"]).returning(ProposalPoints.id)
    ).scalar_one_or_none()
    return points if credited is not None else 0


def decide_proposal(session: Session, config: Config, *, proposal_id: int, decider_id: int,
                    accept: bool, note: str | None = None,
                    now: dt.datetime | None = None) -> DecidedProposal:
    """Accept or decline an open proposal as its decider, with an optional note; raises
    ``ProposalRefused``."""
    now = now or utcnow()
    proposal = _as_decider(session, proposal_id, decider_id)
    note = _note(note)
    status = "accepted" if accept else "declined"
    result = session.execute(
        update(Proposal).where(Proposal.id == proposal_id, Proposal.status.in_(OPEN))
        .values(status=status, decided_at=now, decided_by_id=decider_id,
                decision_note=note)
        .execution_options(synchronize_session=False))
    if getattr(result, "rowcount", 0) != 1:
        raise ProposalRefused("already_decided")
    session.expire(proposal)
    points = (_credit(session, config, proposal, "accepted",
                      config.nudges.proposal_reward_points, now) if accept else 0)
    audit.record(session, actor=f"employee:{decider_id}", action=f"proposal.{status}",
                 details={"proposal_id": proposal_id, "client_id": proposal.client_id,
                          "supplier_id": proposal.supplier_id, "points": points,
                          "note": note}, at=now)
    add_nudge(session, employee_id=proposal.client_id, kind=PROPOSAL_DECIDED,
              params={"proposal_id": proposal_id, "accepted": accept, "note": note,
                      **_names(session, proposal.supplier_id)},
              dedup_key=f"proposal_decided:{proposal_id}", now=now)
    return DecidedProposal(proposal_id, accept, points)


def discuss_slots(now: dt.datetime, tz: ZoneInfo, count: int = 3) -> list[dt.datetime]:
    """The times a kiosk offers for a discussion (a touch screen has no calendar): the next
    working days (Monday to Friday, plant time) at 10:00 and 14:00, from tomorrow; aware UTC."""
    slots: list[dt.datetime] = []
    day = now.astimezone(tz).date()
    while len(slots) < count:
        day += dt.timedelta(days=1)
        if day.isoweekday() > 5:
            continue
        for hour in (10, 14):
            if len(slots) < count:
                slots.append(dt.datetime.combine(day, dt.time(hour), tzinfo=tz)
                             .astimezone(dt.UTC))
    return slots


def invite_to_discuss(session: Session, config: Config, *, proposal_id: int, decider_id: int,
                      discuss_at: dt.datetime, note: str | None = None,
                      now: dt.datetime | None = None) -> None:
    """The decider invites the client to discuss a pending proposal at ``discuss_at``
    (aware, in the future); the proposal stays open for a decision. Raises
    ``ProposalRefused``."""
    now = now or utcnow()
    proposal = _as_decider(session, proposal_id, decider_id)
    note = _note(note)
    if discuss_at.tzinfo is None or discuss_at <= now:
        raise ProposalRefused("bad_time")
    result = session.execute(
        update(Proposal).where(Proposal.id == proposal_id, Proposal.status == "pending")
        .values(status="discuss", discuss_at=discuss_at, decision_note=note)
        .execution_options(synchronize_session=False))
    if getattr(result, "rowcount", 0) != 1:
        raise ProposalRefused("already_decided")
    session.expire(proposal)
    audit.record(session, actor=f"employee:{decider_id}", action="proposal.discuss",
                 details={"proposal_id": proposal_id, "discuss_at": discuss_at.isoformat(),
                          "note": note}, at=now)
    add_nudge(session, employee_id=proposal.client_id, kind=PROPOSAL_DISCUSS,
              params={"proposal_id": proposal_id, "discuss_at": discuss_at.isoformat(),
                      # plant time, in words the messenger can show as it is
                      "discuss_local": discuss_at.astimezone(config.tz)
                      .strftime("%d.%m.%Y %H:%M"),
                      "note": note, **_names(session, proposal.supplier_id)},
              dedup_key=f"proposal_discuss:{proposal_id}", now=now)


def reply_to_answer(session: Session, *, proposal_id: int, client_id: int, text: str,
                    now: dt.datetime | None = None) -> None:
    """The client answers the decider's answer (accepted, declined or invited), once; the
    decider is told. Raises ``ProposalRefused``."""
    now = now or utcnow()
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise ProposalRefused("not_found")
    if proposal.client_id != client_id:
        raise ProposalRefused("not_client")
    reply = _note(text, "reply")
    if reply is None:
        raise ProposalRefused("empty_text", {"field": "reply"})
    if proposal.status == "pending":
        raise ProposalRefused("not_answered")
    result = session.execute(
        update(Proposal).where(Proposal.id == proposal_id, Proposal.client_reply.is_(None),
                               Proposal.status != "pending")
        .values(client_reply=reply, client_replied_at=now)
        .execution_options(synchronize_session=False))
    if getattr(result, "rowcount", 0) != 1:
        raise ProposalRefused("already_replied")
    session.expire(proposal)
    audit.record(session, actor=f"employee:{client_id}", action="proposal.reply",
                 details={"proposal_id": proposal_id}, at=now)
    if proposal.decider_id is not None:
        add_nudge(session, employee_id=proposal.decider_id, kind=PROPOSAL_REPLY,
                  params={"proposal_id": proposal_id, "reply": reply,
                          **_names(session, proposal.supplier_id)},
                  dedup_key=f"proposal_reply:{proposal_id}", now=now)


def mark_implemented(session: Session, config: Config, *, proposal_id: int, decider_id: int,
                     now: dt.datetime | None = None) -> int:
    """The decider marks an accepted proposal implemented; returns the points credited
    (``nudges.proposal_implemented_points``, once). Raises ``ProposalRefused``."""
    now = now or utcnow()
    proposal = _as_decider(session, proposal_id, decider_id)
    if proposal.status != "accepted":
        raise ProposalRefused("not_accepted")
    result = session.execute(
        update(Proposal).where(Proposal.id == proposal_id, Proposal.status == "accepted",
                               Proposal.implemented_at.is_(None))
        .values(implemented_at=now).execution_options(synchronize_session=False))
    if getattr(result, "rowcount", 0) != 1:
        raise ProposalRefused("already_implemented")
    session.expire(proposal)
    points = _credit(session, config, proposal, "implemented",
                     config.nudges.proposal_implemented_points, now)
    audit.record(session, actor=f"employee:{decider_id}", action="proposal.implemented",
                 details={"proposal_id": proposal_id, "points": points}, at=now)
    return points


@dataclass(frozen=True)
class AnsweredProposal:
    """A client's proposal the decider answered and the client has not replied to yet."""

    id: int
    supplier_id: int
    status: str  # discuss | accepted | declined
    what_should_change: str
    decision_note: str | None
    discuss_at: dt.datetime | None


def answers_to_reply(session: Session, client_id: int) -> list[AnsweredProposal]:
    """The decider's answers this client may still reply to (once each), oldest first."""
    rows = session.execute(
        select(Proposal.id, Proposal.supplier_id, Proposal.status, Proposal.what_should_change,
               Proposal.decision_note, Proposal.discuss_at)
        .where(Proposal.client_id == client_id, Proposal.status != "pending",
               Proposal.client_reply.is_(None))
        .order_by(Proposal.created_at, Proposal.id)).all()
    return [AnsweredProposal(*row) for row in rows]


def pending_proposals_for(session: Session, decider_id: int) -> list[PendingProposal]:
    """Proposals waiting for this person's decision (pending, or invited to discuss), oldest
    first."""
    rows = session.execute(
        select(Proposal.id, Proposal.client_id, Proposal.supplier_id, Proposal.what_should_change,
               Proposal.improves_metric, Proposal.created_at, Proposal.status)
        .where(Proposal.decider_id == decider_id, Proposal.status.in_(OPEN))
        .order_by(Proposal.created_at, Proposal.id)).all()
    return [PendingProposal(*row) for row in rows]


def to_mark_implemented(session: Session, decider_id: int,
                        limit: int = 20) -> list[PendingProposal]:
    """Proposals this person accepted whose change is not marked implemented yet (status
    ``accepted``), most recently decided first: what the kiosk offers to mark implemented
    (``mark_implemented``: the decider only, once, audit-logged, the configured points)."""
    rows = session.execute(
        select(Proposal.id, Proposal.client_id, Proposal.supplier_id, Proposal.what_should_change,
               Proposal.improves_metric, Proposal.created_at, Proposal.status)
        .where(Proposal.decider_id == decider_id, Proposal.status == "accepted",
               Proposal.implemented_at.is_(None))
        .order_by(Proposal.decided_at.desc(), Proposal.id.desc())
        .limit(limit)).all()
    return [PendingProposal(*row) for row in rows]


def reroute_orphaned(session: Session, *, now: dt.datetime | None = None) -> int:
    """Pending proposals whose decider has left (inactive) go to the next person up the chain
    (``route_decider`` as of now), who is told; audit-logged. Returns how many moved; a
    second run moves nothing. Without anyone to take it (no admin either) it stays put."""
    now = now or utcnow()
    rows = session.execute(
        select(Proposal.id, Proposal.client_id, Proposal.supplier_id, Proposal.decider_id)
        .outerjoin(Employee, Employee.id == Proposal.decider_id)
        .where(Proposal.status.in_(OPEN),
               Proposal.decider_id.is_(None) | Employee.active.is_not(True))
        .order_by(Proposal.id)).all()
    moved = 0
    for proposal_id, client_id, supplier_id, old in rows:
        new = route_decider(session, client_id, supplier_id)
        if new is None or new == old:
            log.warning("proposal %s: its decider %s left and nobody can take it", proposal_id,
                        old)
            continue
        # Conditional: a decision taken meanwhile (status) or another run (decider) wins.
        result = session.execute(
            update(Proposal).where(Proposal.id == proposal_id, Proposal.status.in_(OPEN),
                                   Proposal.decider_id.is_(None) if old is None
                                   else Proposal.decider_id == old)
            .values(decider_id=new).execution_options(synchronize_session=False))
        if getattr(result, "rowcount", 0) != 1:
            continue
        audit.record(session, actor="system", action="proposal.reassigned", at=now,
                     details={"proposal_id": proposal_id, "from_decider_id": old,
                              "decider_id": new})
        add_nudge(session, employee_id=new, kind=PROPOSAL_RECEIVED,
                  params={"proposal_id": proposal_id},
                  dedup_key=f"proposal_received:{proposal_id}:{new}", now=now)
        moved += 1
    return moved
