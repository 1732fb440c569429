"""The set-based drain: batches arriving in any order leave statuses by the cooldown rule and
rollups equal to a rebuild (late earlier ratings demote ones that counted)."""

from __future__ import annotations

import datetime as dt
import logging
import random
import re
from collections import defaultdict

import pytest
from sqlalchemy import text

from shared.config import Config
from shared.db import Database
from shared.domain.rollups import rebuild_rollups
from shared.ids import uuid7
from shared.offline.central import apply_rating_batch, context
from shared.offline.store import OutboxItem
from tests.offline_support import seed_directory

T0 = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)
ROLLUPS = ["rollup_supplier_day", "rollup_rater_day", "rollup_pair_month", "rollup_dept_pair_day",
           "rollup_tag_day", "rollup_client_week", "rollup_rater_month"]


def _rollups(db: Database) -> dict[str, list[tuple[str, ...]]]:
    with db.read() as s:
        return {t: sorted(tuple(str(v) for v in row) for row in s.execute(text(
            f"SELECT * FROM {t}"))) for t in ROLLUPS}


@pytest.mark.parametrize("seed", [1, 2])
def test_drained_batches_in_any_order_equal_a_rebuild(db: Database, config: Config, seed: int,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="shared.offline.central")
    rng = random.Random(seed)
    d = seed_directory(db, people=6)
    ids = d.employee_ids
    pairs = [(a, b) for a in ids[:4] for b in ids[:4] if a != b][:5]
    cooldown = dt.timedelta(hours=config.rating.cooldown_hours)
    items = []
    for _ in range(70):
        rater, supplier = rng.choice(pairs)
        # Taps crowded in two days so that the cooldown bites, across a week and a month end.
        at = T0 + dt.timedelta(days=rng.choice([0, 5, 27]),
                               minutes=rng.randrange(0, int(cooldown.total_seconds() / 60) * 6))
        score = rng.randint(1, 5)
        codes = rng.sample(["speed"] if score <= 3 else ["polite"], rng.randrange(2))
        items.append(OutboxItem(uuid7(int(at.timestamp() * 1000)), "rating", at, {
            "rater_id": rater, "supplier_id": supplier, "score": score, "reason_codes": codes,
            "comment": None, "kiosk_id": f"k{rng.randrange(3)}"}, 0))
    # Kiosks deliver in any order: later taps first, then earlier ones that demote them.
    rng.shuffle(items)
    resent = rng.sample(items, 5)
    sizes, at = [], 0
    while at < len(items):
        sizes.append(rng.randint(1, 20))
        at += sizes[-1]
    start = 0
    for size in sizes:
        batch = items[start:start + size]
        start += size
        with db.write() as s:
            got = apply_rating_batch(s, batch, context(config, T0 + dt.timedelta(days=40)))
        assert set(got) == {i.uuid for i in batch}
    with db.write() as s:  # a resend after a lost answer changes nothing
        apply_rating_batch(s, resent, context(config, T0 + dt.timedelta(days=40)))

    # The statuses are the rule's on the whole history, whatever the order of arrival.
    by_pair = defaultdict(list)
    for item in items:
        by_pair[(item.payload["rater_id"], item.payload["supplier_id"])].append(item)
    expected: dict[str, str] = {}
    for pair_items in by_pair.values():
        last_ok = None
        for item in sorted(pair_items, key=lambda i: (i.created_at, i.uuid)):
            if last_ok is not None and item.created_at - last_ok < cooldown:
                expected[str(item.uuid)] = "cooldown_conflict"
            else:
                expected[str(item.uuid)] = "ok"
                last_ok = item.created_at
    with db.read() as s:
        stored = {str(u): st for u, st in s.execute(text("SELECT uuid, status FROM ratings"))}
    stored = {k.replace("-", ""): v for k, v in stored.items()}
    assert stored == {k.replace("-", ""): v for k, v in expected.items()}
    assert "cooldown_conflict" in stored.values()
    # late ones demoted counted ones
    assert re.search(r"\d+ earlier ratings? changed status", caplog.text)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]

    drained = _rollups(db)
    with db.write() as s:
        rebuild_rollups(s)
    assert _rollups(db) == drained
