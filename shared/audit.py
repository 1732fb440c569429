"""The append-only, hash-chained audit log: write entries, verify the chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.db.models import AuditEntry

GENESIS = "0" * 64


def _digest(prev_hash: str, at: dt.datetime, actor: str, action: str,
            details: dict[str, Any]) -> str:
    body = json.dumps({"prev": prev_hash, "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
                       "actor": actor, "action": action, "details": details},
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewEntry:
    """One entry to append with ``record_many``."""

    actor: str
    action: str
    details: dict[str, Any]
    at: dt.datetime | None = None


def _last_hash(session: Session) -> str:
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        # One writer of the chain at a time, released at commit.
        session.execute(text("SELECT pg_advisory_xact_lock(7461001)"))
    last = session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
                           ).scalar_one_or_none()
    return last or GENESIS


def record(session: Session, *, actor: str, action: str, details: dict[str, Any] | None = None,
           at: dt.datetime | None = None) -> AuditEntry:
    """Append one entry inside the caller's transaction.

    The unique ``hash`` column serialises concurrent writers: two entries chained to the
    same predecessor with the same content cannot both land, and the loser's transaction
    fails and is retried by the caller's unit of work.
    """
    prev = _last_hash(session)
    at = at or utcnow()
    clean = json.loads(json.dumps(details or {}, ensure_ascii=False, default=str))
    entry = AuditEntry(at=at, actor=actor, action=action, details=clean, prev_hash=prev,
                       hash=_digest(prev, at, actor, action, clean))
    session.add(entry)
    session.flush()
    return entry


def record_many(session: Session, entries: Sequence[NewEntry]) -> int:
    """Append entries in order inside the caller's transaction, with one read of the chain's
    end and one multi-row insert (a batch job's thousand events: not a thousand round trips).

    The chain is the same as ``record`` called once per entry: each entry's ``prev_hash``
    is the previous entry's hash. Pending ORM objects are flushed first, so an entry
    recorded earlier in this transaction is the one the batch chains to.
    """
    if not entries:
        return 0
    session.flush()
    prev = _last_hash(session)
    rows = []
    for item in entries:
        at = item.at or utcnow()
        clean = json.loads(json.dumps(item.details, ensure_ascii=False, default=str))
        digest = _digest(prev, at, item.actor, item.action, clean)
        rows.append({"at": at, "actor": item.actor, "action": item.action, "details": clean,
                     "prev_hash": prev, "hash": digest})
        prev = digest
    # executemany in list order: ids ascend in chain order (verify walks by id); the
    # advisory lock (PostgreSQL) or the write lock (SQLite) keeps other writers out.
    session.execute(insert(AuditEntry), rows)
    return len(rows)


@dataclass(frozen=True)
class AuditProblem:
    entry_id: int
    problem: str


def verify(session: Session) -> list[AuditProblem]:
    """Walk the chain; report every entry whose content or link does not match."""
    problems: list[AuditProblem] = []
    prev = GENESIS
    last_id = 0
    for entry in session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
        if entry.id != last_id + 1 and last_id:
            problems.append(AuditProblem(entry.id, f"entries {last_id + 1}..{entry.id - 1} missing"))
        if entry.prev_hash != prev:
            problems.append(AuditProblem(entry.id, "link to the previous entry broken "
                                                   "(an entry before it was deleted or edited)"))
        if _digest(entry.prev_hash, entry.at, entry.actor, entry.action, entry.details) != entry.hash:
            problems.append(AuditProblem(entry.id, "content does not match its hash (edited)"))
        prev = entry.hash
        last_id = entry.id
    return problems
