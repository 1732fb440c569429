"""The demo plant's people: department tree, managers, segments, names, badges, PINs, languages."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from shared.demo.catalog import (
    DEPARTMENTS,
    FEMALE_FIRST,
    FOREIGN_NAMES,
    MALE_FIRST,
    PATRONYMICS,
    SEGMENTS,
    SHORT_NAMES,
    SURNAMES,
)
from shared.security import badge_hmac, hash_pin
from shared.translit import transliterate

DEMO_PIN = "1234"
EMAIL_DOMAIN = "trubzavod.example"
MIN_EMPLOYEES = 3 * len(DEPARTMENTS)
# Positions whose people belong to another segment than their department's.
POSITION_SEGMENT = {"Дефектоскопист": "qual", "Контролёр ОТК": "qual",
                    "Водитель погрузчика": "logist"}
FOREIGN_DEPARTMENTS = ("sgm", "sge", "tech", "lab", "tesc1", "it")


def demo_badge(personnel_no: str) -> str:
    """The demo badge code of a personnel number: ten digits ("00100" -> "0000000100")."""
    return f"{int(personnel_no):010d}"


@dataclass
class Org:
    """Rows to insert (dicts with explicit ids) and the lookups the rating generator needs."""

    departments: list[dict[str, Any]] = field(default_factory=list)
    segments: list[dict[str, Any]] = field(default_factory=list)
    employees: list[dict[str, Any]] = field(default_factory=list)
    dept_id: dict[str, int] = field(default_factory=dict)        # department code -> id
    segment_id: dict[str, int] = field(default_factory=dict)     # segment code -> id
    members: dict[str, list[int]] = field(default_factory=dict)  # department code -> employee ids
    head: dict[str, int] = field(default_factory=dict)           # department code -> employee id

    def employee(self, emp_id: int) -> dict[str, Any]:
        return self.employees[emp_id - 1]


def _department_sizes(n: int) -> list[int]:
    """Three people each (a head and two more), the rest shared out by weight."""
    total = sum(d.weight for d in DEPARTMENTS)
    spare = n - 3 * len(DEPARTMENTS)
    sizes = [3 + int(spare * d.weight / total) for d in DEPARTMENTS]
    largest = max(range(len(sizes)), key=lambda i: DEPARTMENTS[i].weight)
    sizes[largest] += n - sum(sizes)  # the biggest shop absorbs the rounding
    return sizes


class _Names:
    """Russian full names (surname, first name, patronymic) and a few foreign specialists."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def russian(self) -> tuple[str, str]:
        rng = self.rng
        female = rng.random() < 0.32  # a pipe plant: mostly men in the shops
        male_s, female_s = rng.choice(SURNAMES)
        first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
        male_p, female_p = rng.choice(PATRONYMICS)
        surname = female_s if female else male_s
        return f"{surname} {first} {female_p if female else male_p}", "ru"

    def foreign(self) -> tuple[str, str]:
        family, given = self.rng.choice(FOREIGN_NAMES)
        return f"{family} {given}", "en"


def build_org(n: int, rng: random.Random, secret: bytes) -> Org:
    """Departments, segments and ``n`` employees, deterministic for the state of ``rng``."""
    if n < MIN_EMPLOYEES:
        raise ValueError(f"the demo plant needs at least {MIN_EMPLOYEES} employees")
    org = Org()
    for i, seg in enumerate(SEGMENTS, start=1):
        org.segment_id[seg.code] = i
        org.segments.append({"id": i, "name": seg.name, "name_en": seg.name_en, "goal": seg.goal})
    for i, dept in enumerate(DEPARTMENTS, start=1):
        org.dept_id[dept.code] = i
    for dept in DEPARTMENTS:
        org.departments.append({
            "id": org.dept_id[dept.code], "name": dept.name, "name_en": dept.name_en,
            "short_name": SHORT_NAMES[dept.code][0], "short_name_en": SHORT_NAMES[dept.code][1],
            "parent_id": org.dept_id[dept.parent] if dept.parent else None,
            "group": dept.group, "head_id": None})

    names = _Names(rng)
    # Salted once, reused: scrypt is slow on purpose, and every demo manager has the same PIN.
    pin_hash = hash_pin(DEMO_PIN, salt=rng.randbytes(16))
    next_id = 1
    for dept, size in zip(DEPARTMENTS, _department_sizes(n), strict=True):
        ids = list(range(next_id, next_id + size))
        next_id += size
        org.members[dept.code] = ids
        org.head[dept.code] = ids[0]
        foremen = ids[1:1 + max(0, math.ceil((size - 1) / 21) - 1)] if size > 25 else []
        workers = ids[1 + len(foremen):]
        for emp_id in ids:
            foreign = dept.code in FOREIGN_DEPARTMENTS and emp_id not in (ids[0], *foremen) \
                and rng.random() < 0.03
            full_name, language = names.foreign() if foreign else names.russian()
            if not foreign and rng.random() < 0.01:
                language = "en"  # a few Russians prefer English screens
            if emp_id == ids[0]:
                position, role = dept.head_title, "admin" if dept.parent is None else "manager"
            elif emp_id in foremen:
                position, role = rng.choice(("Мастер участка", "Старший мастер")), "manager"
            else:
                position, role = rng.choice(dept.positions), "worker"
            segment = POSITION_SEGMENT.get(position, dept.segment)
            personnel_no = f"{emp_id:05d}"
            name_en = full_name if foreign else transliterate(full_name)
            email = None
            if role != "worker" or dept.group in ("office", "management"):
                surname, _, rest = name_en.partition(" ")
                email = f"{surname.lower()}.{rest[:1].lower()}{emp_id}@{EMAIL_DOMAIN}"
            org.employees.append({
                "id": emp_id, "personnel_no": personnel_no, "full_name": full_name,
                "full_name_en": name_en, "department_id": org.dept_id[dept.code],
                "manager_id": None, "segment_id": org.segment_id[segment], "position": position,
                "role": role, "email": email, "language": language,
                "badge_hmac": badge_hmac(secret, demo_badge(personnel_no)),
                "pin_hash": None, "active": True})
        for k, emp_id in enumerate(workers):
            boss = foremen[k % len(foremen)] if foremen else ids[0]
            org.employee(emp_id)["manager_id"] = boss
        for emp_id in foremen:
            org.employee(emp_id)["manager_id"] = ids[0]
    for dept in DEPARTMENTS:
        head = org.employee(org.head[dept.code])
        if dept.parent:
            head["manager_id"] = org.head[dept.parent]
        org.departments[org.dept_id[dept.code] - 1]["head_id"] = head["id"]
    for emp_id in org.members["it"][1:3]:  # two system administrators run the product
        org.employee(emp_id).update(role="admin", position="Системный администратор")
    for emp in org.employees:
        if emp["role"] in ("manager", "admin"):
            emp["pin_hash"] = pin_hash
    # A few leavers, kept for history: never heads or managers.
    for emp in rng.sample(org.employees, max(1, n // 200)):
        if emp["role"] == "worker":
            emp["active"] = False
    return org
