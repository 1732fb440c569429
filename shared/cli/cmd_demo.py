"""``pulse demo``: fill the database with the demo pipe plant (refuses a non-empty one).

Crash-safe: a kill leaves the old database or the finished demo (``shared.demo.atomic``)."""

from __future__ import annotations

import sys
import time

from shared.cli import CommandLine, Context, UserError


def _demo(ctx: Context) -> int:
    from shared.db import DatabaseError
    from shared.demo import DemoRefused
    from shared.demo.atomic import load_demo_atomically
    args = ctx.args
    started = time.monotonic()
    last = [-1.0]

    def progress(fraction: float, what: str) -> None:
        # Every ~5 %, and each new stage once: long runs show they are alive.
        if fraction - last[0] >= 0.05 or fraction >= 1.0:
            last[0] = fraction if fraction < 1.0 else last[0]
            print(f"[{time.monotonic() - started:6.1f}s] {fraction * 100:5.1f}% {what}",
                  file=sys.stderr, flush=True)

    try:
        # Built beside the database and swapped in (SQLite), or in one transaction
        # (PostgreSQL): killed mid-way, the old database stays as it was.
        summary = load_demo_atomically(ctx.config.database_url(), ctx.config,
                                       employees=args.employees, months=args.months,
                                       seed=args.seed, force=args.force, progress=progress,
                                       actor=ctx.actor)
    except (DemoRefused, DatabaseError) as exc:
        raise UserError(str(exc)) from None
    except ValueError as exc:
        raise UserError(str(exc)) from None
    print(f"demo plant loaded in {time.monotonic() - started:.1f} s: {summary.employees} "
          f"employees in {summary.departments} departments, {summary.ratings} ratings over "
          f"{summary.months} months ({summary.rating_reasons} reason tags), "
          f"{summary.disputes} disputes (seed {summary.seed}). Badge of personnel number P: "
          f"f'{{int(P):010d}}'; managers' and admins' PIN: 1234.")
    return 0


def register(cli: CommandLine) -> None:
    cmd = cli.command("demo", _demo, "Load the demo plant: people, ratings, KPIs, disputes.")
    cmd.add_argument("--employees", type=int, default=600, help="number of employees (>= 63)")
    cmd.add_argument("--months", type=int, default=12, help="months of ratings history (a "
                     "year: the impact per initiative needs rating.impact_min_months)")
    cmd.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    cmd.add_argument("--force", action="store_true",
                     help="wipe a database that already holds data")
