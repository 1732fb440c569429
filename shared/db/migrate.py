"""Alembic migrations run programmatically (no alembic.ini needed by users)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, text

from shared.db.engine import MIGRATIONS_DIR, DatabaseError


def alembic_config(engine: Engine | None = None) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False)
                            .replace("%", "%%"))
    return cfg


def _run(engine: Engine, action: str, revision: str, audit_key: bytes | None = None) -> None:
    cfg = alembic_config(engine)
    # The site secret, for the migrations that key something with it (0009_secret_check).
    cfg.attributes["audit_key"] = audit_key
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            # Batch operations rebuild tables; with foreign keys on, dropping the old table
            # would cascade. The pragma only works outside a transaction, hence the raw call.
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        cfg.attributes["connection"] = conn
        try:
            getattr(command, action)(cfg, revision)
            if engine.dialect.name == "sqlite":
                problems = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                conn.commit()
                if problems:
                    raise DatabaseError(f"migration left broken foreign keys: {problems[:5]}")
        finally:
            if engine.dialect.name == "sqlite":
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def upgrade(engine: Engine, revision: str = "head", *, audit_key: bytes | None = None) -> None:
    _run(engine, "upgrade", revision, audit_key)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, "downgrade", revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    """The newest schema revision this program knows."""
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
