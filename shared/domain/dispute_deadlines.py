"""The dispute-deadline job: expire unanswered disputes, remind respondents and arbiters, and
send last month's points summary. Idempotent: a second run at the same time changes nothing."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import func, select, update

from shared.config import Config
from shared.db import Database
from shared.db.models import Dispute, Employee, PointsEntry
from shared.domain.disputes import expire_overdue, find_arbiter, log_event
from shared.domain.nudge_store import NewNudge, add_nudges
from shared.domain.points import add_nudge, month_of, previous_month

log = logging.getLogger(__name__)

DAY = dt.timedelta(days=1)


def _respondent_reminders(session: Any, config: Config, now: dt.datetime) -> int:
    """One "N days left" nudge per threshold reached (only the tightest one if several)."""
    thresholds = sorted(d for d in config.disputes.remind_days_left
                        if 0 < d < config.disputes.answer_days)
    if not thresholds:
        return 0
    rows = session.execute(
        select(Dispute.id, Dispute.respondent_id, Dispute.deadline_at)
        .where(Dispute.state == "open", Dispute.deadline_at > now,
               Dispute.deadline_at <= now + thresholds[-1] * DAY)).all()
    nudges = []
    for dispute_id, respondent_id, deadline_at in rows:
        left = deadline_at - now
        days = next(d for d in thresholds if left <= d * DAY)
        nudges.append(NewNudge(respondent_id, "dispute_days_left",
                               {"dispute_id": dispute_id, "days": days},
                               f"dispute_days_left:{dispute_id}:{days}"))
    return add_nudges(session, nudges, now)


def _arbiter_reminders(session: Any, config: Config, now: dt.datetime) -> tuple[int, int]:
    """Re-route escalations whose arbiter left; remind arbiters every ``escalation_remind_days``."""
    period = config.disputes.escalation_remind_days
    rerouted = 0
    reminders: list[NewNudge] = []
    disputes = session.execute(select(Dispute).where(Dispute.state == "escalated")
                               .order_by(Dispute.id)).scalars().all()
    # The arbiters in one query (not one lookup per escalation).
    active = dict(session.execute(
        select(Employee.id, Employee.active).where(Employee.id.in_(
            select(Dispute.arbiter_id).where(Dispute.state == "escalated")))).all())
    for dispute in disputes:
        if not active.get(dispute.arbiter_id or 0, False):
            new_id = find_arbiter(session, dispute)
            if new_id is not None and new_id != dispute.arbiter_id:
                session.execute(update(Dispute).where(Dispute.id == dispute.id,
                                                      Dispute.state == "escalated")
                                .values(arbiter_id=new_id)
                                .execution_options(synchronize_session=False))
                log_event(session, dispute, actor_id=None, kind="reassigned",
                     from_state="escalated", to_state="escalated", at=now,
                     details={"from_arbiter_id": dispute.arbiter_id, "arbiter_id": new_id})
                session.refresh(dispute)
                add_nudge(session, employee_id=new_id, kind="dispute_escalated",
                          params={"dispute_id": dispute.id},
                          dedup_key=f"dispute_escalated:{dispute.id}:{new_id}", at=now)
                rerouted += 1
        if dispute.arbiter_id is None or dispute.escalated_at is None:
            continue
        waited = (now - dispute.escalated_at) // DAY
        if waited >= period:
            step = waited // period * period
            reminders.append(NewNudge(dispute.arbiter_id, "dispute_escalated",
                                      {"dispute_id": dispute.id, "waiting_days": step},
                                      f"dispute_escalated:{dispute.id}:waiting:{step}"))
    return add_nudges(session, reminders, now), rerouted


def _points_summaries(session: Any, config: Config, now: dt.datetime) -> int:
    """Last month's points, to everyone who had a movement then (once per person and month)."""
    month = previous_month(month_of(now, config.tz))
    rows = session.execute(
        select(PointsEntry.employee_id, func.sum(PointsEntry.delta))
        .where(PointsEntry.month == month).group_by(PointsEntry.employee_id)).all()
    return add_nudges(session, [NewNudge(employee_id, "points_summary",
                                         {"month": month, "points": int(points)},
                                         f"points_summary:{month}:{employee_id}")
                                for employee_id, points in rows], now)


def run_dispute_deadlines(db: Database, config: Config,
                          now: dt.datetime | None = None) -> dict[str, int]:
    """Run the whole job; returns counts of what it did (all zero on an immediate re-run)."""
    now = now or dt.datetime.now(dt.UTC)
    with db.write() as session:
        expired = expire_overdue(session, config, now=now)
    with db.write() as session:
        days_left = _respondent_reminders(session, config, now)
        arbiter, rerouted = _arbiter_reminders(session, config, now)
        summaries = _points_summaries(session, config, now)
    result = {"expired": len(expired), "days_left_reminders": days_left,
              "arbiter_reminders": arbiter, "rerouted": rerouted,
              "points_summaries": summaries}
    log.info("dispute deadlines: %s", result)
    return result
