"""A kiosk as a real process for the fault tests: rates into its local outbox while its sync
thread pushes to the central database. Prints ``ACK <uuid>`` (flushed) after each rating's
``enqueue_rating`` returned — the moment a real kiosk shows "thanks".

stdin commands: ``stop`` = stop rating, drain the outbox, print ``DRAINED`` and exit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import sys
import threading
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--local", required=True)
    parser.add_argument("--central", default="")
    parser.add_argument("--kiosk", required=True)
    parser.add_argument("--people", required=True, help="comma-separated central employee ids")
    parser.add_argument("--interval", type=float, default=0.005)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max", type=int, default=0, help="stop rating after this many (0 = no)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)

    from shared.offline.store import LocalStore
    store = LocalStore(args.local, kiosk_id=args.kiosk, cooldown=dt.timedelta(0))
    ids = [int(x) for x in args.people.split(",")]
    if store.person(ids[0]) is None:
        now = dt.datetime.now(dt.UTC)
        store.upsert_people([dict(id=i, personnel_no=str(i), full_name=f"P{i}", full_name_en=None,
                                  department_id=None, manager_id=None, segment_id=None,
                                  position=None, role="worker", language="ru", badge_hmac=None,
                                  pin_hash=None, active=True, thumbnail=None, updated_at=now)
                             for i in ids])
    sync = None
    if args.central:
        from shared.config import Config
        from shared.db import Database
        from shared.offline.sync import SyncThread, SyncWorker
        config = Config()
        config.rating.cooldown_hours = 0
        config.database.connect_timeout = 2
        config.kiosk.snapshot_seconds = 86400
        db = Database.from_config(config, role="sync", url=args.central)
        worker = SyncWorker(store, db, config, base_delay=0.05, max_delay=0.5, batch_size=100)
        worker._snapshot_due = dt.datetime.max.replace(tzinfo=dt.UTC)  # people are pre-seeded
        sync = SyncThread(worker)
        sync.start()
    stop = threading.Event()

    def read_commands() -> None:
        for line in sys.stdin:
            if line.strip() == "stop":
                stop.set()
                return
        stop.set()

    threading.Thread(target=read_commands, daemon=True).start()
    print("READY", flush=True)
    rng = random.Random(args.seed)
    made = 0
    while not stop.is_set() and (not args.max or made < args.max):
        rater, supplier = rng.sample(ids, 2)
        outcome = store.enqueue_rating(rater_id=rater, supplier_id=supplier,
                                       score=rng.randint(1, 5))
        if outcome.ok:
            made += 1
            sys.stdout.write(f"ACK {outcome.uuid}\n")
            sys.stdout.flush()
            if sync is not None and made % 20 == 0:
                sync.poke()
        if args.interval:
            time.sleep(args.interval)
    if sync is not None:
        while store.outbox_size():
            sync.poke()
            time.sleep(0.05)
        sync.stop()
    print("DRAINED", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
