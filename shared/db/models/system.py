"""Kiosks and the hash-chained, append-only audit log."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow


class Kiosk(Base):
    __tablename__ = "kiosks"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    location: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[str | None] = mapped_column(String(32))
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_sync_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    outbox_size: Mapped[int | None] = mapped_column()
    # The machine behind the id (its local store's own random id), and when a heartbeat
    # last came from another machine under the same id (two kiosks with one kiosk.id).
    instance: Mapped[str | None] = mapped_column(String(36))
    shared_id_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Outbox items the server refused for good, kept on the kiosk for the operator.
    rejected: Mapped[int | None] = mapped_column()


class AuditEntry(Base):
    """Append-only; ``hash`` chains the previous hash and this entry's content.

    ``version`` 1: plain SHA-256 (entries written before keyed hashing); 2: HMAC-SHA256 with
    the site secret (shared/audit.py).
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=2, server_default="1")


class AuditAnchor(Base):
    """The end of the audit chain (entry count and last hash), keyed with the site secret and
    updated in the same transaction as every append, so deleting the last entries shows.

    One row. ``mac`` is NULL only as the schema upgrade left it (before the first keyed
    entry); ``rebuilt_at`` is set when an append found the row missing.
    """

    __tablename__ = "audit_anchor"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entries: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64))
    rebuilt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SiteKeyCheck(Base):
    """Proof of the site secret kept in the database, and where the audit log became keyed.

    One row, written with the secret by the schema upgrade (``0009_secret_check``) or by the
    first keyed entry of an empty log (``shared/db/site_key.py``). ``kcv``: HMAC of a fixed text
    with the secret, so a machine with another secret refuses to start. ``legacy_entries``
    and ``legacy_hash``: the unkeyed (version 1) entries that existed then and the last
    one's hash; any other unkeyed entry, or an unkeyed anchor, is tampering. ``mac`` keys
    the row, so it cannot be moved without the secret.
    """

    __tablename__ = "site_key_check"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kcv: Mapped[str] = mapped_column(String(64))
    legacy_entries: Mapped[int] = mapped_column(Integer)
    legacy_hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class PinOfflineAttempt(Base):
    """A PIN entered at a kiosk while the server was unreachable, as the sync delivered it.

    One row per attempt (never the PIN), unique by the kiosk's UUID so a resend is harmless;
    ``outcome`` says what the server's lockout state made of it (docs/offline.md).
    """

    __tablename__ = "pin_offline_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    kiosk_id: Mapped[str | None] = mapped_column(String(64))
    correct: Mapped[bool] = mapped_column(Boolean)
    attempted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(32), default="counted")


class Plant(Base):
    """The plants this database knows (docs/plants.md). At a plant: one row, its own
    (``subscription`` NULL), written by ``pulse plant publish``. At the head office: one row
    per subscribed plant, with the name of its subscription. Never replicated."""

    __tablename__ = "plants"
    __table_args__ = (CheckConstraint("id BETWEEN 1 AND 21", name="id_range"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    subscription: Mapped[str | None] = mapped_column(String(63), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
