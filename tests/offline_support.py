"""Test support for the offline area: a small central directory, importable by subprocesses."""

from __future__ import annotations

from dataclasses import dataclass

from shared.db import Database
from shared.db.models import Department, Employee, ReasonTag, Regulation, SupplierLink
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
