"""The job runner behind ``pulse jobs run``: periodic work, each job in its own transaction.

``JOBS`` is a plain ordered list of ``(name, function)``; each function takes
``(db, config, now)``, opens its own unit of work (``with db.write()``) and returns a
small dict summarising what it changed. Every job is idempotent: running the list
every few minutes, or twice in a row, changes nothing the second time. Other areas
append their jobs (dispute deadlines, webhook delivery) to ``JOBS``.

A failing job is logged and reported; the jobs after it still run.

It sits above ``shared.domain`` and ``shared.integrations`` (it runs jobs of both), so the
domain never imports the integrations (the import contracts in pyproject.toml).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shared.config import Config
from shared.db import Database

log = logging.getLogger(__name__)

JobFunction = Callable[[Database, Config, dt.datetime], dict[str, Any]]


def _alerts_job(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
    from shared.domain.alerts import evaluate_alerts
    with db.write() as session:
        changes = evaluate_alerts(session, config, now)
    return {"opened": len(changes.opened), "closed": len(changes.closed)}


NUDGE_WRITE_CHUNK = 2000


def _nudges_job(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
    from shared.domain.nudges import add_nudges, plan_nudges
    # The scans run in a read session: no write lock while they take their seconds. The
    # writes go in small transactions (the weekly reminders are one per person), so a
    # kiosk recording a rating never waits long; ON CONFLICT makes a retry harmless.
    with db.read() as session:
        planned = plan_nudges(session, config, now)
    created: dict[str, Any] = {}
    for kind, items in planned.items():
        created[kind] = 0
        for start in range(0, len(items), NUDGE_WRITE_CHUNK):
            with db.write() as session:
                created[kind] += add_nudges(session, items[start:start + NUDGE_WRITE_CHUNK], now)
    return created


def _deliveries_job(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
    from shared.integrations.webhooks import deliveries_job
    return deliveries_job(db, config, now)


def _dispute_deadlines_job(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
    from shared.domain.dispute_deadlines import run_dispute_deadlines
    return dict(run_dispute_deadlines(db, config, now))


def _proposal_deciders_job(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
    from shared.domain.proposals import reroute_orphaned
    with db.write() as session:
        return {"rerouted": reroute_orphaned(session, now=now)}


def _monthly_tiers_job(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
    # The closed month's tiers, stored once the month has ended (a store made during the
    # month, by `pulse export tiers`, is provisional and done again).
    from shared.domain.monthly import closed_month
    from shared.domain.points import month_bounds
    from shared.domain.tiers import store_tiers, tiers_stored_at
    month = closed_month(now, config.tz)
    _lo, end = month_bounds(month, config.tz)
    with db.read() as session:
        stored = tiers_stored_at(session, month)
    if stored is not None and stored >= end:
        return {}
    with db.write() as session:
        rows = store_tiers(session, config, month, now=now)
    return {"month": month, "stored": len(rows)}


def _map_cells_job(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
    # The closed month's initiative map cells, stored once (the wallboard compares this
    # month with them) and stored again if a late rating reaches that month; every run
    # otherwise marks the ratings since as checked, so readers check only the newest.
    from shared.domain.map_cells import keep_map_cells
    from shared.domain.monthly import closed_month
    month = closed_month(now, config.tz)
    with db.write() as session:
        return keep_map_cells(session, config, month, now=now)


def _improved_points_job(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
    from shared.domain.monthly import (
        IMPROVED_CAUSE,
        closed_month,
        credit_most_improved,
        mark_monthly_done,
        monthly_done,
    )
    if config.programme.improved_points <= 0:
        return {}
    month = closed_month(now, config.tz)
    with db.read() as session:
        if monthly_done(session, month, IMPROVED_CAUSE) is not None:
            return {}
    with db.write() as session:
        credited = credit_most_improved(session, config, month, now)
        mark_monthly_done(session, month, IMPROVED_CAUSE, now,
                          f"{len(credited)} credited {config.programme.improved_points}")
    return {"month": month, "credited": len(credited)}


def _department_summaries_job(db: Database, config: Config,
                              now: dt.datetime) -> dict[str, Any]:
    from shared.domain.monthly import (
        closed_month,
        department_summaries,
        mark_monthly_done,
        monthly_done,
    )
    month = closed_month(now, config.tz)
    with db.read() as session:
        if monthly_done(session, month, "department_summary") is not None:
            return {}
    with db.write() as session:
        sent = department_summaries(session, config, month, now)
        mark_monthly_done(session, month, "department_summary", now, f"{sent} heads")
    return {"month": month, "heads": sent}


def _audit_head_job(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
    # Printed (and so kept in the system journal, outside the database) on every run: what
    # `pulse audit verify --expect N:DIGEST` checks the log against later.
    from shared import audit
    with db.read() as session:
        head = audit.head(session)
    log.info("audit head %s", head)
    return {"head": str(head)}


JOBS: list[tuple[str, JobFunction]] = [
    ("supplier_alerts", _alerts_job),
    ("nudges", _nudges_job),
    # The closed month's work, once (before the points summaries of dispute_deadlines, so
    # that they count the most improved suppliers' points):
    ("monthly_tiers", _monthly_tiers_job),  # its supplier tiers stored
    ("improved_points", _improved_points_job),  # its most improved suppliers' points
    ("department_summaries", _department_summaries_job),  # its points to department heads
    ("map_cells", _map_cells_job),  # its initiative map cells stored (and kept exact)
    ("dispute_deadlines", _dispute_deadlines_job),
    ("proposal_deciders", _proposal_deciders_job),  # a decider who left: the next one up
    ("deliveries", _deliveries_job),  # sends what the jobs above just created
    ("audit_head", _audit_head_job),  # last: the log's end after every job's entries
]


@dataclass
class JobResult:
    name: str
    ok: bool
    summary: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0

    def line(self) -> str:
        """One line for the console: ``nudges: ok created=3 (0.41 s)``."""
        if not self.ok:
            return f"{self.name}: FAILED {self.error} ({self.seconds:.2f} s)"
        body = " ".join(f"{k}={v}" for k, v in self.summary.items()) or "nothing to do"
        return f"{self.name}: ok {body} ({self.seconds:.2f} s)"


def run_jobs(db: Database, config: Config, now: dt.datetime | None = None,
             only: list[str] | None = None,
             jobs: list[tuple[str, JobFunction]] | None = None) -> list[JobResult]:
    """Run the jobs in order (optionally only the named ones); never stops at a failure."""
    import time
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    results: list[JobResult] = []
    for name, function in (JOBS if jobs is None else jobs):
        if only and name not in only:
            continue
        started = time.perf_counter()
        try:
            summary = function(db, config, now)
            results.append(JobResult(name, True, dict(summary or {}),
                                     seconds=time.perf_counter() - started))
        except Exception as exc:  # noqa: BLE001 - one job's failure must not stop the others
            first = failure_line(exc)
            # The caller prints the result's one line; the log says it once more only
            # with -v, and the traceback only at debug level (an SQL error's full text
            # carries the statement and its parameters: names, badges, comments).
            log.info("job %s failed: %s", name, first)
            log.debug("job %s failed", name, exc_info=True)
            results.append(JobResult(name, False, error=first,
                                     seconds=time.perf_counter() - started))
    return results


def failure_line(exc: BaseException, limit: int = 200) -> str:
    """A failure in one line without SQL or its parameters: for a database error, the
    driver's first line (``UniqueViolation: duplicate key value violates ...``)."""
    from sqlalchemy.exc import SQLAlchemyError, StatementError
    if isinstance(exc, StatementError) and exc.orig is not None:
        text = f"{type(exc.orig).__name__}: {str(exc.orig).strip()}"
    elif isinstance(exc, SQLAlchemyError):
        text = f"{type(exc).__name__}: {exc._message() if hasattr(exc, '_message') else exc}"
    else:
        text = str(exc) or type(exc).__name__
    first = (text.strip().splitlines() or [type(exc).__name__])[0]
    return first if len(first) <= limit else first[:limit - 1] + "…"


def job_names() -> list[str]:
    return [name for name, _ in JOBS]
