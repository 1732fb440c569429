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
