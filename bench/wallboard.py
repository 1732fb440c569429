#!/usr/bin/env python3
"""Wallboard figures: (a) a full data refresh at plant scale on SQLite and PostgreSQL,
(b) a memory soak of slide changes with data refreshes in between, (c) one poster PDF.

    python bench/wallboard.py                         # 25,000 employees, 12 months, both DBs
    python bench/wallboard.py --employees 2000 --months 3 --soak 2000   # a quick look
    python bench/wallboard.py --skip-pg               # SQLite only
    python bench/wallboard.py --sqlite-url sqlite:////work/bench-data/x.db \
        --pg-url postgresql+psycopg://postgres@127.0.0.1/x --skip-soak   # existing plants
    python bench/wallboard.py --skip-sqlite --pg-url postgresql+psycopg://... --skip-soak

The refresh is timed as of 20:00 plant time on last month's last day (``--as-of``), so the
month is whole, beside its floor: the same refresh with the month's one read swapped for
``hand_written_pass`` (see ``time_refresh``), and the initiative map slide's share (the
refresh with and without it), with last month's map cells as ``pulse jobs run`` stores them
(``map_cells_figures``: also the first refresh where the job never ran, the job's store and
the readers' late-rating check). CPU time of this process is the figure to compare on a
shared machine; the load average is printed with each.

The plant comes from ``pulse demo`` (shared.demo.load_demo: about 200 ratings per employee
and year), loaded up to the as-of moment. The SQLite file is bench/wallboard-<N>.db (kept
between runs: --reuse skips the load); the PostgreSQL database ``pulse_bench_wallboard`` is
created on the server and dropped at the end. RSS is read from /proc/self/status (Linux).
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


class _Blocks:
    """A hand-written pass's group as the product's readers ask for it (built once per
    group after the pass, not per rating)."""

    __slots__ = ("n", "score_sum", "happy", "clients", "counts", "last_id", "offset_sum",
                 "open", "block")

    def __init__(self, st: list) -> None:  # type: ignore[type-arg]
        block, open_, counts, clients, last_id, _open_off, off_sum = st
        self.counts = counts
        self.n = sum(counts)
        self.score_sum = counts[0] + 2 * counts[1] + 3 * counts[2] + 4 * counts[3] + 5 * counts[4]
        self.happy = counts[3] + counts[4]
        self.clients, self.last_id, self.offset_sum = clients, last_id, off_sum
        self.open, self.block = open_, block


def hand_written_pass(session, config, period, *, cells=None, wanted=None, tree=None,  # type: ignore[no-untyped-def]
                      every_supplier=True, suppliers=None, groups=True):
    """The floor's pass: the same statement as the product's, every block state cut inline
    with positional lists (no method call, no attribute look-up per rating). Returns what
    ``onepass.read_period`` returns, for the product's code to read the same figures."""
    from sqlalchemy import bindparam, text

    from shared.domain.anonymity import k_of
    from shared.domain.fairness import published_adjustment
    from shared.domain.public.groups import LiveClients
    from shared.domain.public.onepass import PeriodFigures, SteppedFigures, SteppedGroup
    assert groups and not every_supplier  # the wallboard's call
    k = k_of(config)
    only = set(suppliers or ())
    adjust = published_adjustment(session, config, period)
    offsets, excluded = adjust.leniency.offsets, adjust.excluded
    segment_of = {}
    if wanted:
        segment_of = dict(session.execute(text(
            "SELECT id, segment_id FROM employees WHERE segment_id IN :s").bindparams(
            bindparam("s", expanding=True)), {"s": sorted(wanted)}).all())
    # Through the raw driver (plain tuples, no result rows built): the same statement.
    lo, hi = period.utc_bounds(config.tz)
    raw = session.connection().connection.dbapi_connection
    sql = ("SELECT id, rater_id, supplier_id, rater_department_id, supplier_department_id, "
           "score FROM ratings WHERE status = 'ok' AND created_at >= {p} AND created_at < {p} "
           "ORDER BY id")
    cursor = raw.cursor()  # type: ignore[union-attr]
    if session.get_bind().dialect.name == "sqlite":
        stamp = "%Y-%m-%d %H:%M:%S.%f"
        cursor.execute(sql.format(p="?"), (lo.astimezone(dt.UTC).strftime(stamp),
                                           hi.astimezone(dt.UTC).strftime(stamp)))
    else:
        cursor.execute(sql.format(p="%s"), (lo, hi))
    rows = cursor.fetchall()
    cursor.close()
    # A state: [open block's clients, open counts 1..5, done counts 1..5, done clients,
    # last id, open offset sum, done offset sum].
    sup: dict = {s: [set(), [0] * 5, [0] * 5, set(), None, 0.0, 0.0] for s in only}
    deps: dict = {}
    pairs: dict = {}
    cellst: dict = {}
    feeds: dict = {}
    cell_keys: dict = {}
    raters: dict = {}
    ancestors = {d: tree.ancestors(d) for d in tree.departments}
    def state() -> list:  # type: ignore[type-arg]
        return [set(), [0] * 5, [0] * 5, set(), None, 0.0, 0.0]

    get_offset, get_segment = offsets.get, segment_of.get
    for rid, rater, supplier, cdep, sdep, score in rows:
        i = score - 1
        if supplier in only and rid not in excluded:
            st = sup[supplier]
            b = st[0]
            b.add(rater)
            st[1][i] += 1
            st[5] += get_offset(rater, 0.0)
            if len(b) >= k:
                o, c = st[1], st[2]
                c[0] += o[0]; c[1] += o[1]; c[2] += o[2]; c[3] += o[3]; c[4] += o[4]  # noqa: E702
                st[3] |= b
                st[6] += st[5]
                st[0], st[1], st[4], st[5] = set(), [0] * 5, rid, 0.0
        seg = get_segment(rater)
        kind = (cdep, sdep, seg)
        fed = feeds.get(kind)
        if fed is None:
            states = [*(deps.setdefault(d, state()) for d in (sdep, *ancestors.get(sdep, ()))),
                      pairs.setdefault((cdep, sdep), state())]
            seen = None
            if seg is not None:
                named = wanted.get(seg, set())
                keys = [(seg, d) for d in (sdep, *ancestors.get(sdep, ())) if d in named]
                if None in named:
                    keys.append((seg, None))
                cell_keys[(seg, sdep)] = keys
                states += [cellst.setdefault(key, state()) for key in keys]
                seen = raters.setdefault((seg, sdep), set())
            fed = feeds[kind] = (states, seen)
        for st in fed[0]:
            b = st[0]
            b.add(rater)
            st[1][i] += 1
            if len(b) >= k:
                o, c = st[1], st[2]
                c[0] += o[0]; c[1] += o[1]; c[2] += o[2]; c[3] += o[3]; c[4] += o[4]  # noqa: E702
                st[3] |= b
                st[0], st[1], st[4] = set(), [0] * 5, rid
        if fed[1] is not None:
            fed[1].add(rater)
    out = PeriodFigures(period, cells=cells)
    out.rows = len(rows)
    out.suppliers = {s: _Blocks(st) for s, st in sup.items()}  # type: ignore[misc]
    out.departments = {d: _Blocks(st) for d, st in deps.items()}  # type: ignore[misc]
    out.pairs = {p: _Blocks(st) for p, st in pairs.items()}  # type: ignore[misc]
    if cells is not None:
        cells.blocks = {key: _Blocks(st) for key, st in cellst.items()}
        cells.feeds = cell_keys
        cells.raters.update(raters)
    _ = (SteppedFigures, SteppedGroup, LiveClients)
    return out


