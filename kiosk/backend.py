"""Everything the kiosk asks of the database, as one class of plain methods (no Qt).

Each method is one unit of work and returns plain dataclasses, never ORM objects,
so the screens can hold the result after the session is gone. The window calls
these methods only through the one database worker (``kiosk.worker``). The kiosk is
offline-first: each method asks the server and, when it does not answer, the kiosk's
local snapshot and outbox (``kiosk.offline``), with the same names and the same results.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid as uuid_mod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

import kiosk
from kiosk.clock import Clock
from kiosk.offline import SnapshotAnswers
from shared.config import Config
from shared.db import Database, DatabaseError
from shared.db.models import (
    Employee,
    Rating,
    ReasonTag,
)
from shared.domain import pin_lockout
from shared.domain.home import home_figures
from shared.domain.metrics import EmployeeMetrics, Streak, streak_and_week
from shared.domain.nudge_store import NudgeView, mark_nudges_seen
from shared.domain.periods import local_today
from shared.domain.public import Mood, company_mood
from shared.domain.ratings import RatingOutcome, check_rating_allowed
from shared.domain.suppliers import (
    DepartmentNode,
    SupplierCard,
    departments_tree,
    own_suppliers,
    search_suppliers,
    suppliers_in_department,
)
from shared.domain.tiers import SupplierTier, stored_supplier_tier
from shared.domain.web_sign_in import SignInRefused, issue_link, link_url
from shared.names import first_name, person_name
from shared.offline.store import LocalStore
from shared.offline.sync import SyncWorker
from shared.security import badge_hmac, badge_key

log = logging.getLogger(__name__)


def _permission_denied(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) == "42501"  # insufficient_privilege

T = TypeVar("T")

__all__ = ["KioskBackend", "Person", "HomeData", "Supplier", "ReasonChip", "RatingResult",
           "RatingFate", "Mood", "KioskStatus", "LookupResult"]


@dataclass(frozen=True)
class Person:
    """The person at the kiosk."""

    id: int
    personnel_no: str
    full_name: str
    full_name_en: str | None
    role: str
    language: str
    needs_pin: bool
    segment_id: int | None

    def name(self, language: str) -> str:
        return (self.full_name_en or self.full_name) if language == "en" else self.full_name

    def first_name(self, language: str) -> str:
        return first_name(self.name(language), language)


@dataclass(frozen=True)
class LookupResult:
    """``status``: ``ok``, ``unknown`` (no such badge) or ``inactive``."""

    status: str
    person: Person | None = None
    locked_until: dt.datetime | None = None


@dataclass(frozen=True)
class Supplier:
    """A supplier as the picker and the rating card show them."""

    card: SupplierCard
    photo: bytes | None = None

    @property
    def id(self) -> int:
        return self.card.employee_id

    @property
    def personnel_no(self) -> str:
        return self.card.personnel_no

    def name(self, language: str) -> str:
        """The name in ``language``, carrying the directory's gender (``PersonName``): the
        rating card's verbs agree with it and its Russian sentences decline it."""
        return person_name((self.card.full_name_en or self.card.full_name) if language == "en"
                           else self.card.full_name, self.card.gender)

    def department(self, language: str) -> str:
        return (self.card.department_name_en or self.card.department_name) if language == "en" \
            else self.card.department_name


@dataclass(frozen=True)
class ReasonChip:
    code: str
    polarity: str  # negative | positive
    label_ru: str
    label_en: str

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_ru


@dataclass(frozen=True)
class HomeData:
    metrics: EmployeeMetrics
    nudges: list[NudgeView]
    disputes_pending: int
    proposals_pending: int
    streak: Streak
    tier: SupplierTier | None = None  # the person's supplier tier of last month
    answers_to_reply: int = 0  # decisions on their own proposals they may reply to
    # A single-use sign-in link to the person's web page, shown as a QR code (issue 19);
    # None when no web address is configured (web.base_url) or it could not be issued.
    sign_in_url: str | None = None
    sign_in_minutes: int = 0  # how long that link works (web.link_minutes)
    # Metric 2's counted suppliers by name (Russian, English or None), when not every
    # supplier the person rated was counted: the home says which ones were (issue 14).
    counted_names: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class RatingResult:
    """The answer to a face tap: accepted (the thanks screen shows at once) or refused."""

    outcome: RatingOutcome
    streak: Streak | None = None


