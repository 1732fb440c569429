"""The monthly work of ``pulse jobs run``: once per closed month, recorded in ``monthly_runs``.

* ``tiers``: the closed month's supplier tiers stored (``tiers.store_tiers``) once the month
  has ended, for the kiosk home and the web page;
* ``map_cells``: the closed month's initiative map cells stored (``map_cells.keep_map_cells``),
  which the wallboard, the kiosk and the printed map compare this month with; stored again
  when a late rating reaches the month;
* ``improved_points``: ``programme.improved_points`` to each of the month's
  ``programme.improved_suppliers`` most improved suppliers, the list the wallboard shows
  (``public.steps.stepped_improved``, the published figures), in the points ledger with the
  cause ``most_improved`` (its dedup key: once per supplier and month, whatever retries);
* ``department_summary``: each department head is sent (a nudge: the kiosk home and their
  messenger) the closed month's points of their department (points, wins, losses, as the
  wallboard's department standings count them);
* ``report``: the closed month's points report (``pulse report month``'s PDF and CSV) in
  ``disputes.report_folder`` (written by the job the command line gives the runner: the
  PDF is painted with Qt, which the domain and the runner do not import).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.codes import DEPARTMENT_SUMMARY
from shared.config import Config
from shared.db.models import Department, Employee, MonthlyRun, PointsEntry
from shared.domain.nudge_store import NewNudge, add_nudges
from shared.domain.periods import local_today, month_period
from shared.domain.points import insert_ignore
from shared.domain.public.steps import stepped_improved

__all__ = ["closed_month", "monthly_done", "mark_monthly_done", "credit_most_improved",
           "department_summaries", "IMPROVED_CAUSE"]

IMPROVED_CAUSE = "most_improved"


def closed_month(now: dt.datetime, tz: dt.tzinfo) -> str:
    """The plant-local month before the one ``now`` falls in (YYYY-MM)."""
    first = local_today(tz, now).replace(day=1)
    return (first - dt.timedelta(days=1)).strftime("%Y-%m")


def monthly_done(session: Session, month: str, work: str) -> dt.datetime | None:
    """When ``work`` was done for ``month``, or None."""
    return session.execute(select(MonthlyRun.done_at).where(
        MonthlyRun.month == month, MonthlyRun.work == work)).scalar_one_or_none()


def mark_monthly_done(session: Session, month: str, work: str, now: dt.datetime,
                      summary: str = "") -> None:
    """Record ``work`` done for ``month`` (an upsert: two job runners at once both succeed;
    on PostgreSQL the second waits on the row until the first commits)."""
    table: Table = MonthlyRun.__table__  # type: ignore[assignment]
    dialect = session.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table).values(
        month=month, work=work, done_at=now, summary=summary[:500])
    session.execute(ins.on_conflict_do_update(
        index_elements=["month", "work"],
        set_={"done_at": ins.excluded.done_at, "summary": ins.excluded.summary}))


def credit_most_improved(session: Session, config: Config, month: str,
                         now: dt.datetime) -> list[int]:
    """Credit ``programme.improved_points`` to the month's most improved suppliers (at most
    ``programme.improved_suppliers``, as the wallboard lists them); returns the ids credited
    now (a supplier already credited for the month is skipped). The entry's month is the
    month they improved in, so that month's report shows it."""
    points = config.programme.improved_points
    if points <= 0:
        return []
    chosen = stepped_improved(session, config, month_period(month),
                              limit=config.programme.improved_suppliers)
    ids = [c.score.employee_id for c in chosen]
    departments: dict[int, int] = {
        eid: dep for eid, dep in session.execute(select(Employee.id, Employee.department_id)
                                                 .where(Employee.id.in_(ids)))}
    credited = []
    for sid in ids:
        if insert_ignore(session, PointsEntry.__table__, {  # type: ignore[arg-type]
                "employee_id": sid, "department_id": departments[sid], "month": month,
                "delta": points, "cause": IMPROVED_CAUSE,
                "dedup_key": f"{IMPROVED_CAUSE}:{month}:{sid}", "created_at": now}):
            credited.append(sid)
    return credited


def department_summaries(session: Session, config: Config, month: str,
                         now: dt.datetime) -> int:
    """A ``department_summary`` nudge to the head of every department (an active person)
    with the month's points, wins and losses of the department (those of
    ``points_report.department_standings``; zero without a movement); returns how many were
    created now (once per department and month: the dedup key)."""
    from shared.domain.points_report import department_standings
    standings = {s.department_id: s for s in department_standings(session, config, month)}
    nudges = []
    for dep_id, name, name_en, head in session.execute(
            select(Department.id, Department.name, Department.name_en, Employee.id)
            .join(Employee, Employee.id == Department.head_id)
            .where(Employee.active.is_(True)).order_by(Department.id)):
        s = standings.get(dep_id)
        nudges.append(NewNudge(head, DEPARTMENT_SUMMARY, {
            "month": month, "department": name, "department_en": name_en,
            "points": s.points if s else 0, "wins": s.wins if s else 0,
            "losses": s.losses if s else 0, "people": s.people if s else 0},
            f"{DEPARTMENT_SUMMARY}:{month}:{dep_id}"))
    return add_nudges(session, nudges, now)
