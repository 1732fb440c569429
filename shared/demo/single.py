"""The demo on PostgreSQL in one transaction: a kill or an error leaves the old data.

``load_demo`` and the bulk loader open sessions (``db.write()``) and a raw connection
(``db.engine.connect()``, for ``COPY``) as on any database; here they all get the same
server connection, each unit of work as a savepoint inside one outer transaction. The
wipe (``TRUNCATE``) happens inside it too, so until the final commit other connections
see the old data (or wait for the lock), and a client killed mid-way leaves the server to
roll everything back. Planner statistics (``VACUUM``, which cannot run in a transaction)
are gathered after the commit.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db import Database

log = logging.getLogger(__name__)


class _Savepoints:
    """The one connection, as the bulk loader uses it: ``begin()`` opens a savepoint."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def begin(self) -> Any:
        return self._conn.begin_nested()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


class _OneEngine:
    """What ``db.engine`` offers the demo: ``connect()`` lends the one connection."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.dialect = conn.dialect

    @contextlib.contextmanager
    def connect(self) -> Iterator[_Savepoints]:
        yield _Savepoints(self._conn)

    def dispose(self) -> None:
        """Nothing to close: the connection belongs to the outer transaction."""


class OneTransaction:
    """A ``Database`` stand-in whose every session and connection is one transaction."""

    def __init__(self, conn: Connection, audit_key: bytes | None) -> None:
        self.engine = _OneEngine(conn)
        self._conn = conn
        self._info: dict[str, Any] = {"audit_key": audit_key} if audit_key else {}

    @property
    def dialect(self) -> str:
        return self._conn.dialect.name

    def _session(self) -> Session:
        return Session(bind=self._conn, join_transaction_mode="create_savepoint",
                       expire_on_commit=False, info=self._info)

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        with self._session() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._session() as session:
            try:
                yield session
            finally:
                session.rollback()

    lookup = read


def load_demo_in_one_transaction(db: Database, config: Config, **options: Any) -> Any:
    """``load_demo`` on PostgreSQL, committed as a whole or not at all."""
    from shared.demo import load_demo
    with db.engine.connect() as conn, conn.begin():
        one = OneTransaction(conn, db._audit_key)
        summary = load_demo(one, config, analyze=False, **options)  # type: ignore[arg-type]
    with db.engine.connect() as conn:
        # Without statistics the planner guesses the row counts of freshly COPYed tables;
        # VACUUM cannot run inside a transaction: autocommit.
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM (ANALYZE)")
    log.info("demo: committed in one transaction")
    return summary
