"""Storing and reading nudges: kind + params, deduplicated by a unique key (re-runs add nothing).

Every producer of nudges (the nudge job, proposals, supplier alerts, disputes) writes
through ``add_nudges``: an ``INSERT ... ON CONFLICT (dedup_key) DO NOTHING`` so the
same trigger computed twice, or by two job runs at once, is stored once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.codes import (  # with the other codes the configuration names
    CLIENT_OVERTOOK as CLIENT_OVERTOOK,
)
from shared.codes import (
    DISPUTE_DAYS_LEFT as DISPUTE_DAYS_LEFT,
)
from shared.codes import (
    DISPUTE_ESCALATED as DISPUTE_ESCALATED,
)
from shared.codes import (
    DISPUTE_OPENED as DISPUTE_OPENED,
)
from shared.codes import (
    DISPUTE_VERDICT as DISPUTE_VERDICT,
)
from shared.codes import (
    KINDS as KINDS,
)
from shared.codes import (
    OFFLINE_REFUSED as OFFLINE_REFUSED,
)
from shared.codes import (
    POINTS_SUMMARY as POINTS_SUMMARY,
)
from shared.codes import (
    PROPOSAL_DECIDED as PROPOSAL_DECIDED,
)
from shared.codes import (
    PROPOSAL_DISCUSS as PROPOSAL_DISCUSS,
)
from shared.codes import (
    PROPOSAL_RECEIVED as PROPOSAL_RECEIVED,
)
from shared.codes import (
    PROPOSAL_REPLY as PROPOSAL_REPLY,
)
from shared.codes import (
    RATE_REMINDER as RATE_REMINDER,
)
from shared.codes import (
    RATING_DROPPING as RATING_DROPPING,
)
from shared.codes import (
    SUPPLIER_ALERT as SUPPLIER_ALERT,
)
from shared.db.models import Nudge, RollupRaterDay

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewNudge:
    """A nudge to store; ``dedup_key`` says what makes it the same nudge on a re-run."""

    employee_id: int
    kind: str
    params: dict[str, Any]
    dedup_key: str


@dataclass(frozen=True)
class NudgeView:
    """A stored nudge as the kiosk shows it."""

    id: int
    kind: str
    params: dict[str, Any]
    created_at: dt.datetime


# Read on every badge tap: built once (a Core statement with bound parameters).
_PENDING = (select(Nudge.id, Nudge.kind, Nudge.params, Nudge.created_at)
            .where(Nudge.employee_id == bindparam("e"), Nudge.seen_at.is_(None))
            .order_by(Nudge.created_at.desc(), Nudge.id.desc()).limit(bindparam("n")))


def add_nudges(session: Session, nudges: Iterable[NewNudge], now: dt.datetime) -> int:
    """Store nudges whose key is new; return how many were created."""
    items = sorted(nudges, key=lambda n: n.dedup_key)
    if not items:
        return 0
    for item in items:
        if item.kind not in KINDS:
            raise ValueError(f"unknown nudge kind {item.kind!r}")
    # Sorted keys: two concurrent runs take the unique-index locks in the same order.
    rows = [dict(employee_id=n.employee_id, kind=n.kind, params=n.params, dedup_key=n.dedup_key,
                 created_at=now) for n in items]
    dialect = session.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Nudge)
    stmt = ins.on_conflict_do_nothing(index_elements=["dedup_key"]).returning(Nudge.id)
    created = 0
    for start in range(0, len(rows), 1000):
        created += len(session.execute(stmt, rows[start:start + 1000]).all())
    return created


def add_nudge(session: Session, *, employee_id: int, kind: str, params: dict[str, Any],
              dedup_key: str, now: dt.datetime) -> bool:
    """Store one nudge unless its key exists; True when it was created."""
    return add_nudges(session, [NewNudge(employee_id, kind, params, dedup_key)], now) == 1


@dataclass(frozen=True)
class RatedDays:
    """The plant-local days on which one person rated (rows of the per-rater rollup), known
    for every day from ``since`` on: lets ``pending_nudges`` answer without a query."""

    since: dt.date
    days: frozenset[dt.date]


def _rated_in_week(session: Session, employee_id: int, week: str,
                   known: RatedDays | None = None) -> bool:
    try:
        year, number = int(week[:4]), int(week[6:])
        monday = dt.date.fromisocalendar(year, number, 1)
    except ValueError:
        return False
    sunday = monday + dt.timedelta(days=6)
    if known is not None and monday >= known.since:
        return any(monday <= d <= sunday for d in known.days)
    return session.execute(
        select(RollupRaterDay.day).where(
            RollupRaterDay.rater_id == employee_id,
            RollupRaterDay.day.between(monday, sunday)).limit(1)
    ).first() is not None


def pending_nudges(session: Session, employee_id: int, limit: int = 5, *,
                   rated_days: RatedDays | None = None) -> list[NudgeView]:
    """Unseen nudges of one person, newest first.

    A weekly reminder to rate is left out once the person rated in that week: it would
    tell them something that is no longer true (``rated_days``, when given, answers that
    for the weeks it covers).
    """
    rows = session.execute(_PENDING, {"e": employee_id, "n": limit + 1}).all()
    views = [NudgeView(r.id, r.kind, dict(r.params or {}), r.created_at) for r in rows
             if r.kind != RATE_REMINDER
             or not _rated_in_week(session, employee_id, str((r.params or {}).get("week", "")),
                                   rated_days)]
    return views[:limit]


def mark_nudges_seen(session: Session, ids: Sequence[int], now: dt.datetime,
                     employee_id: int | None = None) -> int:
    """Mark nudges as seen (only unseen ones, optionally only that person's); return how many."""
    if not ids:
        return 0
    stmt = update(Nudge).where(Nudge.id.in_(list(ids)), Nudge.seen_at.is_(None))
    if employee_id is not None:
        stmt = stmt.where(Nudge.employee_id == employee_id)
    result = session.execute(stmt.values(seen_at=now))
    return int(getattr(result, "rowcount", 0) or 0)
