#!/usr/bin/env python3
"""Outbox drain: a kiosk store holding N queued ratings pushed into a fresh central database.

    python bench/sync.py                       # SQLite central file, 50,000 ratings
    python bench/sync.py --db-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/sync.py --n 5000 --batch 500  # smaller / another batch size

Builds a fresh central database (a SQLite file in a temporary directory, or a throwaway
PostgreSQL database next to the one named by ``--db-url``, dropped at the end) with a plant
of ``--people`` people in 40 departments and four reason tags, and a kiosk local store whose
outbox holds N ratings: random pairs over two weeks, a third with a reason tag, one in 20 a
rating of a pair already rated shortly before it (the cooldown settlement has work to do).
The outbox rows are written in one local transaction in the form ``enqueue_rating`` writes
them (queuing 50,000 taps one fsync each would only measure the disk).

Then it drains the outbox with the product's sync (``SyncWorker.push``, the pass ``pulse
sync`` and the kiosk's sync thread run) and times it. The floor is the same rows written
into a second fresh database of the same plant, in the same run, by the raw driver: per
batch one ``INSERT ... ON CONFLICT (uuid) DO NOTHING`` of the ratings and their reasons plus
one set-based upsert per rollup table, the rollups summed in Python, statuses known in
advance (no validation, no cooldown settlement, no outbox), the better of two runs.
product / floor is the time ratio and is >= 1 by construction. The rollups of both databases
are compared (``--check``: also with a rebuild). Prints the load average before and after:
on a shared machine the absolute rate moves with the load, the ratio much less.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PULSE_SECRET", "bench-secret-of-the-plant-0123456789")
os.environ.setdefault("PULSE_DATA_DIR", tempfile.mkdtemp(prefix="pulse-bench-sync-data-"))

from sqlalchemy import create_engine, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from shared.config import load_config  # noqa: E402
from shared.db import Database, open_database  # noqa: E402
from shared.db.arrays import pg_array  # noqa: E402
from shared.db.models import Department, Employee, ReasonTag  # noqa: E402
from shared.domain.periods import local_day, week_start  # noqa: E402
from shared.domain.rollups import _stored_statements  # noqa: E402
from shared.ids import uuid7  # noqa: E402
from shared.offline.store import LocalStore, iso  # noqa: E402
from shared.offline.sync import SyncWorker  # noqa: E402

T0 = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)
TAGS = [("speed", "negative"), ("quality", "negative"), ("polite", "positive"),
        ("help", "positive")]
ROLLUPS = ["rollup_supplier_day", "rollup_rater_day", "rollup_pair_month", "rollup_dept_pair_day",
           "rollup_tag_day", "rollup_client_week", "rollup_rater_month"]


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


class Central:
    """A fresh central database: a SQLite file, or a throwaway PostgreSQL database."""

    def __init__(self, admin_url: str | None, name: str, workdir: Path) -> None:
        self.admin = None
        if admin_url is None:
            self.url = f"sqlite:///{workdir / f'{name}.db'}"
        else:
            base = make_url(admin_url)
            self.dbname = f"pulse_bench_sync_{name}_{uuid.uuid4().hex[:8]}"
            self.admin = create_engine(base, isolation_level="AUTOCOMMIT")
            with self.admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.dbname}"'))
            self.url = base.set(database=self.dbname).render_as_string(hide_password=False)
        self.db = open_database(self.url, upgrade=True)

    def drop(self) -> None:
        self.db.dispose()
        if self.admin is not None:
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)'))
            self.admin.dispose()


def seed_plant(db: Database, people: int) -> None:
    with db.write() as s:
        s.execute(text("UPDATE reason_tags SET active = false"))
        s.execute(insert(Department), [dict(name=f"Цех {i}") for i in range(40)])
        deps = list(s.scalars(select(Department.id).order_by(Department.id)))
        s.execute(insert(Employee), [dict(personnel_no=f"{100000 + i}", full_name=f"Person {i}",
                                          department_id=deps[i % len(deps)])
                                     for i in range(people)])
        s.execute(insert(ReasonTag), [dict(code=c, polarity=p, label_ru=c, label_en=c)
                                      for c, p in TAGS])


def queue(store: LocalStore, people: list[int], n: int, seed: int, cooldown: dt.timedelta
          ) -> None:
    """N ratings in the outbox, in the form ``LocalStore.enqueue_rating`` writes them."""
    rng = random.Random(seed)
    span = dt.timedelta(days=14).total_seconds()
    taps: list[tuple[dt.datetime, int, int]] = []
    for _ in range(n):
        if taps and rng.random() < 0.05:  # the same pair again soon: the settlement's case
            at, rater, supplier = taps[rng.randrange(len(taps))]
            at = at + dt.timedelta(seconds=rng.uniform(-1.5, 1.5) * cooldown.total_seconds())
        else:
            rater, supplier = rng.sample(people, 2)
            at = T0 + dt.timedelta(seconds=rng.uniform(0, span))
        taps.append((at, rater, supplier))
    taps.sort()
    rows = []
    for at, rater, supplier in taps:
        score = rng.randint(1, 5)
        polarity = "negative" if score <= 3 else "positive"
        codes = [rng.choice([c for c, p in TAGS if p == polarity])] if rng.random() < 0.33 else []
        payload = {"rater_id": rater, "supplier_id": supplier, "score": score,
                   "reason_codes": codes, "comment": None, "kiosk_id": store.kiosk_id}
        rows.append((str(uuid7(int(at.timestamp() * 1000))), rater, supplier,
                     store.pair_key(rater, supplier), iso(at), json.dumps(payload)))
    conn = sqlite3.connect(store.path)
    with conn:
        conn.executemany("INSERT INTO outbox (uuid, kind, rater_id, supplier_id, pair_key, "
                         "created_at, payload) VALUES (?, 'rating', ?, ?, ?, ?, ?)", rows)
    conn.close()


def floor(db: Database, items: list[Any], statuses: dict[uuid.UUID, str], batch: int,
          tz: Any, sums_in_sql: bool) -> float:
    """The same rows by the raw driver: seconds for ratings, reasons and 7 rollup upserts.

    ``sums_in_sql``: each rollup's upsert sums the batch's rows in the database (``INSERT …
    SELECT … GROUP BY … ON CONFLICT``, the product's statement text); otherwise the batch is
    summed in Python and sent as one array / JSON parameter per rollup. Either is a floor:
    the floor is the faster."""
    pg = db.engine.dialect.name == "postgresql"
    raw = db.engine.raw_connection()
    cur = raw.cursor()
    cur.execute("SELECT id, department_id FROM employees")
    dep = dict(cur.fetchall())
    cur.execute("SELECT code, id FROM reason_tags WHERE active")
    tag_ids = dict(cur.fetchall())
    raw.commit()
    mark = "%s" if pg else "?"
    now = dt.datetime.now(dt.UTC)
    in_sql = [str(stmt).replace(":ids", "%(ids)s" if pg else ":ids")
              for stmt in _stored_statements(db.engine.dialect.name)]

    def when(v: dt.datetime) -> Any:
        return v if pg else v.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")

    def u(v: uuid.UUID) -> Any:
        return v if pg else v.hex

    def upsert(table: str, keys: list[str], sums: list[str], rows: dict[tuple[Any, ...],
               list[int]], keep: list[str] = (), keep_of: dict[Any, Any] | None = None) -> None:
        cols = [*keys, *keep, *sums]
        data = [(*k, *((keep_of[k],) if keep else ()), *v) for k, v in sorted(rows.items())]
        set_ = ", ".join([f"{c} = {table}.{c} + excluded.{c}" for c in sums]
                         + [f"{c} = excluded.{c}" for c in keep])
        if pg:
            types = ["date" if c in ("day", "week") else "text" if c == "month" else "integer"
                     for c in cols]
            arrays = ", ".join(f"%s::{t}[]" for t in types)
            cur.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT * FROM unnest({arrays}) "
                        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {set_}",
                        [pg_array([r[i] for r in data]) for i in range(len(cols))])
        else:
            picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(cols)))
            cur.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {picks} FROM "
                        f"json_each(?) WHERE true ON CONFLICT ({', '.join(keys)}) DO UPDATE "
                        f"SET {set_}", (json.dumps(data, default=str),))

    start = time.perf_counter()
    for b in range(0, len(items), batch):
        chunk = items[b:b + batch]
        ratings, reasons = [], []
        sup: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        sup_dep: dict[Any, int] = {}
        rater: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
        pair: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
        dpair: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0])
        tag: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
        week: dict[Any, list[int]] = defaultdict(lambda: [0])
        month: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
        for item in chunk:
            p = item.payload
            r, s_, score = p["rater_id"], p["supplier_id"], p["score"]
            day = local_day(item.created_at, tz)
            status = statuses[item.uuid]
            ratings.append((u(item.uuid), r, s_, dep[r], dep[s_], score, None, p["kiosk_id"],
                            when(item.created_at), day.isoformat(), when(now), status))
            tags = [tag_ids[c] for c in p["reason_codes"]]
            reasons.extend((u(item.uuid), t) for t in tags)
            if status != "ok" or sums_in_sql:
                continue
            happy, unhappy, m = int(score >= 4), int(score <= 2), day.strftime("%Y-%m")
            x = sup[(s_, day)]
            x[0] += 1; x[1] += score; x[2] += happy; x[3] += unhappy  # noqa: E702
            sup_dep[(s_, day)] = dep[s_]
            x = rater[(r, day)]
            x[0] += 1; x[1] += score  # noqa: E702
            x = pair[(s_, m, r)]
            x[0] += 1; x[1] += score  # noqa: E702
            x = dpair[(dep[r], dep[s_], day)]
            x[0] += 1; x[1] += score; x[2] += happy  # noqa: E702
            for t in tags:
                x = tag[(t, dep[s_], day)]
                x[0] += 1; x[1] += unhappy  # noqa: E702
            week[(week_start(day), r, dep[s_])][0] += 1
            x = month[(r, m)]
            x[0] += 1; x[1] += score  # noqa: E702
        cols = ("uuid, rater_id, supplier_id, rater_department_id, supplier_department_id, "
                "score, comment, kiosk_id, created_at, day, received_at, status")
        if pg:
            cur.execute(f"INSERT INTO ratings ({cols}) SELECT * FROM unnest(%s::uuid[], "
                        "%s::int[], %s::int[], %s::int[], %s::int[], %s::int[], %s::text[], "
                        "%s::text[], %s::timestamptz[], %s::date[], %s::timestamptz[], "
                        "%s::text[]) ON CONFLICT (uuid) DO NOTHING RETURNING uuid, id",
                        [pg_array(c) for c in zip(*ratings, strict=True)])
            ids = dict(cur.fetchall())
            if reasons:
                cur.execute("INSERT INTO rating_reasons (rating_id, reason_tag_id) SELECT * FROM "
                            "unnest(%s::int[], %s::int[])",
                            [pg_array(ids[x] for x, _ in reasons), pg_array(t for _, t in reasons)])
        else:
            # A floor may take shortcuts: the ids are given (one writer), not read back.
            cur.execute("SELECT coalesce(max(id), 0) FROM ratings")
            first = cur.fetchone()[0] + 1
            ids = {row[0]: first + k for k, row in enumerate(ratings)}
            # Multi-row VALUES, as many rows a statement as SQLite's 32,766 parameters allow.
            for part in range(0, len(ratings), 2000):
                rows = ratings[part:part + 2000]
                cur.execute(f"INSERT INTO ratings (id, {cols}) VALUES "
                            + ", ".join([f"({', '.join([mark] * 13)})"] * len(rows))
                            + " ON CONFLICT (uuid) DO NOTHING",
                            [v for row in rows for v in (ids[row[0]], *row)])
            if reasons:
                cur.execute("INSERT INTO rating_reasons (rating_id, reason_tag_id) VALUES "
                            + ", ".join(["(?, ?)"] * len(reasons)),
                            [v for x, t in reasons for v in (ids[x], t)])
        if sums_in_sql:
            batch_ids = list(ids.values())
            param = pg_array(batch_ids) if pg else json.dumps(batch_ids)
            for sql in in_sql:
                cur.execute(sql, {"ids": param})
            raw.commit()
            continue
        upsert("rollup_supplier_day", ["supplier_id", "day"],
               ["n", "score_sum", "n_happy", "n_unhappy"], sup, ["supplier_department_id"],
               sup_dep)
        upsert("rollup_rater_day", ["rater_id", "day"], ["n", "score_sum"], rater)
        upsert("rollup_pair_month", ["supplier_id", "month", "rater_id"], ["n", "score_sum"],
               pair)
        upsert("rollup_dept_pair_day", ["client_department_id", "supplier_department_id", "day"],
               ["n", "score_sum", "n_happy"], dpair)
        upsert("rollup_tag_day", ["reason_tag_id", "supplier_department_id", "day"],
               ["n", "n_low"], tag)
        upsert("rollup_client_week", ["week", "rater_id", "supplier_department_id"], ["n"], week)
        upsert("rollup_rater_month", ["rater_id", "month"], ["n", "score_sum"], month)
        raw.commit()
    elapsed = time.perf_counter() - start
    raw.close()
    return elapsed


def rollups(db: Database) -> dict[str, list[tuple[str, ...]]]:
    with db.read() as s:
        return {t: sorted(tuple(str(v) for v in row) for row in s.execute(text(
            f"SELECT * FROM {t}"))) for t in ROLLUPS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", help="a PostgreSQL database on the server to use (a "
                        "throwaway database is created beside it); default: a SQLite file")
    parser.add_argument("--n", type=int, default=50_000, help="queued ratings (default 50,000)")
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=None,
                        help="items per central transaction (default: the sync's own)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check", action="store_true",
                        help="also compare the rollups with a rebuild (slow)")
    args = parser.parse_args(argv)

    config = load_config()
    workdir = Path(tempfile.mkdtemp(prefix="pulse-bench-sync-"))
    product = Central(args.db_url, "product", workdir)
    low = Central(args.db_url, "floor", workdir)
    try:
        for c in (product, low):
            seed_plant(c.db, args.people)
        with product.db.read() as s:
            people = list(s.scalars(select(Employee.id).order_by(Employee.id)))
        cooldown = dt.timedelta(hours=config.rating.cooldown_hours)
        store = LocalStore(workdir / "kiosk.db", kiosk_id="bench", cooldown=cooldown,
                           secret=config.secret_bytes())
        queue(store, people, args.n, args.seed, cooldown)
        items = store.pending(args.n + 1)
        worker = SyncWorker(store, product.db, config, server_time=False,
                            clock=lambda: T0 + dt.timedelta(days=15))
        if args.batch:
            worker.batch_size = args.batch
        kind = product.db.engine.dialect.name
        print(f"{kind}: {len(items):,} queued ratings, {args.people:,} people, "
              f"batch {worker.batch_size}; load before {_load()}", flush=True)
        start, cpu = time.perf_counter(), time.process_time()
        report = worker.push()
        took, took_cpu = time.perf_counter() - start, time.process_time() - cpu
        assert report.pushed == len(items) and store.outbox_size() == 0, report
        with product.db.read() as s:
            statuses = {u: st for u, st in s.execute(text("SELECT uuid, status FROM ratings"))}
        statuses = {uuid.UUID(str(k)): v for k, v in statuses.items()}
        # The floor is the better of two runs (the second on emptied tables, warm caches):
        # on a loaded machine one run can be slowed by a neighbour.
        # Two ways to the same rollups, each a floor; the faster one is the floor.
        cpu = time.process_time()
        floor_py = floor(low.db, items, statuses, worker.batch_size, config.tz, False)
        floor_py_cpu = time.process_time() - cpu
        first = rollups(low.db)
        with low.db.write() as s:
            for table in ["rating_reasons", *ROLLUPS, "ratings"]:
                s.execute(text(f"DELETE FROM {table}"))
        cpu = time.process_time()
        floor_sql = floor(low.db, items, statuses, worker.batch_size, config.tz, True)
        floor_sql_cpu = time.process_time() - cpu
        floor_s = min(floor_py, floor_sql)
        floor_cpu = min(floor_py_cpu, floor_sql_cpu)
        assert rollups(low.db) == first
        same = rollups(product.db) == rollups(low.db)
        counts = defaultdict(int)
        for v in statuses.values():
            counts[v] += 1
        print(f"product: {len(items) / took:,.0f} ratings/s ({took:.2f} s; "
              f"{dict(counts)}, {report.statuses})")
        print(f"floor:   {len(items) / floor_s:,.0f} ratings/s ({floor_s:.2f} s; raw driver, "
              f"one insert + 7 set-based rollup upserts per batch; summed in Python "
              f"{floor_py:.2f} s, in SQL {floor_sql:.2f} s)")
        print(f"product/floor: {took / floor_s:.2f}x; rollups equal: {same}; "
              f"load after {_load()}")
        # This process's CPU: on SQLite the database's work too (in-process), on PostgreSQL
        # only the client's. Steadier than the wall clock on a loaded machine.
        print(f"CPU of this process: product {took_cpu:.2f} s ({len(items) / took_cpu:,.0f} "
              f"ratings/s), floor {floor_cpu:.2f} s; product/floor {took_cpu / floor_cpu:.2f}x")
        if args.check:
            from shared.domain.rollups import rebuild_rollups
            before = rollups(product.db)
            with product.db.write() as s:
                rebuild_rollups(s)
            print(f"rollups equal a rebuild: {before == rollups(product.db)}")
        return 0 if same else 1
    finally:
        product.drop()
        low.drop()


if __name__ == "__main__":
    raise SystemExit(main())
