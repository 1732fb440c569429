"""Benchmark of the dispute-deadline job: expire a backlog of N overdue disputes.

Builds a fresh database (SQLite file in /tmp, or --db URL, dropped and rebuilt) with a small
plant and N disputes whose answer deadline has passed, each with its "opened" event and
audit entry (a real hash chain); then times ``run_dispute_deadlines`` (the `pulse jobs run`
entry) and a second run (which must change nothing), and checks the audit chain and the
points. The lower bound is the same rows written with hand-made SQL in one transaction on
an identical second database: one ``UPDATE .. RETURNING``, the events, 2N ledger rows, 2N
nudges and N chained audit entries (hashes computed in Python), executemany each.

    python bench/disputes.py --disputes 1000
    python bench/disputes.py --disputes 1000 --db postgresql+psycopg://postgres@127.0.0.1/bench_disputes
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, text, update  # noqa: E402

from shared import audit  # noqa: E402
from shared.config import load_config  # noqa: E402
from shared.db import open_database  # noqa: E402
from shared.db.models import (  # noqa: E402
    AuditEntry,
    Department,
    Dispute,
    DisputeEvent,
    Employee,
    Nudge,
    PointsEntry,
    Regulation,
)
from shared.domain.dispute_deadlines import run_dispute_deadlines  # noqa: E402
from shared.domain.points import month_of  # noqa: E402
from shared.ids import uuid7  # noqa: E402

NOW = dt.datetime(2026, 3, 16, 9, 0, tzinfo=dt.UTC)


def fresh_url(url: str | None, suffix: str) -> str:
    if url is None:
        return f"sqlite:///{tempfile.mkdtemp(prefix='pulse-bench-')}/disputes-{suffix}.db"
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    target = make_url(url).set(database=f"{make_url(url).database}_{suffix}")
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    return target.render_as_string(hide_password=False)


def build(db, n: int, employees: int = 400) -> None:  # type: ignore[no-untyped-def]
    """A plant of ``employees`` people and ``n`` disputes opened 10 days before NOW."""
    opened = NOW - dt.timedelta(days=10)
    with db.write() as s:
        s.execute(insert(Department), [dict(name=f"Dept {i}") for i in range(20)])
        deps = list(s.execute(select(Department.id)).scalars())
        s.execute(insert(Employee), [dict(personnel_no=f"{i:06d}", full_name=f"Person {i}",
                                          department_id=deps[i % len(deps)])
                                     for i in range(employees)])
        people = list(s.execute(select(Employee.id).order_by(Employee.id)).scalars())
        s.add(Regulation(code="РГ-001", title="Regulation", active=True))
        s.flush()
        reg = s.execute(select(Regulation.id)).scalar_one()
        rows = []
        for i in range(n):
            a, b = people[i % len(people)], people[(i * 7 + 1) % len(people)]
            if a == b:
                b = people[(i + 1) % len(people)]
            rows.append(dict(uuid=uuid7(), initiator_id=a, respondent_id=b, regulation_id=reg,
                             description=f"What happened #{i}", state="open",
                             opened_at=opened, deadline_at=opened + dt.timedelta(days=7)))
        s.execute(insert(Dispute), rows)
        disputes = s.execute(select(Dispute.id, Dispute.initiator_id, Dispute.respondent_id,
                                    Dispute.deadline_at).order_by(Dispute.id)).all()
        s.execute(insert(DisputeEvent), [
            dict(dispute_id=d, actor_id=a, kind="opened", from_state=None, to_state="open",
                 at=opened, details={"respondent_id": r}) for d, a, r, _ in disputes])
        audit.record_many(s, [
            audit.NewEntry(actor=f"employee:{a}", action="dispute.opened", at=opened, details={
                "dispute_id": d, "from": None, "to": "open", "respondent_id": r,
                "regulation": "РГ-001", "deadline_at": deadline.isoformat()})
            for d, a, r, deadline in disputes])


def raw_lower_bound(db, config) -> int:  # type: ignore[no-untyped-def]
    """The same rows the job writes, by hand-written SQL (no checks, no ORM): the floor."""
    month = month_of(NOW, config.tz)
    with db.write() as s:
        done = s.execute(update(Dispute).where(Dispute.state == "open", Dispute.deadline_at <= NOW)
                         .values(state="expired", resolved_at=NOW)
                         .returning(Dispute.id, Dispute.initiator_id, Dispute.respondent_id,
                                    Dispute.deadline_at)).all()
        done.sort()
        dep = dict(s.execute(select(Employee.id, Employee.department_id)).all())
        s.execute(insert(DisputeEvent), [
            dict(dispute_id=d, actor_id=None, kind="expired", from_state="open",
                 to_state="expired", at=NOW, details={"deadline_at": dl.isoformat()})
            for d, _, _, dl in done])
        ledger, nudges = [], []
        for d, a, r, _ in done:
            for emp, delta in ((a, 1), (r, -1)):
                ledger.append(dict(employee_id=emp, department_id=dep[emp], month=month,
                                   delta=delta, cause="dispute_expired", dispute_id=d,
                                   dedup_key=f"dispute:{d}:{emp}", created_at=NOW))
                nudges.append(dict(employee_id=emp, kind="dispute_verdict",
                                   params={"dispute_id": d, "state": "expired", "points": delta},
                                   dedup_key=f"dispute_verdict:{d}:{emp}", created_at=NOW))
        s.execute(insert(PointsEntry), ledger)
        s.execute(insert(Nudge), nudges)
        prev = s.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
                         ).scalar_one()
        rows = []
        for d, _, _, dl in done:
            details = json.loads(json.dumps({"dispute_id": d, "from": "open", "to": "expired",
                                             "deadline_at": dl.isoformat()}))
            h = audit._digest(prev, NOW, "system", "dispute.expired", details)
            rows.append(dict(at=NOW, actor="system", action="dispute.expired", details=details,
                             prev_hash=prev, hash=h))
            prev = h
        s.execute(insert(AuditEntry), rows)
    return len(done)


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--disputes", type=int, default=1000)
    parser.add_argument("--db", help="PostgreSQL URL (a database <name>_job and <name>_raw are "
                                     "dropped and created); default: SQLite files in /tmp")
    args = parser.parse_args()
    config = load_config()
    n = args.disputes
    job_db = open_database(fresh_url(args.db, "job"), upgrade=True)
    raw_db = open_database(fresh_url(args.db, "raw"), upgrade=True)
    build(job_db, n)
    build(raw_db, n)

    w0, c0 = time.perf_counter(), cpu()
    result = run_dispute_deadlines(job_db, config, NOW)
    w1, c1 = time.perf_counter(), cpu()
    again = run_dispute_deadlines(job_db, config, NOW)
    w2, c2 = time.perf_counter(), cpu()
    raw_n = raw_lower_bound(raw_db, config)
    w3, c3 = time.perf_counter(), cpu()

    assert result["expired"] == n and raw_n == n, (result, raw_n)
    assert not any(again.values()), again
    with job_db.read() as s:
        problems = audit.verify(s)
        points = s.execute(select(func.sum(PointsEntry.delta), func.count())).one()
        events = s.scalar(select(func.count()).select_from(DisputeEvent)
                          .where(DisputeEvent.kind == "expired"))
    assert not problems, problems[:3]
    assert tuple(points) == (0, 2 * n) and events == n, (points, events)

    job, raw = w1 - w0, w3 - w2
    per = 1000 / n
    print(f"{n} overdue disputes on {job_db.dialect}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"job: {job:.2f} s wall ({job * per:.2f} s per 1,000), {c1 - c0:.2f} s CPU in-process; "
          f"second run {w2 - w1:.2f} s, changed nothing")
    print(f"raw-SQL lower bound: {raw:.2f} s wall ({raw * per:.2f} s per 1,000), "
          f"{c3 - c2:.2f} s CPU in-process; ratio job / raw = {job / raw:.1f}")
    print(f"audit chain verified ({n} expiries), points sum 0 over {2 * n} ledger rows")


if __name__ == "__main__":
    main()
