"""The one place that talks to the database: engine, sessions, models and migrations."""

from shared.db.engine import (
    Database,
    DatabaseError,
    NetworkShareError,
    open_database,
)

__all__ = ["Database", "DatabaseError", "NetworkShareError", "open_database"]