def _refresh(db: object, config: object, now: dt.datetime, cache: object,
             *, floor: bool = False, without_map: bool = False) -> tuple[float, float, object]:
    """One refresh as the worker does it: wall and CPU seconds of this process, snapshot.
    ``floor``: the pass swapped for ``hand_written_pass``; ``without_map``: no initiative
    map (its added cost is the difference)."""
    from contextlib import ExitStack
    from unittest import mock

    from shared.domain import wallboard_data
    with ExitStack() as stack:
        if floor:
            stack.enter_context(mock.patch.object(wallboard_data, "read_period",
                                                  hand_written_pass))
        if without_map:
            stack.enter_context(mock.patch.object(wallboard_data, "wanted_cells",
                                                  lambda session: {}))
            stack.enter_context(mock.patch.object(wallboard_data, "live_map",
                                                  lambda *a, **k: None))
        started, cpu = time.perf_counter(), time.process_time()
        with db.read() as s:  # type: ignore[attr-defined]
            data = wallboard_data.load_wallboard_data(
                s, config, now=now, cache=cache)  # type: ignore[arg-type]
        return time.perf_counter() - started, time.process_time() - cpu, data


def pass_alone(db: object, config: object, now: dt.datetime, runs: int = 3) -> str:
    """The product's one read of the month (as the wallboard calls it) against the
    hand-written pass, alone, best of ``runs`` each (CPU of this process; wall)."""
    from shared.domain.departments import DepartmentTree
    from shared.domain.initiative_map import MonthCut, cut_fingerprint, wanted_cells
    from shared.domain.periods import month_period
    from shared.domain.public import most_improved, top_suppliers
    from shared.domain.public.onepass import read_period
    from shared.domain.public.steps import candidate_pool
    period = month_period(now.astimezone(config.tz).strftime("%Y-%m"))  # type: ignore[attr-defined]
    with db.read() as s:  # type: ignore[attr-defined]
        tree, wanted = DepartmentTree.load(s), wanted_cells(s)
        pool = {r.employee_id for r in top_suppliers(
            s, config, period, limit=candidate_pool(config.wallboard.top_suppliers))}  # type: ignore[arg-type, attr-defined]
        pool |= {i.score.employee_id for i in most_improved(s, config, period,  # type: ignore[arg-type]
                                                              limit=candidate_pool(5))}
    out = {}
    for name, fn in (("product", read_period), ("hand-written", hand_written_pass)):
        walls, cpus = [], []
        for _ in range(runs):
            with db.read() as s:  # type: ignore[attr-defined]
                cells = MonthCut(cut_fingerprint(config, period, wanted))  # type: ignore[arg-type]
                started, cpu = time.perf_counter(), time.process_time()
                got = fn(s, config, period, cells=cells, wanted=wanted, tree=tree,
                         every_supplier=False, suppliers=pool)
                cpus.append(time.process_time() - cpu)
                walls.append(time.perf_counter() - started)
        out[name] = (min(walls), min(cpus), got.rows)
    (pw, pc, rows), (fw, fc, _r) = out["product"], out["hand-written"]
    return (f"{rows} ratings; product {pw:.2f} s wall, {pc:.2f} s CPU; hand-written "
            f"{fw:.2f} s wall, {fc:.2f} s CPU; ratio {pc / fc:.2f} CPU, {pw / fw:.2f} wall; "
            f"load {_load()}")


