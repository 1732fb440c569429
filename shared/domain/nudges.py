"""Computed nudges: "your rating is dropping", "a client overtook you", the weekly reminder.

``compute_nudges(session, config, now)`` is run by the job runner every few minutes; it
computes every trigger with a few set-based queries (no query per person) and stores
each nudge once through ``add_nudges`` (``ON CONFLICT (dedup_key) DO NOTHING``), so a
re-run creates nothing. Windows are plant-local days (``shared.domain.periods``); the
period P is the last ``rating.period_days`` days *up to yesterday*: a received-score nudge
shows or betrays other people's ratings, so it uses the settled window of the kiosk's
metric 3 (``metrics.settled_period``). A rating given today moves nothing before tomorrow,
when it moves together with the rest of today's; otherwise a nudge arriving minutes after
a colleague's visit, or its ``now`` figure against the home screen's, would isolate that
one rating (differencing, SPEC 4).

* ``rating_dropping`` {now, before} -- E's received mean over P fell by at least
  ``nudges.drop_threshold`` against the equally long period before it, both windows with
  at least *k* distinct clients. Once per person and ISO week.
* ``client_overtook`` {} -- a client C of E (C rated E in P) now has the right to influence
  E (``may_influence(C, E)`` holds: both metric-3 scores public and C's higher) and did not
  have it for the window ending the day before (P moved back one day). Anonymous: the
  nudge never names C, and its key holds no client id. Once per person and ISO week.
* ``rate_reminder`` {week} -- on ``nudges.reminder_weekday`` (or a later day of the week, in
  case the jobs did not run that day), every active person who rated nobody this ISO week
  so far. Once per person and week; it stops showing once the person rated that week.

The job runner computes in a read session (``plan_nudges``: on SQLite this takes no
write lock, so kiosks keep recording ratings meanwhile) and stores the result in a
short write transaction (``store_planned``); ``ON CONFLICT`` keeps that race-free.

Proposal and supplier-alert nudges are created where those things happen
(``proposals.py``, ``alerts.py``); the kinds and the store are in ``nudge_store``.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    cast,
    distinct,
    exists,
    func,
    literal,
    not_,
    select,
)
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Employee, Nudge, Rating, RollupRaterDay, RollupSupplierDay
from shared.domain.nudge_store import (
    CLIENT_OVERTOOK,
    KINDS,
    RATE_REMINDER,
    RATING_DROPPING,
    NewNudge,
    NudgeView,
    add_nudge,
    add_nudges,
    mark_nudges_seen,
    pending_nudges,
)
from shared.domain.periods import Period, iso_week_label, last_days, local_day, previous, week_start

log = logging.getLogger(__name__)

__all__ = ["KINDS", "NewNudge", "NudgeView", "add_nudge", "add_nudges", "compute_nudges",
           "compute_nudges_detailed", "mark_nudges_seen", "pending_nudges", "plan_nudges",
           "store_planned"]


def _in(period: Period) -> ColumnElement[bool]:
    return Rating.day.between(period.start, period.end)


def _pair_windows(config: Config, current: Period, yesterday: Period):  # type: ignore[no-untyped-def]
    """Per (supplier, client): ratings and score sums in the current and yesterday's window."""
    lo, _ = Period(min(current.start, yesterday.start), current.end).utc_bounds(config.tz)
    _, hi = current.utc_bounds(config.tz)
    return (select(Rating.supplier_id, Rating.rater_id,
                   func.sum(case((_in(current), 1), else_=0)).label("n0"),
                   func.sum(case((_in(current), Rating.score), else_=0)).label("s0"),
                   func.sum(case((_in(yesterday), 1), else_=0)).label("ny"),
                   func.sum(case((_in(yesterday), Rating.score), else_=0)).label("sy"))
            .where(Rating.status == "ok", Rating.created_at >= lo, Rating.created_at < hi)
            .group_by(Rating.supplier_id, Rating.rater_id))


def _received_windows(pair):  # type: ignore[no-untyped-def]
    """Metric 3 inputs per supplier: count, sum and distinct clients of both windows."""
    return (select(pair.c.supplier_id.label("emp"),
                   func.sum(pair.c.n0).label("n0"), func.sum(pair.c.s0).label("s0"),
                   func.sum(case((pair.c.n0 > 0, 1), else_=0)).label("c0"),
                   func.sum(pair.c.ny).label("ny"), func.sum(pair.c.sy).label("sy"),
                   func.sum(case((pair.c.ny > 0, 1), else_=0)).label("cy"))
            .group_by(pair.c.supplier_id))


