"""The kiosk's dispute calls (list, regulations, open, accept, reject, verdict), for the worker.

Plain methods, one unit of work each, returning plain dataclasses. A refusal of the
state machine comes back as a ``DisputeResult`` with its code (the screen words it); only
a database failure raises, which the window shows as "offline".
"""

from __future__ import annotations

import logging
import uuid as uuid_mod
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from kiosk.clock import Clock
from shared.config import Config
from shared.db import Database
from shared.db.models import Regulation
from shared.domain.disputes import (
    DisputeChange,
    DisputeRefusal,
    DisputeView,
    accept_dispute,
    disputes_for,
    give_verdict,
    open_dispute,
    reject_dispute,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RegulationItem:
    id: int
    code: str
    title: str
    url: str | None


@dataclass(frozen=True)
class DisputeResult:
    """``ok`` with the change, or the refusal's ``code`` and ``params``."""

    ok: bool
    change: DisputeChange | None = None
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


class DisputeBackend:
    """Thread: the database worker only."""

    def __init__(self, db: Database, config: Config, clock: Clock) -> None:
        self.db = db
        self.config = config
        self.clock = clock

    def my_disputes(self, employee_id: int) -> list[DisputeView]:
        with self.db.read() as s:
            return disputes_for(s, self.config, employee_id=employee_id, now=self.clock.now())

    def regulations(self) -> list[RegulationItem]:
        with self.db.read() as s:
            rows = s.execute(select(Regulation).where(Regulation.active.is_(True))
                             .order_by(Regulation.code)).scalars()
            return [RegulationItem(r.id, r.code, r.title, r.url) for r in rows]

    def _run(self, action: str, **kwargs: Any) -> DisputeResult:
        functions = {"open": open_dispute, "accept": accept_dispute, "reject": reject_dispute,
                     "verdict": give_verdict}
        try:
            with self.db.write() as s:
                change = functions[action](s, self.config, now=self.clock.now(), **kwargs)
        except DisputeRefusal as refusal:
            log.info("dispute %s refused: %s", action, refusal)
            return DisputeResult(False, code=refusal.code, params=dict(refusal.params))
        return DisputeResult(True, change)

    def open(self, *, initiator_id: int, respondent_id: int, regulation_id: int,
             description: str, dispute_uuid: uuid_mod.UUID) -> DisputeResult:
        return self._run("open", initiator_id=initiator_id, respondent_id=respondent_id,
                         regulation_id=regulation_id, description=description,
                         kiosk_id=self.config.kiosk.id, dispute_uuid=dispute_uuid)

    def accept(self, *, dispute_id: int, actor_id: int) -> DisputeResult:
        return self._run("accept", dispute_id=dispute_id, actor_id=actor_id)

    def reject(self, *, dispute_id: int, actor_id: int) -> DisputeResult:
        return self._run("reject", dispute_id=dispute_id, actor_id=actor_id)

    def verdict(self, *, dispute_id: int, actor_id: int, verdict: str) -> DisputeResult:
        return self._run("verdict", dispute_id=dispute_id, actor_id=actor_id, verdict=verdict)
