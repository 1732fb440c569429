"""Engines and sessions for SQLite and PostgreSQL, with per-connection pragmas and migrations.

Every database access of the product goes through a ``Database``: it owns the
engine, hands out sessions (``db.read()`` / ``db.write()``), and upgrades the
schema with the Alembic migrations shipped in ``shared/db/migrations``.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from shared.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "afs",
                       "ncpfs", "glusterfs", "ceph", "fuse.glusterfs", "davfs", "fuse.davfs2"}


class DatabaseError(RuntimeError):
    """The database cannot be used; the message is one line for a person."""


class NetworkShareError(DatabaseError):
    """A SQLite file on a network share (SQLite's locking breaks there: it corrupts)."""


def _mount_of(path: Path, mounts_text: str) -> tuple[str, str] | None:
    best: tuple[str, str] | None = None
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        mp = Path(mount_point)
        if (path == mp or mp in path.parents) and (best is None or len(mount_point) > len(best[0])):
            best = (mount_point, parts[2])
    return best


def check_not_network_share(path: str, mounts_file: str = "/proc/mounts") -> None:
    """Refuse a SQLite file on a UNC path or an NFS/CIFS/SMB (or similar) mount."""
    if path.startswith(("\\\\", "//")):
        raise NetworkShareError(f"{path}: a SQLite database on a network share (UNC path) is "
                                "refused: SQLite corrupts there. Use a local disk or PostgreSQL.")
    resolved = Path(os.path.abspath(path))
    try:
        mounts = Path(mounts_file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    found = _mount_of(resolved, mounts)
    if found and (found[1] in NETWORK_FILESYSTEMS or found[1].startswith(("nfs", "cifs", "smb"))):
        raise NetworkShareError(f"{path}: a SQLite database on a network share ({found[1]} mount "
                                f"at {found[0]}) is refused: SQLite corrupts there. Use a local "
                                "disk or PostgreSQL.")


def _sqlite_pragmas(engine: Engine, synchronous: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA busy_timeout = 30000")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute(f"PRAGMA synchronous = {synchronous}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the lock up front: a deferred transaction that later upgrades to a
        # write lock fails at once with SQLITE_BUSY instead of waiting busy_timeout.
        conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))


# A login that may not read the ratings table but may use one of the schemas of views made
# for it (migration 0008: wallboard_reads, kiosk_reads) reads through those views: they come
# first on its search path, under the tables' own names, so the product's queries run
# unchanged. Owners, admins and superusers read the tables themselves.
_READS_PATH = """
    SELECT set_config('search_path', n.nspname || ', public', false) FROM pg_namespace n
    WHERE n.nspname IN ('wallboard_reads', 'kiosk_reads')
      AND has_schema_privilege(n.oid, 'USAGE')
      AND NOT coalesce(has_table_privilege(to_regclass('public.ratings'), 'SELECT'), true)
    ORDER BY n.nspname LIMIT 1"""


# The kiosk role reads ratings only for the person bound to its connection (migration
# 0015): such a connection is marked, and ``Database`` binds the person present at every
# checkout.
_KIOSK_BINDS = """
    SELECT current_setting('search_path') LIKE 'kiosk_reads,%'
       AND to_regprocedure('pulse_private.kiosk_bind(text)') IS NOT NULL"""


def kiosk_bound_reads(session: Session) -> bool:
    """Whether this session is the PostgreSQL kiosk role's, which reads ratings only for the
    person bound to its connection (migration 0015): the few figures it shows of everyone
    (the start screen's mood) come from the database's own functions there."""
    return bool(session.connection().info.get("kiosk_bind"))


def _restricted_reads(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        cur = dbapi_connection.cursor()
        try:
            cur.execute(_READS_PATH)
            cur.execute(_KIOSK_BINDS)
            row = cur.fetchone()
            record.info["kiosk_bind"] = bool(row and row[0])
        finally:
            cur.close()
        dbapi_connection.commit()


def _plant_scope(engine: Engine, plant_id: int) -> None:
    """Every connection sees one plant's rows only (a head office's ``--plant``): temporary
    views under the travelling tables' own names (shared/db/plant_scope.py)."""
    from shared.db.plant_scope import scope_views_sql

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cur = dbapi_connection.cursor()
        try:
            for statement in scope_views_sql(cur, plant_id):
                cur.execute(statement)
        finally:
            cur.close()
        dbapi_connection.commit()


def create_db_engine(url: str, *, echo: bool = False, pool_size: int = 5,
                     connect_timeout: int = 5, synchronous: str = "NORMAL",
                     mounts_file: str = "/proc/mounts", plant_scope: int | None = None) -> Engine:
    """An engine for ``url``; ``plant_scope`` (PostgreSQL): only that plant's rows are seen."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            check_not_network_share(database, mounts_file)
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # a file in the way, no permission, a read-only disk
                raise DatabaseError(f"cannot open the database {parsed.render_as_string()}: "
                                    f"cannot create the folder "
                                    f"{Path(database).parent}: {exc.strerror or exc}") from None
        engine = create_engine(parsed, echo=echo,
                               connect_args={"timeout": 30, "check_same_thread": False})
        _sqlite_pragmas(engine, synchronous)
        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, echo=echo, pool_pre_ping=True, pool_size=pool_size,
                               max_overflow=pool_size,
                               connect_args={"connect_timeout": connect_timeout,
                                             "application_name": "supplier-pulse"})
        _restricted_reads(engine)
        if plant_scope is not None:
            _plant_scope(engine, plant_scope)
        return engine
    raise DatabaseError(f"unsupported database {backend!r}: use sqlite or postgresql+psycopg")


def keepalive_url(url: str) -> str:
    """Add libpq keepalives and a TCP user timeout, so a dead link fails instead of hanging
    (a kiosk's link to the central server); other URLs unchanged."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    extra = {"keepalives": "1", "keepalives_idle": "5", "keepalives_interval": "2",
             "keepalives_count": "3", "tcp_user_timeout": "15000"}
    query = dict(parsed.query)
    for key, value in extra.items():
        query.setdefault(key, value)
    return parsed.set(query=query).render_as_string(hide_password=False)


Role = Literal["pulse", "kiosk", "wallboard", "web", "sync", "status", "selftest"]


@dataclass(frozen=True)
class _Opening:
    """How one role opens the database (``Database.from_config``)."""

    upgrade: bool  # migrate to the latest schema on open (the upgrade checks the site key)
    key_required: bool  # False: no secret set means no key (one set but unusable still fails)
    pool_size: int | None = None  # None: ``database.pool_size``
    keepalive: bool = False  # libpq keepalives (``keepalive_url``)


_ROLES: dict[Role, _Opening] = {
    # `pulse`: the commands that only read (audit verify, backup) pass upgrade=False
    "pulse": _Opening(upgrade=True, key_required=True),
    # the kiosk: badges need the secret; started offline it opens with upgrade=False
    "kiosk": _Opening(upgrade=True, key_required=True),
    # the wallboard writes no audit entry: with a secret it keys the anchor at the upgrade
    "wallboard": _Opening(upgrade=True, key_required=False),
    # the web page (pulse-web): sign-ins and actions are audited, so the secret is needed
    "web": _Opening(upgrade=True, key_required=True),
    # a kiosk's sync worker: the server owns migrations; the worker checks the key before
    # its first write (shared/offline/sync.py), so a kiosk starts while the server is down
    "sync": _Opening(upgrade=False, key_required=True, pool_size=1, keepalive=True),
    # `pulse status`: reachability and counts, read only, on any machine
    "status": _Opening(upgrade=False, key_required=False),
    # the apps' --self-test, on a temporary data dir
    "selftest": _Opening(upgrade=True, key_required=False),
}


class Database:
    """The engine plus session factories; the only object that holds a connection pool."""

    def __init__(self, engine: Engine, *, audit_key: bytes | None = None) -> None:
        self.engine = engine
        # The site secret that keys the audit chain (shared/audit.py reads it from the
        # session); None: the default configuration's, resolved when first needed.
        self._audit_key = audit_key
        info: dict[str, Any] = {"audit_key": audit_key} if audit_key else {}
        self._read = sessionmaker(engine, expire_on_commit=False, info=info)
        self._write = sessionmaker(engine.execution_options(sqlite_begin="BEGIN IMMEDIATE"),
                                   expire_on_commit=False, info=info)
        # PostgreSQL: connections of their own, in autocommit mode (see ``lookup``); none
        # is opened before the first lookup.
        self._lookup_engine: Engine | None = None
        self._lookup = self._read
        # The badge HMAC of the person at the kiosk (``present``), or None.
        self._present: str | None = None
        if engine.dialect.name == "postgresql":
            self._lookup_engine = create_engine(engine.url, pool=engine.pool.recreate(),
                                                isolation_level="AUTOCOMMIT", echo=engine.echo)
            self._lookup = sessionmaker(self._lookup_engine, expire_on_commit=False)
            for pool in (engine.pool, self._lookup_engine.pool):
                event.listen(pool, "checkout", self._bind_present)

    def present(self, badge_hmac: str | None) -> None:
        """The person in front of the kiosk, by their badge HMAC (None: nobody).

        On PostgreSQL under the kiosk role, every connection taken from the pool from now on
        is bound to that person (``pulse_private.kiosk_bind``, migration 0015): the kiosk
        then reads that person's own ratings and the figures about them, nobody else's
        ratings. Elsewhere (SQLite, other roles) nothing changes."""
        self._present = badge_hmac

    def _bind_present(self, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if not record.info.get("kiosk_bind"):
            return
        cur = dbapi_connection.cursor()
        try:
            cur.execute("SELECT pulse_private.kiosk_bind(%s)", (self._present,))
        finally:
            cur.close()

    @classmethod
    def from_config(cls, config: Config, *, role: Role, upgrade: bool | None = None,
                    url: str | None = None, plant_scope: int | None = None) -> Database:
        """The one way to open the database from configuration: ``database.url`` (or
        ``url``), pool size, connect timeout and echo, the site secret that keys the audit
        log (``config.secret_bytes()``) and the site-key check that comes with the upgrade
        (``SiteSecretMismatch``, a ``ConfigError``: the machine has another secret than the
        database's). Opened without an upgrade, nothing is read yet: the key is checked
        before every audit append and before a kiosk's sync writes.

        ``role`` says who opens it (``_ROLES``): whether the schema is upgraded (a
        ``upgrade`` argument overrides), whether the secret is required, the pool size.
        ``plant_scope``: a head office's figures for one plant (PostgreSQL; docs/plants.md).
        Raises ``ConfigError`` for a missing or mismatched secret, ``NetworkShareError``
        for SQLite on a network share, ``DatabaseError`` when it cannot be opened.
        """
        rule = _ROLES[role]
        if plant_scope is None and role == "wallboard" and config.wallboard.plant:
            plant_scope = config.wallboard.plant
        if plant_scope is not None:
            # Its connections see views under the tables' names: never one to migrate through
            # (the head office's schema is upgraded by `pulse db upgrade`).
            upgrade = False
        key = _audit_key(config, required=rule.key_required)
        target = url or config.database_url()
        if rule.keepalive:
            target = keepalive_url(target)
        return open_database(target, upgrade=rule.upgrade if upgrade is None else upgrade,
                             audit_key=key, echo=config.database.echo,
                             pool_size=rule.pool_size or config.database.pool_size,
                             connect_timeout=config.database.connect_timeout,
                             plant_scope=plant_scope)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; rolled back at the end."""
        with self._read() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextlib.contextmanager
    def lookup(self) -> Iterator[Session]:
        """A session for quick reads that need no transaction around them (a kiosk screen):
        never write through it.

        On PostgreSQL it runs in autocommit mode, on connections of its own (a pool like the
        engine's): each statement sees the data as of its own start; the BEGIN and ROLLBACK
        round trips of ``read()`` are saved; and as these connections never see a ROLLBACK,
        psycopg keeps the statements it prepared on them (it drops them all at every
        ROLLBACK, so what ``read()`` runs is parsed and planned again each time: 5 ms for
        the kiosk's own-suppliers statement under load). On SQLite (no round trips) it is
        ``read()``.
        """
        with self._lookup() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any exception."""
        with self._write.begin() as session:
            yield session

    def upgrade(self, revision: str = "head") -> None:
        from shared.db.migrate import upgrade
        try:
            upgrade(self.engine, revision, audit_key=self._audit_key)
        except SQLAlchemyError as exc:
            first = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise DatabaseError(f"cannot open the database "
                                f"{self.engine.url.render_as_string()}: {first}") from exc
        self.check_site_key()

    def check_site_key(self) -> None:
        """Refuse to go on with a site secret the database does not recognise
        (``SiteSecretMismatch``: a ConfigError, one line). Read only; without a key, or when
        the database cannot be read right now (it is checked again before writing), passes."""
        if not self._audit_key:
            return
        from shared.db import site_key
        try:
            with self.read() as session:
                site_key.check(session, self._audit_key)
        except SQLAlchemyError as exc:
            log.debug("key check skipped: %s", str(exc).splitlines()[0])

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def dispose(self) -> None:
        self.engine.dispose()
        if self._lookup_engine is not None:
            self._lookup_engine.dispose()


def open_database(url: str, *, upgrade: bool = False, audit_key: bytes | None = None,
                  **kwargs: Any) -> Database:
    """Open a database by URL (optionally migrating it to the latest schema); ``audit_key``:
    the site secret that keys the audit log (``Config.secret_bytes()``). With ``upgrade``
    and a key, a database set up with another secret is refused (``SiteSecretMismatch``)."""
    try:
        db = Database(create_db_engine(url, **kwargs), audit_key=audit_key)
        if upgrade:
            try:
                db.upgrade()
            except BaseException:
                db.dispose()
                raise
    except NetworkShareError:
        raise
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot open the database {make_url(url).render_as_string()}: "
                            f"{str(exc).splitlines()[0]}") from exc
    return db


def _audit_key(config: Config, *, required: bool) -> bytes | None:
    from shared.config import ConfigError
    try:
        return config.secret_bytes()
    except ConfigError:
        if required or config.site.secret:  # set but unusable (too short): said, not ignored
            raise
        return None
