"""The append-only, hash-chained audit log: write entries, verify the chain and its end.

Each entry's ``hash`` covers the previous entry's hash and this entry's content. Entries
of ``version`` 2 are keyed: HMAC-SHA256 with the site secret (``Config.secret_bytes()``,
kept outside the database), so someone who can write to the database but lacks the secret
cannot edit an entry and re-hash the ones after it. Entries of ``version`` 1 (written before
keyed hashing) are plain SHA-256 and are verified as before; no version-1 entry may follow a
version-2 one.

Once the log is keyed it cannot be downgraded: the key-check row (``shared/db/site_key.py``,
keyed too) records how many version-1 entries the log had when it became keyed; any other
unkeyed entry, an unkeyed anchor, or a missing key-check row over existing entries is
reported as tampering. ``verify`` only reads.

The chain alone cannot show that its *last* entries were deleted, so an anchor row
(``audit_anchor``: entry count and last hash, keyed too) is updated in the same transaction
as every append; ``verify`` compares the chain's end with it.

Limits (stated in ``pulse audit verify --help`` and docs/deploy.md, "The audit log"):
whoever holds the site secret (every kiosk and the admin machine) can rewrite the chain and
the anchor; an anchor copied earlier and put back after deleting the entries since then, or
the whole log and anchor emptied, is not detectable inside the database. Against those, log
``pulse audit head`` outside the database (the jobs run prints it to the system journal) and
check with ``pulse audit verify --expect N:DIGEST``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from shared.db import site_key
from shared.db.base import utcnow
from shared.db.models import AuditAnchor, AuditEntry, SiteKeyCheck

GENESIS = "0" * 64
LEGACY, KEYED = 1, 2


def _body(prev_hash: str, at: dt.datetime, actor: str, action: str,
          details: dict[str, Any]) -> bytes:
    return json.dumps({"prev": prev_hash,
                       "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
                       "actor": actor, "action": action, "details": details},
                      sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")


def _digest(prev_hash: str, at: dt.datetime, actor: str, action: str,
            details: dict[str, Any], key: bytes | None = None) -> str:
    """Version 1 (``key`` None): SHA-256; version 2: HMAC-SHA256 with the site secret."""
    body = _body(prev_hash, at, actor, action, details)
    if key is None:
        return hashlib.sha256(body).hexdigest()
    return hmac.new(key, b"audit-entry-v2\n" + body, hashlib.sha256).hexdigest()


def _anchor_mac(key: bytes, entries: int, last_hash: str, rebuilt_at: dt.datetime | None) -> str:
    stamp = rebuilt_at.astimezone(dt.UTC).isoformat() if rebuilt_at else ""
    message = f"audit-anchor\n{entries}\n{last_hash}\n{stamp}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def audit_key(session: Session) -> bytes:
    """The site secret the session's ``Database`` was opened with (``audit_key=``); without
    one, the secret of the default configuration (environment / data dir)."""
    key = session.info.get("audit_key")
    if callable(key):
        key = key()
    if isinstance(key, bytes):
        return key
    from shared.config import load_config
    return load_config().secret_bytes()


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


def _begin_append(session: Session, key: bytes) -> str:
    """The chain's end to append to, after refusing a secret the database does not know
    (entries keyed with it could never be verified); an empty log becomes keyed here."""
    site_key.check(session, key)
    prev = _last_hash(session)
    if prev == GENESIS:
        establish_key_check(session, key, utcnow())
    return prev


def _advance_anchor(session: Session, key: bytes, added: int, last_hash: str,
                    now: dt.datetime) -> None:
    """Move the anchor to the new end of the chain, in the appending transaction.

    The count continues from the anchor's own (not a fresh count), so entries deleted from
    the end before this append still show as missing. A missing row (deleted) is re-created
    from the table, marked ``rebuilt_at``, which ``verify`` reports; an unkeyed row (left by
    the schema upgrade) is keyed now, unless the log was keyed already (keyed entries or the
    key-check row exist): then someone replaced it, and it is marked rebuilt too.
    """
    row = session.execute(select(AuditAnchor.entries, AuditAnchor.mac, AuditAnchor.rebuilt_at)
                          .where(AuditAnchor.id == 1)).first()
    rebuilt_at: dt.datetime | None = None
    if row is None:
        entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        if entries > added:
            rebuilt_at = now
        session.add(AuditAnchor(id=1, entries=entries, last_hash=last_hash, rebuilt_at=rebuilt_at,
                                mac=_anchor_mac(key, entries, last_hash, rebuilt_at)))
        session.flush()
        return
    entries = row.entries + added
    values: dict[str, Any] = {"entries": entries, "last_hash": last_hash}
    if row.mac is None:
        keyed_before = session.scalar(
            select(func.count()).select_from(AuditEntry)
            .where(AuditEntry.version == KEYED)) or 0
        if keyed_before > added or site_key.read(session) is not None:
            rebuilt_at = now  # replaced: the log was keyed already
        values["rebuilt_at"] = rebuilt_at
    else:
        rebuilt_at = row.rebuilt_at
    values["mac"] = _anchor_mac(key, entries, last_hash, rebuilt_at)
    session.execute(update(AuditAnchor).where(AuditAnchor.id == 1).values(**values))


def seal_upgraded_anchor(session: Session, *, key: bytes | None = None) -> bool:
    """Key the anchor the schema upgrade left unkeyed, when the log becomes keyed
    (``establish_key_check``: in the upgrade run with the site secret, or at the first entry
    of an empty log), so it cannot be rewritten in the meantime. Only while no keyed entry
    exists and the chain ends where the anchor says; otherwise it is left for ``verify`` to
    report. True if it keyed the anchor."""
    row = session.get(AuditAnchor, 1)
    if row is None or row.mac is not None:
        return False
    keyed = session.scalar(select(func.count()).select_from(AuditEntry)
                           .where(AuditEntry.version == KEYED))
    end = head(session)
    if keyed or (end.entries, end.last_hash) != (row.entries, row.last_hash):
        return False
    row.mac = _anchor_mac(key or audit_key(session), row.entries, row.last_hash, None)
    session.flush()
    return True


def establish_key_check(session: Session, key: bytes, now: dt.datetime) -> bool:
    """Write the key-check row if there is none (True if written), inside the caller's
    transaction: the unkeyed entries that open the log are its legacy part; an anchor the
    upgrade left unkeyed is keyed now (``seal_upgraded_anchor``)."""
    if site_key.read(session) is not None:
        return False
    now = now.replace(microsecond=0)
    legacy, legacy_hash = 0, GENESIS
    for version, digest in session.execute(select(AuditEntry.version, AuditEntry.hash)
                                           .order_by(AuditEntry.id)):
        if version != LEGACY:
            break
        legacy, legacy_hash = legacy + 1, digest
    session.add(SiteKeyCheck(id=1, kcv=site_key.key_check_value(key), legacy_entries=legacy,
                             legacy_hash=legacy_hash, created_at=now,
                             mac=site_key.row_mac(key, legacy, legacy_hash, now)))
    session.flush()
    seal_upgraded_anchor(session, key=key)
    return True


def record(session: Session, *, actor: str, action: str, details: dict[str, Any] | None = None,
           at: dt.datetime | None = None) -> AuditEntry:
    """Append one keyed entry inside the caller's transaction (and move the anchor).

    The unique ``hash`` column serialises concurrent writers: two entries chained to the
    same predecessor with the same content cannot both land, and the loser's transaction
    fails and is retried by the caller's unit of work.
    """
    key = audit_key(session)
    prev = _begin_append(session, key)
    at = at or utcnow()
    clean = json.loads(json.dumps(details or {}, ensure_ascii=False, default=str))
    entry = AuditEntry(at=at, actor=actor, action=action, details=clean, prev_hash=prev,
                       hash=_digest(prev, at, actor, action, clean, key), version=KEYED)
    session.add(entry)
    session.flush()
    _advance_anchor(session, key, 1, entry.hash, utcnow())
    return entry


def record_many(session: Session, entries: Sequence[NewEntry]) -> int:
    """Append entries in order inside the caller's transaction, with one read of the chain's
    end, one multi-row insert and one anchor update (a batch job's thousand events: not a
    thousand round trips).

    The chain is the same as ``record`` called once per entry: each entry's ``prev_hash``
    is the previous entry's hash. Pending ORM objects are flushed first, so an entry
    recorded earlier in this transaction is the one the batch chains to.
    """
    if not entries:
        return 0
    session.flush()
    key = audit_key(session)
    prev = _begin_append(session, key)
    rows = []
    for item in entries:
        at = item.at or utcnow()
        clean = json.loads(json.dumps(item.details, ensure_ascii=False, default=str))
        digest = _digest(prev, at, item.actor, item.action, clean, key)
        rows.append({"at": at, "actor": item.actor, "action": item.action, "details": clean,
                     "prev_hash": prev, "hash": digest, "version": KEYED})
        prev = digest
    # executemany in list order: ids ascend in chain order (verify walks by id); the
    # advisory lock (PostgreSQL) or the write lock (SQLite) keeps other writers out.
    session.execute(insert(AuditEntry), rows)
    _advance_anchor(session, key, len(rows), prev, utcnow())
    return len(rows)


@dataclass(frozen=True)
class AuditProblem:
    entry_id: int  # 0: the log as a whole (its end, the anchor)
    problem: str


@dataclass(frozen=True)
class Head:
    """The chain's end: ``entries`` entries, the last one's hash (``N:DIGEST``)."""

    entries: int
    last_hash: str

    def __str__(self) -> str:
        return f"{self.entries}:{self.last_hash}"


def parse_head(value: str) -> Head:
    """``N:DIGEST`` as ``pulse audit head`` prints it; ValueError otherwise."""
    number, _, digest = value.strip().partition(":")
    digest = digest.lower()
    if not number.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef"
                                                        for c in digest):
        raise ValueError(f"{value!r} is not N:DIGEST (an entry count and a 64-digit hash)")
    return Head(int(number), digest)


def head(session: Session) -> Head:
    """The chain's end as stored: entry count and the last entry's hash."""
    entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    last = session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
                           ).scalar_one_or_none()
    return Head(entries, last or GENESIS)


def verify(session: Session, *, expect: Head | None = None,
           key: bytes | Callable[[], bytes] | None = None) -> list[AuditProblem]:
    """Walk the chain and check its end against the anchor (and ``expect``, a head recorded
    earlier outside the database); report every mismatch with the entry it is in. Reads
    only: whatever it finds, nothing is written (not even a seal)."""
    secret = key() if callable(key) else key
    secret = secret or audit_key(session)
    problems: list[AuditProblem] = []
    keyed_since = site_key.read(session)
    legacy_limit: int | None = None  # None: no key-check row, the old rule
    if keyed_since is not None:
        legacy_limit = keyed_since.legacy_entries
        if not hmac.compare_digest(keyed_since.kcv, site_key.key_check_value(secret)):
            problems.append(AuditProblem(0, "checked with another site secret than the "
                                            "database's (its key-check value differs)"))
        elif not site_key.row_intact(keyed_since, secret):
            problems.append(AuditProblem(0, "the key-check row (where the log became keyed) "
                                            "does not match its keyed hash: edited"))
            legacy_limit = 0
    prev = GENESIS
    last_id = 0
    count = 0
    keyed_seen = False
    expect_seen = expect is None or expect.entries == 0
    for entry in session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
        count += 1
        if entry.id != last_id + 1 and last_id and entry.prev_hash != prev:
            problems.append(AuditProblem(entry.id,
                                         f"entries {last_id + 1}..{entry.id - 1} missing"))
        elif entry.prev_hash != prev:
            problems.append(AuditProblem(entry.id, "link to the previous entry broken "
                                                   "(an entry before it was deleted or edited)"))
        legacy_ok = (not keyed_seen if legacy_limit is None else count <= legacy_limit)
        if entry.version == KEYED:
            keyed_seen = True
            if _digest(entry.prev_hash, entry.at, entry.actor, entry.action, entry.details,
                       secret) != entry.hash:
                problems.append(AuditProblem(entry.id, "content does not match its keyed hash "
                                                       "(edited, or checked with another site "
                                                       "secret)"))
        elif entry.version == LEGACY and legacy_ok:
            if _digest(entry.prev_hash, entry.at, entry.actor, entry.action,
                       entry.details) != entry.hash:
                problems.append(AuditProblem(entry.id, "content does not match its hash (edited)"))
            elif (keyed_since is not None and count == legacy_limit
                  and entry.hash != keyed_since.legacy_hash):
                problems.append(AuditProblem(entry.id, "the unkeyed entries from before the log "
                                                       "became keyed were re-hashed"))
        elif keyed_seen:
            problems.append(AuditProblem(entry.id, f"unkeyed (version {entry.version}) entry "
                                                   "after keyed ones: re-hashed without the "
                                                   "site secret"))
        else:
            problems.append(AuditProblem(entry.id, f"unkeyed (version {entry.version}) entry in "
                                                   "a keyed log: re-hashed without the site "
                                                   "secret"))
        if expect is not None and count == expect.entries:
            expect_seen = True
            if entry.hash != expect.last_hash:
                problems.append(AuditProblem(entry.id, f"entry No. {count} is not the one "
                                                       "recorded earlier (--expect): the log was "
                                                       "rewritten"))
        prev = entry.hash
        last_id = entry.id
    if not expect_seen and expect is not None:
        problems.append(AuditProblem(0, f"the log has {count} entries, {expect.entries} were "
                                        "recorded earlier (--expect): entries at the end were "
                                        "deleted"))
    if keyed_since is None and count:
        problems.append(AuditProblem(0, "the key-check row (where the log became keyed) is "
                                        "missing although the log has entries: deleted, e.g. "
                                        "to pass a log re-hashed without the site secret as an "
                                        "old one"))
    problems.extend(_check_anchor(session, secret, count, prev,
                                  keyed_seen or keyed_since is not None))
    return problems


def _check_anchor(session: Session, key: bytes, count: int, last_hash: str,
                  keyed: bool) -> list[AuditProblem]:
    anchor = session.get(AuditAnchor, 1)
    if anchor is None:
        if count == 0:
            return []
        return [AuditProblem(0, "the anchor (the chain's recorded end) is missing: it was "
                                "deleted, perhaps with entries at the end")]
    problems: list[AuditProblem] = []
    if anchor.mac is None:
        if keyed:
            problems.append(AuditProblem(0, "the anchor is unkeyed although the log is keyed: "
                                            "it was replaced"))
    elif not hmac.compare_digest(anchor.mac, _anchor_mac(key, anchor.entries, anchor.last_hash,
                                                         anchor.rebuilt_at)):
        problems.append(AuditProblem(0, "the anchor does not match its keyed hash (edited, or "
                                        "checked with another site secret)"))
    if anchor.rebuilt_at is not None:
        problems.append(AuditProblem(0, f"the anchor was missing or replaced and was rebuilt "
                                        f"at {anchor.rebuilt_at:%Y-%m-%d %H:%M} UTC: entries at "
                                        "the end before then may have been deleted"))
    if anchor.entries != count or anchor.last_hash != last_hash:
        missing = anchor.entries - count
        what = (f"the last {missing} entr{'y' if missing == 1 else 'ies'} deleted"
                if missing > 0 else "the log and its anchor disagree")
        problems.append(AuditProblem(0, f"the log has {count} entries, its anchor says "
                                        f"{anchor.entries} ending in {anchor.last_hash[:12]}…: "
                                        f"{what}"))
    return problems
