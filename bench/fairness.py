"""Benchmark of fair rankings (shared/domain/fairness.py) on a demo database.

Prints, per database, with the load average before and after:

* the leniency estimate the published figures use (``settled_leniency``: the previous whole
  month's client->supplier pair rollups, leave-one-out, shrunk), beside its floor: the same
  rows fetched by one hand-written statement through the raw driver (the read the estimate
  cannot skip); the ratio estimate / floor;
* the same on later refreshes, when the estimate is kept (one aggregate of the month's pairs
  checks nothing changed), beside that raw aggregate;
* the published figures of the month (``stepped_figures`` over every supplier, one id-ordered
  pass) with the correction and without it (``fairness.correct_leniency = false``): the
  difference is what the correction costs a wallboard refresh;
* ring detection for the previous month (``rings_for_month``) beside the same raw read.

The estimate reads one month whatever the history, so a plant of 25,000 people with two
months of ratings costs what it costs with twelve (``--months`` of the demo changes nothing
here but the build time).

Usage (build the demo first, e.g. ``pulse --db URL demo --employees 25000 --months 2``)::

    python bench/fairness.py --db sqlite:///demo.db --db postgresql+psycopg://postgres@/demo
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from shared.config import load_config  # noqa: E402
from shared.db import open_database  # noqa: E402
from shared.db.models import Rating  # noqa: E402
from shared.domain import fairness  # noqa: E402
from shared.domain.fairness import rings_for_month, settled_leniency  # noqa: E402
from shared.domain.periods import month_period, previous  # noqa: E402
from shared.domain.public.steps import stepped_figures  # noqa: E402


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def best(repeat: int, fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Best wall time of ``repeat`` runs, that run's CPU time, and its result."""
    out: tuple[float, float, Any] = (float("inf"), 0.0, None)
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), _cpu()
        result = fn()
        w, c = time.perf_counter() - w0, _cpu() - c0
        if w < out[0]:
            out = (w, c, result)
    return out


def run(url: str, repeat: int) -> None:
    config = load_config()
    db = open_database(url)
    with db.read() as s:
        last = s.scalar(select(func.max(Rating.created_at)))
    if last is None:
        print(f"{url}: no ratings (build the demo first)")
        return
    month = last.astimezone(config.tz).strftime("%Y-%m")
    period = month_period(month)
    before = previous(period).label()
    print(f"== {db.engine.url.render_as_string()}  month {month}  load {_load()}")

    def estimate() -> Any:
        with db.read() as s:
            return settled_leniency(s, config, period)

    def raw(sql: str) -> int:
        """Rows of one hand-written statement through the raw driver."""
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            return len(cursor.fetchall())
        finally:
            connection.close()

    def floor() -> int:
        return raw("SELECT rater_id, supplier_id, n, score_sum FROM rollup_pair_month "
                   f"WHERE month = '{before}' AND n > 0")

    def cold() -> Any:
        fairness._SETTLED.clear()
        return estimate()

    def check() -> int:
        return raw("SELECT count(*), sum(n), sum(score_sum) FROM rollup_pair_month "
                   f"WHERE month = '{before}'")

    w, c, leniency = best(repeat, cold)
    fw, fc, rows = best(repeat, floor)
    print(f"  leniency estimate, first refresh ({before}, {rows} pairs, "
          f"{len(leniency.offsets)} raters): {w * 1000:8.1f} ms (CPU {c * 1000:.0f} ms); floor "
          f"(raw read of the pairs) {fw * 1000:8.1f} ms; ratio {w / fw:5.1f}")
    estimate()
    ww, wc, _ = best(repeat, estimate)
    kw, kc, _ = best(repeat, check)
    print(f"  leniency estimate, later refreshes (kept; one aggregate checks the month): "
          f"{ww * 1000:8.1f} ms (CPU {wc * 1000:.0f} ms); floor (the raw aggregate) "
          f"{kw * 1000:8.1f} ms; ratio {ww / kw:5.1f}")

    plain = copy.deepcopy(config)
    plain.fairness.correct_leniency = False

    def figures(cfg: Any) -> Callable[[], Any]:
        def f() -> Any:
            with db.read() as s:
                return stepped_figures(s, cfg, period, None)
        return f

    estimate()  # kept, as in a running wallboard
    cw, cc, figs = best(repeat, figures(config))
    pw, pc, _ = best(repeat, figures(plain))
    print(f"  published figures of {month} ({len(figs)} suppliers): corrected {cw:6.2f} s "
          f"(CPU {cc:.2f}), uncorrected {pw:6.2f} s (CPU {pc:.2f}): the correction costs "
          f"{(cw - pw) * 1000:+.0f} ms once the estimate is kept")

    def rings() -> Any:
        with db.read() as s:
            return rings_for_month(s, config, before)

    rw, rc, found = best(repeat, rings)
    print(f"  rings of {before}: {len(found)} found in {rw * 1000:8.1f} ms (CPU {rc * 1000:.0f} "
          f"ms); floor (raw read) {fw * 1000:8.1f} ms; ratio {rw / fw:5.1f}")
    print(f"  load after {_load()}  ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
          f"{os.cpu_count()} cores)")
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", required=True, help="database URL (repeat)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N")
    args = parser.parse_args()
    for url in args.db:
        run(url, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
