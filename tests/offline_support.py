"""Test support for the offline area: a small central directory, importable by subprocesses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.app import open_local_store
from kiosk.backend import KioskBackend
from kiosk.clock import Clock
from shared.config import Config
from shared.db import Database
from shared.db.models import Department, Employee, ReasonTag, Regulation, SupplierLink
from shared.offline.sync import SyncWorker
from shared.security import badge_hmac
from tests.domain_data import retire_default_tags

SECRET = b"test-secret-of-the-plant-0123456789"  # PULSE_SECRET in tests/conftest.py


@dataclass(frozen=True)
class Directory:
    department_ids: list[int]
    employee_ids: list[int]
    tag_ids: list[int]


def badge_of(i: int) -> str:
    return f"BADGE{i:06d}"


def seed_directory(db: Database, *, people: int = 12, departments: int = 3) -> Directory:
    """Departments, people with badges, reason tags, a regulation and a supplier link."""
    with db.write() as s:
        deps = [Department(name=f"Цех {i}", name_en=f"Shop {i}") for i in range(departments)]
        s.add_all(deps)
        s.flush()
        emps = [Employee(personnel_no=f"{1000 + i}", full_name=f"Сотрудник Ёлкин {i}",
                         full_name_en=f"Employee {i}", department_id=deps[i % departments].id,
                         badge_hmac=badge_hmac(SECRET, badge_of(i)),
                         role="manager" if i == 0 else "worker")
                for i in range(people)]
        s.add_all(emps)
        retire_default_tags(s)
        tags = [ReasonTag(code="speed", polarity="negative", label_ru="Скорость", label_en="Speed"),
                ReasonTag(code="polite", polarity="positive", label_ru="Вежливость",
                          label_en="Politeness")]
        s.add_all(tags)
        s.add(Regulation(code="R-1", title="Порядок выдачи инструмента"))
        s.flush()
        s.add(SupplierLink(client_department_id=deps[0].id, supplier_department_id=deps[1].id))
        return Directory([d.id for d in deps], [e.id for e in emps], [t.id for t in tags])


class SynchronousSync:
    """The sync thread's work done at once, on the caller's thread, when poked (tests).

    Production pokes its ``SyncThread`` after a rating that stayed in the outbox; here the
    same ``SyncWorker`` pass runs there and then, so a test needs no thread and no waiting.
    """

    def __init__(self, worker: SyncWorker) -> None:
        self.worker = worker
        self.pokes = 0

    def poke(self) -> None:
        self.pokes += 1
        self.worker.run_once()


def production_backend(db: Database, config: Config, clock: Clock, folder: Path, *,
                       seed: bool = True) -> KioskBackend:
    """The kiosk's backend as ``kiosk/app.py`` builds it: its local store in ``folder``
    (its snapshot seeded by a first sync pass, as the sync thread does at start, unless
    ``seed`` is false) and a sync that runs synchronously when poked."""
    store = open_local_store(config, folder / "kiosk-local.db")
    sync = SynchronousSync(SyncWorker(store, db, config, clock=clock.now))
    if seed:
        report = sync.worker.run_once(snapshot=True)
        assert report.ok, report
    return KioskBackend(db, config, clock, store=store, poke=sync.poke)
