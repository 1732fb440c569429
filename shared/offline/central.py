"""Server side of the sync: apply a batch of kiosk outbox items in one central transaction.

Ratings are inserted with ``INSERT ... ON CONFLICT (uuid) DO NOTHING``, so a resend
after an ambiguous failure (the commit went through, the answer was lost) is
harmless, and the rollups are updated in the same transaction.

The cooldown conflict rule (docs/offline.md): for one client->supplier pair, the
ratings are taken in order of ``(created_at, uuid)``; a rating counts (``ok``)
unless it falls within the cooldown after the last *counting* rating of the pair;
otherwise it is kept with status ``cooldown_conflict`` (the rollups ignore it).
The result depends only on the ratings, not on the order in which kiosks sync:
a late-arriving earlier rating can demote a rating that counted, and the rollups
are corrected in the same transaction. Concurrent batches touching the same pair
are serialised by a per-pair advisory lock on PostgreSQL (SQLite has one writer).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Integer,
    String,
    Uuid,
    bindparam,
    cast,
    func,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.arrays import pg_array
from shared.db.base import utcnow
from shared.db.models import Employee, Rating, RatingReason, ReasonTag
from shared.domain.rating_rules import (
    RatingFacts,
    SettleRow,
    TagFacts,
    check_rating,
    clean_comment,
    settle_pair,
)
from shared.domain.rollups import (
    RatingFact,
    apply_stored,
    database_keeps_rollups,
    retract_ratings,
)
from shared.offline.store import OutboxItem
from shared.plurals import counted

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ApplyContext:
    """What the server-side handlers need: the configuration and the moment of the sync."""

    config: Config
    now: dt.datetime

    @property
    def tz(self) -> ZoneInfo:
        return self.config.tz

    @property
    def cooldown(self) -> dt.timedelta:
        return dt.timedelta(hours=self.config.rating.cooldown_hours)


Handler = Callable[[Session, Sequence[OutboxItem], ApplyContext], dict[uuid.UUID, str]]


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


# --- ratings -------------------------------------------------------------------

def _lock_pairs(session: Session, pairs: Iterable[tuple[int, int]]) -> None:
    """Serialise batches touching the same pairs (PostgreSQL; SQLite has a single writer)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    ordered = sorted(set(pairs))
    # One statement; volatile functions in the select list run after the sort, so every
    # transaction takes its locks in the same order (no deadlock between kiosks).
    session.execute(text("SELECT pg_advisory_xact_lock(a, b) FROM unnest("
                         "CAST(:a AS integer[]), CAST(:b AS integer[])) AS t(a, b) ORDER BY a, b"),
                    {"a": pg_array([p[0] for p in ordered]),
                     "b": pg_array([p[1] for p in ordered])})


