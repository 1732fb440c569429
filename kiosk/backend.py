"""Everything the kiosk asks of the database, as one class of plain methods (no Qt).

Each method is one unit of work and returns plain dataclasses, never ORM objects,
so the screens can hold the result after the session is gone. The window calls
these methods only through the one database worker (``kiosk.worker``). The offline
mode can wrap or replace this class method by method: the same names, the same
results, served from the local snapshot and outbox.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid as uuid_mod
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, or_, select

import kiosk
from kiosk.clock import Clock
from shared.config import Config
from shared.db import Database
from shared.db.models import (
    Dispute,
    Employee,
    Proposal,
    ReasonTag,
)
from shared.domain import pin_lockout
from shared.domain.metrics import EmployeeMetrics, Streak, employee_metrics, streak_and_week
from shared.domain.nudge_store import NudgeView, mark_nudges_seen, pending_nudges
from shared.domain.periods import local_today
from shared.domain.public import Mood, company_mood
from shared.domain.ratings import RatingOutcome, check_rating_allowed, record_rating
from shared.domain.suppliers import (
    DepartmentNode,
    SupplierCard,
    departments_tree,
    own_suppliers,
    search_suppliers,
    suppliers_in_department,
)
from shared.security import badge_hmac

log = logging.getLogger(__name__)

__all__ = ["KioskBackend", "Person", "HomeData", "Supplier", "ReasonChip", "RatingResult",
           "Mood", "KioskStatus", "LookupResult"]


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
        parts = self.name(language).split()
        if not parts:
            return ""
        # Russian directories write "Surname Name Patronymic"; English ones "Name Surname".
        return parts[1] if language != "en" and len(parts) >= 2 else parts[0]


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
        return (self.card.full_name_en or self.card.full_name) if language == "en" \
            else self.card.full_name

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


@dataclass(frozen=True)
class RatingResult:
    outcome: RatingOutcome
    streak: Streak | None = None


@dataclass(frozen=True)
class KioskStatus:
    database_ok: bool
    outbox_size: int | None
    version: str
    kiosk_id: str
    details: dict[str, str] = field(default_factory=dict)


class KioskBackend:
    """The kiosk's database calls. Thread: the database worker only."""

    def __init__(self, db: Database, config: Config, clock: Clock) -> None:
        self.db = db
        self.config = config
        self.clock = clock
        self._secret = config.secret_bytes()

    # --- who is there --------------------------------------------------------

    def lookup_badge(self, code: str) -> LookupResult:
        digest = badge_hmac(self._secret, code)
        with self.db.read() as s:
            emp = s.execute(select(Employee).where(Employee.badge_hmac == digest)
                            ).scalar_one_or_none()
            if emp is None:
                return LookupResult("unknown")
            if not emp.active:
                return LookupResult("inactive")
            person = Person(emp.id, emp.personnel_no, emp.full_name, emp.full_name_en, emp.role,
                            emp.language, emp.role in self.config.kiosk.pin_roles,
                            emp.segment_id)
            until = emp.pin_locked_until
            now = self.clock.now()
            return LookupResult("ok", person, until if until and until > now else None)

    def check_pin(self, employee_id: int, pin: str) -> pin_lockout.PinCheck:
        with self.db.write() as s:
            return pin_lockout.check_pin(s, employee_id=employee_id, pin=pin, now=self.clock.now(),
                                         max_attempts=self.config.kiosk.pin_max_attempts,
                                         lockout_minutes=self.config.kiosk.pin_lockout_minutes)

    def set_language(self, employee_id: int, language: str) -> str:
        with self.db.write() as s:
            emp = s.get(Employee, employee_id)
            if emp is not None and emp.language != language:
                emp.language = language
        return language

    # --- home ------------------------------------------------------------------

    def home_data(self, employee_id: int) -> HomeData:
        today = local_today(self.config.tz, self.clock.now())
        with self.db.read() as s:
            metrics = employee_metrics(s, self.config, employee_id, today=today)
            streak = streak_and_week(s, self.config, employee_id, today=today)
            nudges = pending_nudges(s, employee_id)
            disputes = s.execute(select(func.count(Dispute.id)).where(or_(
                (Dispute.respondent_id == employee_id) & (Dispute.state == "open"),
                (Dispute.arbiter_id == employee_id) & (Dispute.state == "escalated"),
            ))).scalar_one()
            proposals = s.execute(select(func.count(Proposal.id)).where(
                Proposal.decider_id == employee_id, Proposal.status == "pending")).scalar_one()
        return HomeData(metrics, nudges, disputes, proposals, streak)

    def mark_nudges_seen(self, employee_id: int, ids: Sequence[int]) -> int:
        with self.db.write() as s:
            return mark_nudges_seen(s, list(ids), self.clock.now(), employee_id=employee_id)

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
        with self.db.read() as s:
            cards = own_suppliers(s, employee_id, limit=limit)
        return self._with_photos(cards)

    def search_suppliers(self, employee_id: int, text: str, limit: int = 24) -> list[Supplier]:
        with self.db.read() as s:
            cards = search_suppliers(s, text, limit=limit, exclude_id=employee_id)
        return self._with_photos(cards)

    def departments(self) -> list[DepartmentNode]:
        with self.db.read() as s:
            return departments_tree(s)

    def suppliers_in_department(self, employee_id: int, department_id: int) -> list[Supplier]:
        with self.db.read() as s:
            cards = suppliers_in_department(s, department_id, exclude_id=employee_id)
        return self._with_photos(cards[:60])

    # --- rating ------------------------------------------------------------------

    def rating_check(self, rater_id: int, supplier_id: int) -> RatingOutcome:
        with self.db.read() as s:
            return check_rating_allowed(s, self.config, rater_id=rater_id,
                                        supplier_id=supplier_id, now=self.clock.now())

    def reason_chips(self, rater_id: int) -> list[ReasonChip]:
        """The reason tags of the client's segment, plus the company-wide ones."""
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
        now = self.clock.now()
        with self.db.write() as s:
            outcome = record_rating(s, self.config, rater_id=rater_id, supplier_id=supplier_id,
                                    score=score, reason_codes=list(reason_codes),
                                    comment=comment or None, kiosk_id=self.config.kiosk.id,
                                    rating_uuid=rating_uuid, created_at=now)
            if not outcome.ok:
                return RatingResult(outcome)
            # In the same unit of work: the rollups already count this rating.
            streak = streak_and_week(s, self.config, rater_id,
                                     today=local_today(self.config.tz, now))
        return RatingResult(outcome, streak)

    # --- the start screen and maintenance ------------------------------------

    def company_mood(self) -> Mood:
        """Today's company mood (withheld below k distinct clients, like every public figure)."""
        today = local_today(self.config.tz, self.clock.now())
        with self.db.read() as s:
            return company_mood(s, self.config, today)

    def status(self) -> KioskStatus:
        return KioskStatus(self.db.ping(), None, kiosk.__version__, self.config.kiosk.id,
                           {"database": self.db.dialect})