def _load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def map_share(db: object, config: object, now: dt.datetime, runs: int) -> str:
    """The initiative map slide's added cost to a first refresh: ``runs`` pairs of cold
    refreshes (a fresh cache each) with and without the map, alternating; the median of
    the pairs' differences and their range. One cold run of each is too noisy on a shared
    machine (PostgreSQL's work is in the wall time only: its server is another process)."""
    from shared.domain.wallboard_data import TrendCache
    pairs = []
    for _ in range(runs):
        wall, cpu, _d = _refresh(db, config, now, TrendCache())
        bare_wall, bare_cpu, _d = _refresh(db, config, now, TrendCache(), without_map=True)
        pairs.append((wall - bare_wall, cpu - bare_cpu, bare_wall, bare_cpu))
    med = statistics.median
    walls, cpus = [p[0] for p in pairs], [p[1] for p in pairs]
    return (f"median of {runs} alternating pairs {med(walls):+.2f} s wall, {med(cpus):+.2f} s "
            f"CPU (pairs {min(walls):+.2f} .. {max(walls):+.2f} s wall, {min(cpus):+.2f} .. "
            f"{max(cpus):+.2f} s CPU; the refresh without the map {med(p[2] for p in pairs):.2f}"
            f" s wall, {med(p[3] for p in pairs):.2f} s CPU); load {_load()}")


def map_cells_figures(db: object, config: object, now: dt.datetime) -> None:
    """Last month's initiative map cells (``shared.domain.map_cells``): the first refresh
    of a database where the job never stored them (wall, CPU: the map recounts last month),
    then the job's store as on the month's first ``pulse jobs run`` (printed), and the
    late-rating check a reader makes when the job last ran on the 1st (the month's ratings
    since then read by their ids; run every few minutes, it reads minutes' worth)."""
    from sqlalchemy import delete, func, select, text, update

    from shared.db.models import StoredMapCell
    from shared.domain.map_cells import id_range_of, keep_map_cells, late_rating
    from shared.domain.periods import month_period, previous
    from shared.domain.wallboard_data import TrendCache
    month = now.astimezone(config.tz).strftime("%Y-%m")  # type: ignore[attr-defined]
    last = previous(month_period(month)).label()
    with db.write() as s:  # type: ignore[attr-defined]
        s.execute(delete(StoredMapCell))
    _refresh(db, config, now, TrendCache())  # warm the process's caches (settled leniency)
    # The wallboard's own lazy store is the worker's, not load_wallboard_data's: none here.
    print(f"  initiative map slide's added cost, first refresh, where the job never ran "
          f"(last month recounted): {map_share(db, config, now, 3)}", flush=True)
    started, cpu = time.perf_counter(), time.process_time()
    with db.write() as s:  # type: ignore[attr-defined]
        summary = keep_map_cells(s, config, last, now=now)  # type: ignore[arg-type]
    print(f"  map cells of {last} stored by the job: {summary.get('stored')} cells, "
          f"{time.perf_counter() - started:.2f} s wall, {time.process_time() - cpu:.2f} s CPU; "
          f"load {_load()}")
    period = month_period(last)
    lo, _hi = month_period(month).utc_bounds(config.tz)  # type: ignore[attr-defined]
    with db.write() as s:  # type: ignore[attr-defined]
        kept = s.scalar(select(func.min(StoredMapCell.upto)))
        first = int(s.execute(text("SELECT MAX(id) FROM ratings WHERE created_at < :lo"),
                              {"lo": lo}).scalar() or 0)
        s.execute(update(StoredMapCell).values(upto=first))
    with db.read() as s:  # type: ignore[attr-defined]
        segment = s.scalar(select(StoredMapCell.segment_id).limit(1))
        started, cpu = time.perf_counter(), time.process_time()
        late = late_rating(s, config, period, first, id_range_of(segment))  # type: ignore[arg-type]
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    with db.write() as s:  # type: ignore[attr-defined]
        s.execute(update(StoredMapCell).values(upto=kept))
    print(f"  late-rating check with the job last run on the 1st ({month}'s ratings read by "
          f"id): {wall:.3f} s wall, {cpu:.3f} s CPU (late: {late})")