@dataclass(frozen=True)
class RatingFate:
    """What became of an accepted rating, asked for after the thanks screen is up.

    ``status``: ``counted`` (on the server and counted; ``streak`` is the server's, or None
    if it could not be read), ``pending`` (safe in the outbox, the server did not take it
    yet: offline or a backlog), ``not_counted`` (the server keeps it but does not count it:
    ``reason`` ``cooldown``, ``params`` ``last_at``/``next_at`` of the rating that counts,
    e.g. one given at another kiosk moments before) or ``refused`` (the server refused it
    for good, ``reason`` its code; kept in the outbox as ``rejected`` for the operator).
    """

    status: str
    streak: Streak | None = None
    reason: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class KioskStatus:
    database_ok: bool
    outbox_size: int
    version: str
    kiosk_id: str
    details: dict[str, str] = field(default_factory=dict)
    last_sync_at: dt.datetime | None = None


class KioskBackend:
    """The kiosk's database calls. Thread: the database worker only.

    The kiosk has one mode, offline-first: its ``store`` (the kiosk's ``LocalStore``) is
    required. A rating is always committed to the local outbox (and pushed at once when the
    server is there); lookups come from the server when it answers and from the snapshot
    when it does not.
    After a failed call the server is left alone for ``retry_seconds`` (no tap waits for a
    connect timeout twice in a row). ``offline`` and ``pending`` say how the last call went
    (read by the window after each answer).
    """

    def __init__(self, db: Database, config: Config, clock: Clock, *,
                 store: LocalStore, poke: Callable[[], None] | None = None,
                 retry_seconds: float = 20.0) -> None:
        self.db = db
        self.config = config
        self.clock = clock
        self._secret = config.secret_bytes()
        self.store = store
        self._poke = poke
        self._retry = dt.timedelta(seconds=retry_seconds)
        self._down_until: dt.datetime | None = None
        self._tier_refused = False  # the database role may not read the stored tiers
        self.offline = False
        self.pending = store.outbox_size(people_only=True)
        self._local = SnapshotAnswers(store, config)
        # Pushes the outbox right after a rating, on this worker thread and this kiosk's
        # own connection (the sync thread keeps its own for the periodic passes).
        self._pusher = SyncWorker(store, db, config, clock=clock.now,
                                  server_time=type(clock) is Clock)

    # --- server or snapshot ------------------------------------------------------

    def _either(self, server: Callable[[], T],
                local: Callable[[SnapshotAnswers], T] | None = None) -> T:
        """The server's answer; the snapshot's (``local``) when the server does not answer.

        Without ``local`` an unreachable server raises ``DatabaseError`` at once (the window
        shows "offline").
        """
        now = self.clock.now()
        if self._down_until is None or now >= self._down_until:
            try:
                result = server()
            except (SQLAlchemyError, DatabaseError) as exc:
                log.warning("server unreachable, using the local snapshot: %s",
                            str(getattr(exc, "orig", None) or exc).splitlines()[0]
                            if str(exc) else type(exc).__name__)
                self._down_until = now + self._retry
            else:
                self._down_until = None
                self.offline = False
                self.pending = self.store.outbox_size(people_only=True)
                return result
        self.offline = True
        self.pending = self.store.outbox_size(people_only=True)
        if local is None:
            raise DatabaseError("the server is unreachable (offline)")
        return local(self._local)

    # --- who is there --------------------------------------------------------

    def lookup_badge(self, code: str) -> LookupResult:
        digest = badge_hmac(self._secret, code)
        # The person in front of the kiosk: on PostgreSQL the kiosk role then reads their
        # own ratings and figures, nobody else's (Database.present), also when the server
        # comes back after an offline badge.
        self.db.present(digest)
        return self._either(lambda: self._lookup_badge(digest),
                            (lambda a: a.lookup_badge(digest, self.clock.now())))

    def _lookup_badge(self, digest: str) -> LookupResult:
        # The kiosk role's directory shows badge keys, not HMACs (shared.security.badge_key);
        # other logins the HMACs.
        with self.db.read() as s:
            emp = s.execute(select(Employee).where(
                Employee.badge_hmac.in_((digest, badge_key(digest))))).scalar_one_or_none()
            if emp is None:
                return LookupResult("unknown")
            if not emp.active:
                return LookupResult("inactive")
            person = Person(emp.id, emp.personnel_no, emp.full_name, emp.full_name_en, emp.role,
                            emp.language, emp.role in self.config.kiosk.pin_roles,
                            emp.segment_id)
            until = emp.pin_locked_until
            now = self.clock.now()
            until = until if until and until > now else None
        if person.needs_pin:
            # A lockout from this kiosk's offline time holds until the server knows it too.
            local = self._local.undelivered_lockout(person.id, now)
            if local is not None and (until is None or local > until):
                until = local
        return LookupResult("ok", person, until)

    def check_pin(self, employee_id: int, pin: str) -> pin_lockout.PinCheck:
        now = self.clock.now()
        # Locked while offline on this kiosk and the server has not heard yet.
        local = self._local.undelivered_lockout(employee_id, now)
        if local is not None:
            return pin_lockout.PinCheck(pin_lockout.LOCKED, locked_until=local)

        def server() -> pin_lockout.PinCheck:
            with self.db.write() as s:
                check = pin_lockout.check_pin(
                    s, employee_id=employee_id, pin=pin, now=now,
                    max_attempts=self.config.kiosk.pin_max_attempts,
                    lockout_minutes=self.config.kiosk.pin_lockout_minutes)
            if check.outcome == pin_lockout.OK:
                self.store.clear_pin_state(employee_id)
            return check
        return self._either(server, (lambda a: a.check_pin(employee_id, pin, now)))

    def set_language(self, employee_id: int, language: str) -> str:
        def server() -> str:
            with self.db.write() as s:
                emp = s.get(Employee, employee_id)
                if emp is not None and emp.language != language:
                    emp.language = language
            return language
        # Offline the choice holds for this session only.
        return self._either(server, lambda _a: language)

    # --- home ------------------------------------------------------------------

    def home_data(self, employee_id: int) -> HomeData | None:
        """None when the server is unreachable (the figures live on the server only)."""
        return self._either(lambda: self._home_data(employee_id), lambda _a: None)

    def _home_data(self, employee_id: int) -> HomeData:
        now = self.clock.now()
        today = local_today(self.config.tz, now)
        last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
        with self.db.lookup() as s:  # two statements: see shared.domain.home
            f = home_figures(s, self.config, employee_id, today=today, now=now)
            # The supplier sees their tier (SPEC 5 preferences): the monthly tier export's,
            # as `pulse jobs run` stored it for the closed month.
            tier = self._supplier_tier(s, employee_id, last_month)
            m = f.metrics
            counted: tuple[tuple[str, str | None], ...] = ()
            if 0 < m.suppliers_counted < m.suppliers_rated_settled:
                counted = tuple((name, name_en) for name, name_en in s.execute(
                    select(Employee.full_name, Employee.full_name_en)
                    .where(Employee.id.in_(m.counted_supplier_ids))
                    .order_by(Employee.full_name)).all())
        return HomeData(f.metrics, f.nudges, f.disputes_pending, f.proposals_pending, f.streak,
                        tier, f.answers_to_reply, *self._sign_in_link(employee_id, now),
                        counted_names=counted)

    def _sign_in_link(self, employee_id: int, now: dt.datetime) -> tuple[str | None, int]:
        """A new single-use link to the person's web page and its minutes (``issue_link``:
        valid ``web.link_minutes``, audited), or None: no ``web.base_url``, or it failed
        (the home shows its figures without the code rather than not at all)."""
        if not self.config.web.base_url:
            return None, 0
        try:
            with self.db.write() as s:
                link = issue_link(s, self.config, employee_id=employee_id,
                                  issued_by=f"kiosk:{self.config.kiosk.id}", now=now)
        except SignInRefused:
            return None, 0
        except DBAPIError as exc:
            log.warning("no sign-in code on the home screen: %s", type(exc.orig).__name__)
            return None, 0
        return link_url(self.config, link.token), self.config.web.link_minutes

    def _supplier_tier(self, s: Any, employee_id: int, month: str) -> SupplierTier | None:
        # The tiers are computed from the rollups by client, which the kiosk's PostgreSQL role
        # may not read; it reads them as stored (supplier_tiers, granted to it by `pulse db
        # grant`). A schema upgraded without the grant run again refuses that read: the home
        # goes without the tier rather than without its figures, asked once, said once.
        # (``lookup`` runs each statement on its own, so a refused one spoils nothing.)
        if self._tier_refused:
            return None
        try:
            return stored_supplier_tier(s, self.config, employee_id, month)
        except DBAPIError as exc:
            if not _permission_denied(exc):
                raise
            self._tier_refused = True
            log.warning("supplier tiers not shown on this kiosk: its database role may not "
                        "read the stored tiers (%s; run `pulse db grant` after `pulse db "
                        "upgrade`); said once", type(exc.orig).__name__)
            return None

    def mark_nudges_seen(self, employee_id: int, ids: Sequence[int]) -> int:
        def server() -> int:
            with self.db.write() as s:
                return mark_nudges_seen(s, list(ids), self.clock.now(), employee_id=employee_id)
        return self._either(server)

    # --- suppliers -------------------------------------------------------------

    def _with_photos(self, cards: Sequence[SupplierCard]) -> list[Supplier]:
        wanted = [c.employee_id for c in cards if c.has_photo]
        photos: dict[int, bytes] = {}
        if wanted:
            with self.db.read() as s:
                photos = {i: p for i, p in s.execute(select(Employee.id, Employee.photo)
                                                     .where(Employee.id.in_(wanted))) if p}
        return [Supplier(c, photos.get(c.employee_id)) for c in cards]

    def own_suppliers(self, employee_id: int, limit: int = 24) -> list[Supplier]:
        def server() -> list[Supplier]:
            with self.db.lookup() as s:
                cards = own_suppliers(s, employee_id, limit=limit)
            return self._with_photos(cards)
        return self._either(server, (lambda a: a.own_suppliers(employee_id, limit)))

    def search_suppliers(self, employee_id: int, text: str, limit: int = 24) -> list[Supplier]:
        def server() -> list[Supplier]:
            with self.db.read() as s:
                cards = search_suppliers(s, text, limit=limit, exclude_id=employee_id)
            return self._with_photos(cards)
        return self._either(server, (
            lambda a: a.search_suppliers(employee_id, text, limit)))

    def departments(self) -> list[DepartmentNode]:
        def server() -> list[DepartmentNode]:
            with self.db.read() as s:
                return departments_tree(s)
        return self._either(server, SnapshotAnswers.departments)

    def suppliers_in_department(self, employee_id: int, department_id: int) -> list[Supplier]:
        def server() -> list[Supplier]:
            with self.db.read() as s:
                cards = suppliers_in_department(s, department_id, exclude_id=employee_id)
            return self._with_photos(cards[:60])
        return self._either(server, (
            lambda a: a.suppliers_in_department(employee_id, department_id)))

    # --- rating ------------------------------------------------------------------

    def rating_check(self, rater_id: int, supplier_id: int) -> RatingOutcome:
        """The central rules (they know every kiosk's ratings); the local ones offline."""
        return self._either(lambda: self._rating_check(rater_id, supplier_id),
                            (lambda a: a.rating_check(rater_id, supplier_id)))

    def _rating_check(self, rater_id: int, supplier_id: int) -> RatingOutcome:
        with self.db.read() as s:
            return check_rating_allowed(s, self.config, rater_id=rater_id,
                                        supplier_id=supplier_id, now=self.clock.now())

    def reason_chips(self, rater_id: int) -> list[ReasonChip]:
        """The reason tags of the client's segment, plus the company-wide ones."""
        return self._either(lambda: self._reason_chips(rater_id),
                            (lambda a: a.reason_chips(rater_id)))

    def _reason_chips(self, rater_id: int) -> list[ReasonChip]:
        with self.db.read() as s:
            segment = s.execute(select(Employee.segment_id).where(Employee.id == rater_id)
                                ).scalar_one_or_none()
            scope: ColumnElement[bool] = ReasonTag.segment_id.is_(None)
            if segment is not None:
                scope = or_(scope, ReasonTag.segment_id == segment)
            rows = s.execute(select(ReasonTag).where(ReasonTag.active.is_(True), scope)
                             .order_by(ReasonTag.segment_id.is_(None), ReasonTag.id)).scalars()
            return [ReasonChip(t.code, t.polarity, t.label_ru, t.label_en) for t in rows]

    def record_rating(self, *, rater_id: int, supplier_id: int, score: int,
                      reason_codes: Sequence[str] = (), comment: str | None = None,
                      rating_uuid: uuid_mod.UUID) -> RatingResult:
        """Accept or refuse a face tap: the outbox commit (``synchronous=FULL``) and nothing
        else (the honest moment: on disk, it will sync); the streak comes from ``rating_fate``.

        No second central check here: the card's ``rating_check`` ran when the supplier was
        picked, and the server applies its rules again when the rating is pushed (a cooldown
        from another kiosk in between makes it ``cooldown_conflict``: kept, not counted, and
        said on the thanks screen by ``rating_fate``). The push and the streak read follow in
        ``rating_fate``, after the thanks screen is up.
        """
        outcome = self._local.enqueue_rating(
            rater_id=rater_id, supplier_id=supplier_id, score=score,
            reason_codes=list(reason_codes), comment=comment or None,
            rating_uuid=rating_uuid, now=self.clock.now())
        # ``pending`` (the top bar's "N ratings will sync") is left as it was: online the
        # rating is pushed right after the thanks screen's paint, and a sign that flashed up
        # for that moment would be noise; ``rating_fate`` says whether it stayed queued.
        return RatingResult(outcome)

    def rating_fate(self, *, rater_id: int, supplier_id: int,
                    rating_uuid: uuid_mod.UUID) -> RatingFate:
        """After the thanks screen: push the outbox, then the server's word and the streak.

        Online, the outbox is pushed on this thread (a small outbox; a long backlog is left
        to the sync thread, which is poked). Never raises for database trouble: the rating
        is safe in the outbox whatever happens here.
        """
        now = self.clock.now()
        store = self.store
        self.pending = store.outbox_size(people_only=True)
        if self.pending and self.pending <= 50 and (self._down_until is None
                                                    or now >= self._down_until):
            try:
                self._pusher.push()
            except (SQLAlchemyError, DatabaseError) as exc:
                log.warning("push after a rating failed, the sync thread retries: %s",
                            _one_line(exc))
                self._down_until = now + self._retry
                self.offline = True
            else:
                self._down_until = None
                self.offline = False
        self.pending = store.outbox_size(people_only=True)
        if self.pending and self._poke is not None:
            self._poke()  # the sync thread sends it as soon as the server answers
        state, result = store.outbox_state(rating_uuid)
        if state == "pending" or state is None:
            return RatingFate("pending")
        if state == "rejected":
            reason = (result or "").removeprefix("rejected:")
            log.info("rating %s refused by the server after the thanks screen: %s",
                     rating_uuid, reason)
            return RatingFate("refused", reason=reason)
        if result == "cooldown_conflict":
            params = self._either(
                lambda: self._counting_rating(rater_id, supplier_id, rating_uuid),
                lambda _a: {})
            log.info("rating %s kept but not counted by the server (cooldown conflict with "
                     "a rating from %s)", rating_uuid, params.get("last_at"))
            return RatingFate("not_counted", reason="cooldown", params=params)
        streak = self._either(lambda: self._streak(rater_id, now), lambda _a: None)
        return RatingFate("counted", streak)

    def _counting_rating(self, rater_id: int, supplier_id: int,
                         rating_uuid: uuid_mod.UUID) -> dict[str, Any]:
        """``last_at``/``next_at`` of the pair's counting rating that outranks this one."""
        with self.db.read() as s:
            mine = s.execute(select(Rating.created_at).where(Rating.uuid == rating_uuid)
                             ).scalar_one_or_none()
            if mine is None:
                return {}
            last = s.execute(select(func.max(Rating.created_at)).where(
                Rating.rater_id == rater_id, Rating.supplier_id == supplier_id,
                Rating.status == "ok", Rating.created_at <= mine)).scalar_one_or_none()
        if last is None:
            return {}
        return {"last_at": last,
                "next_at": last + dt.timedelta(hours=self.config.rating.cooldown_hours)}

    def _streak(self, rater_id: int, now: dt.datetime) -> Streak:
        with self.db.read() as s:
            return streak_and_week(s, self.config, rater_id,
                                   today=local_today(self.config.tz, now))

    # --- the start screen and maintenance ------------------------------------

    def company_mood(self) -> Mood:
        """Today's company mood (withheld below k distinct clients, like every public figure)."""
        def server() -> Mood:
            today = local_today(self.config.tz, self.clock.now())
            with self.db.read() as s:
                return company_mood(s, self.config, today)
        return self._either(server)

    def status(self) -> KioskStatus:
        """For the maintenance screen: a fresh ping, the outbox size and the last sync."""
        ok = self.db.ping()
        if ok:
            self._down_until = None
        self.offline = not ok
        self.pending = self.store.outbox_size(people_only=True)
        return KioskStatus(ok, self.pending, kiosk.__version__, self.config.kiosk.id,
                           {"database": self.db.dialect}, self.store.last_sync_at())


def _one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text.strip() else type(exc).__name__
