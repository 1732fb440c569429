"""``pulse db backup``: a consistent, restorable copy on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

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
