"""The monthly points report (a pure function over the month's facts) and the wallboard standings.

Conversion rules, per department (``DepartmentPointRule``, the latest ``valid_from`` not
after the month):

* **money** — each person's points x the rate: positive = bonus, negative = fine. The
  department's fines fund its bonuses: ``balance = fines - bonuses`` (above zero: money
  left over; below zero: the department pays the difference).
* **pool** — the fines go to a common pool (e.g. "Friday lunch"): the pool collects the
  points lost by the department's people (sum of the negative points, as a positive
  number); with a rate above zero it is also shown as money (pool points x rate). Positive
  points in a pool department earn recognition, not money.
* **no rule** — points only.

Months are plant-local calendar months; a person who changed department is counted where
the ledger put each point (their department at the moment of the movement).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import (
    Department,
    Dispute,
    Employee,
    PointsEntry,
    ProposalPoints,
    Regulation,
)
from shared.domain.plant_labels import plant_labels
from shared.domain.points import month_bounds, parse_month, rules_for_month

CENT = Decimal("0.01")


# --- inputs --------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonMonth:
    """One person's month in one department, as the ledger has it."""

    employee_id: int
    personnel_no: str
    full_name: str
    department_id: int
    points: int
    wins: int
    losses: int


@dataclass(frozen=True)
class Rule:
    kind: str  # money | pool
    money_per_point: Decimal
    currency: str
    pool_name: str | None
    valid_from: str


@dataclass(frozen=True)
class CarriedDispute:
    """A dispute still unresolved at the end of the month (listed under the respondent's
    department)."""

    dispute_id: int
    department_id: int
    regulation_code: str
    initiator_name: str
    respondent_name: str
    state: str  # open | escalated, as at the end of the month
    opened_at: dt.datetime


@dataclass(frozen=True)
class FlaggedRegulation:
    """A regulation that a "both right" / "both wrong" verdict in the month flagged."""

    code: str
    title: str
    url: str | None
    disputes: tuple[tuple[int, str], ...]  # (dispute id, verdict)


# --- outputs -------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonLine:
    employee_id: int
    personnel_no: str
    full_name: str
    points: int
    wins: int
    losses: int
    bonus: Decimal  # money rule only, else 0
    fine: Decimal  # money rule only, as a positive amount, else 0


@dataclass(frozen=True)
class DepartmentSection:
    department_id: int
    name: str
    rule: Rule | None
    people: tuple[PersonLine, ...]
    points: int
    wins: int
    losses: int
    points_won: int  # sum of the positive points
    points_lost: int  # sum of the negative points, as a positive number
    bonuses: Decimal  # money rule
    fines: Decimal  # money rule
    balance: Decimal  # money rule: fines - bonuses
    pool_points: int  # pool rule: = points_lost
    pool_money: Decimal | None  # pool rule with a rate
    carried: tuple[CarriedDispute, ...]


@dataclass(frozen=True)
class ProposalLine:
    """A supplier's proposal points of the month (their own ledger, not dispute points)."""

    employee_id: int
    personnel_no: str
    full_name: str
    department: str
    accepted: int  # proposals accepted this month
    implemented: int  # of those marked implemented this month
    points: int


