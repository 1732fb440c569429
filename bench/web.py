"""Benchmark of the personal web page at shift change: sign-ins and page views at once.

Starts ``pulse-web`` as production runs it (its own process, uvicorn) on an existing
database (``PULSE_DATA_DIR``, e.g. the demo's), issues N single-use links in one go, then
has C concurrent clients each walk journeys: POST the link (the sign-in: compare-and-set and
an audit entry) and GET the personal page with the cookie. Prints p50 / p95 / max of each
step and of the journey, and the rate reached. Only the standard library on the client side.

    PULSE_DATA_DIR=/tmp/demo python bench/web.py --journeys 200 --clients 20
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from shared.config import load_config  # noqa: E402
from shared.db import open_database  # noqa: E402
from shared.db.models import Employee  # noqa: E402
from shared.domain.web_sign_in import LINK_PATH, issue_link  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def journey(port: int, token: str) -> tuple[float, float]:
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
    conn.close()
    return t1 - t0, t2 - t1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--port", type=int, default=8791)
    args = parser.parse_args()
    config = load_config()
    db = open_database(config.database_url(), upgrade=True, audit_key=config.secret_bytes())
    with db.write() as s:
        people = list(s.scalars(select(Employee.id).where(Employee.active.is_(True))
                                .order_by(Employee.id).limit(args.journeys)))
        tokens = [issue_link(s, config, employee_id=people[i % len(people)],
                             issued_by="bench/web.py").token for i in range(args.journeys)]
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
        queue = list(reversed(tokens))
        lock = threading.Lock()

        def worker() -> None:
            while True:
                with lock:
                    if not queue:
                        return
                    token = queue.pop()
                try:
                    a, b = journey(args.port, token)
                except Exception as exc:  # noqa: BLE001 - counted and printed
                    with lock:
                        failures.append(str(exc))
                    continue
                with lock:
                    sign_ins.append(a)
                    pages.append(b)

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
    for name, values in (("sign-in", sign_ins), ("page", pages), ("journey", journeys)):
        if values:
            print(f"  {name:8s} p50 {1000 * statistics.median(values):6.0f} ms   "
                  f"p95 {1000 * pct(values, 95):6.0f} ms   max {1000 * max(values):6.0f} ms")
    for failure in failures[:5]:
        print("  failed:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