def time_refresh(db: object, now: dt.datetime, runs: int = 2, map_runs: int = 5) -> list[float]:
    """Refreshes as the wallboard's worker does them, beside their floor, on one database in
    this process (CPU time of this process: SQLite runs in it, PostgreSQL's server does not,
    so the wall time is printed too).

    The floor is the same refresh with the month's one read (``onepass.read_period``)
    swapped for ``hand_written_pass``: the same statement, every block state cut inline
    with positional lists. Everything else the refresh reads (rollups for the candidate
    pools, departments' and pairs' sums, trend, streaks, problems, standings, impact,
    posters' praise, last month's map cut kept between refreshes) is the product's own
    code in both: the floor is "one hand-written pass plus the reads the refresh cannot
    skip", and a ratio under 1 says the product's pass beats the hand-written one. The
    floor's snapshot must equal the refresh's (the same published figures): checked."""
    from shared.config import load_config
    from shared.domain.wallboard_data import TrendCache
    config = load_config()
    print(f"  as of {now.astimezone(config.tz):%Y-%m-%d %H:%M} plant time "
          f"(the month {now.astimezone(config.tz):%Y-%m} whole)")
    map_cells_figures(db, config, now)
    _refresh(db, config, now, TrendCache())  # warm the process's caches (settled leniency)
    print(f"  the month's one read alone: {pass_alone(db, config, now)}", flush=True)
    cold = _refresh(db, config, now, TrendCache())
    cold_floor = _refresh(db, config, now, TrendCache(), floor=True)
    cold_bare = _refresh(db, config, now, TrendCache(), without_map=True)
    assert cold_floor[2] == cold[2], "the floor does not compute the same figures"
    print(f"  first refresh: {cold[0]:.2f} s wall, {cold[1]:.2f} s CPU; floor {cold_floor[0]:.2f}"
          f" s wall, {cold_floor[1]:.2f} s CPU; load {_load()}")
    cache, floor_cache = TrendCache(), TrendCache()
    _refresh(db, config, now, cache)
    _refresh(db, config, now, floor_cache, floor=True)
    times, cpus, floor_walls, floor_cpus, bare, bare_walls = [], [], [], [], [], []  # type: ignore[var-annotated]
    data = cold[2]
    for i in range(runs):
        wall, cpu, data = _refresh(db, config, now, cache)
        f_wall, f_cpu, f_data = _refresh(db, config, now, floor_cache, floor=True)
        assert f_data == data, "the floor does not compute the same figures"
        bare_wall, bare_cpu, _d = _refresh(db, config, now, cache, without_map=True)
        bare.append(bare_cpu)
        bare_walls.append(bare_wall)
        times.append(wall)
        cpus.append(cpu)
        floor_walls.append(f_wall)
        floor_cpus.append(f_cpu)
        print(f"  refresh {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU; floor {f_wall:.2f} s "
              f"wall, {f_cpu:.2f} s CPU; load {_load()}", flush=True)
    best = min  # the least disturbed run of each: the machine is shared
    print(f"  refresh / floor (best of {runs} each): {best(cpus) / best(floor_cpus):.2f} CPU, "
          f"{best(times) / best(floor_walls):.2f} wall (first refresh, one each: "
          f"{cold[1] / cold_floor[1]:.2f} CPU, {cold[0] / cold_floor[0]:.2f} wall)")
    print(f"  initiative map slide's added CPU: first refresh {cold[1] - cold_bare[1]:+.2f} s, "
          f"later {best(cpus) - best(bare):+.2f} s (the refresh without the map: "
          f"{cold_bare[1]:.2f} s, {best(bare):.2f} s CPU); added wall: first refresh "
          f"{cold[0] - cold_bare[0]:+.2f} s, later {best(times) - best(bare_walls):+.2f} s (one "
          f"cold run each; last month's cells as the job stored them)")
    print(f"  initiative map slide's added cost, first refresh, last month's cells as the job "
          f"stored them: {map_share(db, config, now, map_runs)}")
    enough = bool(data.impact and data.impact.enough)  # type: ignore[attr-defined]
    print(f"  snapshot: {data.month_ratings} ratings this month, "  # type: ignore[attr-defined]
          f"{len(data.map_edges)} map edges, "  # type: ignore[attr-defined]
          f"{len(data.top_suppliers)} top suppliers, impact shown: {enough}")  # type: ignore[attr-defined]
    return [cold[0], *times]