@dataclass(frozen=True)
class MonthReport:
    month: str
    company_name: str
    departments: tuple[DepartmentSection, ...]
    flagged: tuple[FlaggedRegulation, ...]
    points: int
    wins: int
    losses: int
    carried: int
    # Proposal rewards: a section of their own, apart from the dispute points above.
    proposals: tuple[ProposalLine, ...] = ()


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def compute_month_report(*, month: str, company_name: str,
                         department_names: Mapping[int, str], people: Sequence[PersonMonth],
                         rules: Mapping[int, Rule], carried: Sequence[CarriedDispute] = (),
                         flagged: Sequence[FlaggedRegulation] = ()) -> MonthReport:
    """The report's numbers from the month's facts (no database, no clock)."""
    parse_month(month)
    by_department: dict[int, list[PersonMonth]] = defaultdict(list)
    for person in people:
        by_department[person.department_id].append(person)
    carried_by: dict[int, list[CarriedDispute]] = defaultdict(list)
    for dispute in carried:
        carried_by[dispute.department_id].append(dispute)
    sections: list[DepartmentSection] = []
    for dep_id in set(by_department) | set(carried_by):
        rule = rules.get(dep_id)
        rate = rule.money_per_point if rule is not None else Decimal(0)
        lines: list[PersonLine] = []
        for p in by_department.get(dep_id, []):
            money = _money(p.points * rate) if rule is not None and rule.kind == "money" \
                else Decimal("0.00")
            lines.append(PersonLine(p.employee_id, p.personnel_no, p.full_name, p.points,
                                    p.wins, p.losses, max(money, Decimal("0.00")),
                                    max(-money, Decimal("0.00"))))
        lines.sort(key=lambda ln: (-ln.points, ln.full_name, ln.employee_id))
        won = sum(ln.points for ln in lines if ln.points > 0)
        lost = -sum(ln.points for ln in lines if ln.points < 0)
        bonuses = sum((ln.bonus for ln in lines), Decimal("0.00"))
        fines = sum((ln.fine for ln in lines), Decimal("0.00"))
        is_pool = rule is not None and rule.kind == "pool"
        sections.append(DepartmentSection(
            department_id=dep_id, name=department_names.get(dep_id, f"#{dep_id}"), rule=rule,
            people=tuple(lines), points=sum(ln.points for ln in lines),
            wins=sum(ln.wins for ln in lines), losses=sum(ln.losses for ln in lines),
            points_won=won, points_lost=lost, bonuses=bonuses, fines=fines,
            balance=fines - bonuses, pool_points=lost if is_pool else 0,
            pool_money=_money(lost * rate) if is_pool and rate > 0 else None,
            carried=tuple(sorted(carried_by.get(dep_id, []), key=lambda d: d.dispute_id))))
    sections.sort(key=lambda s: (s.name.casefold(), s.department_id))
    return MonthReport(month=month, company_name=company_name, departments=tuple(sections),
                       flagged=tuple(sorted(flagged, key=lambda f: f.code)),
                       points=sum(s.points for s in sections), wins=sum(s.wins for s in sections),
                       losses=sum(s.losses for s in sections),
                       carried=sum(len(s.carried) for s in sections))


# --- loading the facts -----------------------------------------------------------------

_WIN = func.sum(case((PointsEntry.delta > 0, 1), else_=0))
_LOSS = func.sum(case((PointsEntry.delta < 0, 1), else_=0))


