"""Recording a rating: the central path, and an idempotent write.

The rules (no self-rating, active people, score, reason tags, comment, cooldown) are
``shared.domain.rating_rules.check_rating``, one pure function the three ways in share:
``record_rating`` here (the kiosk online, the CLI: one rating), the sync's batch
(``shared.offline.central.apply_rating_batch``: a kiosk's outbox, set-based) and the kiosk's
local store (``LocalStore.enqueue_rating``: the outbox commit). This module reads the facts
for one rating and asks it.

``record_rating`` inserts with ``INSERT ... ON CONFLICT (uuid) DO NOTHING
RETURNING id``: the unique index, not a "check then insert", decides which of two
racing writers of the same UUID wins; the loser reads the winner's row and answers
``duplicate`` with the same ``rating_id``. The rollups are updated in the same
transaction (``shared.domain.rollups.apply_ratings``), so they stay exact.

The caller owns the transaction: use it inside ``with db.write() as session:``
(on SQLite that is ``BEGIN IMMEDIATE``, which serialises writers; on PostgreSQL a
transaction-scoped advisory lock per client->supplier pair serialises the
cooldown check of that pair).

Outcomes are codes (``rating_rules.Refusal``) plus parameters; the words live in the views.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid as uuid_mod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Employee, Rating, RatingReason, ReasonTag
from shared.domain.periods import local_day
from shared.domain.rating_rules import (
    RatingFacts,
    Refusal,
    TagFacts,
    check_rating,
    clean_comment,
)
from shared.domain.rollups import RatingFact, apply_ratings
from shared.ids import uuid7

log = logging.getLogger(__name__)

__all__ = ["RatingOutcome", "RatingSummary", "Refusal", "record_rating",
           "check_rating_allowed", "latest_rating_between"]


@dataclass(frozen=True)
class RatingOutcome:
    """What happened to a rating.

    ``status``: ``recorded`` (new row), ``duplicate`` (this UUID was already stored: the
    first result stands, ``rating_id`` is that row), ``refused`` (``reason`` is one of
    ``rating_rules.Refusal``), or ``allowed`` (only from ``check_rating_allowed``).
    ``params``: what a view needs to explain it, e.g. for ``cooldown``: ``last_at`` and
    ``next_at`` (aware UTC datetimes), ``supplier_name``, ``supplier_name_en``.
    """

    status: str
    reason: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    rating_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("recorded", "duplicate", "allowed")


@dataclass(frozen=True)
class RatingSummary:
    id: int
    uuid: uuid_mod.UUID
    score: int
    created_at: dt.datetime
    status: str


def latest_rating_between(session: Session, rater_id: int, supplier_id: int, *,
                          before: dt.datetime | None = None,
                          counted_only: bool = True) -> RatingSummary | None:
    """The pair's latest rating (index rater, supplier, created_at), optionally before a time."""
    q = select(Rating.id, Rating.uuid, Rating.score, Rating.created_at, Rating.status).where(
        Rating.rater_id == rater_id, Rating.supplier_id == supplier_id)
    if counted_only:
        q = q.where(Rating.status == "ok")
    if before is not None:
        q = q.where(Rating.created_at < before)
    row = session.execute(q.order_by(Rating.created_at.desc()).limit(1)).first()
    return RatingSummary(*row) if row else None


def _counted_nearby(session: Session, config: Config, rater_id: int, supplier_id: int,
                    at: dt.datetime) -> list[dt.datetime]:
    """When the pair's counted ratings within the cooldown of ``at`` were given, latest first
    (a later one counts too: a kiosk that was offline may deliver an older rating after a
    newer one was stored). The rule on them is ``rating_rules.check_rating``'s."""
    hours = config.rating.cooldown_hours
    if hours <= 0:
        return []
    window = dt.timedelta(hours=hours)
    q = (select(Rating.created_at)
         .where(Rating.rater_id == rater_id, Rating.supplier_id == supplier_id,
                Rating.status == "ok", Rating.created_at > at - window,
                Rating.created_at < at + window)
         .order_by(Rating.created_at.desc()).limit(1))
    return list(session.execute(q).scalars())


def _validate(session: Session, config: Config, rater_id: int, supplier_id: int, score: int,
              reason_codes: Sequence[str], comment: str | None, at: dt.datetime,
              drop_bad_reasons: bool = False,
              ) -> tuple[RatingOutcome | None, Employee | None, Employee | None, list[int]]:
    """The facts from the central database, the verdict from ``check_rating``."""
    people: dict[int, Employee] = {}
    if rater_id != supplier_id:
        people = {e.id: e for e in session.execute(
            select(Employee).where(Employee.id.in_((rater_id, supplier_id)))).scalars()}
    rater, supplier = people.get(rater_id), people.get(supplier_id)
    codes = list(dict.fromkeys(reason_codes))
    tags = {code: TagFacts(tag_id, seg, pol) for code, tag_id, seg, pol in session.execute(
        select(ReasonTag.code, ReasonTag.id, ReasonTag.segment_id, ReasonTag.polarity)
        .where(ReasonTag.code.in_(codes), ReasonTag.active.is_(True)))} if codes else {}
    verdict = check_rating(RatingFacts(
        rater_id=rater_id, supplier_id=supplier_id, rater=rater, supplier=supplier,
        score=score, reason_codes=codes, comment=comment,
        comment_max_length=config.rating.comment_max_length, tags=tags, at=at,
        cooldown=dt.timedelta(hours=config.rating.cooldown_hours),
        counted_nearby=_counted_nearby(session, config, rater_id, supplier_id, at)
        if people else (),
        drop_bad_reasons=drop_bad_reasons))
    if verdict.dropped:
        # The kiosk offered them when the client tapped; a tag retired or a person moved to
        # another segment since must not cost the client their rating.
        log.info("rating by %s: reason tags %s dropped (not offered for score %s)",
                 rater_id, list(verdict.dropped), score)
    if verdict.refusal is None:
        return None, rater, supplier, list(verdict.tag_ids)
    params = dict(verdict.params)
    if supplier is not None and verdict.refusal in (Refusal.INACTIVE_RATER,
                                                    Refusal.INACTIVE_SUPPLIER, Refusal.COOLDOWN):
        params.update(supplier_name=supplier.full_name, supplier_name_en=supplier.full_name_en)
    if verdict.refusal == Refusal.COOLDOWN:
        params["cooldown_hours"] = config.rating.cooldown_hours
    return RatingOutcome("refused", verdict.refusal, params), rater, supplier, []


