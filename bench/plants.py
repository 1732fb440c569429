#!/usr/bin/env python3
"""Plants and a head office (issue 18, docs/plants.md): replication lag under a shift-change
burst, and the head office's wallboard refresh with every plant's data.

    python bench/plants.py                              # 3 plants of 300 people, 2 months
    python bench/plants.py --plants 2 --employees 150 --seconds 20   # a quick look

Starts private PostgreSQL servers (``initdb`` into temporary folders, ``wal_level=logical``;
the binaries of tests/fault, ``PULSE_PG_BIN``): one per plant and one head office. Each plant
gets the demo plant (``load_demo``) and publishes (``pulse plant publish``'s code); the head
office subscribes to each (``pulse plant subscribe``'s code).

Burst: every plant records ``--rate`` ratings a minute for ``--seconds`` seconds through the
product (``record_rating``, one transaction each, as kiosks write them). A poller at the head
office notes when each rating appears; the lag is that moment minus the plant's commit. The
floor: in the same run, a bare one-column table at plant 1, published and subscribed on its
own, written at the same rate: PostgreSQL's own replication latency under the same load,
with nothing of the product in it.

Wallboard: ``load_wallboard_data`` at the head office, company-wide and for plant 1 (the
plant scope), against a raw-SQL floor (``lower_bound``: one query of distinct clients per
supplier department this month). Prints the load average with every figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def quantiles(values: list[float]) -> str:
    if not values:
        return "no samples"
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return (f"median {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {values[-1] * 1000:.0f} ms ({len(values)} rows)")


def lower_bound(db: object) -> float:
    """The refresh's raw-SQL floor: one pass over this month's ratings counting distinct
    clients per supplier department (every month figure of the snapshot needs at least the
    month's distinct clients). bench/wallboard.py's floor was this query before it became
    a hand-written pass of the refresh's own read; kept here, where the head office's
    refresh is compared with it."""
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


def main() -> int:  # noqa: PLR0915 - one straight run, printed as it goes
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plants", type=int, default=3)
    parser.add_argument("--employees", type=int, default=300)
    parser.add_argument("--months", type=int, default=2)
    parser.add_argument("--rate", type=int, default=300, help="ratings a minute per plant")
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args()

    from sqlalchemy import text

    from shared.config import load_config
    from shared.db import open_database
    from shared.demo import load_demo
    from shared.domain.plants import publish, subscribe
    from shared.domain.ratings import record_rating
    from shared.domain.wallboard_data import TrendCache, load_wallboard_data
    from tests.fault.conftest import LOGICAL_OPTS, PgCluster

    print(f"load average at start: {load()}")
    started = time.perf_counter()

    def make() -> PgCluster:
        cluster = PgCluster(LOGICAL_OPTS)
        cluster.start()
        return cluster

    with ThreadPoolExecutor(args.plants + 1) as pool:
        clusters = list(pool.map(lambda _: make(), range(args.plants + 1)))
    print(f"{args.plants + 1} servers up in {time.perf_counter() - started:.1f} s")
    plants, hq_cluster = clusters[:-1], clusters[-1]
    now = dt.datetime.now(dt.UTC)
    dbs = []
    try:
        for i, cluster in enumerate(plants, start=1):
            url = cluster.create_database("pulse")
            db = open_database(url, upgrade=True)
            config = load_config()
            config.site.plant_id = i
            t0 = time.perf_counter()
            load_demo(db, config, employees=args.employees, months=args.months, now=now,
                      seed=i, force=True)
            with db.engine.begin() as conn:
                publish(conn, i, f"plant-{i}")
                if i == 1:
                    conn.execute(text("CREATE TABLE floor_t (id serial PRIMARY KEY, "
                                      "at timestamptz NOT NULL DEFAULT clock_timestamp())"))
                    conn.execute(text("GRANT SELECT ON floor_t TO pulse_replication"))
                    conn.execute(text("CREATE PUBLICATION floor_pub FOR TABLE floor_t"))
            db.dispose()  # the publish moved ids under the pool's feet (plants 2, 3, ...)
            dbs.append(open_database(url))
            print(f"plant {i}: demo of {args.employees} people over {args.months} months and "
                  f"publish in {time.perf_counter() - t0:.1f} s (load {load()})")
        hq_url = hq_cluster.create_database("hq")
        hq = open_database(hq_url, upgrade=True)
        with hq.engine.begin() as conn:
            conn.execute(text("CREATE TABLE floor_t (id serial PRIMARY KEY, "
                              "at timestamptz NOT NULL)"))
        t0 = time.perf_counter()

        def conninfo(cluster: PgCluster) -> str:
            return (f"host=127.0.0.1 port={cluster.port} dbname=pulse user=pulse_replication "
                    "sslmode=disable gssencmode=disable")
        for i, cluster in enumerate(plants, start=1):
            subscribe(hq.engine, f"plant-{i}", conninfo(cluster))
        with hq.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql(f"CREATE SUBSCRIPTION floor_sub CONNECTION '{conninfo(plants[0])}' "
                              "PUBLICATION floor_pub")

        def total(db: object) -> int:
            with db.read() as s:  # type: ignore[attr-defined]
                return int(s.execute(text("SELECT count(*) FROM ratings")).scalar() or 0)
        want = sum(total(db) for db in dbs)
        while total(hq) < want:
            time.sleep(0.2)
        print(f"head office: first copy of {want} ratings from {args.plants} plants in "
              f"{time.perf_counter() - t0:.1f} s (load {load()})")

        # The burst.
        committed: dict[object, float] = {}
        seen: dict[object, float] = {}
        stop = threading.Event()
        interval = 60.0 / args.rate

        def plant_writer(i: int) -> None:
            db, config = dbs[i - 1], load_config()
            config.site.plant_id = i
            with db.read() as s:
                people = list(s.scalars(text("SELECT id FROM employees WHERE active")))
            rnd = random.Random(i)
            nxt = time.perf_counter()
            while not stop.is_set():
                a, b = rnd.sample(people, 2)
                key = uuid.uuid4()
                with db.write() as s:
                    out = record_rating(s, config, rater_id=a, supplier_id=b,
                                        score=rnd.randint(1, 5), rating_uuid=key)
                if out.status == "recorded":
                    committed[key] = time.perf_counter()
                nxt += interval
                time.sleep(max(0.0, nxt - time.perf_counter()))

        def floor_writer() -> None:
            db = dbs[0]
            nxt = time.perf_counter()
            while not stop.is_set():
                with db.write() as s:
                    fid = s.execute(text("INSERT INTO floor_t DEFAULT VALUES RETURNING id")
                                    ).scalar()
                committed[("floor", fid)] = time.perf_counter()
                nxt += interval
                time.sleep(max(0.0, nxt - time.perf_counter()))

        since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)

        def poller() -> None:
            while not stop.is_set() or len(seen) < len(committed):
                with hq.read() as s:
                    rows = s.execute(text("SELECT uuid FROM ratings WHERE created_at >= :t"),
                                     {"t": since}).scalars().all()
                    floor = s.execute(text("SELECT id FROM floor_t")).scalars().all()
                t = time.perf_counter()
                for key in rows:
                    seen.setdefault(key, t)
                for fid in floor:
                    seen.setdefault(("floor", fid), t)
                if stop.is_set() and time.perf_counter() > deadline:
                    return
                time.sleep(0.02)

        deadline = float("inf")
        threads = [threading.Thread(target=plant_writer, args=(i,)) for i in
                   range(1, args.plants + 1)] + [threading.Thread(target=floor_writer),
                                                 threading.Thread(target=poller)]
        for th in threads:
            th.start()
        time.sleep(args.seconds)
        stop.set()
        deadline = time.perf_counter() + 60
        for th in threads:
            th.join()
        lags = [seen[k] - t for k, t in committed.items()
                if k in seen and not isinstance(k, tuple)]
        floor_lags = [seen[k] - t for k, t in committed.items()
                      if k in seen and isinstance(k, tuple)]
        lost = [k for k in committed if k not in seen]
        print(f"burst: {args.rate} ratings a minute at each of {args.plants} plants for "
              f"{args.seconds} s (load {load()})")
        print(f"  product lag (plant commit -> visible at the head office): {quantiles(lags)}")
        print(f"  floor (a bare table, PostgreSQL's own replication, same run): "
              f"{quantiles(floor_lags)}")
        if lags and floor_lags:
            print(f"  median lag / floor = "
                  f"{statistics.median(lags) / max(statistics.median(floor_lags), 1e-3):.1f}")
        print(f"  not seen within 60 s of the end: {len(lost)}")

        # The head office's wallboard.
        config = load_config()
        for label, plant in (("company-wide", None), ("plant 1 only", 1)):
            db = hq if plant is None else open_database(hq_url, plant_scope=plant)
            cache = TrendCache()
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                with db.read() as s:
                    data = load_wallboard_data(s, config, now=dt.datetime.now(dt.UTC),
                                               cache=cache)
                times.append(time.perf_counter() - t0)
            floor = min(lower_bound(db) for _ in range(2))
            print(f"head office wallboard refresh, {label}: first {times[0]:.2f} s, then "
                  f"{statistics.median(times[1:]):.2f} s ({data.month_ratings} ratings this "
                  f"month); raw-SQL floor {floor:.3f} s, later / floor "
                  f"{statistics.median(times[1:]) / max(floor, 1e-3):.1f} (load {load()})")
            if plant is not None:
                db.dispose()
        with hq.read() as s:
            n_people = s.execute(text("SELECT count(*) FROM employees")).scalar()
        print(f"head office holds {n_people} people of {args.plants} plants")
        hq.dispose()
    finally:
        for db in dbs:
            db.dispose()
        hq_cluster.stop("immediate")
        for cluster in clusters:
            cluster.stop("immediate")
            cluster.destroy()
    print(f"load average at end: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