def load_month_report(session: Session, config: Config, month: str,
                      department_id: int | None = None, language: str = "ru") -> MonthReport:
    """Gather the month's facts from the database (aggregated in SQL) and compute the report.

    With ``department_id`` only that department's section is kept; the flagged
    regulations are the whole site's (a regulation belongs to everyone). People and
    departments are named in ``language`` (English names where the directory has them).
    """
    start, end = month_bounds(month, config.tz)
    english = language == "en"

    def person_name(table: Any) -> Any:
        return func.coalesce(table.c.full_name_en, table.c.full_name) if english \
            else table.c.full_name

    employees = Employee.__table__
    query = (select(PointsEntry.employee_id, Employee.personnel_no,
                    person_name(employees).label("full_name"),
                    PointsEntry.department_id, func.sum(PointsEntry.delta), _WIN, _LOSS)
             .join(Employee, Employee.id == PointsEntry.employee_id)
             .where(PointsEntry.month == month)
             .group_by(PointsEntry.employee_id, Employee.personnel_no, Employee.full_name,
                       Employee.full_name_en, PointsEntry.department_id))
    if department_id is not None:
        query = query.where(PointsEntry.department_id == department_id)
    people = [PersonMonth(e, no, name, d, int(pts), int(w), int(lo))
              for e, no, name, d, pts, w, lo in session.execute(query)]
    initiator = Employee.__table__.alias("initiator")
    respondent = Employee.__table__.alias("respondent")
    carried_q = (select(Dispute, Regulation.code, person_name(initiator),
                        person_name(respondent), respondent.c.department_id)
                 .join(Regulation, Regulation.id == Dispute.regulation_id)
                 .join(initiator, initiator.c.id == Dispute.initiator_id)
                 .join(respondent, respondent.c.id == Dispute.respondent_id)
                 .where(Dispute.opened_at < end,
                        Dispute.resolved_at.is_(None) | (Dispute.resolved_at >= end)))
    if department_id is not None:
        carried_q = carried_q.where(respondent.c.department_id == department_id)
    carried = [CarriedDispute(
        d.id, dep, code, ini, resp,
        "escalated" if d.escalated_at is not None and d.escalated_at < end else "open",
        d.opened_at) for d, code, ini, resp, dep in session.execute(carried_q)]
    flagged_rows = session.execute(
        select(Regulation.code, Regulation.title, Regulation.url, Dispute.id, Dispute.state)
        .join(Dispute, Dispute.regulation_id == Regulation.id)
        .where(Dispute.state.in_(("both_right", "both_wrong")), Dispute.resolved_at >= start,
               Dispute.resolved_at < end)
        .order_by(Regulation.code, Dispute.id)).all()
    grouped: dict[str, list[tuple[str, str | None, int, str]]] = defaultdict(list)
    for code, title, url, dispute_id, state in flagged_rows:
        grouped[code].append((title, url, dispute_id, state))
    flagged = [FlaggedRegulation(code, items[0][0], items[0][1],
                                 tuple((i[2], i[3]) for i in items))
               for code, items in grouped.items()]
    wanted = {p.department_id for p in people} | {c.department_id for c in carried}
    department_name = func.coalesce(Department.name_en, Department.name) if english \
        else Department.name
    names = dict(session.execute(select(Department.id, department_name)
                                 .where(Department.id.in_(wanted))).all()) if wanted else {}
    names = plant_labels(session).names(names)  # a head office's two plants' "Склад"
    rules = {dep: Rule(r.kind, Decimal(r.money_per_point), r.currency, r.pool_name, r.valid_from)
             for dep, r in rules_for_month(session, month).items()}
    report = compute_month_report(month=month, company_name=config.site.company_name,
                                  department_names=names, people=people, rules=rules,
                                  carried=carried, flagged=flagged)
    return dataclasses.replace(report, proposals=tuple(_proposal_lines(
        session, month, department_id, person_name(employees), department_name)))


def _proposal_lines(session: Session, month: str, department_id: int | None, name: Any,
                    department_name: Any) -> list[ProposalLine]:
    """The month's proposal points per supplier, most points first."""
    query = (select(ProposalPoints.employee_id, Employee.personnel_no, name.label("full_name"),
                    ProposalPoints.department_id, department_name.label("department"),
                    func.sum(case((ProposalPoints.cause == "accepted", 1), else_=0)),
                    func.sum(case((ProposalPoints.cause == "implemented", 1), else_=0)),
                    func.sum(ProposalPoints.delta))
             .join(Employee, Employee.id == ProposalPoints.employee_id)
             .join(Department, Department.id == ProposalPoints.department_id)
             .where(ProposalPoints.month == month)
             .group_by(ProposalPoints.employee_id, Employee.personnel_no, Employee.full_name,
                       Employee.full_name_en, ProposalPoints.department_id, Department.name,
                       Department.name_en))
    if department_id is not None:
        query = query.where(ProposalPoints.department_id == department_id)
    labels = plant_labels(session)
    lines = [ProposalLine(e, no, n, labels.department(dep, d), int(a), int(i), int(p))
             for e, no, n, dep, d, a, i, p in session.execute(query)]
    return sorted(lines, key=lambda ln: (-ln.points, ln.full_name, ln.employee_id))


# --- wallboard standings ------------------------------------------------------------------

@dataclass(frozen=True)
class DepartmentStanding:
    department_id: int
    name: str
    points: int
    wins: int
    losses: int
    people: int  # distinct people with a point movement in the month


@dataclass(frozen=True)
class PersonStanding:
    employee_id: int
    full_name: str
    department_name: str  # the person's current department
    points: int
    wins: int
    losses: int
    full_name_en: str | None = None  # the English name, where the directory has one


