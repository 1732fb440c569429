"""The rating rules, once: a pure function over plain facts (no database, no Qt).

Three paths let a rating in, and each reads its facts its own way, then asks ``check_rating``:

- the central one, ``shared.domain.ratings.record_rating`` (the kiosk online, the CLI);
- the batch one, ``shared.offline.central.apply_rating_batch`` (``pulse sync``: the outbox
  drained into the central database);
- the kiosk's local store, ``shared.offline.store.LocalStore.enqueue_rating`` (the outbox
  commit, from the directory snapshot and the kiosk's own earlier ratings).

The refusal codes are one vocabulary, ``Refusal``; the views word them (the kiosk's card:
``kiosk.texts.refusal_sentence``; the CLI; the ``offline_refused`` nudge).

The order of the checks is the rule's: who (``self``, ``unknown_person``, ``inactive_rater``,
``inactive_supplier``), then what (``bad_score``, the reason tags, ``comment_too_long``), then
when (``cooldown``). The cooldown is the one rule the batch path settles in set form instead
(a rating accepted offline inside the cooldown is kept with status ``cooldown_conflict``, not
refused: ``settle_pair``); it gives no ``counted_nearby`` and the check skips that rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

__all__ = ["Refusal", "RaterFacts", "TagFacts", "RatingFacts", "Verdict", "check_rating",
           "clean_comment", "reason_polarity", "reason_offered", "within_cooldown",
           "SettleRow", "settle_pair"]


class Refusal(StrEnum):
    """Why a rating is not taken: the one vocabulary of the three paths and the views."""

    SELF = "self"
    UNKNOWN_PERSON = "unknown_person"
    INACTIVE_RATER = "inactive_rater"
    INACTIVE_SUPPLIER = "inactive_supplier"
    BAD_SCORE = "bad_score"
    UNKNOWN_REASON = "unknown_reason"
    REASON_NOT_OFFERED = "reason_not_offered"
    COMMENT_TOO_LONG = "comment_too_long"
    COOLDOWN = "cooldown"


class RaterFacts(Protocol):
    """What the rules need of a person (a central row or a snapshot person both have it)."""

    @property
    def active(self) -> bool: ...

    @property
    def segment_id(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class TagFacts:
    """An active reason tag, as the rules see it."""

    id: int
    segment_id: int | None
    polarity: str


@dataclass(slots=True)  # not frozen: built once per rating of a drain, a frozen init costs more
class RatingFacts:
    """Everything the rules decide on, read by the path beforehand.

    ``rater`` / ``supplier``: None when the directory does not know the person.
    ``tags``: the active reason tags by code (at least those named in ``reason_codes``).
    ``counted_nearby``: when the pair's counted ratings near ``at`` were given (any within the
    cooldown either side will do; None: the path settles the cooldown itself).
    ``drop_bad_reasons``: tags no longer offered are dropped, not refused (a kiosk's tap,
    which only offered valid chips when it was made).
    """

    rater_id: int
    supplier_id: int
    rater: RaterFacts | None
    supplier: RaterFacts | None
    score: object
    reason_codes: Sequence[str]
    comment: str | None
    comment_max_length: int
    tags: Mapping[str, TagFacts]
    at: dt.datetime
    cooldown: dt.timedelta
    counted_nearby: Iterable[dt.datetime] | None = None
    drop_bad_reasons: bool = False


@dataclass(slots=True)
class Verdict:
    """``refusal`` None: allowed, with ``tag_ids`` to store (``dropped``: codes left out)."""

    refusal: Refusal | None = None
    params: dict[str, Any] = field(default_factory=dict)
    tag_ids: tuple[int, ...] = ()
    dropped: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.refusal is None


def clean_comment(comment: str | None) -> str | None:
    """A comment as it is checked and stored: trimmed; an empty one is none."""
    return (comment or "").strip() or None


def reason_polarity(score: int) -> str:
    """Which chips a score brings up on the kiosk: "must improve" for 1-3, praise for 4-5."""
    return "negative" if score <= 3 else "positive"


def reason_offered(tag_segment_id: int | None, tag_polarity: str, *,
                   rater_segment_id: int | None, score: int) -> bool:
    """Whether the kiosk offers an (active) tag to this rater after this score: the rater's
    segment's and the company-wide tags (no segment), of the score's polarity."""
    return (tag_segment_id is None or tag_segment_id == rater_segment_id) \
        and tag_polarity == reason_polarity(score)


def within_cooldown(earlier: dt.datetime, later: dt.datetime, cooldown: dt.timedelta) -> bool:
    """Two ratings of a pair this close: the later does not count. Exactly ``cooldown``
    apart is allowed again."""
    return abs(later - earlier) < cooldown


def _refused(refusal: Refusal, **params: Any) -> Verdict:
    return Verdict(refusal, params)


def check_rating(f: RatingFacts) -> Verdict:
    """The rules of a rating over its facts; see the module doc for the order."""
    if f.rater_id == f.supplier_id:
        return _refused(Refusal.SELF)
    rater, supplier = f.rater, f.supplier
    if rater is None or supplier is None:
        return _refused(Refusal.UNKNOWN_PERSON,
                        employee_id=f.rater_id if rater is None else f.supplier_id)
    if not rater.active:
        return _refused(Refusal.INACTIVE_RATER)
    if not supplier.active:
        return _refused(Refusal.INACTIVE_SUPPLIER)
    score = f.score
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        return _refused(Refusal.BAD_SCORE, score=score)
    if not f.reason_codes:
        return _rest(f, (), ())
    tag_ids: list[int] = []
    unknown: list[str] = []
    not_offered: list[str] = []
    for code in dict.fromkeys(f.reason_codes):
        tag = f.tags.get(code)
        if tag is None:
            unknown.append(code)
        elif reason_offered(tag.segment_id, tag.polarity, rater_segment_id=rater.segment_id,
                            score=score):
            tag_ids.append(tag.id)
        else:
            not_offered.append(code)
    if not f.drop_bad_reasons:
        if unknown:
            return _refused(Refusal.UNKNOWN_REASON, codes=unknown)
        if not_offered:
            return _refused(Refusal.REASON_NOT_OFFERED, codes=not_offered, score=score,
                            polarity=reason_polarity(score))
    return _rest(f, tuple(tag_ids), (*unknown, *not_offered))


def _rest(f: RatingFacts, tag_ids: tuple[int, ...], dropped: tuple[str, ...]) -> Verdict:
    """The comment and the cooldown, after the tags."""
    comment = clean_comment(f.comment)
    if comment is not None and len(comment) > f.comment_max_length:
        return _refused(Refusal.COMMENT_TOO_LONG, max_length=f.comment_max_length,
                        length=len(comment))
    if f.counted_nearby is not None and f.cooldown > dt.timedelta(0):
        hits = [t for t in f.counted_nearby if within_cooldown(t, f.at, f.cooldown)]
        if hits:
            last = max(hits)
            return _refused(Refusal.COOLDOWN, last_at=last, next_at=last + f.cooldown)
    return Verdict(tag_ids=tag_ids, dropped=dropped)


# --- the cooldown settled over a pair's ratings (the batch path) -----------------------------

@dataclass(slots=True)
class SettleRow:
    """One rating of a pair for ``settle_pair``: ``status`` 'ok', 'cooldown_conflict' (stored)
    or anything else for a new one."""

    id: int
    uuid: Any
    created_at: dt.datetime
    status: str


def settle_pair(rows: Sequence[SettleRow], window_start: dt.datetime,
                cooldown: dt.timedelta) -> dict[int, str]:
    """Statuses of a pair's ratings from ``window_start`` on (rows sorted by created_at, uuid).

    The order-independent form of the cooldown rule: taken in time order, a rating counts
    (``ok``) unless it is within the cooldown after the last counting one, else it is kept as
    ``cooldown_conflict``. Rows before ``window_start`` keep their status and only provide
    the last counting one.
    """
    # Written a second time in SQL, for the PostgreSQL kiosk role that may not read the pair's
    # other ratings: pulse_private.kiosk_settle (migration 0015_kiosk_personal_reads).
    # tests/security/test_settle_sql.py holds the two equal; change both or neither.
    last_ok: dt.datetime | None = None
    out: dict[int, str] = {}
    for row in rows:
        if row.created_at < window_start:
            if row.status == "ok":
                last_ok = row.created_at
            continue
        if last_ok is not None and within_cooldown(last_ok, row.created_at, cooldown):
            out[row.id] = "cooldown_conflict"
        else:
            out[row.id] = "ok"
            last_ok = row.created_at
    return out
