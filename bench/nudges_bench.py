"""Benchmark of the periodic jobs at plant scale: nudges and supplier alerts over 25,000 people.

Builds a SQLite (or, with --db, any) database with N employees and R ratings per day over
the last D days (bulk insert + rollup rebuild), then times ``compute_nudges`` and
``evaluate_alerts`` on a first run and on a second run (which must create nothing).

    python bench/nudges_bench.py --employees 25000 --per-day 15000 --days 60
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select  # noqa: E402

from shared.config import load_config  # noqa: E402
from shared.db import open_database  # noqa: E402
from shared.db.models import Department, Employee, Nudge, Rating  # noqa: E402
from shared.domain.alerts import evaluate_alerts  # noqa: E402
from shared.domain.nudges import plan_nudges, store_planned  # noqa: E402
from shared.domain.rollups import rebuild_rollups  # noqa: E402
from shared.ids import uuid7  # noqa: E402


def build(db, employees: int, per_day: int, days: int, now: dt.datetime, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    tz = load_config().tz
    with db.write() as s:
        s.execute(insert(Department), [dict(name=f"Dept {i}") for i in range(250)])
        dep_ids = list(s.execute(select(Department.id)).scalars())
        s.execute(insert(Employee), [dict(personnel_no=f"{i:06d}", full_name=f"Person {i}",
                                          department_id=dep_ids[i % len(dep_ids)])
                                     for i in range(employees)])
        people = list(s.execute(select(Employee.id, Employee.department_id)).all())
    dep_of = dict(people)
    ids = [p for p, _ in people]
    suppliers = ids[: max(10, employees // 5)]
    # Each client has a handful of usual suppliers.
    usual = {c: rng.sample(suppliers, 8) for c in ids}
    quality = {sup: rng.uniform(2.5, 4.8) for sup in suppliers}
    for d in range(days, -1, -1):
        day_start = now - dt.timedelta(days=d)
        rows = []
        for _ in range(per_day):
            client = rng.choice(ids)
            sup = rng.choice(usual[client])
            if sup == client:
                continue
            at = day_start - dt.timedelta(seconds=rng.randrange(86400))
            score = max(1, min(5, round(rng.gauss(quality[sup], 0.9))))
            rows.append(dict(uuid=uuid7(int(at.timestamp() * 1000)), rater_id=client,
                             supplier_id=sup, rater_department_id=dep_of[client],
                             supplier_department_id=dep_of[sup], score=score, created_at=at,
                             day=at.astimezone(tz).date(), received_at=at, status="ok"))
        with db.write() as s:
            s.execute(insert(Rating), rows)
    with db.write() as s:
        rebuild_rollups(s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=25000)
    parser.add_argument("--per-day", type=int, default=15000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--db", help="database URL (default: a new SQLite file in /tmp)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true",
                        help="time the jobs on the database given by --db without building")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='pulse-bench-')}/bench.db"
    db = open_database(url, upgrade=True)
    config = load_config()
    now = dt.datetime(2026, 3, 16, 9, 0, tzinfo=dt.UTC)  # a Monday: reminders run too
    started = time.perf_counter()
    if not args.reuse:
        build(db, args.employees, args.per_day, args.days, now, args.seed)
    with db.read() as s:
        total = s.scalar(select(func.count()).select_from(Rating))
        people = s.scalar(select(func.count()).select_from(Employee))
    print(f"{people} employees, {total} ratings "
          f"({time.perf_counter() - started:.1f} s to build; {db.dialect})")
    for attempt in ("first", "second"):
        t0 = time.perf_counter()
        with db.read() as s:
            planned = plan_nudges(s, config, now)
        t1 = time.perf_counter()
        with db.write() as s:
            created = store_planned(s, planned, now)
        t2 = time.perf_counter()
        with db.write() as s:
            alerts = evaluate_alerts(s, config, now)
        t3 = time.perf_counter()
        print(f"{attempt} run: nudges computed in {t1 - t0:.2f} s (read session), stored in "
              f"{t2 - t1:.2f} s (write lock) {created}; supplier alerts {t3 - t2:.2f} s "
              f"(opened {len(alerts.opened)}, closed {len(alerts.closed)})")
    with db.read() as s:
        print(f"nudges stored: {s.scalar(select(func.count()).select_from(Nudge))}")


if __name__ == "__main__":
    main()
