"""The offline-first kiosk: snapshot lookups, the outbox before thanks, the sign, the sync."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from sqlalchemy import select

from kiosk.backend import KioskBackend
from kiosk.clock import FakeClock
from kiosk.texts import named
from kiosk.window import MainWindow
from kiosk.worker import DbWorker, SynchronousWorker
from shared.config import Config, load_config
from shared.db import Database
from shared.db.engine import create_db_engine
from shared.db.models import Dispute, Rating, Regulation
from shared.domain.ratings import record_rating
from shared.ids import uuid7
from shared.offline.store import LocalStore
from shared.offline.sync import SyncWorker
from tests.gui.kiosk_helpers import START, Plant, badge_code, build_plant, find, scan, tap

pytestmark = pytest.mark.gui


@dataclass
class OfflineKiosk:
    window: MainWindow
    backend: KioskBackend
    clock: FakeClock
    central: Database  # the real central database (the kiosk may not reach it)
    store: LocalStore
    config: Config
    plant: Plant
    pokes: list[int]


def _central_ratings(db: Database) -> list[tuple[int, int, int, str]]:
    with db.read() as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(Rating.rater_id, Rating.supplier_id, Rating.score, Rating.status)
            .order_by(Rating.id)).all()]


def _make(qtbot, kiosk_db: Database, tmp_path: Path, *, reachable: bool,  # type: ignore[no-untyped-def]
          worker: DbWorker | None = None, restart: Plant | None = None
          ) -> Iterator[OfflineKiosk]:
    """A kiosk with its local store; ``restart``: the same plant and store file again
    (a kiosk switched off and on: no new plant, no seeding pass)."""
    config = load_config()
    if restart is None:
        plant = build_plant(kiosk_db, config)
        with kiosk_db.write() as s:
            s.add(Regulation(code="РГ-014", title="Выдача инструмента со склада за 15 минут"))
    else:
        plant = restart
    clock = FakeClock(START)
    store = LocalStore(tmp_path / "kiosk-local.db", kiosk_id=config.kiosk.id,
                       cooldown=dt.timedelta(hours=config.rating.cooldown_hours))
    if restart is None:
        # The snapshot as the sync thread seeds it at start, while the server was there.
        seeded = SyncWorker(store, kiosk_db, config, clock=clock.now).run_once(snapshot=True)
        assert seeded.ok and seeded.snapshot_rows > 0
    if reachable:
        db = kiosk_db
    else:
        # A server that is gone: nothing listens on this port.
        db = Database(create_db_engine("postgresql+psycopg://nobody@127.0.0.1:9/none",
                                       connect_timeout=1))
    pokes: list[int] = []
    backend = KioskBackend(db, config, clock, store=store, poke=lambda: pokes.append(1))
    window = MainWindow(config, backend, worker or SynchronousWorker(), clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield OfflineKiosk(window, backend, clock, kiosk_db, store, config, plant, pokes)
    window.close()
    if db is not kiosk_db:
        db.dispose()
    store.close()


@pytest.fixture
def offline(qtbot, kiosk_db: Database, tmp_path: Path) -> Iterator[OfflineKiosk]:  # type: ignore[no-untyped-def]
    yield from _make(qtbot, kiosk_db, tmp_path, reachable=False)


@pytest.fixture
def online(qtbot, kiosk_db: Database, tmp_path: Path) -> Iterator[OfflineKiosk]:  # type: ignore[no-untyped-def]
    yield from _make(qtbot, kiosk_db, tmp_path, reachable=True)


def _rate(k: OfflineKiosk, supplier: str, score: int) -> None:
    w = k.window
    tap(find(w.home, "rateButton"))
    assert w.current is w.picker
    tap(w.picker.own_grid.tiles[supplier])
    assert w.current is w.rate
    tap(find(w.rate, f"face-{score}"))
    tap(find(w.rate, "submitRating"))


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_offline_rating_is_queued_thanked_and_synced_once(offline: OfflineKiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    k, w, ids = offline, offline.window, offline.plant.ids
    # The start screen already tried the server (the mood) and knows it is offline.
    assert w.offline
    sign = find(w, "offlineLabel")
    assert sign.isVisible() and sign.text()
    # A badge from the snapshot logs in (Emily reads English); the figures wait for the server.
    scan(w, k.clock, badge_code("1002"))
    assert w.current is w.home and w.person is not None and w.person.id == ids["1002"]
    assert w.language == "en"
    assert find(w.home, "metricGiven").text() == "…"
    assert sign.text() == "Offline — ratings are saved here"
    # The picker from the snapshot: the configured suppliers (Maintenance), never oneself.
    tap(find(w.home, "rateButton"))
    assert set(w.picker.own_grid.tiles) == {"2001", "2002"}
    tap(find(w.picker, "pickerBack"))
    assert w.current is w.home
    _rate(k, "2001", 4)
    assert w.current is w.thanks
    assert "Boris Kuznetsov" in find(w.thanks, "thanksLabel").text()
    # On disk in the outbox before the thanks screen: one pending rating row.
    rows = k.store.outbox_rows()
    assert [(r[1], r[2]) for r in rows] == [("rating", "pending")]
    assert k.store.outbox_size() == 1
    qtbot.waitUntil(lambda: bool(k.pokes), timeout=2000)  # after the thanks screen's paint
    assert _central_ratings(k.central) == []
    qtbot.waitUntil(lambda: sign.text() == "Offline — 1 rating will sync", timeout=2000)
    assert sign.isVisible()
    # The same pair again on this kiosk: the local cooldown says so on the card.
    tap(find(w.thanks, "rateAnotherButton"))
    assert w.current is w.picker
    tap(w.picker.own_grid.tiles["2001"])
    tap(find(w.rate, "face-2"))
    tap(find(w.rate, "submitRating"))
    assert w.current is w.rate
    assert "next rating from" in find(w.rate, "rateQuestion").text()
    assert k.store.outbox_size() == 1
    # The server returns: one sync pass moves it to the central table, exactly once.
    sync = SyncWorker(k.store, k.central, k.config, clock=k.clock.now)
    assert sync.run_once().ok
    assert sync.run_once().ok
    assert _central_ratings(k.central) == [(ids["1002"], ids["2001"], 4, "ok")]
    assert k.store.outbox_size() == 0
    assert k.store.outbox_rows()[0][2] == "sent"


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_offline_sign_in_russian(offline: OfflineKiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = offline.window
    scan(w, offline.clock, badge_code("1001"))  # Anna reads Russian
    _rate(offline, "2002", 5)
    assert w.current is w.thanks
    assert w.language == "ru"
    qtbot.waitUntil(lambda: find(w, "offlineLabel").text()
                    == "Нет связи — 1 оценка ждёт отправки", timeout=2000)


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_unknown_badge_offline_is_a_message(offline: OfflineKiosk) -> None:
    w = offline.window
    scan(w, offline.clock, "0000009999")
    assert w.current is w.message
    assert find(w.message, "messageLabel").text()


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_offline_pin_and_maintenance_show_outbox_and_last_sync(offline: OfflineKiosk) -> None:
    k, w = offline, offline.window
    scan(w, k.clock, badge_code("9002"))  # an admin: PIN required, checked against the snapshot
    assert w.current is w.pin
    w.pin.submitted.emit("0000")
    assert w.current is w.pin and w.person is None
    w.pin.submitted.emit("1234")
    assert w.current is w.home and w.person is not None
    w.open_maintenance()
    assert w.current is w.maintenance
    assert find(w.maintenance, "statusDatabase").text() == QCoreApplication.translate(
        "MaintenanceScreen", "NOT reachable ({kind})").format(kind="postgresql")
    assert find(w.maintenance, "statusOutbox").text() == "0"
    last = k.store.last_sync_at()
    assert last is not None
    assert find(w.maintenance, "statusLastSync").text() == \
        last.astimezone(k.config.tz).strftime("%d.%m.%Y %H:%M:%S")


def test_online_rating_goes_through_the_outbox_and_reaches_the_server_at_once(
        online: OfflineKiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    k, w, ids = online, online.window, online.plant.ids
    scan(w, k.clock, badge_code("1001"))
    assert w.current is w.home and find(w.home, "metricGiven").text() == "—"
    _rate(k, "2001", 5)
    assert w.current is w.thanks
    # Pushed on the worker thread right after the thanks screen's paint; the streak line is
    # the server's; nothing left for the sync thread.
    qtbot.waitUntil(lambda: "1" in find(w.thanks, "streakLabel").text(), timeout=2000)
    assert _central_ratings(k.central) == [(ids["1001"], ids["2001"], 5, "ok")]
    assert k.store.outbox_size() == 0 and not k.pokes
    assert not find(w, "offlineLabel").isVisible()


def test_online_a_cooldown_from_another_kiosk_shows_on_the_card(online: OfflineKiosk) -> None:
    k, w, ids = online, online.window, online.plant.ids
    with k.central.write() as s:
        done = record_rating(s, k.config, rater_id=ids["1001"], supplier_id=ids["2001"], score=3,
                             kiosk_id="kiosk-2", created_at=START - dt.timedelta(minutes=30))
    assert done.ok
    scan(w, k.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2001"])
    assert find(w.rate, "rateQuestion").text() == QCoreApplication.translate(
        "Refusals", "You rated {name} at {last}; next rating from {next}.").format(
        **named("Кузнецов Борис Ильич"), last="10:00", next="14:00")
    # A submission racing the card's check is accepted into the outbox (no second central
    # check before thanks); the server keeps it without counting it when it is pushed.
    key = uuid7()
    result = k.backend.record_rating(rater_id=ids["1001"], supplier_id=ids["2001"], score=5,
                                     rating_uuid=key)
    assert result.outcome.ok
    fate = k.backend.rating_fate(rater_id=ids["1001"], supplier_id=ids["2001"], rating_uuid=key)
    assert fate.status == "not_counted" and fate.reason == "cooldown"
    assert fate.params["last_at"] == START - dt.timedelta(minutes=30)
    assert k.store.outbox_rows() == [(str(key), "rating", "sent", "cooldown_conflict")]
    assert _central_ratings(k.central) == [(ids["1001"], ids["2001"], 3, "ok"),
                                           (ids["1001"], ids["2001"], 5, "cooldown_conflict")]


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_offline_dispute_is_queued_and_opened_at_sync(offline: OfflineKiosk) -> None:
    k, w, ids = offline, offline.window, offline.plant.ids
    flow = w.dispute_flow
    scan(w, k.clock, badge_code("1001"))
    tap(find(w.home, "disputesButton"))
    assert w.current is flow.list
    offline_line = QCoreApplication.translate(
        "DisputeFlow", "Offline: your disputes are shown when the kiosk is back online. "
        "A dispute you open now is sent then.")
    assert find(flow.list, "disputeListStatus").text() == offline_line
    tap(find(flow.list, "disputeOpenButton"))
    for ch in "КУЗ":
        tap(find(flow.open, f"key-{ch}"))
    tap(find(flow.open.keyboard, "key-done"))
    tap(flow.open.people.tiles["2001"])  # found in the snapshot
    tap(find(flow.open, "regulation-РГ-014"))  # the snapshot's regulations
    for ch in "ЖДАЛ":
        tap(find(flow.open, f"key-{ch}"))
    tap(find(flow.open, "disputeSubmit"))
    assert w.current is flow.list
    saved = QCoreApplication.translate(
        "DisputeFlow", "Saved. It is sent as soon as the kiosk is back online.")
    assert find(flow.list, "disputeListStatus").text() == f"{saved}\n{offline_line}"
    assert [(r[1], r[2]) for r in k.store.outbox_rows()] == [("dispute_open", "pending")]
    # Back online: the server opens it with its own rules, once.
    sync = SyncWorker(k.store, k.central, k.config, clock=k.clock.now)
    assert sync.run_once().ok and sync.run_once().ok
    with k.central.read() as s:
        rows = s.execute(select(Dispute.initiator_id, Dispute.respondent_id,
                                Dispute.description)).all()
    assert [tuple(r) for r in rows] == [(ids["1001"], ids["2001"], "Ждал")]


def test_start_offline_seeds_the_snapshot_and_stops_cleanly(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            _sqlite_template: Path) -> None:
    from kiosk.app import local_db_path, start_offline
    from shared.db import open_database
    from shared.security import badge_hmac

    config = load_config(env={"PULSE_DATA_DIR": str(tmp_path)})
    shutil.copy(_sqlite_template, tmp_path / "pulse.db")
    central = open_database(config.database_url())
    plant = build_plant(central, config)
    central.dispose()
    assert local_db_path(config) == tmp_path / "kiosk-local.db"
    store, sync = start_offline(config)
    try:
        # The first pass runs at once on the sync thread (the window never waits for it).
        qtbot.waitUntil(lambda: store.last_sync_at() is not None, timeout=20000)
        found = store.lookup_badge(badge_hmac(config.secret_bytes(), badge_code("1001")))
        assert found is not None and found.id == plant.ids["1001"]
    finally:
        sync.stop()
        sync.worker.db.dispose()
        store.close()
    assert not sync.is_alive()


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_offline_proposal_is_queued_and_settled_at_sync(offline: OfflineKiosk) -> None:
    k, ids = offline, offline.plant.ids
    backend = k.window.proposal_flow.backend
    result = backend.file(client_id=ids["1001"], supplier_id=ids["2001"],
                          text="Привозить инструмент до смены", metric="Простои",
                          proposal_uuid=uuid7())
    assert result.ok
    assert [(r[1], r[2]) for r in k.store.outbox_rows()] == [("proposal", "pending")]
    # At sync the server files it under its own rules (here: no right to influence, since
    # the plant has no initiative map): kept as rejected with the code, never resent.
    sync = SyncWorker(k.store, k.central, k.config, clock=k.clock.now)
    assert sync.run_once().ok
    assert k.store.outbox_size() == 0
    assert k.store.outbox_rows()[0][2] in ("sent", "rejected")


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_a_reason_given_offline_is_queued_with_the_rejection(offline: OfflineKiosk) -> None:
    """The respondent was on the answer card when the server went away: the rejection and its
    reason wait in the outbox (the server applies both at sync)."""
    k, ids = offline, offline.plant.ids
    result = k.window.dispute_flow.backend.reject(dispute_id=7, actor_id=ids["2001"],
                                                  reason="Склад был закрыт")
    assert result.ok and result.code == "queued"
    (item,) = k.store.pending()
    assert item.kind == "dispute_action"
    assert (item.payload["action"], item.payload["dispute_id"], item.payload["reason"]) == (
        "reject", 7, "Склад был закрыт")


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_offline_pin_lockout_survives_a_kiosk_restart_and_holds_online(
        qtbot, kiosk_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from shared.db.models import AuditEntry, Employee

    gen = _make(qtbot, kiosk_db, tmp_path, reachable=False)
    k = next(gen)
    w, admin = k.window, k.plant.ids["9002"]
    scan(w, k.clock, badge_code("9002"))
    for _ in range(5):
        w.pin.submitted.emit("0000")
    until = k.clock.now() + dt.timedelta(minutes=5)
    locked_text = find(w.pin, "messageLabel").text()
    assert "10:35" in locked_text and w.person is None
    next(gen, None)  # the kiosk is switched off (window closed, store closed)
    # Restarted, still offline: the same local file, the lockout is still there.
    gen = _make(qtbot, kiosk_db, tmp_path, reachable=False, restart=k.plant)
    k = next(gen)
    w = k.window
    k.clock.advance(60)
    scan(w, k.clock, badge_code("9002"))
    assert w.current is w.pin
    w.pin.submitted.emit("1234")  # the right PIN: not even looked at
    assert w.person is None and "10:35" in find(w.pin, "messageLabel").text()
    assert k.store.pin_state(admin).locked_until == until
    next(gen, None)
    # Back online before the sync thread ran: this kiosk still holds the lockout...
    gen = _make(qtbot, kiosk_db, tmp_path, reachable=True, restart=k.plant)
    k = next(gen)
    w = k.window
    k.clock.advance(120)
    scan(w, k.clock, badge_code("9002"))
    w.pin.submitted.emit("1234")
    assert w.person is None and "10:35" in find(w.pin, "messageLabel").text()
    # ...and after a sync pass the server has it too, audit-logged.
    assert SyncWorker(k.store, k.central, k.config, clock=k.clock.now).run_once().ok
    with k.central.read() as s:
        emp = s.get(Employee, admin)
        assert emp is not None and emp.pin_locked_until == until and emp.pin_lockouts == 1
        assert "pin_lockout" in set(s.scalars(select(AuditEntry.action)))
    # After the lockout the right PIN logs in and this kiosk's count starts over.
    k.clock.advance(5 * 60)
    scan(w, k.clock, badge_code("9002"))
    w.pin.submitted.emit("1234")
    assert w.person is not None and w.person.id == admin
    assert k.store.pin_state(admin).lockouts == 0
    next(gen, None)
