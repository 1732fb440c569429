"""The demo built so that a kill leaves the old database or the new one, never half of each.

SQLite: the plant is built in a temporary file beside the target (same folder, so the same
file system), made self-contained (its write-ahead log folded in), flushed to disk, and
renamed over the target in one step (``os.replace``). Killed at any moment before, the
target is untouched and the next run removes the leftover; after, it is the new demo.
The old target's own log is folded into it first, so no stale log outlives its file; a
target another program has open (a kiosk, the wallboard) is refused, before the build
and again before the rename.

PostgreSQL: the plant is built in one transaction (``shared.demo.single``); a kill or an
error rolls it back on the server, and the old data (wiped only inside it) stays.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from shared.config import Config
from shared.db import Database, DatabaseError, open_database

log = logging.getLogger(__name__)

_SIDE_FILES = ("-wal", "-shm", "-journal")


def build_path(target: Path) -> Path:
    """Where the demo for ``target`` is built (a hidden name beside it)."""
    return target.with_name(f".{target.name}.demo-build")


def _remove(path: Path) -> None:
    for suffix in ("", *_SIDE_FILES):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    name = parsed.database or ""
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def _self_contained(path: Path) -> None:
    """Fold the write-ahead log into the file and drop it: the file alone is the database.
    sqlite3.OperationalError "database is locked" while another program has it open."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=5)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        (mode,) = conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        if str(mode).lower() != "delete":
            raise sqlite3.OperationalError("database is locked")
    finally:
        conn.close()


def _release(target: Path) -> None:
    """Make the old database self-contained before it is replaced, so that no log of it
    outlives it and is read into the new file. DemoRefused while a program has it open (a
    kiosk, the wallboard: it would go on reading and writing the old file's log)."""
    from shared.demo import DemoRefused
    if not target.exists():
        for suffix in _SIDE_FILES:  # a log left by a file deleted by hand
            with contextlib.suppress(FileNotFoundError):
                Path(f"{target}{suffix}").unlink()
        return
    try:
        _self_contained(target)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DemoRefused(f"{target} is in use (a kiosk, the wallboard or another pulse "
                              "has it open): stop them, then run pulse demo again") from None
        _drop_damaged(target)
    except sqlite3.DatabaseError:
        _drop_damaged(target)


def _drop_damaged(target: Path) -> None:
    log.warning("demo: %s is damaged; replacing it", target)
    for suffix in _SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{target}{suffix}").unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _holds_data(url: str, audit_key: bytes, force: bool) -> None:
    """DemoRefused if the target holds data and not ``force``; a target that cannot even
    be opened (damaged) is refused too unless ``force``: the demo would replace it."""
    from shared.demo import DemoRefused, _has_data
    try:
        db = open_database(url, upgrade=True, audit_key=audit_key)
    except DatabaseError:
        if force:
            return
        raise
    try:
        if _has_data(db) and not force:
            raise DemoRefused("the database already holds data; use --force to wipe it")
    finally:
        db.dispose()


def load_demo_atomically(url: str, config: Config, *, force: bool = False,
                         **options: Any) -> Any:
    """Load the demo into the database at ``url`` so that a crash leaves the old state or
    the whole new one (see the module doc); ``options`` go to ``load_demo``."""
    from shared.demo import load_demo
    audit_key = config.secret_bytes()
    target = _sqlite_file(url)
    if target is None:
        server = open_database(url, upgrade=True, audit_key=audit_key,
                               pool_size=config.database.pool_size,
                               connect_timeout=config.database.connect_timeout)
        try:
            if server.dialect == "postgresql":
                from shared.demo.single import load_demo_in_one_transaction
                return load_demo_in_one_transaction(server, config, force=force, **options)
            return load_demo(server, config, force=force, **options)
        finally:
            server.dispose()
    if target.exists():
        _holds_data(url, audit_key, force)
    _release(target)  # in use: refused now rather than after the build (again at the end)
    building = build_path(target)
    _remove(building)  # a leftover of a run that was killed
    db: Database | None = None
    try:
        db = open_database(f"sqlite:///{building}", upgrade=True, audit_key=audit_key)
        summary = load_demo(db, config, force=True, **options)
        db.dispose()
        db = None
        _self_contained(building)
        _fsync(building)
        _release(target)
        os.replace(building, target)
        _fsync(target.parent)
    except BaseException:
        if db is not None:
            db.dispose()
        _remove(building)
        raise
    log.info("demo: %s replaced in one step", target)
    return summary
