"""A kiosk's local file read by a thief: owner-only from the first byte, no score, comment or
rater of a sent rating, and no PIN that can be guessed from the file alone (issue 22).

The server is touched on both databases (the ``db`` fixture)."""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import select, update

from kiosk.offline import SnapshotAnswers
from shared.config import Config
from shared.db import Database
from shared.db.models import Employee
from shared.domain.pin_lockout import OK, WRONG
from shared.offline import store as store_module
from shared.offline.store import LocalStore
from shared.offline.sync import SyncWorker
from shared.security import badge_hmac, hash_pin, verify_offline_pin, verify_pin
from tests.offline_support import SECRET, seed_directory

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
COMMENT = "Кладовщик хамит, сообщаю анонимно"


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _stolen_bytes(path: Path) -> bytes:
    """Everything a thief copies: the file and whatever SQLite keeps beside it."""
    return b"".join(Path(f"{path}{tail}").read_bytes() for tail in ("", "-wal", "-shm")
                    if Path(f"{path}{tail}").exists())


def test_the_file_is_owner_only_from_the_first_byte(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kiosk" / "kiosk-local.db"
    seen: list[int] = []
    connect = sqlite3.connect

    def watching_connect(target, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(_mode(Path(target)))  # before SQLite writes its first byte
        return connect(target, *args, **kwargs)

    monkeypatch.setattr(store_module.sqlite3, "connect", watching_connect)
    umask = os.umask(0o022)  # the usual umask: a plain open() would make it 0644
    try:
        store = LocalStore(path, kiosk_id="hall-1", secret=SECRET)
        store.set_meta("probe", "x")
    finally:
        os.umask(umask)
    assert seen == [0o600]
    assert _mode(path) == 0o600
    for tail in ("-wal", "-shm"):
        assert _mode(Path(f"{path}{tail}")) == 0o600
    store.close()
    # A file left readable by an earlier version is narrowed when the kiosk opens it.
    os.chmod(path, 0o644)
    LocalStore(path, kiosk_id="hall-1", secret=SECRET).close()
    assert _mode(path) == 0o600


def test_a_thief_reads_no_score_comment_or_rater(db: Database, config: Config,
                                                 tmp_path: Path) -> None:
    d = seed_directory(db)
    rater, supplier = d.employee_ids[1], d.employee_ids[2]
    path = tmp_path / "kiosk-local.db"
    store = LocalStore(path, kiosk_id="hall-1", secret=SECRET)
    worker = SyncWorker(store, db, config, clock=lambda: T0 + dt.timedelta(minutes=1),
                        rng=random.Random(1))
    worker.refresh_snapshot()
    assert store.enqueue_rating(rater_id=rater, supplier_id=supplier, score=1,
                                comment=COMMENT, now=T0).ok
    assert worker.run_once(snapshot=False).ok and store.outbox_size() == 0
    store.close()

    # The thief: the raw bytes, and the tables as SQLite shows them.
    raw = _stolen_bytes(path)
    assert COMMENT.encode() not in raw and "хамит".encode() not in raw
    thief = sqlite3.connect(path)
    rows = thief.execute("SELECT rater_id, supplier_id, payload FROM outbox "
                         "WHERE kind = 'rating'").fetchall()
    thief.close()
    assert rows == [(None, None, "{}")]  # no rater, supplier, score, reasons or comment

    # The kiosk itself still keeps the pair's cooldown, with the site secret it holds.
    store = LocalStore(path, kiosk_id="hall-1", secret=SECRET,
                       cooldown=dt.timedelta(hours=config.rating.cooldown_hours))
    again = store.enqueue_rating(rater_id=rater, supplier_id=supplier, score=5,
                                 now=T0 + dt.timedelta(minutes=30))
    assert again.code == "cooldown"
    # A thief who guesses the pair cannot test it without the secret.
    assert store.pair_key(rater, supplier) != LocalStore(
        tmp_path / "other.db", kiosk_id="x", secret=b"y" * 32).pair_key(rater, supplier)
    # Once the cooldown is over the row goes altogether.
    later = T0 + dt.timedelta(hours=config.rating.cooldown_hours, minutes=1)
    store.prune_sent(later - dt.timedelta(days=7), now=later)
    assert store.outbox_rows() == []
    store.close()


def test_a_pin_cannot_be_brute_forced_from_the_file_alone(db: Database, config: Config,
                                                          tmp_path: Path) -> None:
    d = seed_directory(db)
    manager = d.employee_ids[0]
    server_hash = hash_pin("1234")
    with db.write() as s:
        s.execute(update(Employee).where(Employee.id == manager).values(pin_hash=server_hash))
    path = tmp_path / "kiosk-local.db"
    store = LocalStore(path, kiosk_id="hall-1", secret=SECRET)
    SyncWorker(store, db, config, clock=lambda: T0).refresh_snapshot()
    store.close()

    thief = sqlite3.connect(path)
    (stolen,) = thief.execute("SELECT pin_hash FROM people WHERE id = ?", (manager,)).fetchone()
    thief.close()
    # Not the server's scrypt hash: the PIN checker of the product (and any scrypt cracker)
    # cannot test a guess against it, not even the right one.
    assert server_hash.split("$")[-1].encode() not in _stolen_bytes(path)
    assert not verify_pin("1234", stolen)
    # What the file alone would allow: try every PIN with a guessed secret. The right PIN
    # does not match without the plant's secret, so no guess can be confirmed.
    assert not verify_offline_pin(b"guessed-secret-guessed-secret-000", "1234", stolen)
    assert verify_offline_pin(SECRET, "1234", stolen)  # the kiosk, which holds the secret

    # The kiosk offline: PINs still work, and each attempt goes to the server at sync.
    store = LocalStore(path, kiosk_id="hall-1", secret=SECRET)
    answers = SnapshotAnswers(store, config)
    assert answers.check_pin(manager, "0000", T0).outcome == WRONG
    assert answers.check_pin(manager, "1234", T0 + dt.timedelta(seconds=1)).outcome == OK
    SyncWorker(store, db, config, clock=lambda: T0 + dt.timedelta(minutes=1)).push()
    assert store.outbox_size() == 0
    with db.read() as s:
        assert s.scalar(select(Employee.pin_hash).where(Employee.id == manager)) == server_hash
    store.close()


def test_an_old_file_is_emptied_of_sent_ratings_and_pin_hashes_at_upgrade(
        tmp_path: Path) -> None:
    """A version-3 file as an earlier kiosk left it: a sent rating with its comment, one
    pruned long ago (its bytes still in a free page), plain scrypt PIN hashes, badge HMACs."""
    path = tmp_path / "kiosk-local.db"
    LocalStore(path, kiosk_id="hall-1", secret=SECRET).close()
    old = sqlite3.connect(path)
    old.execute("PRAGMA secure_delete = OFF")
    old.execute("DROP INDEX outbox_pair_key")
    old.execute("ALTER TABLE outbox DROP COLUMN pair_key")
    pruned = "давно удалённый отзыв " * 20
    for n, (text, state) in enumerate([(COMMENT, "sent"), (pruned, "sent")]):
        old.execute("INSERT INTO outbox (uuid, kind, rater_id, supplier_id, created_at, "
                    "payload, state) VALUES (?, 'rating', 1, 2, ?, ?, ?)",
                    (f"00000000-0000-0000-0000-00000000000{n}", "2026-03-02T09:00:00+00:00",
                     f'{{"score": 1, "comment": "{text}"}}', state))
    old.execute("INSERT INTO people (id, personnel_no, full_name, role, language, active, "
                "updated_at, search, pin_hash, badge_hmac) VALUES (1, '1', 'P', 'manager', "
                "'ru', 1, '2026-03-02T09:00:00+00:00', 'p', ?, ?)",
                (hash_pin("1234"), badge_hmac(SECRET, "BADGE000001")))
    old.commit()
    old.execute("DELETE FROM outbox WHERE uuid LIKE '%1'")
    old.execute("PRAGMA user_version = 3")
    old.commit()
    old.close()
    assert pruned.encode() in _stolen_bytes(path)  # what the old version left behind

    store = LocalStore(path, kiosk_id="hall-1", secret=SECRET)
    assert store.person(1) is not None and store.person(1).pin_hash is None  # type: ignore[union-attr]
    # The badge HMAC became its key (version 5): the badge is still found, the HMAC gone.
    assert store.lookup_badge(badge_hmac(SECRET, "BADGE000001")).id == 1  # type: ignore[union-attr]
    store.close()
    raw = _stolen_bytes(path)
    assert COMMENT.encode() not in raw and "давно удалённый".encode() not in raw
    assert b"scrypt$" not in raw
    assert badge_hmac(SECRET, "BADGE000001").encode() not in raw
