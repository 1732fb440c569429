"""The kiosk's answers from the local snapshot and outbox, for when the server is unreachable.

Same results as ``kiosk.backend.KioskBackend`` gives from the server (people, suppliers,
departments, chips, rating outcomes), built from ``shared.offline.store.LocalStore``. No Qt.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid as uuid_mod
from collections.abc import Sequence
from typing import TYPE_CHECKING

from shared.config import Config
from shared.domain import pin_lockout
from shared.domain.rating_rules import Refusal
from shared.domain.ratings import RatingOutcome
from shared.domain.suppliers import DepartmentNode, SupplierCard, fold_name
from shared.offline.store import LocalOutcome, LocalStore
from shared.offline.store import Person as SnapshotPerson
from shared.security import verify_offline_pin

if TYPE_CHECKING:
    from kiosk.backend import LookupResult, Person, ReasonChip, Supplier

log = logging.getLogger(__name__)

class SnapshotAnswers:
    """Answers from the snapshot. Thread: the kiosk's database worker only."""

    def __init__(self, store: LocalStore, config: Config) -> None:
        self.store = store
        self.config = config

    # --- who is there -----------------------------------------------------------

    def person(self, p: SnapshotPerson) -> Person:
        from kiosk.backend import Person
        return Person(p.id, p.personnel_no, p.full_name, p.full_name_en, p.role,
                      p.language if p.language in ("ru", "en") else
                      self.config.site.default_language,
                      p.role in self.config.kiosk.pin_roles, p.segment_id)

    def lookup_badge(self, digest: str, now: dt.datetime) -> LookupResult:
        from kiosk.backend import LookupResult
        found = self.store.lookup_badge(digest)
        if found is None:
            # The snapshot keeps only active badges: an inactive one reads as unknown.
            return LookupResult("unknown")
        return LookupResult("ok", self.person(found), self.locked_until(found.id, now))

    def own_lockout(self, employee_id: int, now: dt.datetime) -> dt.datetime | None:
        """The end of this kiosk's own offline lockout of the badge, if one is running (the
        online kiosk honours it until the server has heard of it)."""
        until = self.store.pin_state(employee_id).locked_until
        return until if until is not None and until > now else None

    def undelivered_lockout(self, employee_id: int, now: dt.datetime) -> dt.datetime | None:
        """Online: this kiosk's own offline lockout while the server has not heard of it (its
        attempts are still in the outbox). Once they are delivered the server holds the
        lockout, and its word rules: an admin may lift it (`pulse pin set`)."""
        until = self.own_lockout(employee_id, now)
        if until is None or not self.store.undelivered_pin_attempts(employee_id):
            return None
        return until

    def locked_until(self, employee_id: int, now: dt.datetime) -> dt.datetime | None:
        """Offline: the later of this kiosk's own lockout and the server's as of the last
        snapshot (online the server's current word replaces the snapshot's: an admin may
        have lifted it)."""
        central = self.store.central_lockout(employee_id)
        ends = [u for u in (self.own_lockout(employee_id, now), central)
                if u is not None and u > now]
        return max(ends) if ends else None

    def check_pin(self, employee_id: int, pin: str, now: dt.datetime) -> pin_lockout.PinCheck:
        """The snapshot's PIN verifier (keyed with the site secret, which the local file does
        not hold: ``shared.security.offline_pin_verifier``) under the lockout rule; the count
        and the lockout are kept in the local store (a restart does not reset them) and every
        attempt goes to the server at sync (``pin_attempt``: audit log, the server's lockout
        state, counted there per kiosk)."""
        found = self.store.person(employee_id)
        if found is None or not found.pin_hash:
            return pin_lockout.PinCheck(pin_lockout.NO_PIN)
        locked = self.locked_until(employee_id, now)
        if locked is not None:  # the PIN is not even looked at
            return pin_lockout.PinCheck(pin_lockout.LOCKED, locked_until=locked)
        check = self.store.record_pin_attempt(
            employee_id, correct=verify_offline_pin(self.config.secret_bytes(), pin,
                                                    found.pin_hash), now=now,
            max_attempts=self.config.kiosk.pin_max_attempts,
            lockout_minutes=self.config.kiosk.pin_lockout_minutes)
        if check.outcome == pin_lockout.LOCKED and check.locked_until is not None:
            log.warning("PIN lockout while offline for employee %d until %s", employee_id,
                        check.locked_until.isoformat())
        return check

    # --- suppliers ----------------------------------------------------------------

    def _suppliers(self, people: Sequence[SnapshotPerson]) -> list[Supplier]:
        from kiosk.backend import Supplier
        names = {d[0]: (d[1], d[2]) for d in self.store.departments()}
        out = []
        for p in people:
            name, name_en = names.get(p.department_id or -1, ("", None))
            card = SupplierCard(p.id, p.personnel_no, p.full_name, p.full_name_en,
                                p.department_id or 0, name, name_en, p.thumbnail is not None,
                                gender=p.gender)
            out.append(Supplier(card, p.thumbnail))
        return out

    def own_suppliers(self, employee_id: int, limit: int) -> list[Supplier]:
        me = self.store.person(employee_id)
        return [] if me is None else self._suppliers(self.store.own_suppliers(me, limit=limit))

    def search_suppliers(self, employee_id: int, text: str, limit: int) -> list[Supplier]:
        if not text.strip():
            return []
        found = self.store.search_people(text, limit=limit + 1)
        return self._suppliers([p for p in found if p.id != employee_id][:limit])

    def departments(self) -> list[DepartmentNode]:
        counts: dict[int, int] = {}
        for p in self.store.search_people("", limit=1_000_000):
            if p.department_id is not None:
                counts[p.department_id] = counts.get(p.department_id, 0) + 1
        nodes = {i: DepartmentNode(i, name, name_en, parent, counts.get(i, 0))
                 for i, name, name_en, parent in self.store.departments()}
        roots: list[DepartmentNode] = []
        for node in nodes.values():
            parent_node = nodes.get(node.parent_id) if node.parent_id is not None else None
            (parent_node.children if parent_node else roots).append(node)
        return roots

    def suppliers_in_department(self, employee_id: int, department_id: int) -> list[Supplier]:
        people = [p for p in self.store.search_people("", limit=1_000_000,
                                                      department_id=department_id)
                  if p.id != employee_id]
        people.sort(key=lambda p: fold_name(p.full_name))
        return self._suppliers(people[:60])

    # --- rating -------------------------------------------------------------------

    def reason_chips(self, rater_id: int) -> list[ReasonChip]:
        from kiosk.backend import ReasonChip
        me = self.store.person(rater_id)
        tags = self.store.reason_tags(me.segment_id if me else None)
        # The segment's own tags first, then the company-wide ones (as the server orders them).
        return [ReasonChip(code, polarity, ru, en) for _i, code, polarity, ru, en in tags]

    def rating_check(self, rater_id: int, supplier_id: int) -> RatingOutcome:
        if rater_id == supplier_id:
            return RatingOutcome("refused", Refusal.SELF)
        return RatingOutcome("allowed")

    def enqueue_rating(self, *, rater_id: int, supplier_id: int, score: int,
                       reason_codes: Sequence[str], comment: str | None,
                       rating_uuid: uuid_mod.UUID, now: dt.datetime) -> RatingOutcome:
        """Commit to the outbox (returns after the commit is on disk); a central-style outcome."""
        local = self.store.enqueue_rating(rater_id=rater_id, supplier_id=supplier_id, score=score,
                                          reason_codes=reason_codes, comment=comment,
                                          rating_uuid=rating_uuid, now=now)
        return rating_outcome(local, self.store.cooldown)


def rating_outcome(local: LocalOutcome, cooldown: dt.timedelta) -> RatingOutcome:
    """The outbox's answer in the shape the rating card and the thanks screen expect.

    The store refuses with the central codes (``rating_rules.Refusal``, the one vocabulary of
    the rules), so the card words an inactive rater and an inactive supplier apart."""
    if local.ok:
        return RatingOutcome("duplicate" if local.params.get("duplicate") else "recorded")
    params = dict(local.params)
    if local.code == "cooldown" and "next_at" in params:
        params.setdefault("last_at", params["next_at"] - cooldown)
    return RatingOutcome("refused", Refusal(local.code), params)
