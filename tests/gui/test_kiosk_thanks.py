"""The thanks screen shows when the rating is safe in the outbox; the server's word follows.

These journeys use ``ManualWorker``: nothing runs on the "database worker" until the test
says so, so each test sees the screen between the outbox commit and the server's answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from shared.db import Database
from shared.db.models import Employee, RollupPairMonth
from shared.domain.ratings import record_rating
from tests.gui.kiosk_helpers import START, ManualWorker, badge_code, find, scan, tap
from tests.gui.test_kiosk_offline import OfflineKiosk, _central_ratings, _make

pytestmark = pytest.mark.gui


@pytest.fixture
def online(qtbot, kiosk_db: Database, tmp_path: Path) -> Iterator[OfflineKiosk]:  # type: ignore[no-untyped-def]
    yield from _make(qtbot, kiosk_db, tmp_path, reachable=True, worker=ManualWorker())


@pytest.fixture
def offline(qtbot, kiosk_db: Database, tmp_path: Path) -> Iterator[OfflineKiosk]:  # type: ignore[no-untyped-def]
    yield from _make(qtbot, kiosk_db, tmp_path, reachable=False, worker=ManualWorker())


def _worker(k: OfflineKiosk) -> ManualWorker:
    worker = k.window.worker
    assert isinstance(worker, ManualWorker)
    return worker


def _open_card(k: OfflineKiosk, personnel_no: str, supplier: str) -> None:
    """Badge in, pick the supplier; every database answer delivered."""
    w, worker = k.window, _worker(k)
    worker.run_all()
    scan(w, k.clock, badge_code(personnel_no))
    worker.run_all()
    assert w.current is w.home
    tap(find(w.home, "rateButton"))
    worker.run_all()
    tap(w.picker.own_grid.tiles[supplier])
    worker.run_all()
    assert w.current is w.rate


def _tap_face_and_skip(k: OfflineKiosk, qtbot, score: int) -> None:  # type: ignore[no-untyped-def]
    """Face, Skip; the outbox commit answered; then the thanks screen's first paint."""
    w, worker = k.window, _worker(k)
    tap(find(w.rate, f"face-{score}"))
    tap(find(w.rate, "skipButton"))
    assert worker.names == ["record_rating"]
    worker.run_next()
    assert w.current is w.thanks
    # The push and the streak read are asked for once the thanks screen has been painted.
    assert "rating_fate" not in worker.names
    qtbot.waitUntil(lambda: "rating_fate" in worker.names, timeout=2000)


