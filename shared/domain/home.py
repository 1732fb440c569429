"""Everything the kiosk's home screen shows after a badge tap, in two statements.

The home screen shows the three metrics (no weekly trend), the streak, the unseen nudges and
how many disputes and proposals wait for the person. Each is a domain function of its own
(``employee_metrics``, ``streak_and_week``, ``pending_nudges``); run one by one they cost
up to eight round trips on PostgreSQL, which under load decide the time of a badge tap.
Here they are two:

1. one ``UNION ALL`` of the metric sums (``metrics.TOTALS_SELECTS``), the person's rating
   days of the last ``RATED_DAYS_WINDOW`` days (per-rater rollup: the streak, this week's
   count, and whether a week's reminder is still true), and the two waiting counts;
2. the unseen nudges.

The figures are those of the separate functions (tested on both databases). A streak
longer than the window is counted again by ``streak_and_week``; a reminder of a week before
the window is checked by its own query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Date,
    Integer,
    bindparam,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Dispute, Proposal, RollupRaterDay
from shared.domain.metrics import (
    TOTALS_SELECTS,
    EmployeeMetrics,
    Streak,
    Totals,
    metric_periods,
    metrics_of,
    metrics_params,
    streak_and_week,
    streak_of,
)
from shared.domain.nudge_store import NudgeView, RatedDays, pending_nudges
from shared.domain.periods import Period, local_today

__all__ = ["HomeFigures", "home_figures", "RATED_DAYS_WINDOW"]

# Days of rating history read with the metrics: a streak within it needs no other query.
RATED_DAYS_WINDOW = 62

_RD = RollupRaterDay.__table__.c
_DI = Dispute.__table__.c
_PR = Proposal.__table__.c
_ZERO = literal(0)
# Disputes waiting for the person: open ones they can still answer (the deadline job may not
# have run since the deadline passed; the list screen shows the same ones), escalated ones
# they arbitrate (disjoint states, so two index lookups add up to the count of either).
_DISPUTES = (select(func.count()).where(_DI.respondent_id == bindparam("e"),
                                        _DI.state == "open",
                                        _DI.deadline_at > bindparam("now")).scalar_subquery()
             + select(func.count()).where(_DI.arbiter_id == bindparam("e"),
                                          _DI.state == "escalated").scalar_subquery())
# Proposals to decide: pending, or invited to discuss (still open for a decision).
_PROPOSALS = select(func.count()).where(_PR.decider_id == bindparam("e"),
                                        _PR.status.in_(("pending", "discuss"))
                                        ).scalar_subquery()
# Decisions on the person's own proposals they may still reply to (once each).
_ANSWERS = select(func.count()).where(_PR.client_id == bindparam("e"),
                                      _PR.status != "pending",
                                      _PR.client_reply.is_(None)).scalar_subquery()
# kind 0-2 and 5: the metric sums; 3: one row per rating day from ``since`` (day, n); 4: the
# waiting disputes (n), proposals to decide (total) and answers to reply to (happy).
_HOME: CompoundSelect[Any] = union_all(
    *TOTALS_SELECTS,
    select(literal(3), cast(null(), Integer), _RD.day, _RD.n, _ZERO, _ZERO)
    .where(_RD.rater_id == bindparam("e"), _RD.day >= bindparam("since")),
    select(literal(4), cast(null(), Integer), cast(null(), Date), _DISPUTES, _PROPOSALS,
           _ANSWERS),
)


@dataclass(frozen=True)
class HomeFigures:
    metrics: EmployeeMetrics  # ``trend`` is empty: the home screen shows none
    streak: Streak
    nudges: list[NudgeView]
    disputes_pending: int
    proposals_pending: int
    answers_to_reply: int = 0  # decisions on the person's proposals not replied to yet


def home_figures(session: Session, config: Config, employee_id: int,
                 today: dt.date | None = None, period: Period | None = None,
                 nudge_limit: int = 5, now: dt.datetime | None = None) -> HomeFigures:
    """The home screen of one person: ``employee_metrics(..., trend=False)``,
    ``streak_and_week``, ``pending_nudges`` and the waiting dispute and proposal counts
    (open disputes while their deadline is after ``now``; default: the start of ``today``)."""
    today = today or local_today(config.tz)
    if now is None:
        now = dt.datetime.combine(today, dt.time(0), tzinfo=config.tz).astimezone(dt.UTC)
    period, others = metric_periods(config, period, today)
    since = today - dt.timedelta(days=RATED_DAYS_WINDOW)
    totals = Totals()
    days: list[tuple[dt.date, int]] = []
    disputes = proposals = answers = 0
    for kind, who, day, n, total, happy in session.execute(
            _HOME, {**metrics_params(config, employee_id, period, others), "since": since,
                    "now": now}):
        if kind == 3:
            days.append((dt.date.fromisoformat(day) if isinstance(day, str) else day, int(n)))
        elif kind == 4:
            disputes, proposals, answers = int(n), int(total), int(happy)
        else:
            totals.add(kind, who, n, total, happy)
    streak, stopped_at = streak_of(days, today)
    if stopped_at < since:  # the streak goes back beyond the days read
        streak = streak_and_week(session, config, employee_id, today=today)
    nudges = pending_nudges(session, employee_id, nudge_limit,
                            rated_days=RatedDays(since, frozenset(d for d, _n in days)))
    return HomeFigures(metrics_of(config, employee_id, period, others, totals), streak, nudges,
                       disputes, proposals, answers)
