"""``pulse db backup FILE``: a consistent copy of the database while the apps keep running.

SQLite: ``VACUUM INTO`` (a compact, consistent snapshot, safe under WAL with writers).
PostgreSQL: ``pg_dump --format=custom`` (restore with ``pg_restore``); pg_dump must be on
PATH and not older than the server.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from shared.cli import CommandLine, Context, UserError


def backup(engine: Engine, target: Path, *, pg_dump: str | None = None) -> Path:
    """Write a backup of the database behind ``engine`` to ``target``; returns it."""
    target = target.resolve()
    if target.exists():
        raise UserError(f"{target} exists: choose a new file (backups are never overwritten)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder {target.parent}: {exc.strerror or exc}") \
            from None
    if engine.dialect.name == "sqlite":
        # Outside any transaction (VACUUM refuses one): the raw connection is in autocommit.
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM INTO ?", (str(target),))  # type: ignore[union-attr]
        except sqlite3.Error as exc:
            # e.g. a folder the user running the command may not write (docs/deploy.md §7),
            # or a full disk: one line, and no half-written file left behind.
            target.unlink(missing_ok=True)
            raise UserError(f"cannot write {target}: {exc} (is the folder writable by "
                            f"this user, and is there room?)") from None
        finally:
            raw.close()
        return target
    if engine.dialect.name == "postgresql":
        tool = pg_dump or shutil.which("pg_dump")
        if not tool:
            raise UserError("pg_dump not found: install the PostgreSQL client tools "
                            "(apt-get install postgresql-client)")
        url = engine.url
        env = dict(os.environ)
        if url.password:
            env["PGPASSWORD"] = str(url.password)  # not on the command line (ps shows it)
        libpq = make_url(url.render_as_string(hide_password=False)).set(
            drivername="postgresql", password=None).render_as_string(hide_password=False)
        result = subprocess.run([tool, "--format=custom", "--no-owner", "--file", str(target),
                                 "--dbname", libpq], env=env, capture_output=True, text=True,
                                check=False)
        if result.returncode != 0:
            target.unlink(missing_ok=True)
            raise UserError(f"pg_dump failed: {result.stderr.strip().splitlines()[-1:]}")
        return target
    raise UserError(f"no backup method for {engine.dialect.name}")


def _backup(ctx: Context) -> int:
    path = backup(ctx.database(upgrade=False).engine, Path(ctx.args.file))
    print(f"backup written: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def register(cli: CommandLine) -> None:
    group = cli.group("db", "Create, upgrade or inspect the database schema.")
    cmd = cli.command("backup", _backup, "Write a consistent backup while the apps run "
                      "(SQLite: VACUUM INTO; PostgreSQL: pg_dump custom format).", parent=group)
    cmd.add_argument("file", help="new file to write (never overwritten)")
