"""The kiosk's proposal calls (influence, metric choices, file, list, decide), for the worker.

Plain methods, one unit of work each, returning plain dataclasses. A refusal of the
domain comes back as a ``ProposalResult`` with its code (the screen words it); only a
database failure raises, which the window shows as "offline".
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid as uuid_mod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clock import Clock
from shared.config import Config
from shared.db import Database
from shared.db.models import Employee, Initiative, KpiValue
from shared.domain.influence import InfluenceDecision, may_influence
from shared.domain.periods import local_today
from shared.domain.proposals import (
    ProposalRefused,
    answers_to_reply,
    decide_proposal,
    discuss_slots,
    file_proposal,
    invite_to_discuss,
    mark_implemented,
    pending_proposals_for,
    reply_to_answer,
    to_mark_implemented,
)
from shared.names import person_name

if TYPE_CHECKING:
    from kiosk.backend import KioskBackend
    from kiosk.offline import SnapshotAnswers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProposalItem:
    """A pending proposal as the manager's list shows it (names in both languages)."""

    id: int
    client_name: str
    client_name_en: str | None
    supplier_name: str
    supplier_name_en: str | None
    what_should_change: str
    improves_metric: str
    created_at: dt.datetime
    status: str = "pending"  # "discuss": the decider invited the client already
    client_gender: str | None = None  # the directory's 'm' / 'f'; None: the patronymic
    supplier_gender: str | None = None

    def client(self, language: str) -> str:
        return person_name((self.client_name_en or self.client_name) if language == "en"
                           else self.client_name, self.client_gender)

    def supplier(self, language: str) -> str:
        return person_name((self.supplier_name_en or self.supplier_name) if language == "en"
                           else self.supplier_name, self.supplier_gender)


@dataclass(frozen=True)
class AnswerItem:
    """The decider's answer to one of the person's proposals, for the reply screen."""

    id: int
    supplier_name: str
    supplier_name_en: str | None
    status: str  # discuss | accepted | declined
    what_should_change: str
    note: str | None
    discuss_at: dt.datetime | None
    supplier_gender: str | None = None

    def supplier(self, language: str) -> str:
        return person_name((self.supplier_name_en or self.supplier_name) if language == "en"
                           else self.supplier_name, self.supplier_gender)


@dataclass(frozen=True)
class ProposalResult:
    """``ok`` with the proposal id (and points credited by a decision), or a refusal code."""

    ok: bool
    proposal_id: int | None = None
    points: int = 0
    created: bool = True
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def _names(session: Session, ids: set[int]) -> tuple[dict[int, tuple[str, str | None]],
                                                     dict[int, str | None]]:
    """The people's (name, English name) and their directory gender, by id."""
    if not ids:
        return {}, {}
    rows = session.execute(select(Employee.id, Employee.full_name, Employee.full_name_en,
                                  Employee.gender).where(Employee.id.in_(ids))).all()
    return ({r.id: (r.full_name, r.full_name_en) for r in rows},
            {r.id: r.gender for r in rows})


