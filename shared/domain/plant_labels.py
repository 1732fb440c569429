"""Department names at a head office: each with its plant's name ("Склад (north)").

Every plant has a "Склад" and a "Бухгалтерия"; a company-wide view at the head office would
show two identical names for two different departments. The one rule, used by every view
that names departments (wallboard, posters, ``pulse scores``, ``pulse report month``, the
initiative map): when the departments this connection sees belong to more than one plant,
every department name carries its plant's name; otherwise (a plant's own database, one plant
at the head office through ``--plant`` or ``wallboard.plant``) names stay as they are.
Figures are always keyed by department id, never by name: the label only tells the reader
which plant's department a figure is (docs/plants.md, Using the head office).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.models import Department, Plant

# ``session.info`` key: the labels kept for one read of many figures (the wallboard's).
_KEPT = "plant_labels"


@dataclass(frozen=True)
class PlantLabels:
    """Department id -> its plant's name, when the departments seen come from more than one
    plant; empty otherwise (names are then shown as they are). ``plants``: plant id -> name
    then, for other rows named within a plant (the initiative map's segments)."""

    plant_of: Mapping[int, str]
    plants: Mapping[int, str] = field(default_factory=dict)

    @property
    def company_wide(self) -> bool:
        return bool(self.plant_of)

    def of_plant(self, plant_id: int, name: str) -> str:
        """A name unique within a plant (a segment's), with its plant's when company-wide."""
        if not self.company_wide:
            return name
        return f"{name} ({self.plants.get(plant_id) or f'plant-{plant_id}'})"

    def department(self, department_id: int, name: str) -> str:
        plant = self.plant_of.get(department_id)
        return f"{name} ({plant})" if plant else name

    def department_or_none(self, department_id: int | None, name: str | None) -> str | None:
        """The same for a name that may be missing (an English name, a department not set)."""
        if name is None or department_id is None:
            return name
        return self.department(department_id, name)

    def names(self, names: Mapping[int, str]) -> dict[int, str]:
        return {dep: self.department(dep, name) for dep, name in names.items()}


def plant_labels(session: Session) -> PlantLabels:
    """The labels as this session sees the departments (one small read: the department
    table has a few hundred rows per plant)."""
    kept = session.info.get(_KEPT)
    if isinstance(kept, PlantLabels):
        return kept
    rows = session.execute(select(Department.id, Department.plant_id)).all()
    if len({plant for _, plant in rows}) < 2:
        return PlantLabels({})
    plant_names = dict(session.execute(select(Plant.id, Plant.name)).all())
    # A plant unsubscribed (its rows stay) has no row in ``plants`` any more: its publish
    # default name.
    return PlantLabels({int(dep): plant_names.get(plant) or f"plant-{plant}"
                        for dep, plant in rows}, plant_names)


@contextmanager
def labels_kept(session: Session) -> Iterator[PlantLabels]:
    """Read the labels once for everything computed inside (the wallboard's snapshot)."""
    if isinstance(session.info.get(_KEPT), PlantLabels):  # an outer read keeps them
        yield session.info[_KEPT]
        return
    session.info[_KEPT] = labels = plant_labels(session)
    try:
        yield labels
    finally:
        session.info.pop(_KEPT, None)


def departments_named(session: Session, text: str) -> list[int]:
    """The departments ``text`` names, case-insensitively: the Russian or English name, or
    the labelled name ("Склад (north)"). At a head office a bare "Склад" names one per plant:
    the caller asks which."""
    low = text.strip().casefold()
    labels = plant_labels(session)
    found = []
    for dep_id, ru, en in session.execute(select(Department.id, Department.name,
                                                 Department.name_en).order_by(Department.id)):
        candidates = {ru, en or ru, labels.department(dep_id, ru),
                      labels.department(dep_id, en or ru)}
        if low in {c.casefold() for c in candidates}:
            found.append(int(dep_id))
    return found


class AmbiguousDepartment(ValueError):
    """A bare name that is a department of several plants (a head office's "Склад")."""

    def __init__(self, text: str, labelled: list[str]) -> None:
        super().__init__(f"{text!r} is a department of {len(labelled)} plants here: name one "
                         f"as {' or '.join(repr(x) for x in labelled)}, or pick the plant "
                         "with --plant")
        self.labelled = labelled


def department_named(session: Session, text: str) -> int | None:
    """The one department ``text`` names (``departments_named``), None when none;
    ``AmbiguousDepartment`` when it names one at each of several plants."""
    found = departments_named(session, text)
    if len(found) > 1:
        labels = plant_labels(session)
        names = dict(session.execute(select(Department.id, Department.name)
                                     .where(Department.id.in_(found))).all())
        raise AmbiguousDepartment(text.strip(), [labels.department(d, names[d]) for d in found])
    return found[0] if found else None


__all__ = ["AmbiguousDepartment", "PlantLabels", "department_named", "departments_named",
           "labels_kept", "plant_labels"]
