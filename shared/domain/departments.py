"""The department tree in memory (a few hundred rows): subtrees, ancestors, top-level roots."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.models import Department
from shared.domain.plant_labels import plant_labels

__all__ = ["DepartmentInfo", "DepartmentTree"]


@dataclass(frozen=True)
class DepartmentInfo:
    id: int
    name: str
    name_en: str | None
    parent_id: int | None
    group: str | None


@dataclass
class DepartmentTree:
    departments: dict[int, DepartmentInfo]
    children: dict[int | None, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> DepartmentTree:
        rows = session.execute(select(Department.id, Department.name, Department.name_en,
                                      Department.parent_id, Department.group)
                               .order_by(Department.name)).all()
        labels = plant_labels(session)  # a head office's two plants' "Склад" told apart
        deps = {r[0]: DepartmentInfo(r[0], labels.department(r[0], r[1]),
                                     labels.department_or_none(r[0], r[2]), r[3], r[4])
                for r in rows}
        children: dict[int | None, list[int]] = defaultdict(list)
        for d in deps.values():
            parent = d.parent_id if d.parent_id in deps else None
            children[parent].append(d.id)
        return cls(deps, dict(children))

    @property
    def roots(self) -> list[int]:
        return list(self.children.get(None, []))

    def subtree(self, department_id: int) -> list[int]:
        """The department and every department below it (cycle-safe)."""
        out, seen, stack = [], set(), [department_id]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            out.append(node)
            stack.extend(self.children.get(node, ()))
        return out

    def ancestors(self, department_id: int) -> list[int]:
        """Enclosing departments, nearest first."""
        out: list[int] = []
        node = self.departments.get(department_id)
        while node is not None and node.parent_id is not None and node.parent_id not in out \
                and node.parent_id != department_id:
            out.append(node.parent_id)
            node = self.departments.get(node.parent_id)
        return out

    def depth(self) -> int:
        """Levels below the roots (0 for a flat list of departments)."""
        deepest, stack = 0, [(r, 0) for r in self.roots]
        seen: set[int] = set()
        while stack:
            node, d = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            deepest = max(deepest, d)
            stack.extend((c, d + 1) for c in self.children.get(node, ()))
        return deepest

    def root_of(self, department_id: int) -> int:
        chain = self.ancestors(department_id)
        return chain[-1] if chain else department_id