class ProposalBackend:
    """Thread: the database worker only."""

    def __init__(self, db: Database, config: Config, clock: Clock, *,
                 kiosk: KioskBackend) -> None:
        self.kiosk = kiosk  # its local store queues a proposal filed while offline
        self.db = db
        self.config = config
        self.clock = clock

    @property
    def reward_points(self) -> int:
        return self.config.nudges.proposal_reward_points

    @property
    def implemented_points(self) -> int:
        return self.config.nudges.proposal_implemented_points

    def influence(self, client_id: int, supplier_id: int) -> InfluenceDecision:
        with self.db.read() as s:
            return may_influence(s, self.config, client_id, supplier_id,
                                 today=local_today(self.config.tz, self.clock.now()))

    def metric_choices(self, client_id: int) -> list[str]:
        """The initiative-map metrics of the client's segment, then its KPI names (no repeats)."""
        with self.db.read() as s:
            segment = s.execute(select(Employee.segment_id).where(Employee.id == client_id)
                                ).scalar_one_or_none()
            if segment is None:
                return []
            names = list(s.execute(select(Initiative.metric).where(Initiative.segment_id == segment)
                                   .order_by(Initiative.id)).scalars())
            names += list(s.execute(select(KpiValue.metric).where(KpiValue.segment_id == segment)
                                    .distinct().order_by(KpiValue.metric)).scalars())
        seen: set[str] = set()
        out = []
        for name in names:
            key = name.strip().casefold()
            if name.strip() and key not in seen:
                seen.add(key)
                out.append(name.strip())
        return out

    def file(self, *, client_id: int, supplier_id: int, text: str, metric: str,
             proposal_uuid: uuid_mod.UUID) -> ProposalResult:
        """Filed on the server; offline (with the kiosk's store) queued in the outbox and
        filed at sync under the server's rules (the right to influence as of the tap's day)."""
        def server() -> ProposalResult:
            return self._file(client_id=client_id, supplier_id=supplier_id, text=text,
                              metric=metric, proposal_uuid=proposal_uuid)

        def local(a: SnapshotAnswers) -> ProposalResult:
            out = a.store.enqueue_proposal(client_id=client_id, supplier_id=supplier_id,
                                           what_should_change=text, improves_metric=metric,
                                           now=self.clock.now())
            log.info("proposal queued offline as %s", out.uuid)
            return ProposalResult(out.ok, code=None if out.ok else out.code)
        return self.kiosk._either(server, local)

    def _file(self, *, client_id: int, supplier_id: int, text: str, metric: str,
              proposal_uuid: uuid_mod.UUID) -> ProposalResult:
        try:
            with self.db.write() as s:
                filed = file_proposal(s, self.config, client_id=client_id,
                                      supplier_id=supplier_id, what_should_change=text,
                                      improves_metric=metric, proposal_uuid=proposal_uuid,
                                      now=self.clock.now())
        except ProposalRefused as refusal:
            log.info("proposal refused: %s %s", refusal.code, refusal.params)
            return ProposalResult(False, code=refusal.code, params=dict(refusal.params))
        return ProposalResult(True, filed.proposal_id, created=filed.created)

    def pending(self, decider_id: int) -> list[ProposalItem]:
        """The proposals to decide (oldest first), then the accepted ones whose change is
        still to be marked implemented (status ``accepted``)."""
        with self.db.read() as s:
            views = [*pending_proposals_for(s, decider_id), *to_mark_implemented(s, decider_id)]
            ids = {v.client_id for v in views} | {v.supplier_id for v in views}
            names, genders = _names(s, ids)
        return [ProposalItem(v.id, *names.get(v.client_id, ("?", None)),
                             *names.get(v.supplier_id, ("?", None)), v.what_should_change,
                             v.improves_metric, v.created_at, v.status,
                             genders.get(v.client_id), genders.get(v.supplier_id))
                for v in views]

    def answers(self, client_id: int) -> list[AnswerItem]:
        with self.db.read() as s:
            views = answers_to_reply(s, client_id)
            ids = {v.supplier_id for v in views}
            names, genders = _names(s, ids)
        return [AnswerItem(v.id, *names.get(v.supplier_id, ("?", None)), v.status,
                           v.what_should_change, v.decision_note, v.discuss_at,
                           genders.get(v.supplier_id)) for v in views]

    def reply(self, *, proposal_id: int, client_id: int, text: str) -> ProposalResult:
        try:
            with self.db.write() as s:
                reply_to_answer(s, proposal_id=proposal_id, client_id=client_id, text=text,
                                now=self.clock.now())
        except ProposalRefused as refusal:
            log.info("proposal reply refused: %s %s", refusal.code, refusal.params)
            return ProposalResult(False, proposal_id, code=refusal.code,
                                  params=dict(refusal.params))
        return ProposalResult(True, proposal_id)

    def discuss_slots(self) -> list[dt.datetime]:
        """The discussion times the decide screen offers (no database)."""
        return discuss_slots(self.clock.now(), self.config.tz)

    def invite(self, *, proposal_id: int, decider_id: int, discuss_at: dt.datetime,
               note: str = "") -> ProposalResult:
        try:
            with self.db.write() as s:
                invite_to_discuss(s, self.config, proposal_id=proposal_id,
                                  decider_id=decider_id, discuss_at=discuss_at, note=note,
                                  now=self.clock.now())
        except ProposalRefused as refusal:
            log.info("proposal invitation refused: %s %s", refusal.code, refusal.params)
            return ProposalResult(False, proposal_id, code=refusal.code,
                                  params=dict(refusal.params))
        return ProposalResult(True, proposal_id)

    def decide(self, *, proposal_id: int, decider_id: int, accept: bool,
               note: str = "") -> ProposalResult:
        try:
            with self.db.write() as s:
                decided = decide_proposal(s, self.config, proposal_id=proposal_id,
                                          decider_id=decider_id, accept=accept, note=note,
                                          now=self.clock.now())
        except ProposalRefused as refusal:
            log.info("proposal decision refused: %s %s", refusal.code, refusal.params)
            return ProposalResult(False, proposal_id, code=refusal.code,
                                  params=dict(refusal.params))
        return ProposalResult(True, decided.proposal_id, points=decided.points)

    def implement(self, *, proposal_id: int, decider_id: int) -> ProposalResult:
        """The decider marks an accepted proposal implemented (``mark_implemented``)."""
        try:
            with self.db.write() as s:
                points = mark_implemented(s, self.config, proposal_id=proposal_id,
                                          decider_id=decider_id, now=self.clock.now())
        except ProposalRefused as refusal:
            log.info("proposal implementation refused: %s %s", refusal.code, refusal.params)
            return ProposalResult(False, proposal_id, code=refusal.code,
                                  params=dict(refusal.params))
        return ProposalResult(True, proposal_id, points=points)
