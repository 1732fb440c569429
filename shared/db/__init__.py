"""The one place that talks to the database: engine, sessions, models and migrations."""

from shared.db.engine import (
    Database,
    DatabaseError,
    NetworkShareError,
    Role,
    open_database,
)

__all__ = ["Database", "DatabaseError", "NetworkShareError", "Role", "open_database"]
