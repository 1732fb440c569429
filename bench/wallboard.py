#!/usr/bin/env python3
"""Wallboard figures: (a) a full data refresh at plant scale on SQLite and PostgreSQL,
(b) a memory soak of slide changes with data refreshes in between, (c) one poster PDF.

    python bench/wallboard.py                         # 25,000 employees, 12 months, both DBs
    python bench/wallboard.py --employees 2000 --months 3 --soak 2000   # a quick look
    python bench/wallboard.py --skip-pg               # SQLite only
    python bench/wallboard.py --sqlite-url sqlite:////work/bench-data/x.db \
        --pg-url postgresql+psycopg://postgres@127.0.0.1/x --skip-soak   # existing plants

The plant comes from ``pulse demo`` (shared.demo.load_demo: about 200 ratings per employee
and year). The SQLite file is bench/wallboard-<N>.db (kept between runs: --reuse skips the
load); the PostgreSQL database ``pulse_bench_wallboard`` is created on the server and dropped
at the end. RSS is read from /proc/self/status (Linux).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PG_ADMIN = os.environ.get("PULSE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PG_NAME = "pulse_bench_wallboard"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load_plant(url: str, employees: int, months: int, now: dt.datetime, reuse: bool) -> object:
    from shared.config import load_config
    from shared.db import open_database
    from shared.demo import load_demo
    db = open_database(url, upgrade=True)
    if reuse and db.ping():
        from sqlalchemy import func, select

        from shared.db.models import Rating
        with db.read() as s:
            if s.scalar(select(func.count()).select_from(Rating)):
                print(f"  reusing {url}")
                return db
    started = time.perf_counter()
    summary = load_demo(db, load_config(), employees=employees, months=months, now=now,
                        force=True)
    print(f"  demo load: {time.perf_counter() - started:.1f} s ({summary})")
    return db


def lower_bound(db: object) -> float:
    """A raw-SQL floor for a refresh: one pass over this month's ratings counting distinct
    clients per supplier department (every month figure of the snapshot needs at least the
    month's distinct clients)."""
    from sqlalchemy import bindparam, text

    from shared.config import load_config
    from shared.db.base import UTCDateTime
    from shared.domain.periods import month_period
    config = load_config()
    period = month_period(dt.datetime.now(config.tz).strftime("%Y-%m"))
    lo, hi = period.utc_bounds(config.tz)
    sql = text("SELECT supplier_department_id, COUNT(DISTINCT rater_id) FROM ratings "
               "WHERE status = 'ok' AND created_at >= :lo AND created_at < :hi "
               "GROUP BY supplier_department_id").bindparams(
        bindparam("lo", type_=UTCDateTime()), bindparam("hi", type_=UTCDateTime()))
    started = time.perf_counter()
    with db.read() as s:  # type: ignore[attr-defined]
        s.execute(sql, {"lo": lo, "hi": hi}).all()
    return time.perf_counter() - started


def time_refresh(db: object, runs: int = 3) -> list[float]:
    """The first refresh (cold: every trend week computed) and later ones (the worker's
    TrendCache keeps finished weeks), as the wallboard's worker does them; with the CPU time
    of this process (the database's own time is in the wall time: SQLite runs in-process)."""
    from shared.config import load_config
    from shared.domain.wallboard_data import TrendCache, load_wallboard_data
    config = load_config()
    cache = TrendCache()
    times = []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        with db.read() as s:  # type: ignore[attr-defined]
            data = load_wallboard_data(s, config, now=dt.datetime.now(dt.UTC), cache=cache)
        times.append(time.perf_counter() - started)
        print(f"  refresh {len(times)}: {times[-1]:.2f} s wall, "
              f"{time.process_time() - cpu:.2f} s CPU in this process, load average "
              f"{' '.join(f'{v:.1f}' for v in os.getloadavg())}", flush=True)
    enough = bool(data.impact and data.impact.enough)
    print(f"  snapshot: {data.month_ratings} ratings this month, {len(data.map_edges)} map "
          f"edges, {len(data.top_suppliers)} top suppliers, impact shown: {enough}")
    print(f"  initiative map slide: {initiative_map_cost(db)}")
    floor = min(lower_bound(db) for _ in range(2))
    print(f"  raw-SQL floor (distinct clients per supplier department this month): "
          f"{floor:.2f} s; later refresh / floor = {statistics.median(times[1:]) / floor:.1f}")
    return times


def initiative_map_cost(db: object) -> str:
    """The living map's share of a refresh (issue 13): a first cut of both months, then
    later refreshes that feed the kept cut with new ratings only (as the worker does)."""
    from shared.config import load_config
    from shared.domain.initiative_map import MonthCut, live_map
    config = load_config()
    month = dt.datetime.now(config.tz).strftime("%Y-%m")
    kept: dict[str, MonthCut] = {}
    times = []
    for _ in range(3):
        started, cpu = time.perf_counter(), time.process_time()
        with db.read() as s:  # type: ignore[attr-defined]
            live_map(s, config, month, kept=kept)
        times.append((time.perf_counter() - started, time.process_time() - cpu))
    return (f"first {times[0][0]:.2f} s wall ({times[0][1]:.2f} s CPU), later "
            + ", ".join(f"{w:.3f} s" for w, _c in times[1:]))


def poster_time(db: object) -> float:
    from shared.config import load_config
    from shared.domain.posters import poster_entries
    from shared.qt.poster import ensure_gui_application, write_posters
    ensure_gui_application()
    config = load_config()
    month = dt.datetime.now(config.tz).strftime("%Y-%m")
    started = time.perf_counter()
    with db.read() as s:  # type: ignore[attr-defined]
        entries = poster_entries(s, config, month, top=1)
    out = ROOT / "bench" / "poster-bench.pdf"
    write_posters(entries, out)
    took = time.perf_counter() - started
    print(f"  poster: {out.stat().st_size} bytes")
    out.unlink()
    return took


def soak(url: str, changes: int, refresh_every: int) -> tuple[float, float, float]:
    """Slide changes through the real window (cross-fades included) with real refreshes."""
    from PySide6.QtWidgets import QApplication

    from shared.config import load_config
    from shared.db import open_database
    from shared.qt.i18n import install_translations
    from wallboard.window import WallboardWindow
    from wallboard.worker import DataRefresher, database_source
    app = QApplication.instance() or QApplication(["bench"])
    install_translations(app, "ru")
    config = load_config()
    config.wallboard.windows = []
    db = open_database(url)
    refresher = DataRefresher(database_source(db, config), 60, threaded=False)
    window = WallboardWindow(config, refresher, kiosk=False, start_timers=False)
    window.resize(1920, 1080)
    window.show()
    refresher.refresh()
    for _ in range(200):  # warm up every slide and the caches first
        window.playlist.next()
        window._show_current()
        app.processEvents()
    window.animation.setCurrentTime(window.animation.duration())
    app.processEvents()
    start = rss_mb()
    started = time.perf_counter()
    for i in range(changes):
        window.playlist.next()
        window._show_current()  # grabs the old slide, cross-fades
        window.animation.setCurrentTime(window.animation.duration())  # finish the fade now
        window.tick()
        app.processEvents()
        if i % refresh_every == 0:
            refresher.refresh()
        if i and i % 500 == 0:
            print(f"  {i} changes: RSS {rss_mb():.1f} MB ({time.perf_counter() - started:.0f} s)",
                  flush=True)
    took = time.perf_counter() - started
    end = rss_mb()
    window.close()
    db.dispose()
    return start, end, took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=25_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--soak", type=int, default=10_000, help="slide changes in the soak")
    parser.add_argument("--soak-employees", type=int, default=600)
    parser.add_argument("--refresh-every", type=int, default=20)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--pg-employees", type=int, help="PostgreSQL plant size (default: "
                        "--employees; a 25,000 load takes 20+ min on a busy machine)")
    parser.add_argument("--skip-soak", action="store_true")
    parser.add_argument("--only-soak", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep an existing SQLite plant")
    parser.add_argument("--sqlite-url", help="an existing SQLite plant (no load)")
    parser.add_argument("--pg-url", help="an existing PostgreSQL plant (no load, not dropped)")
    args = parser.parse_args()
    now = dt.datetime.now(dt.UTC)
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication(["bench"])  # widgets for the soak
    _ = app
    if args.only_soak:
        return run_soak(args, now)

    print(f"(a) full data refresh, {args.employees} employees, {args.months} months")
    sqlite_path = ROOT / "bench" / f"wallboard-{args.employees}.db"
    if args.sqlite_url:
        from shared.db import open_database
        db = open_database(args.sqlite_url, upgrade=True)
    else:
        db = load_plant(f"sqlite:///{sqlite_path}", args.employees, args.months, now, args.reuse)
    times = time_refresh(db)
    print(f"  SQLite refresh: first {times[0]:.1f} s, then {statistics.median(times[1:]):.1f} s")
    print("(c) one poster PDF (query + paint), SQLite")
    print(f"  {poster_time(db):.2f} s")
    db.dispose()  # type: ignore[attr-defined]
    if args.pg_url and not args.skip_pg:
        from shared.db import open_database
        pg = open_database(args.pg_url, upgrade=True)
        times = time_refresh(pg)
        print(f"  PostgreSQL refresh: first {times[0]:.1f} s, then "
              f"{statistics.median(times[1:]):.1f} s")
        print("(c) one poster PDF (query + paint), PostgreSQL")
        print(f"  {poster_time(pg):.2f} s")
        pg.dispose()  # type: ignore[attr-defined]
    elif not args.skip_pg:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{PG_NAME}"'))
        url = make_url(PG_ADMIN).set(database=PG_NAME).render_as_string(hide_password=False)
        try:
            pg_employees = args.pg_employees or args.employees
            print(f"  PostgreSQL plant: {pg_employees} employees, {args.months} months")
            pg = load_plant(url, pg_employees, args.months, now, False)
            times = time_refresh(pg)
            print(f"  PostgreSQL refresh: first {times[0]:.1f} s, then "
                  f"{statistics.median(times[1:]):.1f} s")
            pg.dispose()  # type: ignore[attr-defined]
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
            admin.dispose()

    if args.skip_soak:
        return 0
    return run_soak(args, now)


def run_soak(args: argparse.Namespace, now: dt.datetime) -> int:
    print(f"(b) memory soak: {args.soak} slide changes, a data refresh every "
          f"{args.refresh_every}, {args.soak_employees} employees, 1920x1080 offscreen")
    soak_path = ROOT / "bench" / f"wallboard-{args.soak_employees}.db"
    small = load_plant(f"sqlite:///{soak_path}", args.soak_employees, 6, now, args.reuse)
    small.dispose()  # type: ignore[attr-defined]
    start, end, took = soak(f"sqlite:///{soak_path}", args.soak, args.refresh_every)
    print(f"  RSS start {start:.1f} MB, end {end:.1f} MB, growth {end - start:+.1f} MB "
          f"({took:.0f} s, {args.soak // args.refresh_every} refreshes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
