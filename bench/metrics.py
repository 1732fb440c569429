"""Benchmark of the metrics and public figures on a demo database (SQLite and/or PostgreSQL).

Prints, per database, with the load average before and after:

* the kiosk home-screen set for one employee as the kiosk runs it: its home data
  (``home_figures``: the three metrics, streak, unseen nudges, waiting disputes and
  proposals -- ``KioskBackend._home_data``) and its own-suppliers list (``own_suppliers``,
  24 cards), each in its own ``db.lookup()`` session as the kiosk opens them; p50/p95 over
  N random active employees, wall time and this process's CPU time;
* the full wallboard data set for the current month (every public function), timed per
  function and in total;
* for each wallboard aggregate, one hand-written SQL query on the raw ``ratings`` table that
  computes the same means without rollups, blocks of k, anonymity or the differencing guard,
  and the ratio wallboard / raw scan. The raw scan is a *reference*, not a floor: it does less
  work than the wallboard (the published figures need the settled rollups and the k cuts), so
  a ratio under 1 here says the rollups pay off, not that a floor is wrong. The wallboard
  refresh's honest floor (the same published figures from one hand-written pass) is
  ``bench/wallboard.py``'s.

Usage (build the demo first, e.g. ``pulse --db URL demo``)::

    python bench/metrics.py --db sqlite:///demo.db --db postgresql+psycopg://postgres@/demo
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from shared.config import load_config  # noqa: E402
from shared.db import Database, open_database  # noqa: E402
from shared.db.models import Employee, Rating  # noqa: E402
from shared.domain import public  # noqa: E402
from shared.domain.departments import DepartmentTree  # noqa: E402
from shared.domain.home import home_figures  # noqa: E402
from shared.domain.periods import Period, month_period, previous  # noqa: E402
from shared.domain.suppliers import own_suppliers  # noqa: E402


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def home_screen(db: Database, config: Any, today: dt.date, n: int, seed: int
                ) -> dict[str, list[float]]:
    """What the kiosk runs for one person's home screen, as it runs it: the home data
    (``KioskBackend._home_data``: ``home_figures`` in one session) and the own-suppliers list
    (``KioskBackend.own_suppliers``, 24 cards, its own session); wall and CPU seconds."""
    with db.read() as s:
        ids = list(s.execute(select(Employee.id).where(Employee.active.is_(True))).scalars())
    rng = random.Random(seed)
    sample = rng.sample(ids, min(n, len(ids)))
    times: dict[str, list[float]] = {"home data": [], "own suppliers": [], "total": [],
                                     "total CPU": []}
    for emp in sample:
        # Between two people the kiosk's start screen refreshes the company mood in a
        # read() session (not timed): its ROLLBACK makes psycopg drop the statements it
        # prepared on that connection -- which is why the home screen reads through
        # db.lookup(), on connections of their own.
        with db.read() as s:
            public.company_mood(s, config, today)
        c0, t0 = time.process_time(), time.perf_counter()
        with db.lookup() as s:
            home_figures(s, config, emp, today=today)
        t1 = time.perf_counter()
        with db.lookup() as s:
            own_suppliers(s, emp, limit=24)
        t2 = time.perf_counter()
        times["home data"].append(t1 - t0)
        times["own suppliers"].append(t2 - t1)
        times["total"].append(t2 - t0)
        times["total CPU"].append(time.process_time() - c0)
    return times


def wallboard_set(config: Any, period: Period, today: dt.date
                  ) -> list[tuple[str, Callable[[Session], Any]]]:
    weeks_from = today - dt.timedelta(weeks=12)

    def praise(s: Session) -> Any:
        return [public.praise_comments(s, config, r.employee_id, period)
                for r in public.top_suppliers(s, config, period, 3)]

    return [
        ("top_suppliers", lambda s: public.top_suppliers(s, config, period, 10)),
        ("most_improved", lambda s: public.most_improved(s, config, period, 10)),
        ("department_scores", lambda s: public.department_scores(s, config, period)),
        ("department_matrix", lambda s: public.department_matrix(s, config, period)),
        ("weekly_trend", lambda s: public.weekly_trend(s, config, weeks_from, today)),
        ("top_problems", lambda s: public.top_problems(s, config, period, 5)),
        ("praise_comments x3", praise),
        ("company_mood", lambda s: public.company_mood(s, config, today)),
    ]


def lower_bounds(db: Database, config: Any, period: Period, today: dt.date
                 ) -> dict[str, Callable[[Session], Any]]:
    """One hand-written query per aggregate, straight on the ratings."""
    lo, hi = period.utc_bounds(config.tz)
    plo, _ = previous(period).utc_bounds(config.tz)
    wlo, _ = Period(today - dt.timedelta(weeks=12), today).utc_bounds(config.tz)
    dlo, dhi = Period(today, today).utc_bounds(config.tz)
    pg = db.dialect == "postgresql"

    def bind(v: dt.datetime) -> Any:
        return v if pg else v.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")

    with db.read() as s:
        depth = DepartmentTree.load(s).depth()
    rwhere = "r.status = 'ok' AND r.created_at >= :lo AND r.created_at < :hi"

    def chain(a: str, col: str) -> str:
        return f"JOIN departments {a}0 ON {a}0.id = {col} " + " ".join(
            f"LEFT JOIN departments {a}{i} ON {a}{i}.id = {a}{i - 1}.parent_id"
            for i in range(1, depth + 1))

    def root(a: str) -> str:
        ids = [f"{a}{i}.id" for i in range(depth, -1, -1)]
        return f"COALESCE({', '.join(ids)})" if depth else ids[0]

    chains = (f"FROM ratings r {chain('c', 'r.rater_department_id')} "
              f"{chain('s', 'r.supplier_department_id')}")
    levels = " UNION ALL ".join(
        f"SELECT s{i}.id AS anc, r.score, r.rater_id FROM ratings r "
        f"{chain('s', 'r.supplier_department_id')} WHERE {rwhere}"
        + (f" AND s{i}.id IS NOT NULL" if i else "") for i in range(depth + 1))
    week = "date_trunc('week', day)" if pg else "date(day, '-6 days', 'weekday 1')"
    happy = "SUM(CASE WHEN score >= 4 THEN 1 ELSE 0 END)"
    per_supplier = f"""SELECT supplier_id, COUNT(*), SUM(score), {happy},
        COUNT(DISTINCT rater_id) FROM ratings
        WHERE status = 'ok' AND created_at >= :lo AND created_at < :hi GROUP BY supplier_id"""
    q = {
        "top_suppliers": (per_supplier, {"lo": lo, "hi": hi}),
        "most_improved": ("""SELECT supplier_id, created_at >= :lo, COUNT(*), SUM(score),
            COUNT(DISTINCT rater_id) FROM ratings
            WHERE status = 'ok' AND created_at >= :plo AND created_at < :hi
            GROUP BY supplier_id, created_at >= :lo""", {"lo": lo, "plo": plo, "hi": hi}),
        # Departments with their sub-departments: each rating once per ancestor level.
        "department_scores": (f"""SELECT anc, COUNT(*), SUM(score), {happy},
            COUNT(DISTINCT rater_id) FROM ({levels}) x GROUP BY anc""", {"lo": lo, "hi": hi}),
        # Top-level departments (cells, then supplier column totals).
        "department_matrix": (f"""SELECT {root('c')}, {root('s')}, COUNT(*), SUM(r.score),
            COUNT(DISTINCT r.rater_id) {chains} WHERE {rwhere} GROUP BY 1, 2
            UNION ALL SELECT NULL, {root('s')}, COUNT(*), SUM(r.score),
            COUNT(DISTINCT r.rater_id) {chains} WHERE {rwhere} GROUP BY 2""",
                              {"lo": lo, "hi": hi}),
        "weekly_trend": (f"""SELECT {week}, COUNT(*), SUM(score), {happy},
            COUNT(DISTINCT rater_id) FROM ratings
            WHERE status = 'ok' AND created_at >= :lo GROUP BY {week}""", {"lo": wlo}),
        "top_problems": ("""SELECT rr.reason_tag_id, COUNT(*), COUNT(DISTINCT r.rater_id)
            FROM ratings r JOIN rating_reasons rr ON rr.rating_id = r.id
            WHERE r.status = 'ok' AND r.score <= 2 AND r.created_at >= :lo AND r.created_at < :hi
            GROUP BY rr.reason_tag_id ORDER BY 2 DESC LIMIT 5""", {"lo": lo, "hi": hi}),
        "praise_comments x3": (f"""SELECT s.supplier_id, (SELECT comment FROM ratings c
            WHERE c.supplier_id = s.supplier_id AND c.score >= 4 AND c.comment IS NOT NULL
            AND c.created_at >= :lo AND c.created_at < :hi ORDER BY c.created_at DESC LIMIT 1)
            FROM ({per_supplier} ORDER BY 3 DESC LIMIT 3) s""", {"lo": lo, "hi": hi}),
        # The mood is published in blocks of k clients (shared/domain/public.py): the day's
        # ratings in insertion order are what it has to read.
        "company_mood": ("""SELECT rater_id, score FROM ratings
            WHERE status = 'ok' AND created_at >= :lo AND created_at < :hi ORDER BY id""",
                         {"lo": dlo, "hi": dhi}),
    }
    return {name: (lambda s, sql=sql, p=p: s.execute(text(sql), {k: bind(v) for k, v in
                                                                  p.items()}).all())
            for name, (sql, p) in q.items()}


def timed(db: Database, fn: Callable[[Session], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        with db.read() as s:
            fn(s)
        best = min(best, time.perf_counter() - t0)
    return best


def run(url: str, n: int, repeat: int, seed: int, wallboard: bool = True) -> None:
    os.environ.setdefault("PULSE_SECRET", "bench-secret-of-32-bytes-or-more-000")
    config = load_config()
    db = open_database(url)
    with db.read() as s:
        ratings = s.scalar(select(func.count()).select_from(Rating))
        people = s.scalar(select(func.count()).select_from(Employee))
        last = s.scalar(select(func.max(Rating.day)))
    if isinstance(last, str):
        last = dt.date.fromisoformat(last)
    today = last or dt.date.today()
    period = month_period(today.strftime("%Y-%m"))
    period = Period(period.start, today)
    print(f"\n== {db.dialect}: {people} employees, {ratings} ratings, today = {today}, "
          f"period {period.label()}")
    print(f"load average {_load()}")
    times = home_screen(db, config, today, n, seed)
    print(f"kiosk home screen, {len(times['total'])} employees (this process's CPU in 'total "
          "CPU'; the rest is the database and waiting):")
    for part, values in times.items():
        print(f"  {part:14} p50 {_ms(_pct(values, 0.5))}   p95 {_ms(_pct(values, 0.95))}   "
              f"max {_ms(max(values))}")
    if not wallboard:
        db.dispose()
        return
    board = wallboard_set(config, period, today)
    bounds = lower_bounds(db, config, period, today)
    total_w = total_l = 0.0
    print("raw SQL is a reference, not a floor (no rollups, k cuts or guard); the floor: "
          "bench/wallboard.py")
    print(f"{'wallboard aggregate':22} {'public fn':>11} {'raw SQL':>11} {'ratio':>7}")
    for name, fn in board:
        w = timed(db, fn, repeat)
        lb = timed(db, bounds[name], repeat)
        total_w += w
        total_l += lb
        print(f"{name:22} {_ms(w)} {_ms(lb)} {w / lb:7.2f}")
    print(f"{'wallboard set total':22} {_ms(total_w)} {_ms(total_l)} {total_w / total_l:7.2f}")
    print(f"load average {_load()}")
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", required=True, help="database URL (repeat)")
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for the wallboard")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--home-only", action="store_true", help="skip the wallboard set")
    args = parser.parse_args()
    for url in args.db:
        run(url, args.employees, args.repeat, args.seed, wallboard=not args.home_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