def department_standings(session: Session, config: Config, month: str) -> list[DepartmentStanding]:
    """Points, wins and losses per department in the month, best first."""
    parse_month(month)
    rows = session.execute(
        select(PointsEntry.department_id, Department.name, func.sum(PointsEntry.delta), _WIN,
               _LOSS, func.count(distinct(PointsEntry.employee_id)))
        .join(Department, Department.id == PointsEntry.department_id)
        .where(PointsEntry.month == month)
        .group_by(PointsEntry.department_id, Department.name)).all()
    labels = plant_labels(session)  # a head office's two plants' "Склад" told apart
    standings = [DepartmentStanding(d, labels.department(d, name), int(p), int(w), int(lo),
                                    int(n))
                 for d, name, p, w, lo, n in rows]
    standings.sort(key=lambda s: (-s.points, -s.wins, s.name.casefold()))
    return standings


def top_movers(session: Session, config: Config, month: str,
               limit: int = 5) -> list[PersonStanding]:
    """The people who gained the most points in the month (ties: more wins first)."""
    parse_month(month)
    total = func.sum(PointsEntry.delta)
    wins = _WIN
    rows = session.execute(
        select(PointsEntry.employee_id, Employee.full_name, Department.id, Department.name,
               total, wins, _LOSS)
        .join(Employee, Employee.id == PointsEntry.employee_id)
        .join(Department, Department.id == Employee.department_id)
        .where(PointsEntry.month == month)
        .group_by(PointsEntry.employee_id, Employee.full_name, Department.id, Department.name)
        .having(total > 0)
        .order_by(total.desc(), wins.desc(), Employee.full_name, PointsEntry.employee_id)
        .limit(limit)).all()
    labels = plant_labels(session)
    return [PersonStanding(e, name, labels.department(dep_id, dep), int(p), int(w), int(lo))
            for e, name, dep_id, dep, p, w, lo in rows]


def person_standings(session: Session, config: Config, month: str, limit: int = 3
                     ) -> tuple[list[PersonStanding], list[PersonStanding]]:
    """The wallboard's person standings of the month: the most points gained and the most
    lost, counting only people of departments where at least k people moved points that
    month (in a department of two, the wall would single one of them out)."""
    parse_month(month)
    k = config.site.k_anonymity
    crowded = (select(PointsEntry.department_id).where(PointsEntry.month == month)
               .group_by(PointsEntry.department_id)
               .having(func.count(distinct(PointsEntry.employee_id)) >= k))
    total = func.sum(PointsEntry.delta)
    rows = session.execute(
        select(PointsEntry.employee_id, Employee.full_name, Department.id, Department.name,
               total, _WIN, _LOSS, Employee.full_name_en)
        .join(Employee, Employee.id == PointsEntry.employee_id)
        .join(Department, Department.id == PointsEntry.department_id)
        .where(PointsEntry.month == month, PointsEntry.department_id.in_(crowded))
        .group_by(PointsEntry.employee_id, Employee.full_name, Department.id,
                  Department.name, Employee.full_name_en)).all()
    labels = plant_labels(session)
    people = [PersonStanding(e, name, labels.department(dep_id, dep), int(p), int(w), int(lo),
                             name_en)
              for e, name, dep_id, dep, p, w, lo, name_en in rows]
    gained = sorted((p for p in people if p.points > 0),
                    key=lambda p: (-p.points, -p.wins, p.full_name, p.employee_id))[:limit]
    lost = sorted((p for p in people if p.points < 0),
                  key=lambda p: (p.points, -p.losses, p.full_name, p.employee_id))[:limit]
    return gained, lost


def regulations_flagged_now(session: Session) -> list[FlaggedRegulation]:
    """Regulations flagged for revision (and not yet revised), with the disputes that flagged
    them, as plain data (for the wallboard's disputes slide)."""
    rows = session.execute(
        select(Regulation.code, Regulation.title, Regulation.url, Dispute.id, Dispute.state)
        .outerjoin(Dispute, (Dispute.regulation_id == Regulation.id)
                   & Dispute.state.in_(("both_right", "both_wrong")))
        .where(Regulation.needs_revision.is_(True))
        .order_by(Regulation.code, Dispute.id)).all()
    grouped: dict[str, tuple[str, str | None, list[tuple[int, str]]]] = {}
    for code, title, url, dispute_id, state in rows:
        entry = grouped.setdefault(code, (title, url, []))
        if dispute_id is not None:
            entry[2].append((dispute_id, state))
    return [FlaggedRegulation(code, title, url, tuple(disputes))
            for code, (title, url, disputes) in grouped.items()]