def apply_rating_batch(session: Session, items: Sequence[OutboxItem],
                       ctx: ApplyContext) -> dict[uuid.UUID, str]:
    """Store a batch of offline ratings: the rules of ``record_rating``, a handful of statements.

    ``shared.domain.ratings.record_rating`` is the one-rating path (about eight statements
    per rating, so ~10 ratings/s on a loaded server); a kiosk back from a day offline sends
    hundreds, so the batch is validated with the same rules and refusal codes, inserted with
    one ``ON CONFLICT (uuid) DO NOTHING`` statement, and the rollups are updated once.
    ``tests/test_offline_sync.py`` checks that both paths store the same rows and rollups.
    The cooldown settlement decides, under the pairs' locks and before the insert, which of
    the new ratings count and which stored ones change status, so each new rating is
    written once with its status and the rollups take one statement per table.

    Returns each item's status: 'ok', 'cooldown_conflict' or 'rejected:<reason>'.
    """
    from shared.domain.periods import local_day
    result: dict[uuid.UUID, str] = {}
    if not items:
        return result
    ids = {i.payload["rater_id"] for i in items} | {i.payload["supplier_id"] for i in items}
    people = {row.id: row for row in session.execute(
        select(Employee.id, Employee.department_id, Employee.active, Employee.segment_id)
        .where(_among(session, Employee.id, ids))).all()}
    tags = {code: TagFacts(tag_id, seg, pol) for code, tag_id, seg, pol in session.execute(
        select(ReasonTag.code, ReasonTag.id, ReasonTag.segment_id, ReasonTag.polarity)
        .where(ReasonTag.active.is_(True)))}
    limit, cooldown, tz, now = ctx.config.rating.comment_max_length, ctx.cooldown, ctx.tz, ctx.now
    rows: list[dict[str, Any]] = []
    for item in items:
        p = item.payload
        rater, supplier = people.get(p["rater_id"]), people.get(p["supplier_id"])
        # The cooldown is settled for the whole batch below (counted_nearby None).
        verdict = check_rating(RatingFacts(
            rater_id=p["rater_id"], supplier_id=p["supplier_id"], rater=rater, supplier=supplier,
            score=p.get("score"), reason_codes=p.get("reason_codes") or (),
            comment=p.get("comment"), comment_max_length=limit, tags=tags, at=item.created_at,
            cooldown=cooldown, drop_bad_reasons=True))
        if verdict.refusal is not None:
            result[item.uuid] = f"rejected:{verdict.refusal.value}"
            continue
        assert rater is not None and supplier is not None
        if verdict.dropped:
            # A tag retired, or the client moved to another segment, since the tap: that must
            # not cost the client their rating (record_rating's drop_bad_reasons).
            log.info("rating %s: reason tags %s no longer offered for score %s, dropped",
                     item.uuid, list(verdict.dropped), p.get("score"))
        created = item.created_at.astimezone(dt.UTC)
        rows.append(dict(uuid=item.uuid, rater_id=rater.id, supplier_id=supplier.id,
                         rater_department_id=rater.department_id,
                         supplier_department_id=supplier.department_id, score=p["score"],
                         comment=clean_comment(p.get("comment")), kiosk_id=p.get("kiosk_id"),
                         created_at=created, day=local_day(created, tz), received_at=now,
                         status="ok",  # with a cooldown, the settlement decides
                         tag_ids=verdict.tag_ids))
    if not rows:
        return result
    # The PostgreSQL kiosk role reads no other rater's ratings (migration 0015): there the
    # database settles the cooldown of what this batch inserts (pulse_private.kiosk_settle,
    # the rule of settle_pair written again in SQL; tests/security/test_settle_sql.py holds
    # the two equal) and says each uuid's status.
    settle_in_db = ctx.cooldown > dt.timedelta(0) and database_keeps_rollups(session)
    if settle_in_db:
        _lock_pairs(session, ((r["rater_id"], r["supplier_id"]) for r in rows))
        fresh = list({r["uuid"]: r for r in rows}.values())  # stored ones: ON CONFLICT
    elif ctx.cooldown > dt.timedelta(0):
        _lock_pairs(session, ((r["rater_id"], r["supplier_id"]) for r in rows))
        stored = dict(session.execute(select(Rating.uuid, Rating.status).where(
            _among(session, Rating.uuid, [r["uuid"] for r in rows]))).all())
        # Each uuid once, and not one the server has (a resend: its status stands).
        fresh = list({r["uuid"]: r for r in rows if r["uuid"] not in stored}.values())
        if fresh:
            _settle_cooldown(session, fresh, ctx)
        result.update(stored)
    else:
        fresh = rows
    inserted = _insert_ratings(session, fresh) if fresh else {}
    if ctx.cooldown > dt.timedelta(0) and not settle_in_db and len(inserted) != len(fresh):
        # The pair locks make this impossible; if it happens, nothing of the batch is kept
        # and the kiosk sends it again later (then the uuid is found stored).
        raise RuntimeError("ratings of this batch were stored meanwhile by another writer")
    reasons: list[tuple[int, int]] = []
    for r in fresh:
        rid = inserted.get(r["uuid"])
        if rid is not None:
            result[r["uuid"]] = r["status"]
            reasons.extend((rid, t) for t in r["tag_ids"])
    if reasons and session.get_bind().dialect.name == "postgresql":
        session.execute(text("INSERT INTO rating_reasons (rating_id, reason_tag_id) SELECT * "
                             "FROM unnest(CAST(:r AS integer[]), CAST(:t AS integer[]))"),
                        {"r": pg_array([x[0] for x in reasons]),
                         "t": pg_array([x[1] for x in reasons])})
    elif reasons:
        session.execute(_SQLITE_REASONS, {"rows": json.dumps(reasons)})
    if settle_in_db:
        settled: dict[uuid.UUID, str] = dict(session.execute(
            text("SELECT rating_uuid, rating_status FROM pulse_private.kiosk_settle("
                 "CAST(:u AS uuid[]))"), {"u": pg_array([r["uuid"] for r in fresh])}).all())
        kept_new = sum(settled.get(u) != "ok" for u in inserted)
        if kept_new:
            log.info("cooldown conflict at sync: %s kept but not counted (another rating of "
                     "the pair within the cooldown)", counted(kept_new, "new rating"))
        result.update(settled)
        return result
    # Summed by the database from the rows just written (only those with status ok count).
    apply_stored(session, list(inserted.values()))
    if len(result) < len(items):
        resent = [r["uuid"] for r in rows if r["uuid"] not in result]
        if resent:  # stored by an earlier send whose answer was lost: its status stands
            result.update(session.execute(select(Rating.uuid, Rating.status)
                                          .where(_among(session, Rating.uuid, resent))).all())
    return result