def _client_overtook(session: Session, config: Config, today: dt.date,
                     week: str) -> list[NewNudge]:
    period_days = config.rating.period_days
    # Settled windows (see the module doc): P ends yesterday, the one before it a day earlier.
    current = last_days(period_days, today - dt.timedelta(days=1))
    yesterday = last_days(period_days, today - dt.timedelta(days=2))
    k = config.site.k_anonymity
    pair = _pair_windows(config, current, yesterday).cte("pair")
    m = _received_windows(pair).cte("m")
    c, e = m.alias("c"), m.alias("e")
    ce, ee = Employee.__table__.alias("ce"), Employee.__table__.alias("ee")
    # Exact comparison of means s/n by cross-multiplication (no float rounding).
    higher_now = and_(c.c.c0 >= k, e.c.c0 >= k, c.c.s0 * e.c.n0 > e.c.s0 * c.c.n0)
    higher_before = and_(c.c.cy >= k, e.c.cy >= k, c.c.sy * e.c.ny > e.c.sy * c.c.ny)
    overtaken = session.execute(
        select(pair.c.supplier_id).distinct()
        .select_from(pair.join(c, c.c.emp == pair.c.rater_id)
                     .join(e, e.c.emp == pair.c.supplier_id)
                     .join(ce, ce.c.id == pair.c.rater_id)
                     .join(ee, ee.c.id == pair.c.supplier_id))
        .where(pair.c.n0 > 0, ce.c.active.is_(True), ee.c.active.is_(True),
               higher_now, not_(higher_before))).scalars().all()
    return [NewNudge(emp, CLIENT_OVERTOOK, {}, f"client_overtook:{emp}:{week}")
            for emp in overtaken]


def _rating_dropping(session: Session, config: Config, today: dt.date,
                     week: str) -> list[NewNudge]:
    current = last_days(config.rating.period_days, today - dt.timedelta(days=1))  # settled
    before = previous(current)
    k = config.site.k_anonymity
    threshold = config.nudges.drop_threshold
    sd = RollupSupplierDay
    now_n = func.sum(case((sd.day.between(current.start, current.end), sd.n), else_=0))
    now_s = func.sum(case((sd.day.between(current.start, current.end), sd.score_sum), else_=0))
    old_n = func.sum(case((sd.day.between(before.start, before.end), sd.n), else_=0))
    old_s = func.sum(case((sd.day.between(before.start, before.end), sd.score_sum), else_=0))
    means = session.execute(
        select(sd.supplier_id, now_n, now_s, old_n, old_s)
        .join(Employee, Employee.id == sd.supplier_id)
        .where(sd.day.between(before.start, current.end), Employee.active.is_(True))
        .group_by(sd.supplier_id)
        # Cheap filter on the rollup first: both windows rated at least k times.
        .having(and_(now_n >= k, old_n >= k))).all()
    candidates = {emp: (sn / n, so / no) for emp, n, sn, no, so in means
                  if round(so / no - sn / n, 9) >= threshold}
    if not candidates:
        return []
    ids = sorted(candidates)
    lo, hi = Period(before.start, current.end).utc_bounds(config.tz)
    clients: dict[int, tuple[int, int]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for emp, c_now, c_old in session.execute(
                select(Rating.supplier_id,
                       func.count(distinct(case((_in(current), Rating.rater_id)))),
                       func.count(distinct(case((_in(before), Rating.rater_id)))))
                .where(Rating.supplier_id.in_(chunk), Rating.status == "ok",
                       Rating.created_at >= lo, Rating.created_at < hi)
                .group_by(Rating.supplier_id)):
            clients[emp] = (c_now, c_old)
    return [NewNudge(emp, RATING_DROPPING, {"now": round(m_now, 2), "before": round(m_old, 2)},
                     f"rating_dropping:{emp}:{week}")
            for emp, (m_now, m_old) in sorted(candidates.items())
            if min(clients.get(emp, (0, 0))) >= k]


def _rate_reminders(session: Session, config: Config, today: dt.date,
                    week: str) -> list[NewNudge]:
    if not config.nudges.weekly_reminder or today.isoweekday() < config.nudges.reminder_weekday:
        return []
    key = literal("rate_reminder:", String) + cast(Employee.id, String) + literal(f":{week}",
                                                                                    String)
    rated = exists().where(RollupRaterDay.rater_id == Employee.id,
                           RollupRaterDay.day.between(week_start(today), today))
    reminded = exists().where(Nudge.dedup_key == key)
    ids = session.execute(select(Employee.id).where(Employee.active.is_(True), ~rated,
                                                    ~reminded)).scalars().all()
    return [NewNudge(emp, RATE_REMINDER, {"week": week}, f"rate_reminder:{emp}:{week}")
            for emp in ids]


def plan_nudges(session: Session, config: Config, now: dt.datetime) -> dict[str, list[NewNudge]]:
    """Every computed trigger, by kind; reads only (nudges already stored are left out
    where that is cheap; ``add_nudges`` drops the rest by their keys)."""
    today = local_day(now, config.tz)
    week = iso_week_label(today)
    return {RATING_DROPPING: _rating_dropping(session, config, today, week),
            CLIENT_OVERTOOK: _client_overtook(session, config, today, week),
            RATE_REMINDER: _rate_reminders(session, config, today, week)}


def store_planned(session: Session, planned: dict[str, list[NewNudge]],
                  now: dt.datetime) -> dict[str, int]:
    """Store planned nudges; how many of each kind were new."""
    return {kind: add_nudges(session, items, now) for kind, items in planned.items()}


def compute_nudges_detailed(session: Session, config: Config,
                            now: dt.datetime) -> dict[str, int]:
    """Compute and store in one session; returns how many nudges of each kind were created."""
    created = store_planned(session, plan_nudges(session, config, now), now)
    log.info("nudges computed for %s: %s", now.isoformat(), created)
    return created


def compute_nudges(session: Session, config: Config, now: dt.datetime) -> int:
    """Compute and store the triggered nudges; the number created (0 on a re-run)."""
    return sum(compute_nudges_detailed(session, config, now).values())