def poster_time(db: object, now: dt.datetime) -> float:
    from shared.config import load_config
    from shared.domain.posters import poster_entries
    from shared.qt.poster import ensure_gui_application, write_posters
    ensure_gui_application()
    config = load_config()
    month = now.astimezone(config.tz).strftime("%Y-%m")
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


def as_of(text: str | None) -> dt.datetime:
    """The refresh's moment: given, or 20:00 plant time on last month's last day."""
    from shared.config import load_config
    tz = load_config().tz
    if text:
        moment = dt.datetime.fromisoformat(text)
        return (moment if moment.tzinfo else moment.replace(tzinfo=tz)).astimezone(dt.UTC)
    first = dt.datetime.now(tz).date().replace(day=1)
    last = first - dt.timedelta(days=1)
    return dt.datetime.combine(last, dt.time(20), tz).astimezone(dt.UTC)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=25_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--soak", type=int, default=10_000, help="slide changes in the soak")
    parser.add_argument("--soak-employees", type=int, default=600)
    parser.add_argument("--refresh-every", type=int, default=20)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--pg-employees", type=int, help="PostgreSQL plant size (default: "
                        "--employees; a 25,000 load takes 20+ min on a busy machine)")
    parser.add_argument("--skip-soak", action="store_true")
    parser.add_argument("--only-soak", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep an existing SQLite plant")
    parser.add_argument("--sqlite-url", help="an existing SQLite plant (no load)")
    parser.add_argument("--pg-url", help="an existing PostgreSQL plant (no load, not dropped)")
    parser.add_argument("--as-of", help="the refresh's moment, ISO (default: 20:00 plant time "
                        "on the last day of last month, so the month is whole); a plant is "
                        "loaded up to it")
    args = parser.parse_args()
    now = as_of(args.as_of)
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication(["bench"])  # widgets for the soak
    _ = app
    if args.only_soak:
        return run_soak(args, now)

    print(f"(a) full data refresh, {args.employees} employees, {args.months} months")
    if not args.skip_sqlite:
        run_sqlite(args, now)
    return run_pg(args, now)


def run_sqlite(args: argparse.Namespace, now: dt.datetime) -> None:
    sqlite_path = ROOT / "bench" / f"wallboard-{args.employees}.db"
    if args.sqlite_url:
        from shared.db import open_database
        db = open_database(args.sqlite_url, upgrade=True)
    else:
        db = load_plant(f"sqlite:///{sqlite_path}", args.employees, args.months, now, args.reuse)
    times = time_refresh(db, now)
    print(f"  SQLite refresh: first {times[0]:.1f} s, then {statistics.median(times[1:]):.1f} s")
    print("(c) one poster PDF (query + paint), SQLite")
    print(f"  {poster_time(db, now):.2f} s")
    db.dispose()  # type: ignore[attr-defined]


def run_pg(args: argparse.Namespace, now: dt.datetime) -> int:
    if args.pg_url and not args.skip_pg:
        from shared.db import open_database
        pg = open_database(args.pg_url, upgrade=True)
        times = time_refresh(pg, now)
        print(f"  PostgreSQL refresh: first {times[0]:.1f} s, then "
              f"{statistics.median(times[1:]):.1f} s")
        print("(c) one poster PDF (query + paint), PostgreSQL")
        print(f"  {poster_time(pg, now):.2f} s")
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
            times = time_refresh(pg, now)
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
