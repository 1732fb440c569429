"""The kiosk's dispute calls (list, regulations, open, accept, reject, verdict), for the worker.

Plain methods, one unit of work each, returning plain dataclasses. A refusal of the
state machine comes back as a ``DisputeResult`` with its code (the screen words it); only
a database failure raises, which the window shows as "offline".

Offline (the kiosk backend has a local store and the server does not answer): the list is
empty, the regulations come from the snapshot, and opening, accepting, rejecting and
verdicts are queued in the outbox (``DisputeResult(ok=True, code="queued")``); the server
applies them with its own rules at sync.
"""

from __future__ import annotations

import logging
import uuid as uuid_mod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
    check_may_dispute,
    disputes_for,
    give_verdict,
    open_dispute,
    reject_dispute,
)

if TYPE_CHECKING:
    from kiosk.backend import KioskBackend
    from kiosk.offline import SnapshotAnswers

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
    """Thread: the database worker only.

    ``kiosk``: the kiosk backend whose local store and reachability this shares (offline
    queueing).
    """

    def __init__(self, db: Database, config: Config, clock: Clock, *,
                 kiosk: KioskBackend) -> None:
        self.db = db
        self.config = config
        self.clock = clock
        self.kiosk = kiosk

    def _either(self, server: Any, local: Any) -> Any:
        return self.kiosk._either(server, local)

    def my_disputes(self, employee_id: int) -> list[DisputeView]:
        def server() -> list[DisputeView]:
            with self.db.read() as s:
                return disputes_for(s, self.config, employee_id=employee_id,
                                    now=self.clock.now())
        result: list[DisputeView] = self._either(server, lambda _a: [])
        return result

    def regulations(self) -> list[RegulationItem]:
        def server() -> list[RegulationItem]:
            with self.db.read() as s:
                rows = s.execute(select(Regulation).where(Regulation.active.is_(True))
                                 .order_by(Regulation.code)).scalars()
                return [RegulationItem(r.id, r.code, r.title, r.url) for r in rows]

        def local(a: SnapshotAnswers) -> list[RegulationItem]:
            return [RegulationItem(*row) for row in a.store.regulations()]
        result: list[RegulationItem] = self._either(server, local)
        return result

    def _queue(self, action: str, kwargs: dict[str, Any]) -> Any:
        """The outbox version of an action (for ``KioskBackend._either``)."""
        def local(a: SnapshotAnswers) -> DisputeResult:
            now = self.clock.now()
            if action == "open":
                out = a.store.enqueue_dispute_open(
                    initiator_id=kwargs["initiator_id"], respondent_id=kwargs["respondent_id"],
                    regulation_id=kwargs["regulation_id"], description=kwargs["description"],
                    now=now)
            else:
                out = a.store.enqueue_dispute_action(
                    actor_id=kwargs["actor_id"], action=action, dispute_id=kwargs["dispute_id"],
                    verdict=kwargs.get("verdict", ""), reason=kwargs.get("reason", ""),
                    now=now)
            if not out.ok:
                return DisputeResult(False, code=out.code, params=dict(out.params))
            log.info("dispute %s queued offline as %s", action, out.uuid)
            return DisputeResult(True, code="queued")
        return local

    def _run(self, action: str, **kwargs: Any) -> DisputeResult:
        result: DisputeResult = self._either(lambda: self._central(action, **kwargs),
                                             self._queue(action, kwargs))
        return result

    def _central(self, action: str, **kwargs: Any) -> DisputeResult:
        functions: dict[str, Callable[..., DisputeChange]] = {
            "open": open_dispute, "accept": accept_dispute, "reject": reject_dispute,
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

    def check_respondent(self, *, initiator_id: int, respondent_id: int) -> DisputeResult:
        """Before the regulation and the text: may this person open a dispute against that
        one (``disputes.require_higher_rating``)? Offline the server decides when it gets it."""
        def server() -> DisputeResult:
            try:
                with self.db.read() as s:
                    check_may_dispute(s, self.config, initiator_id=initiator_id,
                                      respondent_id=respondent_id, now=self.clock.now())
            except DisputeRefusal as refusal:
                return DisputeResult(False, code=refusal.code, params=dict(refusal.params))
            return DisputeResult(True)
        result: DisputeResult = self._either(server, lambda _a: DisputeResult(True))
        return result

    def accept(self, *, dispute_id: int, actor_id: int) -> DisputeResult:
        return self._run("accept", dispute_id=dispute_id, actor_id=actor_id)

    def reject(self, *, dispute_id: int, actor_id: int, reason: str = "") -> DisputeResult:
        return self._run("reject", dispute_id=dispute_id, actor_id=actor_id, reason=reason)

    def verdict(self, *, dispute_id: int, actor_id: int, verdict: str) -> DisputeResult:
        return self._run("verdict", dispute_id=dispute_id, actor_id=actor_id, verdict=verdict)