def test_thanks_at_once_then_the_streak_line_fills_in_place(
        online: OfflineKiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    k, w, ids, worker = online, online.window, online.plant.ids, _worker(online)
    _open_card(k, "1002", "2001")  # Emily reads English
    _tap_face_and_skip(k, qtbot, 4)
    # Thanks is up as soon as the rating is on disk in the outbox; the server has nothing yet.
    assert w.current is w.thanks
    assert find(w.thanks, "thanksLabel").text() == "You rated Boris Kuznetsov: 4 — Happy."
    line = find(w.thanks, "streakLabel")
    assert line.text() == ""
    assert [(r[1], r[2]) for r in k.store.outbox_rows()] == [("rating", "pending")]
    assert _central_ratings(k.central) == []
    assert not find(w, "offlineLabel").isVisible()  # no "1 rating will sync" flash online
    height = line.height()
    worker.run_next("rating_fate")
    assert line.text() == "Your streak: 1 day  ·  this week: 1 rating"
    assert line.height() == height  # filled in place: nothing on the screen moved
    assert _central_ratings(k.central) == [(ids["1002"], ids["2001"], 4, "ok")]
    assert k.store.outbox_rows()[0][2:] == ("sent", "ok")
    assert not find(w, "offlineLabel").isVisible()
    worker.run_all()
    assert w.current is w.thanks


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_offline_thanks_reads_well_without_a_streak(
        offline: OfflineKiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    k, w, worker = offline, offline.window, _worker(offline)
    _open_card(k, "1002", "2002")
    _tap_face_and_skip(k, qtbot, 5)
    assert w.current is w.thanks
    assert find(w.thanks, "thanksTitle").text() == "Thank you!"
    assert k.store.outbox_size() == 1
    assert find(w.thanks, "streakLabel").text() == ""
    worker.run_all()
    line = find(w.thanks, "streakLabel").text()
    assert line == "Saved on this kiosk: it is sent as soon as the server answers."
    assert not any(ch.isdigit() for ch in line)  # no made-up numbers offline
    assert find(w, "offlineLabel").text() == "Offline — 1 rating will sync"
    assert k.pokes  # the sync thread was told


def test_a_cooldown_from_another_kiosk_after_the_card_is_said_on_thanks(
        online: OfflineKiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    k, w, ids, worker = online, online.window, online.plant.ids, _worker(online)
    _open_card(k, "1002", "2001")
    assert find(w.rate, "face-4").isEnabled()  # the card's check: allowed
    # Moments later, at another kiosk, the same person rates the same supplier.
    with k.central.write() as s:
        done = record_rating(s, k.config, rater_id=ids["1002"], supplier_id=ids["2001"],
                             score=2, kiosk_id="kiosk-2", created_at=START)
    assert done.ok
    k.clock.advance(60)
    _tap_face_and_skip(k, qtbot, 4)
    assert w.current is w.thanks  # accepted into the outbox: the honest "thanks"
    worker.run_next("rating_fate")
    # The server keeps it without counting it, and the screen says so in words.
    assert find(w.thanks, "streakLabel").text() == (
        "Kept, but not counted: You rated Boris Kuznetsov at 10:30; next rating from 14:30.")
    assert _central_ratings(k.central) == [(ids["1002"], ids["2001"], 2, "ok"),
                                           (ids["1002"], ids["2001"], 4, "cooldown_conflict")]
    assert k.store.outbox_rows()[0][2:] == ("sent", "cooldown_conflict")
    with k.central.read() as s:
        counted = s.execute(select(RollupPairMonth.n).where(
            RollupPairMonth.rater_id == ids["1002"],
            RollupPairMonth.supplier_id == ids["2001"])).scalar_one()
    assert counted == 1  # only the other kiosk's rating counts


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_a_rating_the_server_refuses_after_thanks_is_said_and_kept(
        online: OfflineKiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    k, w, ids, worker = online, online.window, online.plant.ids, _worker(online)
    _open_card(k, "1002", "2002")
    # Deactivated centrally after the card was checked (the snapshot still has her active).
    with k.central.write() as s:
        s.execute(update(Employee).where(Employee.id == ids["2002"]).values(active=False))
    _tap_face_and_skip(k, qtbot, 3)
    worker.run_next("rating_fate")
    assert find(w.thanks, "streakLabel").text() == (
        "The server did not accept this rating: Vera Volkova is not active any more and "
        "cannot be rated.")
    assert _central_ratings(k.central) == []
    assert k.store.outbox_rows()[0][2:] == ("rejected", "rejected:inactive_supplier")
    assert k.store.outbox_size() == 0  # never resent


def test_a_late_answer_does_not_fill_the_next_ratings_thanks(
        online: OfflineKiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    k, w, worker = online, online.window, _worker(online)
    _open_card(k, "1002", "2001")
    _tap_face_and_skip(k, qtbot, 5)
    first = w.thanks.key
    fate_of_first = worker.queue.pop(worker.names.index("rating_fate"))
    worker.run_all()
    tap(find(w.thanks, "rateAnotherButton"))
    worker.run_all()
    tap(w.picker.own_grid.tiles["2002"])
    worker.run_all()
    k.clock.advance(dt.timedelta(minutes=1).total_seconds())
    _tap_face_and_skip(k, qtbot, 4)
    assert w.thanks.key != first
    worker.queue.insert(0, fate_of_first)  # the first rating's answer arrives late
    worker.run_next()
    assert find(w.thanks, "streakLabel").text() == ""
    worker.run_next("rating_fate")
    assert find(w.thanks, "streakLabel").text().startswith("Your streak: 1 day  ")
