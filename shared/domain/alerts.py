"""Supplier alerts: a department head is told when many recent ratings of their people are 1-2.

The rule (SPEC 9, as HappyOrNot does for its terminals), over the ratings of the
department's people (the supplier's department at the moment of the rating) in the
sliding window of ``alerts.window_hours`` ending now:

* **open** when the window holds at least ``alerts.min_ratings`` ratings and at least
  ``alerts.low_share`` of them are 1-2;
* **close** (the episode is over) when the results recovered: the window holds at least
  ``min_ratings`` ratings and fewer than ``low_share`` of them are low, or no low rating
  is left in the window at all. A quiet window that still holds the bad ratings keeps
  the alert open.
* **never re-raised for the same episode**: while an alert is open, ``open_key`` (unique,
  = the department id) blocks a second one; after it closed, a new alert also needs a low
  rating that arrived after the close, so ratings that were already counted cannot open
  an alert again as the window slides.

Opening an alert creates a ``supplier_alert`` nudge for the department head (or, when
the department has none, the head of the nearest parent department that has one).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Department, Employee, Rating, SupplierAlert
from shared.domain.nudge_store import SUPPLIER_ALERT, NewNudge, add_nudges

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AlertChanges:
    """What one evaluation changed."""

    opened: list[int]   # alert ids
    closed: list[int]


def _is_low(n: int, n_low: int, config: Config) -> bool:
    """At least ``min_ratings`` ratings, at least ``low_share`` of them 1-2."""
    share = config.alerts.low_share
    return n >= config.alerts.min_ratings and n_low >= math.ceil(share * n - 1e-9)


def _recovered(n: int, n_low: int, config: Config) -> bool:
    if n_low == 0:
        return True
    return n >= config.alerts.min_ratings and not _is_low(n, n_low, config)


def department_head(departments: dict[int, tuple[int | None, int | None]],
                    active: set[int], department_id: int) -> int | None:
    """The department's active head, else the nearest parent's (cycles are cut)."""
    seen: set[int] = set()
    current: int | None = department_id
    while current is not None and current not in seen:
        seen.add(current)
        parent_id, head_id = departments.get(current, (None, None))
        if head_id is not None and head_id in active:
            return head_id
        current = parent_id
    return None


def window_stats(session: Session, config: Config, now: dt.datetime,
                 since: dt.datetime | None = None) -> dict[int, tuple[int, int]]:
    """Per supplier department: (ratings, low ratings) in the window ending at ``now``.

    With ``since``, only ratings created after it count (used for the re-raise rule).
    """
    start = now - dt.timedelta(hours=config.alerts.window_hours)
    if since is not None and since > start:
        start = since
    low = func.sum(case((Rating.score <= 2, 1), else_=0))
    rows = session.execute(
        select(Rating.supplier_department_id, func.count(), low)
        .where(Rating.status == "ok", Rating.created_at > start, Rating.created_at <= now)
        .group_by(Rating.supplier_department_id)).all()
    return {dep: (int(n), int(n_low or 0)) for dep, n, n_low in rows}


def evaluate_alerts(session: Session, config: Config, now: dt.datetime) -> AlertChanges:
    """Open and close alerts for the window ending at ``now``; safe to repeat."""
    stats = window_stats(session, config, now)
    open_alerts = {a.department_id: a for a in session.execute(
        select(SupplierAlert).where(SupplierAlert.open_key.is_not(None))).scalars()}

    closed: list[int] = []
    for dep_id, alert in open_alerts.items():
        n, n_low = stats.get(dep_id, (0, 0))
        if _recovered(n, n_low, config):
            alert.closed_at = now
            alert.open_key = None
            closed.append(alert.id)
            log.info("supplier alert %s closed: department %s recovered (%s of %s low)",
                     alert.id, dep_id, n_low, n)
    session.flush()

    candidates = [dep for dep, (n, n_low) in stats.items()
                  if dep not in open_alerts and _is_low(n, n_low, config)]
    if not candidates:
        return AlertChanges([], closed)

    last_closed = dict(session.execute(
        select(SupplierAlert.department_id, func.max(SupplierAlert.closed_at))
        .where(SupplierAlert.department_id.in_(candidates),
               SupplierAlert.closed_at.is_not(None))
        .group_by(SupplierAlert.department_id)).all())
    departments = {d.id: (d.parent_id, d.head_id) for d in session.execute(
        select(Department.id, Department.parent_id, Department.head_id)).all()}
    heads = {h for _, h in departments.values() if h is not None}
    active = set(session.execute(
        select(Employee.id).where(Employee.id.in_(heads), Employee.active.is_(True))).scalars()
    ) if heads else set()

    dialect = session.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(SupplierAlert)
    opened: list[int] = []
    nudges: list[NewNudge] = []
    for dep_id in sorted(candidates):
        n, n_low = stats[dep_id]
        closed_at = last_closed.get(dep_id)
        if closed_at is not None:
            # Same episode unless a low rating arrived after the last alert closed.
            _, fresh_low = window_stats(session, config, now, since=closed_at).get(dep_id, (0, 0))
            if fresh_low == 0:
                continue
        head_id = department_head(departments, active, dep_id)
        alert_id = session.execute(
            ins.values(department_id=dep_id, head_id=head_id, opened_at=now, n_ratings=n,
                       n_low=n_low, open_key=dep_id)
            .on_conflict_do_nothing(index_elements=["open_key"])
            .returning(SupplierAlert.id)).scalar_one_or_none()
        if alert_id is None:  # another run opened it a moment ago
            continue
        opened.append(alert_id)
        log.info("supplier alert %s opened for department %s (%s of %s low)",
                 alert_id, dep_id, n_low, n)
        if head_id is not None:
            nudges.append(NewNudge(head_id, SUPPLIER_ALERT,
                                   {"department_id": dep_id, "n": n, "n_low": n_low},
                                   f"supplier_alert:{alert_id}"))
    add_nudges(session, nudges, now)
    return AlertChanges(opened, closed)


def open_alerts(session: Session) -> list[SupplierAlert]:
    """Alerts currently open, oldest first (for the wallboard and the status command)."""
    return list(session.execute(select(SupplierAlert).where(SupplierAlert.open_key.is_not(None))
                                .order_by(SupplierAlert.opened_at)).scalars())

