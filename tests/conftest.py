"""Fixtures for the whole suite: isolated config/data dir, and migrated databases on SQLite and
PostgreSQL (every data test runs on both; in CI a PostgreSQL test may not skip)."""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from shared.config import Config, load_config  # noqa: E402
from shared.db import Database, open_database  # noqa: E402

PG_ADMIN_URL = os.environ.get("PULSE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# The site secret every test runs with (PULSE_SECRET): 32 bytes or more, as required.
TEST_SECRET = "test-secret-of-the-plant-0123456789"
SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
if not SAMPLES.exists():  # a frozen copy ships with the tests
    SAMPLES = Path(__file__).resolve().parent / "samples"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's config, data dir or database."""
    for name in list(os.environ):
        if name.startswith("PULSE_") and name != "PULSE_TEST_PG":
            monkeypatch.delenv(name)
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("PULSE_DATA_DIR", str(data))
    monkeypatch.setenv("PULSE_SECRET", TEST_SECRET)


class _WarningRecords(logging.Handler):
    """Collects WARNING and worse log records emitted during one test."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _fail_on_unexpected_warning_log(request: pytest.FixtureRequest) -> Iterator[None]:
    """A Python WARNING (or worse) log record fails the test, as a Qt warning already does
    (``qt_log_level_fail``): kiosks and wallboards run unattended, so a warning is a bug.
    A test that provokes one on purpose asks for ``caplog`` (and checks the record) or is
    marked ``allow_log_warnings``."""
    handler = _WarningRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    if "caplog" in request.fixturenames or request.node.get_closest_marker("allow_log_warnings"):
        return
    if handler.records:
        lines = "\n".join(f"  {r.levelname} {r.name}: {r.getMessage()}"
                          for r in handler.records[:10])
        pytest.fail(f"unexpected WARNING log record(s) during the test:\n{lines}",
                    pytrace=False)


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return load_config()


# --- PostgreSQL --------------------------------------------------------------

def _pg_unavailable_reason() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "no server"
        return f"PostgreSQL at {make_url(PG_ADMIN_URL).render_as_string()} unreachable: " \
               f"{str(exc).splitlines()[0]}"


@pytest.fixture(scope="session")
def pg_server() -> str:
    reason = _pg_unavailable_reason()
    if reason:
        if IN_CI:
            pytest.fail(f"CI must run the PostgreSQL tests, but {reason}")
        pytest.skip(reason)
    return PG_ADMIN_URL


class PgDatabases:
    """Creates throwaway databases on the server and drops them at the end."""

    def __init__(self, admin_url: str) -> None:
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def create(self) -> str:
        name = f"pulse_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_databases(pg_server: str) -> Iterator[PgDatabases]:
    dbs = PgDatabases(pg_server)
    yield dbs
    dbs.drop_all()


@pytest.fixture
def fresh_pg_url(pg_databases: PgDatabases) -> str:
    """An empty, unmigrated PostgreSQL database of its own."""
    return pg_databases.create()


# --- migrated databases, one per test, on both backends ------------------------

@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = open_database(f"sqlite:///{path}", upgrade=True)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture(scope="session")
def _pg_migrated(pg_databases: PgDatabases) -> Iterator[Database]:
    db = open_database(pg_databases.create(), upgrade=True)
    yield db
    db.dispose()


def _truncate_all(db: Database) -> None:
    names = [t for t in inspect(db.engine).get_table_names() if t != "alembic_version"]
    with db.engine.begin() as conn:
        conn.execute(text("TRUNCATE " + ", ".join(f'"{n}"' for n in names)
                          + " RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty, migrated database (SQLite file copy, or a truncated PostgreSQL one)."""
    if request.param == "sqlite":
        path = tmp_path / "pulse.db"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        return f"sqlite:///{path}"
    pg: Database = request.getfixturevalue("_pg_migrated")
    _truncate_all(pg)
    return pg.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty, unmigrated database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return request.getfixturevalue("fresh_pg_url")
