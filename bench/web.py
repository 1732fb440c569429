"""Benchmark of the personal web page at shift change: sign-ins and page views at once.

Starts ``pulse-web`` as production runs it (its own process, uvicorn) on an existing
database (``PULSE_DATA_DIR``, e.g. the demo's), issues N single-use links in one go, then
has C concurrent clients each walk journeys: POST the link (the sign-in: compare-and-set and
an audit entry) and GET the personal page with the cookie. Prints p50 / p95 / max of each
step and of the journey, and the rate reached. Only the standard library on the client side.

With ``--rate`` each journey also rates a supplier on the page: GET the supplier's form
after a score (``/rate/<id>?score=4``: the cooldown check and the reasons), POST it (the
kiosk's ``record_rating`` with its rollups); printed beside an honest floor, the same
``record_rating`` called in-process on the same database without HTTP, templates or a
session check.

    PULSE_DATA_DIR=/tmp/demo python bench/web.py --journeys 200 --clients 20 [--rate]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from shared.config import load_config  # noqa: E402
from shared.db import open_database  # noqa: E402
from shared.db.models import Employee  # noqa: E402
from shared.domain.ratings import record_rating  # noqa: E402
from shared.domain.web_sign_in import LINK_PATH, issue_link  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rate(conn: http.client.HTTPConnection, cookie: str, supplier: int) -> tuple[float, float,
                                                                                    int]:
    """GET the rating form after a score, POST it: (form s, post s, the post's status)."""
    t0 = time.perf_counter()
    conn.request("GET", f"/rate/{supplier}?score=4", headers={"Cookie": cookie})
    answer = conn.getresponse()
    form = answer.read().decode()
    t1 = time.perf_counter()
    if answer.status != 200:  # the cooldown of an earlier rating: refused before the form
        return t1 - t0, 0.0, answer.status
    fields = dict(re.findall(r'name="(csrf|uuid|score)" value="([^"]+)"', form))
    body = "&".join(f"{k}={v}" for k, v in fields.items())
    conn.request("POST", f"/rate/{supplier}", body=body,
                 headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    done = conn.getresponse()
    done.read()
    return t1 - t0, time.perf_counter() - t1, done.status


def journey(port: int, token: str, supplier: int | None = None
            ) -> tuple[float, float, tuple[float, float, int] | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    t0 = time.perf_counter()
    conn.request("POST", LINK_PATH + token)
    answer = conn.getresponse()
    answer.read()
    if answer.status != 303:
        raise RuntimeError(f"sign-in answered {answer.status}")
    cookie = (answer.getheader("set-cookie") or "").split(";")[0]
    t1 = time.perf_counter()
    conn.request("GET", "/", headers={"Cookie": cookie})
    page = conn.getresponse()
    body = page.read()
    if page.status != 200 or b'id="metric-given"' not in body:
        raise RuntimeError(f"page answered {page.status}")
    t2 = time.perf_counter()
    rated = rate(conn, cookie, supplier) if supplier is not None else None
    conn.close()
    return t1 - t0, t2 - t1, rated


def floor(config, people: list[int], n: int = 30) -> list[float]:  # type: ignore[no-untyped-def]
    """``record_rating`` alone, in-process, one transaction each (pairs not rated by the
    journeys: each person rates the one two places on)."""
    db = open_database(config.database_url(), audit_key=config.secret_bytes())
    times = []
    now = dt.datetime.now(dt.UTC)
    for i in range(min(n, len(people))):
        t0 = time.perf_counter()
        with db.write() as s:
            record_rating(s, config, rater_id=people[i], supplier_id=people[(i + 2) % len(people)],
                          score=4, rating_uuid=uuid.uuid4(), created_at=now)
        times.append(time.perf_counter() - t0)
    db.dispose()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--rate", action="store_true", help="also rate a supplier on the page")
    args = parser.parse_args()
    config = load_config()
    db = open_database(config.database_url(), upgrade=True, audit_key=config.secret_bytes())
    with db.write() as s:
        people = list(s.scalars(select(Employee.id).where(Employee.active.is_(True))
                                .order_by(Employee.id).limit(args.journeys)))
        tokens = [issue_link(s, config, employee_id=people[i % len(people)],
                             issued_by="bench/web.py").token for i in range(args.journeys)]
    # Each person rates the next one (a pair the floor below does not touch).
    suppliers = [people[(i + 1) % len(people)] for i in range(args.journeys)]
    db.dispose()
    server = subprocess.Popen([sys.executable, "-m", "web", "--port", str(args.port)],
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        server.stderr.readline()  # "pulse-web: listening on ..."
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        sign_ins: list[float] = []
        pages: list[float] = []
        failures: list[str] = []
        forms: list[float] = []
        posts: list[float] = []
        statuses: dict[int, int] = {}
        queue = list(reversed(list(zip(tokens, suppliers, strict=True))))
        lock = threading.Lock()

        def worker() -> None:
            while True:
                with lock:
                    if not queue:
                        return
                    token, supplier = queue.pop()
                try:
                    a, b, rated = journey(args.port, token, supplier if args.rate else None)
                except Exception as exc:  # noqa: BLE001 - counted and printed
                    with lock:
                        failures.append(str(exc))
                    continue
                with lock:
                    sign_ins.append(a)
                    pages.append(b)
                    if rated is not None:
                        forms.append(rated[0])
                        statuses[rated[2]] = statuses.get(rated[2], 0) + 1
                        if rated[2] == 200:
                            posts.append(rated[1])

        start = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
    journeys = [a + b for a, b in zip(sign_ins, pages, strict=True)]
    print(f"{len(journeys)} journeys by {args.clients} clients in {wall:.1f} s "
          f"({60 * len(journeys) / wall:.0f} a minute), {len(failures)} failed, "
          f"load {os.getloadavg()[0]:.1f}")
    steps = [("sign-in", sign_ins), ("page", pages), ("journey", journeys)]
    if args.rate:
        steps += [("rate form", forms), ("rate post", posts), ("floor", floor(config, people))]
        print(f"  rating answers: {statuses} (400: the cooldown of an earlier rating)")
    for name, values in steps:
        if values:
            print(f"  {name:9s} p50 {1000 * statistics.median(values):6.0f} ms   "
                  f"p95 {1000 * pct(values, 95):6.0f} ms   max {1000 * max(values):6.0f} ms")
    for failure in failures[:5]:
        print("  failed:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