_SQLITE_REASONS = text("INSERT INTO rating_reasons (rating_id, reason_tag_id) SELECT "
                       "json_extract(value, '$[0]'), json_extract(value, '$[1]') "
                       "FROM json_each(:rows)")


_RATING_ARRAYS = {"uuid": "uuid", "rater_id": "integer", "supplier_id": "integer",
                  "rater_department_id": "integer", "supplier_department_id": "integer",
                  "score": "integer", "comment": "text", "kiosk_id": "text",
                  "created_at": "timestamptz", "day": "date", "received_at": "timestamptz",
                  "status": "text"}


def _insert_ratings(session: Session, rows: list[dict[str, Any]]) -> dict[uuid.UUID, int]:
    """Insert the batch's ratings (``ON CONFLICT (uuid) DO NOTHING``); the new ones' ids.

    PostgreSQL: one statement whose text is the same for every batch, one array per column (a
    multi-row VALUES of 12 placeholders a row is a new, long text for the driver to split and
    the server to parse every time). SQLite: multi-row VALUES in chunks of a fixed size
    (in-process, no parsing cost to speak of), the values in the form SQLAlchemy stores them
    (UUID as 32 hex digits, times as naive UTC text; SQLAlchemy's executemany cost more client
    time per row than the insert itself)."""
    if session.get_bind().dialect.name == "postgresql":
        cols = list(_RATING_ARRAYS)
        arrays = ", ".join(f"CAST(:{c} AS {t}[])" for c, t in _RATING_ARRAYS.items())
        return dict(session.execute(
            text(f"INSERT INTO ratings ({', '.join(cols)}) SELECT * FROM unnest({arrays}) "
                 "ON CONFLICT (uuid) DO NOTHING RETURNING uuid, id"),
            {c: pg_array([r[c] for r in rows]) for c in cols}).all())
    by_hex: dict[str, uuid.UUID] = {}
    data: list[Any] = []
    received = _sqlite_time(rows[0]["received_at"])
    for r in rows:
        key = r["uuid"].hex
        by_hex[key] = r["uuid"]
        data.extend((key, r["rater_id"], r["supplier_id"], r["rater_department_id"],
                     r["supplier_department_id"], r["score"], r["comment"], r["kiosk_id"],
                     _sqlite_time(r["created_at"]), r["day"].isoformat(), received, r["status"]))
    out: dict[uuid.UUID, int] = {}
    width = len(_RATING_ARRAYS)
    for start in range(0, len(rows), _SQLITE_CHUNK):
        part = data[start * width:(start + _SQLITE_CHUNK) * width]
        out.update((by_hex[h], rid) for h, rid in session.connection().exec_driver_sql(
            _sqlite_insert(len(part) // width), tuple(part)))
    return out


# Rows a statement: a multi-row VALUES binds faster than JSON read back by json_extract, and
# fixed-size chunks keep to a few statement texts (the last chunk of a batch may be shorter;
# sqlite3 caches the texts it has prepared).
_SQLITE_CHUNK = 250


@functools.cache
def _sqlite_insert(n: int) -> str:
    one = f"({', '.join('?' * len(_RATING_ARRAYS))})"
    return (f"INSERT INTO ratings ({', '.join(_RATING_ARRAYS)}) VALUES {', '.join([one] * n)} "
            "ON CONFLICT (uuid) DO NOTHING RETURNING uuid, id")


def _sqlite_time(moment: dt.datetime) -> str:
    """A UTC time as SQLAlchemy's SQLite ``DateTime`` stores it (``UTCDateTime``)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _settle_cooldown(session: Session, fresh: list[dict[str, Any]], ctx: ApplyContext) -> None:
    """Decide, before they are inserted, the statuses of the batch's new ratings (``fresh``,
    none of them stored yet: their ``status`` is set) and of the stored ratings of their
    pairs (see the module doc).

    A stored rating whose status changes (a late earlier rating arrived) is updated and moved
    in or out of the rollups here; the new ones go in with their status and are added to the
    rollups by the caller. Set form: one read of every touched pair's ratings (the pairs as
    arrays joined to the ratings, so the statement is the same for any batch), one ``UPDATE``
    per status that changed, one statement per rollup table each way.

    A new rating that comes out ``ok`` is an ordinary rating, not news for the log; a
    conflict is a stored rating changing its status, or a new one kept not counted."""
    cooldown = ctx.cooldown
    window: dict[tuple[int, int], dt.datetime] = {}
    new_of_pair: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, r in enumerate(fresh):  # created_at is UTC already (apply_rating_batch)
        key = (r["rater_id"], r["supplier_id"])
        start = r["created_at"] - cooldown
        if key not in window or start < window[key]:
            window[key] = start
        new_of_pair[key].append(k)
    since = min(window.values()) - cooldown
    pairs = _pairs_table(session, sorted(window))
    found = session.execute(
        select(Rating.id, Rating.uuid, Rating.created_at, Rating.status, Rating.rater_id,
               Rating.supplier_id)
        .join(pairs, (Rating.rater_id == pairs.c.a) & (Rating.supplier_id == pairs.c.b))
        .where(Rating.created_at >= since)).all()
    stored_of_pair: dict[tuple[int, int], list[SettleRow]] = defaultdict(list)
    for rid, ruuid, created, status, rater_id, supplier_id in found:
        stored_of_pair[(rater_id, supplier_id)].append(SettleRow(rid, ruuid, created, status))
    demoted: list[int] = []
    promoted: list[int] = []
    changed_old = kept_new = 0
    for key, ks in new_of_pair.items():
        pair_rows = stored_of_pair.get(key)
        if pair_rows is None and len(ks) == 1:
            # Alone: nothing of the pair within the cooldown either way (settle_pair's "ok").
            fresh[ks[0]]["status"] = "ok"
            continue
        pair_rows = pair_rows or []
        # New ratings take negative ids until they are inserted (settle_pair keys by id).
        pair_rows += [SettleRow(-1 - k, fresh[k]["uuid"], fresh[k]["created_at"], "new")
                      for k in ks]
        pair_rows.sort(key=lambda r: (r.created_at, r.uuid))
        # Rows before the window (start - cooldown) keep their status: no new rating precedes
        # them closely enough to change it.
        decided = settle_pair([r for r in pair_rows if r.created_at >= window[key]
                               - cooldown], window[key], cooldown)
        for row in pair_rows:
            want = decided.get(row.id, row.status)
            if row.id < 0:
                kept_new += want != "ok"
                fresh[-1 - row.id]["status"] = want
            elif want != row.status:
                changed_old += 1
                (promoted if want == "ok" else demoted).append(row.id)
    plain = {"synchronize_session": False}  # no ORM objects of these ratings are loaded
    if demoted:
        session.execute(update(Rating).where(_among(session, Rating.id, demoted))
                        .values(status="cooldown_conflict").execution_options(**plain))
    if promoted:
        session.execute(update(Rating).where(_among(session, Rating.id, promoted))
                        .values(status="ok").execution_options(**plain))
    if kept_new:
        log.info("cooldown conflict at sync: %s kept but not counted (another rating of the "
                 "pair within the cooldown)", counted(kept_new, "new rating"))
    if changed_old:
        log.info("cooldown conflict at sync: %s changed status (a rating of the pair arrived "
                 "late)", counted(changed_old, "earlier rating"))
    if promoted:
        apply_stored(session, promoted)
    if demoted:
        retract_ratings(session, _facts(session, demoted))


def _among(session: Session, column: Any, values: Iterable[Any]) -> Any:
    """``column IN values`` by a statement whose text does not depend on how many values:
    one array parameter (PostgreSQL ``= ANY``) or one JSON text (SQLite ``json_each``).
    An IN-list of a new length is a new statement for the server to parse every batch."""
    values = list(values)
    if session.get_bind().dialect.name == "postgresql":
        # A semi-join with the unnested array, not ``column = ANY(array)``: a parameter array
        # is searched element by element for every row a scan reads (the planner hashes
        # only a constant array), and the people of a batch were read so: a sequential scan
        # of employees (2,000 people, a table the planner takes for small), every row
        # against every value, ~23 ms a batch of 2,000 with the driver walking the list.
        # As a join the array is hashed or drives one index lookup a value (~1.5 ms). The
        # values go as one pg_array literal, so the statement's text stays the same.
        array = cast(bindparam(None, pg_array(values), type_=String),
                     postgresql.ARRAY(column.type))
        return column.in_(select(func.unnest(array)))
    if isinstance(column.type, Uuid):
        values = [v.hex for v in values]  # how SQLAlchemy stores a UUID on SQLite
    return column.in_(select(literal_column("value")).select_from(
        func.json_each(bindparam(None, json.dumps(values), type_=String))))


def _pairs_table(session: Session, pairs: list[tuple[int, int]]) -> Any:
    """The (rater, supplier) pairs as a table ``p(a, b)`` of one parameter per column."""
    if session.get_bind().dialect.name == "postgresql":
        arrays = [cast(bindparam(None, pg_array([p[i] for p in pairs]), type_=String),
                       postgresql.ARRAY(Integer)) for i in (0, 1)]
        return func.unnest(*arrays).table_valued("a", "b").render_derived(name="p")
    each = func.json_each(bindparam(None, json.dumps(pairs), type_=String)) \
        .table_valued("value").alias("p")
    return select(func.json_extract(each.c.value, "$[0]").label("a"),
                  func.json_extract(each.c.value, "$[1]").label("b")).subquery("p")


def _facts(session: Session, rating_ids: list[int]) -> list[RatingFact]:
    tags: dict[int, list[int]] = defaultdict(list)
    for rid, tid in session.execute(select(RatingReason.rating_id, RatingReason.reason_tag_id)
                                    .where(_among(session, RatingReason.rating_id, rating_ids))):
        tags[rid].append(tid)
    return [RatingFact(rater, supplier, rater_dep, supplier_dep, score, day,
                       tuple(sorted(tags[rid])))
            for rid, rater, supplier, rater_dep, supplier_dep, score, day in session.execute(
                select(Rating.id, Rating.rater_id, Rating.supplier_id, Rating.rater_department_id,
                       Rating.supplier_department_id, Rating.score, Rating.day)
                .where(_among(session, Rating.id, rating_ids)))]


# --- proposals and disputes: the areas' own functions, one savepoint per item ---------------

def apply_proposal_batch(session: Session, items: Sequence[OutboxItem],
                         ctx: ApplyContext) -> dict[uuid.UUID, str]:
    """File proposals made offline through ``file_proposal`` (idempotent by uuid).

    The right to influence is checked as of the tap's day; a refusal is kept locally.
    """
    from shared.domain.proposals import ProposalRefused, file_proposal
    result: dict[uuid.UUID, str] = {}
    for item in items:
        p = item.payload
        try:
            with session.begin_nested():
                file_proposal(session, ctx.config, client_id=int(p["client_id"]),
                              supplier_id=int(p["supplier_id"]),
                              what_should_change=str(p.get("what_should_change", "")),
                              improves_metric=str(p.get("improves_metric", "")),
                              proposal_uuid=item.uuid, now=item.created_at)
            result[item.uuid] = "ok"
        except ProposalRefused as exc:
            result[item.uuid] = f"rejected:{exc.code}"
            supplier = session.get(Employee, int(p["supplier_id"]))
            _tell_refused(session, item, int(p["client_id"]), ctx.now, {
                "what": "proposal", "code": exc.code, "params": _plain(exc.params),
                "supplier_name": supplier.full_name if supplier else "",
                "supplier_name_en": supplier.full_name_en if supplier else None})
    return result


def apply_dispute_open_batch(session: Session, items: Sequence[OutboxItem],
                             ctx: ApplyContext) -> dict[uuid.UUID, str]:
    """Open disputes filed offline through ``open_dispute`` (idempotent by uuid): opened at
    the tap's time, the respondent's days counted from the sync (when they can see it)."""
    from shared.domain.disputes import DisputeRefusal, open_dispute
    result: dict[uuid.UUID, str] = {}
    for item in items:
        p = item.payload
        try:
            with session.begin_nested():
                open_dispute(session, ctx.config, initiator_id=int(p["initiator_id"]),
                             respondent_id=int(p["respondent_id"]),
                             regulation_id=int(p["regulation_id"]),
                             description=str(p.get("description", "")), now=item.created_at,
                             kiosk_id=p.get("kiosk_id"), dispute_uuid=item.uuid,
                             received_at=ctx.now)
            result[item.uuid] = "ok"
        except DisputeRefusal as exc:
            result[item.uuid] = f"rejected:{exc.code}"
            _tell_refused(session, item, int(p["initiator_id"]), ctx.now, {
                "what": "dispute_open", "code": exc.code, "params": _plain(exc.params)})
    return result


_ACTION_EVENTS = {"accept": "accepted", "reject": "rejected", "verdict": "verdict"}


def apply_dispute_action_batch(session: Session, items: Sequence[OutboxItem],
                               ctx: ApplyContext) -> dict[uuid.UUID, str]:
    """Answers and verdicts given offline: accept / reject / verdict, as of the tap's time
    (the deadline and the logged events); their points go to the month of the sync, so a
    month already summed up and reported stays as it was.

    Idempotent: an action whose event (same dispute, actor and kind) is already logged was
    applied by an earlier send whose answer got lost, and counts as done.
    """
    from shared.db.models import Dispute, DisputeEvent
    from shared.domain.disputes import (
        DisputeRefusal,
        accept_dispute,
        give_verdict,
        reject_dispute,
    )
    result: dict[uuid.UUID, str] = {}
    for item in items:
        p = item.payload
        action, actor_id = str(p.get("action")), int(p["actor_id"])
        dispute_id = p.get("dispute_id")
        if dispute_id is None and p.get("dispute_uuid"):
            dispute_id = session.scalar(select(Dispute.id).where(
                Dispute.uuid == uuid.UUID(str(p["dispute_uuid"]))))
        if action not in _ACTION_EVENTS or dispute_id is None:
            result[item.uuid] = "rejected:bad_action" if dispute_id else "rejected:not_found"
            continue
        done = session.scalar(select(DisputeEvent.id).where(
            DisputeEvent.dispute_id == dispute_id, DisputeEvent.actor_id == actor_id,
            DisputeEvent.kind == _ACTION_EVENTS[action]).limit(1))
        if done is not None:
            result[item.uuid] = "ok"
            continue
        try:
            with session.begin_nested():
                if action == "accept":
                    accept_dispute(session, ctx.config, dispute_id=dispute_id, actor_id=actor_id,
                                   now=item.created_at, received_at=ctx.now)
                elif action == "reject":
                    reject_dispute(session, ctx.config, dispute_id=dispute_id, actor_id=actor_id,
                                   reason=str(p.get("reason", "")), now=item.created_at)
                else:
                    give_verdict(session, ctx.config, dispute_id=dispute_id, actor_id=actor_id,
                                 verdict=str(p.get("verdict", "")), note=str(p.get("note", "")),
                                 now=item.created_at, received_at=ctx.now)
            result[item.uuid] = "ok"
        except DisputeRefusal as exc:
            result[item.uuid] = f"rejected:{exc.code}"
            _tell_refused(session, item, actor_id, ctx.now, {
                "what": "dispute_action", "action": action, "dispute_id": dispute_id,
                "code": exc.code, "params": _plain(exc.params)})
    return result


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    """Refusal parameters as JSON values (a nudge's params are stored as JSON)."""
    return {k: v if isinstance(v, (int, float, str, bool)) or v is None else str(v)
            for k, v in params.items()}


def _tell_refused(session: Session, item: OutboxItem, employee_id: int, now: dt.datetime,
                  params: dict[str, Any]) -> None:
    """The person who acted on an offline kiosk was told "saved, sent when back online": a
    refusal at sync is theirs to know (an ``offline_refused`` nudge, once per item)."""
    from shared.domain.nudge_store import OFFLINE_REFUSED, NewNudge, add_nudges
    if session.get(Employee, employee_id) is None:
        return  # nobody to tell (the refusal is about an unknown person)
    add_nudges(session, [NewNudge(employee_id, OFFLINE_REFUSED, params,
                                  f"offline_refused:{item.uuid}")], now)


def apply_pin_attempt_batch(session: Session, items: Sequence[OutboxItem],
                            ctx: ApplyContext) -> dict[uuid.UUID, str]:
    """PIN attempts made offline: into the server's lockout state and the audit log.

    See ``shared.domain.pin_lockout.apply_offline_attempts`` (idempotent by the item's uuid).
    Every status is a success for the outbox (``ok``), except an unknown person.
    """
    from shared.domain.pin_lockout import OfflineAttempt, apply_offline_attempts
    attempts = [OfflineAttempt(item.uuid, int(item.payload["employee_id"]),
                               bool(item.payload["correct"]), item.created_at,
                               item.payload.get("kiosk_id")) for item in items]
    outcomes = apply_offline_attempts(session, attempts, now=ctx.now,
                                      max_attempts=ctx.config.kiosk.pin_max_attempts,
                                      lockout_minutes=ctx.config.kiosk.pin_lockout_minutes)
    return {u: "rejected:unknown_person" if o == "unknown_person" else "ok"
            for u, o in outcomes.items()}


HANDLERS: dict[str, Handler] = {
    "pin_attempt": apply_pin_attempt_batch,
    "rating": apply_rating_batch,
    "proposal": apply_proposal_batch,
    "dispute_open": apply_dispute_open_batch,
    "dispute_action": apply_dispute_action_batch,
}


REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "rating": ("rater_id", "supplier_id", "score"),
    "proposal": ("client_id", "supplier_id"),
    "dispute_open": ("initiator_id", "respondent_id", "regulation_id"),
    "dispute_action": ("actor_id", "action"),
    "pin_attempt": ("employee_id", "correct"),
}


def register_handler(kind: str, handler: Handler) -> None:
    """Let another area (e.g. disputes) apply its outbox kind; idempotent by item uuid."""
    HANDLERS[kind] = handler


def apply_batch(session: Session, items: Sequence[OutboxItem],
                ctx: ApplyContext) -> dict[uuid.UUID, str]:
    """Apply items of every kind that has a handler; items without one are left out."""
    by_kind: dict[str, list[OutboxItem]] = defaultdict(list)
    result: dict[uuid.UUID, str] = {}
    for item in items:
        missing = [k for k in REQUIRED_KEYS.get(item.kind, ()) if item.payload.get(k) is None]
        if missing:  # a malformed item must not block the queue behind it
            log.warning("outbox item %s (%s) lacks %s: refused", item.uuid, item.kind, missing)
            result[item.uuid] = "rejected:bad_payload"
        else:
            by_kind[item.kind].append(item)
    for kind, group in by_kind.items():
        handler = HANDLERS.get(kind)
        if handler is None:
            log.warning("no server handler for outbox kind %r: %s stay queued",
                        kind, counted(len(group), "item"))
            continue
        result.update(handler(session, group, ctx))
    return result


# --- the kiosk's clock against the server's ------------------------------------

# Within this, a kiosk's clock is taken as right (NTP keeps them far closer).
CLOCK_TOLERANCE = dt.timedelta(minutes=2)


def database_now(session: Session) -> dt.datetime:
    """The central database's clock: PostgreSQL's, or this machine's for SQLite (the central
    SQLite file is on this machine: network shares are refused)."""
    if session.get_bind().dialect.name == "postgresql":
        now = session.execute(text("SELECT statement_timestamp()")).scalar_one()
        return now.astimezone(dt.UTC)
    return utcnow()


def on_server_time(items: Sequence[OutboxItem], *, kiosk_now: dt.datetime,
                   server_now: dt.datetime) -> tuple[list[OutboxItem], dt.timedelta]:
    """Tap times of the kiosk's clock, put on the server's clock; returns them and the skew.

    Every item carries the time of the kiosk's clock at the tap. A kiosk whose clock is off
    (a dead RTC battery, no NTP on the plant network, local time taken for UTC) would file
    its ratings on the wrong day, month or year, outside every metric, and they would not
    meet the cooldown of the same pair's ratings from other kiosks (counted twice). The
    skew measured now (kiosk clock minus the server's, ignored within ``CLOCK_TOLERANCE``)
    is taken out of every item (the clock was most likely as wrong when it was tapped);
    what would still be later than now by more than the tolerance (the clock was put right
    since) is taken as tapped now: nothing arrives before it happened.
    """
    skew = kiosk_now - server_now
    if abs(skew) <= CLOCK_TOLERANCE:
        skew = dt.timedelta(0)
    out: list[OutboxItem] = []
    for item in items:
        at = item.created_at - skew
        if at > server_now + CLOCK_TOLERANCE:
            at = server_now
        out.append(item if at == item.created_at else replace(item, created_at=at))
    return out, skew


def context(config: Config, now: dt.datetime | None = None) -> ApplyContext:
    return ApplyContext(config=config, now=now or utcnow())


def count_ratings(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Rating)) or 0)
