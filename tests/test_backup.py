"""``pulse db backup``: a consistent, restorable copy on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select, text

from shared.cli import main as pulse
from shared.db import Database, open_database
from shared.db.models import Department


def test_backup_holds_the_rows_and_never_overwrites(db: Database, db_url: str, tmp_path: Path,
                                                    pg_databases, capsys) -> None:
    with db.write() as s:
        s.add_all([Department(name="Склад"), Department(name="Цех 1")])
    target = tmp_path / "backups" / "pulse.backup"
    assert pulse(["--db", db_url, "db", "backup", str(target)]) == 0
    assert "backup written" in capsys.readouterr().out
    if db.dialect == "sqlite":
        restored = open_database(f"sqlite:///{target}")
    else:
        if not shutil.which("pg_restore"):
            pytest.fail("pg_restore missing: install postgresql-client")
        url = pg_databases.create()
        libpq = url.replace("postgresql+psycopg://", "postgresql://")
        subprocess.run(["pg_restore", "--no-owner", "--dbname", libpq, str(target)], check=True)
        restored = open_database(url)
    try:
        with restored.read() as s:
            names = s.execute(text("SELECT name FROM departments ORDER BY name")).scalars().all()
        assert names == ["Склад", "Цех 1"]
    finally:
        restored.dispose()
    assert pulse(["--db", db_url, "db", "backup", str(target)]) == 1
    assert "exists" in capsys.readouterr().err


def test_backup_to_a_place_it_cannot_write_is_one_line(db: Database, db_url: str,
                                                       tmp_path: Path, capsys) -> None:
    """A folder the command's user may not write (the guide's /var/backups for user pulse), or
    a path through a file: one clear line, exit 1, no traceback and no file left."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert pulse(["--db", db_url, "db", "backup", str(blocker / "pulse.backup")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pulse: error: cannot create the folder") and len(err.splitlines()) == 1
    if db.dialect == "sqlite" and Path("/proc/self").is_dir():
        # /proc takes no new files, even from root (who may write any ordinary folder).
        assert pulse(["--db", db_url, "db", "backup", "/proc/pulse.backup"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("pulse: error: cannot write /proc/pulse.backup")
        assert len(err.splitlines()) == 1


def test_a_restore_gets_back_what_kiosks_sent_after_the_backup(
        db: Database, db_url: str, config, tmp_path: Path, pg_databases,
        capsys) -> None:  # type: ignore[no-untyped-def]
    """The central database is restored from last night's backup: what kiosks sent after it
    is gone there, and the kiosks had marked it sent. `pulse sync --resend-since` on each
    kiosk sends again what the kiosk still holds (nothing twice: what the backup has is a
    no-op); ratings are not among it: a kiosk keeps no score, comment or rater of a rating
    the server has (docs/security.md), and the command says how many are lost."""
    import datetime as dt

    from sqlalchemy import func

    from shared.db.models import PinOfflineAttempt, Rating
    from shared.offline.store import LocalStore
    from shared.offline.sync import SyncWorker
    from tests.offline_support import seed_directory

    d = seed_directory(db)
    path = tmp_path / "kiosk-local.db"
    store = LocalStore(path, kiosk_id="hall-1")
    worker = SyncWorker(store, db, config)
    worker.refresh_snapshot()
    before = store.enqueue_rating(rater_id=d.employee_ids[1], supplier_id=d.employee_ids[2],
                                  score=4)
    assert worker.run_once(snapshot=False).ok
    backup = tmp_path / "nightly.backup"
    assert pulse(["--db", db_url, "db", "backup", str(backup)]) == 0
    backup_time = dt.datetime.now(dt.UTC)
    store.enqueue_rating(rater_id=d.employee_ids[3], supplier_id=d.employee_ids[2], score=2)
    store.record_pin_attempt(d.employee_ids[3], correct=False, now=dt.datetime.now(dt.UTC),
                             max_attempts=5, lockout_minutes=5)
    assert worker.run_once(snapshot=False).ok and store.outbox_size() == 0
    store.close()
    if db.dialect == "sqlite":
        restored_url = f"sqlite:///{tmp_path / 'restored.db'}"
        shutil.copy(backup, tmp_path / "restored.db")
    else:
        restored_url = pg_databases.create()
        libpq = restored_url.replace("postgresql+psycopg://", "postgresql://")
        subprocess.run(["pg_restore", "--no-owner", "--dbname", libpq, str(backup)], check=True)
    capsys.readouterr()
    assert pulse(["--db", restored_url, "sync", "--kiosk-db", str(path), "--kiosk-id", "hall-1",
                  "--no-snapshot", "--resend-since",
                  (backup_time - dt.timedelta(minutes=5)).isoformat()]) == 0
    # An earlier time than the backup's is harmless: what it still has is not doubled.
    out = capsys.readouterr().out
    assert "sending again 1 item " in out
    assert "2 ratings sent since then cannot be sent again" in out  # one is in the backup
    restored = open_database(restored_url)
    try:
        with restored.read() as s:
            uuids = sorted(str(u) for u in s.scalars(select(Rating.uuid)))
            attempts = s.scalar(select(func.count()).select_from(PinOfflineAttempt))
    finally:
        restored.dispose()
    assert uuids == [str(before.uuid)] and attempts == 1
    assert pulse(["--db", restored_url, "sync", "--kiosk-db", str(path),
                  "--resend-since", "yesterday"]) == 1
