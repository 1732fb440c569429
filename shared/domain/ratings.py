"""Recording a rating: the rules (no self-rating, active people, cooldown) and an idempotent write.

``record_rating`` is the one way a rating enters the database (kiosk, sync, CLI).
It validates, then inserts with ``INSERT ... ON CONFLICT (uuid) DO NOTHING
RETURNING id``: the unique index, not a "check then insert", decides which of two
racing writers of the same UUID wins; the loser reads the winner's row and answers
``duplicate`` with the same ``rating_id``. The rollups are updated in the same
transaction (``shared.domain.rollups.apply_ratings``), so they stay exact.

The caller owns the transaction: use it inside ``with db.write() as session:``
(on SQLite that is ``BEGIN IMMEDIATE``, which serialises writers; on PostgreSQL a
transaction-scoped advisory lock per client->supplier pair serialises the
cooldown check of that pair).

Outcomes are codes plus parameters; the words live in the views.
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
from shared.domain.rollups import RatingFact, apply_ratings
from shared.ids import uuid7

log = logging.getLogger(__name__)

__all__ = ["RatingOutcome", "RatingSummary", "REFUSAL_REASONS", "record_rating",
           "check_rating_allowed", "latest_rating_between", "reason_polarity",
           "reason_offered", "sort_reason_codes"]

REFUSAL_REASONS = ("self", "unknown_person", "inactive_rater", "inactive_supplier", "bad_score",
                   "unknown_reason", "reason_not_offered", "comment_too_long", "cooldown")


def reason_polarity(score: int) -> str:
    """Which chips a score brings up on the kiosk: "must improve" for 1-3, praise for 4-5."""
    return "negative" if score <= 3 else "positive"


def reason_offered(tag_segment_id: int | None, tag_polarity: str, *,
                   rater_segment_id: int | None, score: int) -> bool:
    """Whether the kiosk offers an (active) tag to this rater after this score: the rater's
    segment's and the company-wide tags (no segment), of the score's polarity."""
    return (tag_segment_id is None or tag_segment_id == rater_segment_id) \
        and tag_polarity == reason_polarity(score)


def sort_reason_codes(session: Session, codes: Sequence[str], *,
                      rater_segment_id: int | None, score: int
                      ) -> tuple[list[int], list[str], list[str]]:
    """(tag ids offered, codes unknown or inactive, codes of another segment or polarity)."""
    if not codes:
        return [], [], []
    found = {code: (tag_id, seg, pol) for code, tag_id, seg, pol in session.execute(
        select(ReasonTag.code, ReasonTag.id, ReasonTag.segment_id, ReasonTag.polarity)
        .where(ReasonTag.code.in_(codes), ReasonTag.active.is_(True)))}
    offered, unknown, not_offered = [], [], []
    for code in codes:
        if code not in found:
            unknown.append(code)
        elif reason_offered(found[code][1], found[code][2], rater_segment_id=rater_segment_id,
                            score=score):
            offered.append(found[code][0])
        else:
            not_offered.append(code)
    return offered, unknown, not_offered


@dataclass(frozen=True)
class RatingOutcome:
    """What happened to a rating.

    ``status``: ``recorded`` (new row), ``duplicate`` (this UUID was already stored: the
    first result stands, ``rating_id`` is that row), ``refused`` (``reason`` is one of
    ``REFUSAL_REASONS``), or ``allowed`` (only from ``check_rating_allowed``).
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


def _refused(reason: str, **params: Any) -> RatingOutcome:
    return RatingOutcome("refused", reason, params)


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


def _cooldown_hit(session: Session, config: Config, rater_id: int, supplier_id: int,
                  at: dt.datetime) -> RatingSummary | None:
    """A counted rating of the pair less than the cooldown before (or after) ``at``.

    Exactly ``cooldown`` after the last rating is allowed again. A later rating counts too:
    a kiosk that was offline may deliver an older rating after a newer one was stored.
    """
    hours = config.rating.cooldown_hours
    if hours <= 0:
        return None
    window = dt.timedelta(hours=hours)
    q = (select(Rating.id, Rating.uuid, Rating.score, Rating.created_at, Rating.status)
         .where(Rating.rater_id == rater_id, Rating.supplier_id == supplier_id,
                Rating.status == "ok", Rating.created_at > at - window,
                Rating.created_at < at + window)
         .order_by(Rating.created_at.desc()).limit(1))
    row = session.execute(q).first()
    return RatingSummary(*row) if row else None


def _validate(session: Session, config: Config, rater_id: int, supplier_id: int, score: int,
              reason_codes: Sequence[str], comment: str | None, at: dt.datetime,
              drop_bad_reasons: bool = False,
              ) -> tuple[RatingOutcome | None, Employee | None, Employee | None, list[int]]:
    if rater_id == supplier_id:
        return _refused("self"), None, None, []
    people = {e.id: e for e in session.execute(
        select(Employee).where(Employee.id.in_((rater_id, supplier_id)))).scalars()}
    rater, supplier = people.get(rater_id), people.get(supplier_id)
    if rater is None or supplier is None:
        missing = rater_id if rater is None else supplier_id
        return _refused("unknown_person", employee_id=missing), rater, supplier, []
    names = {"supplier_name": supplier.full_name, "supplier_name_en": supplier.full_name_en}
    if not rater.active:
        return _refused("inactive_rater", **names), rater, supplier, []
    if not supplier.active:
        return _refused("inactive_supplier", **names), rater, supplier, []
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        return _refused("bad_score", score=score), rater, supplier, []
    tag_ids, unknown, not_offered = sort_reason_codes(
        session, list(dict.fromkeys(reason_codes)), rater_segment_id=rater.segment_id,
        score=score)
    if (unknown or not_offered) and drop_bad_reasons:
        # The kiosk offered them when the client tapped; a tag retired or a person moved to
        # another segment since must not cost the client their rating.
        log.info("rating by %s: reason tags %s dropped (not offered for score %s)",
                 rater_id, [*unknown, *not_offered], score)
    elif unknown:
        return _refused("unknown_reason", codes=unknown), rater, supplier, []
    elif not_offered:
        return _refused("reason_not_offered", codes=not_offered, score=score,
                        polarity=reason_polarity(score)), rater, supplier, []
    limit = config.rating.comment_max_length
    if comment is not None and len(comment) > limit:
        return _refused("comment_too_long", max_length=limit, length=len(comment)), rater, \
            supplier, []
    hit = _cooldown_hit(session, config, rater_id, supplier_id, at)
    if hit is not None:
        next_at = hit.created_at + dt.timedelta(hours=config.rating.cooldown_hours)
        return _refused("cooldown", last_at=hit.created_at, next_at=next_at,
                        cooldown_hours=config.rating.cooldown_hours, **names), \
            rater, supplier, []
    return None, rater, supplier, tag_ids


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
    the score's polarity (``reason_offered``), as the kiosk shows them; otherwise the rating
    is refused (``unknown_reason`` / ``reason_not_offered``), or with ``drop_bad_reasons``
    (a kiosk's tap, which only offered valid chips when it was made) stored without them.
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
                  comment=comment or None, kiosk_id=kiosk_id, created_at=at, day=day,
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
