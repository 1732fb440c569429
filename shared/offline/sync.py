"""The kiosk's sync worker: push the outbox to the central database, refresh the snapshot.

No Qt: ``SyncWorker.run_once()`` is one pass (push every pending batch, report the
kiosk's heartbeat, refresh the directory snapshot when due); ``SyncWorker.run()`` loops
until a stop event, with exponential backoff and full jitter after failures;
``SyncThread`` runs that loop on a plain daemon thread.

Delivery guarantee: an item is marked sent locally only after the central
transaction that inserted it committed. If the connection breaks during the commit
(committed or not, the kiosk cannot tell), the item stays pending and is sent again;
the insert is ``ON CONFLICT (uuid) DO NOTHING`` and the answer is read back from the
server, so the resend is harmless: nothing lost, nothing doubled.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import undefer

from shared.config import Config, ConfigError
from shared.db import Database
from shared.db.base import utcnow
from shared.db.models import (
    Department,
    Employee,
    Kiosk,
    Plant,
    ReasonTag,
    Regulation,
    SupplierLink,
)
from shared.db.plant_scope import RANGE, check_plant_id
from shared.offline import central
from shared.offline.store import LocalStore, from_iso, iso
from shared.security import badge_key, offline_pin_verifier

log = logging.getLogger(__name__)

# Change stamps are read back with this overlap: a transaction that committed late with an
# earlier updated_at is still picked up (the upserts are idempotent).
STAMP_OVERLAP = dt.timedelta(minutes=2)
THUMBNAIL_MAX_BYTES = 64 * 1024
# Another machine's heartbeat under the same kiosk id this recently: two kiosks share the id
# (a kiosk re-installed with a new local store within it is reported once, harmlessly).
SHARED_ID_WINDOW = dt.timedelta(minutes=10)
# Outbox items per central transaction. Measured with bench/sync.py (10,000 ratings, load
# 6-7 on 2 cores): 250 -> 2,000 items gave 950 -> 1,390 ratings/s on PostgreSQL and
# 2,280 -> 2,790 on SQLite; 5,000 gained nothing more and holds the pairs' locks longer.
BATCH_SIZE = 2000


def backoff_delay(failures: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: uniform(0, min(cap, base * 2**(failures-1)))."""
    if failures <= 0:
        return base
    return rng.uniform(0, min(cap, base * 2 ** min(failures - 1, 30)))


def keep_small_photo(photo: bytes) -> bytes | None:
    """Default thumbnailer without an image library: keep photos that are already small.

    The kiosk passes a Qt-based thumbnailer instead (``SyncWorker(thumbnail=...)``).
    """
    return photo if len(photo) <= THUMBNAIL_MAX_BYTES else None