def check_rating_allowed(session: Session, config: Config, *, rater_id: int, supplier_id: int,
                         score: int = 5, reason_codes: Sequence[str] = (),
                         comment: str | None = None,
                         now: dt.datetime | None = None) -> RatingOutcome:
    """The same rules as ``record_rating`` without writing: ``allowed`` or ``refused``.

    The kiosk calls it before showing a supplier's card, so a refusal (cooldown, inactive)
    is on the card before the tap; ``score`` defaults to a valid one for that use.
    """
    at = now or dt.datetime.now(dt.UTC)
    refusal, *_ = _validate(session, config, rater_id, supplier_id, score, reason_codes, comment,
                            at)
    return refusal or RatingOutcome("allowed")


def _existing(session: Session, rating_uuid: uuid_mod.UUID) -> int | None:
    return session.execute(select(Rating.id).where(Rating.uuid == rating_uuid)).scalar()


def record_rating(session: Session, config: Config, *, rater_id: int, supplier_id: int,
                  score: int, reason_codes: Sequence[str] = (), comment: str | None = None,
                  kiosk_id: str | None = None, rating_uuid: uuid_mod.UUID | None = None,
                  created_at: dt.datetime | None = None,
                  keep_cooldown_conflict: bool = False,
                  drop_bad_reasons: bool = False) -> RatingOutcome:
    """Validate and store one rating, idempotently by ``rating_uuid`` (see the module doc).

    ``created_at`` is when the client tapped (aware; default now); the plant-local ``day``
    and the departments of both people at that moment are stored with it.
    ``keep_cooldown_conflict`` (offline sync): a rating accepted offline that falls inside the
    cooldown is stored with status ``cooldown_conflict`` (kept, not counted) instead of being
    refused; the outcome is ``recorded`` with ``params["cooldown_conflict"] = True``.

    Reason codes must be among the rater's segment's and the company-wide active tags of
    the score's polarity (``rating_rules.reason_offered``), as the kiosk shows them; otherwise
    the rating is refused (``unknown_reason`` / ``reason_not_offered``), or with
    ``drop_bad_reasons`` (a kiosk's tap, which only offered valid chips when it was made)
    stored without them.
    """
    now = dt.datetime.now(dt.UTC)
    at = (created_at or now)
    if at.tzinfo is None:
        raise ValueError("created_at must be timezone-aware")
    at = at.astimezone(dt.UTC)
    rating_uuid = rating_uuid or uuid7()
    bind = session.get_bind()
    dialect = bind.dialect.name
    if dialect == "postgresql":
        # Serialise writers of the same pair, so two kiosks cannot both pass the cooldown.
        session.execute(text("SELECT pg_advisory_xact_lock(:a, :b)"),
                        {"a": int(rater_id) & 0x7FFFFFFF, "b": int(supplier_id) & 0x7FFFFFFF})
    first = _existing(session, rating_uuid)
    if first is not None:
        return RatingOutcome("duplicate", rating_id=first)
    refusal, rater, supplier, tag_ids = _validate(session, config, rater_id, supplier_id, score,
                                                  reason_codes, comment, at, drop_bad_reasons)
    status = "ok"
    if refusal is not None:
        if refusal.reason == "cooldown" and keep_cooldown_conflict:
            status = "cooldown_conflict"
        else:
            return refusal
    assert rater is not None and supplier is not None
    day = local_day(at, config.tz)
    values = dict(uuid=rating_uuid, rater_id=rater.id, supplier_id=supplier.id,
                  rater_department_id=rater.department_id,
                  supplier_department_id=supplier.department_id, score=score,
                  comment=clean_comment(comment), kiosk_id=kiosk_id, created_at=at, day=day,
                  received_at=now, status=status)
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Rating)
    stmt = ins.values(**values).on_conflict_do_nothing(index_elements=["uuid"]) \
        .returning(Rating.id)
    new_id = session.execute(stmt).scalar()
    if new_id is None:
        # Another writer stored this UUID between our look-up and our insert: theirs stands.
        first = _existing(session, rating_uuid)
        return RatingOutcome("duplicate", rating_id=first)
    if tag_ids:
        session.execute(insert(RatingReason),
                        [{"rating_id": new_id, "reason_tag_id": t} for t in tag_ids])
    params: dict[str, Any] = {"day": day}
    if status == "ok":
        apply_ratings(session, [RatingFact(rater.id, supplier.id, rater.department_id,
                                           supplier.department_id, score, day,
                                           tuple(tag_ids))])
    else:
        params["cooldown_conflict"] = True
        params.update(refusal.params if refusal else {})
    log.debug("rating %s stored (%s)", rating_uuid, status)
    return RatingOutcome("recorded", params=params, rating_id=new_id)