@dataclass
class PassReport:
    """What one sync pass did."""

    pushed: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    rejected: int = 0
    snapshot_rows: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class SyncWorker:
    """Pushes one LocalStore's outbox to the central database and refreshes its snapshot."""

    def __init__(self, store: LocalStore, database: Database, config: Config, *,
                 clock: Callable[[], dt.datetime] = utcnow, rng: random.Random | None = None,
                 thumbnail: Callable[[bytes], bytes | None] = keep_small_photo,
                 batch_size: int = BATCH_SIZE, base_delay: float | None = None,
                 max_delay: float = 300.0, server_time: bool | None = None) -> None:
        self.store = store
        self.db = database
        self.config = config
        self.clock = clock
        self.rng = rng or random.Random()
        self.thumbnail = thumbnail
        self.batch_size = batch_size
        self.base_delay = float(base_delay if base_delay is not None else config.kiosk.sync_seconds)
        self.max_delay = max_delay
        self.failures = 0
        self._snapshot_due: dt.datetime | None = None
        # Put tap times on the database server's clock at each push (central.on_server_time).
        # Default: with the system clock (production); a test's injected clock is its own
        # world and is left alone unless asked.
        self.server_time = (clock is utcnow) if server_time is None else server_time
        self.clock_skew = dt.timedelta(0)
        self._key_checked = False

    # --- pushing ----------------------------------------------------------------

    def _commit_central(self, items: list[central.OutboxItem]) -> dict[uuid.UUID, str]:
        now = self.clock()
        with self.db.write() as session:
            if self.server_time:
                server_now = central.database_now(session)
                items, skew = central.on_server_time(items, kiosk_now=now,
                                                     server_now=server_now)
                self._note_skew(skew)
                now = server_now
            return central.apply_batch(session, items, central.context(self.config, now))

    def _note_skew(self, skew: dt.timedelta) -> None:
        if abs(skew - self.clock_skew) > central.CLOCK_TOLERANCE:
            if skew:
                log.warning("kiosk %s: its clock is %.0f s (%.1f h) %s the database server's; "
                            "tap times are corrected by that at sync. Set the kiosk's clock "
                            "(NTP).", self.store.kiosk_id, abs(skew).total_seconds(),
                            abs(skew).total_seconds() / 3600,
                            "ahead of" if skew > dt.timedelta(0) else "behind")
            else:
                log.warning("kiosk %s: its clock agrees with the database server's again",
                            self.store.kiosk_id)
        if skew != self.clock_skew or self.store.get_meta("clock_skew_s") is None:
            # Kept for `pulse sync --resend-since`: sent_at is on this kiosk's clock.
            self.store.set_meta("clock_skew_s", str(skew.total_seconds()))
        self.clock_skew = skew

    def _mark_local(self, statuses: dict[uuid.UUID, str]) -> None:
        at = self.clock()
        rejected: dict[uuid.UUID, str] = {}
        sent: dict[uuid.UUID, str] = {}
        for u, s in statuses.items():
            (rejected if s.startswith("rejected:") else sent)[u] = s
        if sent:
            self.store.mark_sent(sent, at=at)
        if rejected:
            for u, reason in rejected.items():
                log.warning("the server refused outbox item %s: %s (kept locally)", u, reason)
            self.store.mark_rejected(rejected, at=at)

    def check_site_key(self) -> None:
        """Once per worker, before the first write: a kiosk started offline with another
        site secret than the database's must not write (``SiteSecretMismatch``)."""
        if self._key_checked:
            return
        from shared.db import site_key
        with self.db.read() as session:
            site_key.check(session, self.config.secret_bytes())
        self._key_checked = True

    def push(self, report: PassReport | None = None) -> PassReport:
        """Push every pending item, batch by batch. Raises on a database error."""
        report = report or PassReport()
        self.check_site_key()
        stuck: set[uuid.UUID] = set()
        while True:
            items = self.store.pending(self.batch_size + len(stuck))
            if stuck:
                items = [i for i in items if i.uuid not in stuck][: self.batch_size]
            if not items:
                return report
            try:
                statuses = self._commit_central(items)
            except (IntegrityError, DataError) as exc:
                # Deterministic: the same data fails the same way. Find the item(s) at fault
                # one by one and set them aside, so they cannot block the queue forever.
                log.warning("a batch of %d failed (%s); retrying item by item", len(items),
                            _one_line(exc))
                statuses = self._isolate(items)
            except SQLAlchemyError as exc:
                self.store.mark_failed([i.uuid for i in items], _one_line(exc))
                raise
            self._mark_local(statuses)
            # Items of a kind without a server handler stay queued; don't spin on them.
            if len(statuses) < len(items):
                stuck.update(i.uuid for i in items if i.uuid not in statuses)
            report.pushed += len(statuses)
            for status in statuses.values():
                key = status.split(":")[0]
                report.statuses[key] = report.statuses.get(key, 0) + 1
            if len(items) < self.batch_size:
                return report

    def _isolate(self, items: list[central.OutboxItem]) -> dict[uuid.UUID, str]:
        statuses: dict[uuid.UUID, str] = {}
        for item in items:
            try:
                statuses.update(self._commit_central([item]))
            except (IntegrityError, DataError) as exc:
                log.error("outbox item %s refused by the database: %s", item.uuid,
                          _one_line(exc))
                statuses[item.uuid] = "rejected:database_refused"
        return statuses

    def report_kiosk(self) -> None:
        """Record this kiosk's heartbeat, last sync and outbox size centrally."""
        now = self.clock()
        with self.db.write() as session:
            if self.server_time:  # `pulse status` compares it with the server's clock
                now = central.database_now(session)
            kiosk = session.scalar(select(Kiosk).where(Kiosk.code == self.store.kiosk_id))
            if kiosk is None:
                kiosk = Kiosk(code=self.store.kiosk_id)
                session.add(kiosk)
            instance = self.store.instance_id()
            if (kiosk.instance not in (None, instance) and kiosk.last_seen_at is not None
                    and now - kiosk.last_seen_at < SHARED_ID_WINDOW):
                kiosk.shared_id_at = now
                log.error("kiosk id %r: another machine reported under it %.0f s ago; give "
                          "each kiosk its own kiosk.id (their outboxes and PIN attempts mix)",
                          self.store.kiosk_id, (now - kiosk.last_seen_at).total_seconds())
            kiosk.instance = instance
            kiosk.last_seen_at = now
            kiosk.last_sync_at = now
            kiosk.outbox_size = self.store.outbox_size()
            kiosk.rejected = self.store.outbox_counts().get("rejected", 0)
            from shared import __version__
            kiosk.version = __version__

    def adopt_plant(self) -> int:
        """Follow the server's plant: after a first ``pulse plant publish`` of a plant other
        than 1 the server's rows have new ids (docs/plants.md), and the store's copies and
        queued items move the same way before anything is pushed or copied (no reset)."""
        with self.db.read() as session:
            plant = int(session.scalar(select(Plant.id).where(Plant.subscription.is_(None)))
                        or 1)
        if plant == self.store.plant_id():
            return 0
        first = (check_plant_id(plant) - 1) * RANGE + 1
        try:
            moved = self.store.adopt_plant(plant, first)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        log.info("the server is plant %d now: %d local rows moved into its ids (from %d)",
                 plant, moved, first)
        return moved

    # --- the snapshot -----------------------------------------------------------

    def refresh_snapshot(self, *, full: bool = False) -> int:
        """Copy directory rows changed since the last refresh (by ``updated_at``)."""
        stamps = {name: None if full else self.store.get_meta(f"stamp.{name}")
                  for name in ("employees", "departments", "regulations")}

        def since(name: str) -> dt.datetime | None:
            value = stamps[name]
            return from_iso(value) - STAMP_OVERLAP if value else None

        count = 0
        secret = self.config.secret_bytes()
        with self.db.read() as session:
            dq = select(Department)
            if since("departments"):
                dq = dq.where(Department.updated_at >= since("departments"))
            deps: list[dict[str, Any]] = [
                dict(id=d.id, name=d.name, name_en=d.name_en, parent_id=d.parent_id,
                     head_id=d.head_id, updated_at=d.updated_at) for d in session.scalars(dq)]
            rq = select(Regulation)
            if since("regulations"):
                rq = rq.where(Regulation.updated_at >= since("regulations"))
            regs: list[dict[str, Any]] = [
                dict(id=r.id, code=r.code, title=r.title, url=r.url, active=r.active,
                     needs_revision=r.needs_revision, updated_at=r.updated_at)
                for r in session.scalars(rq)]
            tags = [dict(id=t.id, code=t.code, segment_id=t.segment_id, polarity=t.polarity,
                         label_ru=t.label_ru, label_en=t.label_en, active=t.active)
                    for t in session.scalars(select(ReasonTag))]
            links = [dict(id=k.id, client_department_id=k.client_department_id,
                          client_segment_id=k.client_segment_id,
                          supplier_department_id=k.supplier_department_id,
                          supplier_employee_id=k.supplier_employee_id)
                     for k in session.scalars(select(SupplierLink))]
            eq = select(Employee).options(undefer(Employee.photo)).order_by(Employee.id) \
                .execution_options(yield_per=500)
            if since("employees"):
                eq = eq.where(Employee.updated_at >= since("employees"))
            people: list[dict[str, Any]] = []
            dep_stamps: list[dt.datetime] = [d["updated_at"] for d in deps]
            reg_stamps: list[dt.datetime] = [r["updated_at"] for r in regs]
            newest: dict[str, dt.datetime | None] = {
                "departments": max(dep_stamps, default=None),
                "regulations": max(reg_stamps, default=None), "employees": None}
            for e in session.scalars(eq):
                # Someone who left keeps a row (names in the outbox's history) but no badge,
                # PIN hash or photo on the kiosks: nothing there needs them any more.
                people.append(dict(
                    id=e.id, personnel_no=e.personnel_no, full_name=e.full_name,
                    full_name_en=e.full_name_en, department_id=e.department_id,
                    manager_id=e.manager_id, segment_id=e.segment_id, position=e.position,
                    role=e.role, language=e.language, gender=e.gender,
                    badge_hmac=badge_key(e.badge_hmac) if e.active and e.badge_hmac
                    else None,
                    pin_hash=offline_pin_verifier(secret, e.pin_hash) if e.active else None,
                    pin_locked_until=e.pin_locked_until if e.active else None, active=e.active,
                    thumbnail=self._thumb(e.photo) if e.active else None,
                    updated_at=e.updated_at))
                last = newest["employees"]
                newest["employees"] = max(last, e.updated_at) if last else e.updated_at
                if len(people) >= 1000:
                    count += self.store.upsert_people(people)
                    people = []
        count += self.store.upsert_people(people)
        count += self.store.upsert_departments(deps)
        count += self.store.upsert_regulations(regs)
        self.store.replace_small_tables(tags, links)
        for name, stamp in newest.items():
            if stamp is not None:
                self.store.set_meta(f"stamp.{name}", iso(stamp))
        self.store.set_meta("snapshot_at", iso(self.clock()))
        return count

    def _thumb(self, photo: bytes | None) -> bytes | None:
        if not photo:
            return None
        try:
            return self.thumbnail(photo)
        except Exception:  # noqa: BLE001 - a bad photo must not stop the snapshot
            log.exception("thumbnail failed; the kiosk shows initials instead")
            return None

    # --- the loop -----------------------------------------------------------------

    def run_once(self, *, snapshot: bool | None = None) -> PassReport:
        """One pass; never raises for database trouble (the report says what failed)."""
        report = PassReport()
        now = self.clock()
        # Local only, so also while the server is unreachable: a sent rating leaves the
        # file as soon as the cooldown no longer needs it.
        self.store.prune_sent(now - dt.timedelta(days=7), now=now)
        try:
            self.adopt_plant()  # before the push: queued items name the rows' ids of now
            self.push(report)
            if snapshot or (snapshot is None and (self._snapshot_due is None
                                                  or now >= self._snapshot_due)):
                report.snapshot_rows = self.refresh_snapshot()
                self._snapshot_due = now + dt.timedelta(seconds=self.config.kiosk.snapshot_seconds)
            self.report_kiosk()
            self.store.set_meta("last_sync_at", iso(self.clock()))
            self.failures = 0
        except SQLAlchemyError as exc:
            self.failures += 1
            report.error = _one_line(exc)
            log.warning("sync failed (%d in a row): %s", self.failures, report.error)
        except ConfigError as exc:  # the site secret: nothing is sent until it is put right
            self.failures += 1
            report.error = str(exc)
            log.error("sync refused: %s", exc)
        return report

    def next_delay(self) -> float:
        if self.failures == 0:
            return self.base_delay
        return backoff_delay(self.failures, base=min(self.base_delay, 1.0), cap=self.max_delay,
                             rng=self.rng)

    def run(self, stop: threading.Event, wake: threading.Event | None = None) -> None:
        """Loop until ``stop`` is set; ``wake`` (set after a new rating) cuts the wait short."""
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 - the worker must survive anything
                self.failures += 1
                log.exception("sync pass crashed")
            delay = self.next_delay()
            if wake is not None:
                wake.wait(delay)
                wake.clear()
            else:
                stop.wait(delay)


class SyncThread(threading.Thread):
    """A daemon thread running ``SyncWorker.run``; ``poke()`` after a rating, ``stop()`` at exit."""

    def __init__(self, worker: SyncWorker) -> None:
        super().__init__(name="pulse-sync", daemon=True)
        self.worker = worker
        self._stop_event = threading.Event()
        self._wake = threading.Event()

    def run(self) -> None:
        self.worker.run(self._stop_event, self._wake)

    def poke(self) -> None:
        self._wake.set()

    def stop(self, timeout: float | None = 10.0) -> None:
        self._stop_event.set()
        self._wake.set()
        self.join(timeout)


def _one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]
