"""The kiosk's local SQLite: a directory snapshot and a durable outbox of ratings and actions.

Not the central schema: a small schema of its own, created and upgraded here by
``PRAGMA user_version``. WAL with ``synchronous=FULL``: when ``enqueue_rating``
returns, the rating is on disk and survives a power cut, so the kiosk may show
"thanks". The sync worker (``shared.offline.sync``) pushes the outbox and marks
rows sent only after the server committed them.

One connection guarded by a lock: the kiosk's worker thread and the sync thread
share it; every write is one short ``BEGIN IMMEDIATE`` transaction, so a second
process on the same file (``pulse sync --kiosk-db``) waits instead of failing.

Worth nothing when stolen (docs/security.md, "The kiosk's local file"): the file (and its
``-wal``/``-shm``) is readable by its owner only from the first byte; a rating the server
committed keeps only what the local cooldown needs, its time and a pair key (HMAC of client
and supplier with the site secret, which the file does not hold), and is deleted once the
cooldown is over; the snapshot's PIN verifiers are keyed with the site secret too
(``shared.security.offline_pin_verifier``), so PINs cannot be guessed from the file alone.
Deleted content is overwritten (``secure_delete``) and the WAL is truncated after pruning.
What is still unsent (the kiosk offline) is kept whole: it has to reach the server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from shared.domain.pin_lockout import PinCheck, PinState
from shared.domain.rating_rules import RatingFacts, TagFacts, check_rating, clean_comment
from shared.ids import uuid7
from shared.security import badge_key

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5
OUTBOX_KINDS = ("rating", "proposal", "dispute_open", "dispute_action", "pin_attempt")

# Version 2: the PIN lockout of this kiosk while offline (it survives a restart).
_PIN_STATE = """
CREATE TABLE pin_state (
    employee_id INTEGER PRIMARY KEY, failures INTEGER NOT NULL DEFAULT 0,
    lockouts INTEGER NOT NULL DEFAULT 0, locked_until TEXT, updated_at TEXT NOT NULL)
"""

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE people (
    id INTEGER PRIMARY KEY, personnel_no TEXT NOT NULL, full_name TEXT NOT NULL,
    full_name_en TEXT, department_id INTEGER, manager_id INTEGER, segment_id INTEGER,
    position TEXT, role TEXT NOT NULL, language TEXT NOT NULL, badge_hmac TEXT, pin_hash TEXT,
    active INTEGER NOT NULL, thumbnail BLOB, updated_at TEXT NOT NULL, search TEXT NOT NULL);
CREATE INDEX people_badge ON people (badge_hmac);
CREATE INDEX people_department ON people (department_id);
CREATE TABLE departments (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_en TEXT, parent_id INTEGER,
    head_id INTEGER, updated_at TEXT NOT NULL);
CREATE TABLE reason_tags (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL, segment_id INTEGER, polarity TEXT NOT NULL,
    label_ru TEXT NOT NULL, label_en TEXT NOT NULL, active INTEGER NOT NULL);
CREATE TABLE regulations (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL, title TEXT NOT NULL, url TEXT,
    active INTEGER NOT NULL, needs_revision INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE supplier_links (
    id INTEGER PRIMARY KEY, client_department_id INTEGER, client_segment_id INTEGER,
    supplier_department_id INTEGER, supplier_employee_id INTEGER);
-- state: pending (not yet committed by the server), sent (committed, result = the server's
-- status), rejected (the server refused it for good: kept for the operator, never dropped).
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    rater_id INTEGER, supplier_id INTEGER, created_at TEXT NOT NULL, payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT, sent_at TEXT, result TEXT);
CREATE INDEX outbox_state ON outbox (state, seq);
CREATE INDEX outbox_pair ON outbox (rater_id, supplier_id, created_at);
"""


# The outbox payloads' keys that hold ids of the server's rows (people, regulations,
# disputes): moved with the plant's rows at its first publish (``adopt_plant``).
_PAYLOAD_IDS = ("rater_id", "supplier_id", "client_id", "initiator_id", "respondent_id",
                "regulation_id", "actor_id", "dispute_id", "employee_id")

# A rating the server has (or refused for good): only its pair key and time stay, for the
# local cooldown rule; rater, supplier, score, reasons and comment go.
_STRIP_RATINGS = ("UPDATE outbox SET rater_id = NULL, supplier_id = NULL, payload = '{}' "
                  "WHERE kind = 'rating' AND payload <> '{}'")


def owner_only(path: str) -> None:
    """Make the file (and its -wal/-shm) readable by its owner only, before SQLite writes a
    byte to it: a new file is created with mode 0600 (SQLite gives the -wal and -shm the
    mode of the database), an existing one is narrowed."""
    if not Path(path).exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with contextlib.suppress(FileNotFoundError):
            if os.stat(name).st_mode & 0o077:
                os.chmod(name, 0o600)


def iso(moment: dt.datetime) -> str:
    """UTC ISO text with microseconds: sorts as text in time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def from_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def search_key(*parts: str | None) -> str:
    """Case- and ё-insensitive text for search."""
    return " ".join(p for p in parts if p).casefold().replace("ё", "е")


@dataclass(frozen=True)
class Person:
    id: int
    personnel_no: str
    full_name: str
    full_name_en: str | None
    department_id: int | None
    manager_id: int | None
    segment_id: int | None
    position: str | None
    role: str
    language: str
    pin_hash: str | None
    active: bool
    thumbnail: bytes | None
    gender: str | None = None  # the directory's 'm' / 'f'; None: the patronymic tells


@dataclass(frozen=True)
class LocalOutcome:
    """What ``enqueue_*`` did: ``code`` 'queued' or why not, with parameters for the view."""

    code: str
    uuid: uuid.UUID | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.code == "queued"


@dataclass(frozen=True)
class OutboxItem:
    uuid: uuid.UUID
    kind: str
    created_at: dt.datetime
    payload: dict[str, Any]
    attempts: int


_PEOPLE_COLS = ("id, personnel_no, full_name, full_name_en, department_id, manager_id, segment_id, "
                "position, role, language, pin_hash, active, thumbnail, gender")


def _person(row: sqlite3.Row | tuple[Any, ...] | None) -> Person | None:
    if row is None:
        return None
    values = list(row)
    values[11] = bool(values[11])
    return Person(*values)


class LocalStore:
    """The kiosk's snapshot and outbox in one local SQLite file."""

    def __init__(self, path: str | Path, *, kiosk_id: str,
                 cooldown: dt.timedelta = dt.timedelta(hours=4),
                 comment_max_length: int = 500, secret: bytes | None = None) -> None:
        """``secret``: the site secret (``Config.secret_bytes()``; default: the default
        configuration's), for the pair keys of sent ratings."""
        from shared.db.engine import check_not_network_share
        self.path = str(path)
        check_not_network_share(self.path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        owner_only(self.path)
        self.kiosk_id = kiosk_id
        self.cooldown = cooldown
        self.comment_max_length = comment_max_length
        if secret is None:
            from shared.config import load_config
            secret = load_config().secret_bytes()
        self._pair_secret = hmac.new(secret, b"kiosk-rating-pair-v1", hashlib.sha256).digest()
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                     check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 30000")
        self._conn.execute("PRAGMA secure_delete = ON")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = FULL")
        self._migrate()

    def pair_key(self, rater_id: int, supplier_id: int) -> str:
        """Who rated whom, as only a holder of the site secret can tell (the cooldown's key)."""
        return hmac.new(self._pair_secret, f"{rater_id}:{supplier_id}".encode("ascii"),
                        hashlib.sha256).hexdigest()

    # --- plumbing -------------------------------------------------------------

    def _migrate(self) -> None:
        with self._tx():
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            self._migrate_from(version)
        if 0 < version < 5:
            # Rows an earlier version deleted without secure_delete (or the badge HMACs it
            # kept) may linger in free pages: rewrite the file once, then empty the WAL
            # that carried the rewrite.
            with self._lock:
                self._conn.execute("VACUUM")
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _migrate_from(self, version: int) -> None:
        if version == 0:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._conn.execute(statement)
        if version < 2:
            self._conn.execute(_PIN_STATE)
        if version < 3:
            # Version 3: the server's own PIN lockout of each person, from the snapshot,
            # so a badge locked centrally stays locked on a kiosk that goes offline.
            self._conn.execute("ALTER TABLE people ADD COLUMN pin_locked_until TEXT")
        if version < 4:
            self._upgrade_to_4()
        if version < 5:
            # Version 5: the directory's gender of each person (the Russian sentences agree
            # with it); the next refresh is a full one, so every row gets it.
            columns = {r[1] for r in self._conn.execute("PRAGMA table_info(people)")}
            if "gender" not in columns:
                self._conn.execute("ALTER TABLE people ADD COLUMN gender TEXT")
            self._conn.execute("DELETE FROM meta WHERE key = 'stamp.employees'")
            # ... and the snapshot keeps badge keys, not badge HMACs (badge_key).
            rows = self._conn.execute("SELECT id, badge_hmac FROM people WHERE badge_hmac "
                                      "IS NOT NULL AND badge_hmac NOT LIKE 'k:%'").fetchall()
            self._conn.executemany("UPDATE people SET badge_hmac = ? WHERE id = ?",
                                   [(badge_key(h), i) for i, h in rows])
        if version < SCHEMA_VERSION:
            self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        elif version > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path}: local store version {version} is newer than "
                               f"this program ({SCHEMA_VERSION})")

    def _upgrade_to_4(self) -> None:
        """Version 4: ratings keyed by pair, sent ones stripped; PIN verifiers keyed.

        The plain scrypt hashes of earlier snapshots are dropped and the next refresh is a
        full one (it brings the keyed verifiers); until then the PIN screen works online."""
        c = self._conn
        c.execute("ALTER TABLE outbox ADD COLUMN pair_key TEXT")
        c.execute("CREATE INDEX outbox_pair_key ON outbox (pair_key, created_at)")
        rows = c.execute("SELECT seq, rater_id, supplier_id FROM outbox WHERE kind = 'rating' "
                         "AND rater_id IS NOT NULL AND supplier_id IS NOT NULL").fetchall()
        c.executemany("UPDATE outbox SET pair_key = ? WHERE seq = ?",
                      [(self.pair_key(r, s), seq) for seq, r, s in rows])
        c.execute(_STRIP_RATINGS + " AND state <> 'pending'")
        c.execute("UPDATE people SET pin_hash = NULL")
        c.execute("DELETE FROM meta WHERE key = 'stamp.employees'")

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front (BEGIN IMMEDIATE), committed durably."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def integrity_check(self) -> str:
        return str(self._query("PRAGMA integrity_check")[0][0])

    # --- meta -----------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self._tx() as c:
            c.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                      "SET value = excluded.value", (key, value))

    def instance_id(self) -> str:
        """This store's own random id, made once: tells two kiosks with one kiosk id apart."""
        value = self.get_meta("instance")
        if value is None:
            with self._tx() as c:
                c.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('instance', ?)",
                          (str(uuid.uuid4()),))
            value = self.get_meta("instance")
        assert value is not None
        return value

    def last_sync_at(self) -> dt.datetime | None:
        value = self.get_meta("last_sync_at")
        return from_iso(value) if value else None

    # --- directory lookups ----------------------------------------------------

    def lookup_badge(self, badge_hmac: str) -> Person | None:
        """The active person holding this badge (HMAC), or None. The snapshot keeps each
        badge's key (``shared.security.badge_key``) in its ``badge_hmac`` column."""
        rows = self._query(f"SELECT {_PEOPLE_COLS} FROM people WHERE badge_hmac = ? "
                           "AND active = 1 ORDER BY updated_at DESC LIMIT 1",
                           (badge_key(badge_hmac),))
        return _person(rows[0]) if rows else None

    def person(self, person_id: int) -> Person | None:
        rows = self._query(f"SELECT {_PEOPLE_COLS} FROM people WHERE id = ?", (person_id,))
        return _person(rows[0]) if rows else None

    def search_people(self, text: str, *, limit: int = 50,
                      department_id: int | None = None) -> list[Person]:
        """Active people whose name or personnel number contains every word of ``text``."""
        words = search_key(text).split()
        sql = f"SELECT {_PEOPLE_COLS} FROM people WHERE active = 1"
        params: list[Any] = []
        for word in words:
            sql += " AND instr(search, ?) > 0"
            params.append(word)
        if department_id is not None:
            sql += " AND department_id = ?"
            params.append(department_id)
        sql += " ORDER BY full_name, id LIMIT ?"
        params.append(limit)
        return [p for p in map(_person, self._query(sql, params)) if p is not None]

    def departments(self) -> list[tuple[int, str, str | None, int | None]]:
        """(id, name, name_en, parent_id), by name."""
        return [tuple(r) for r in self._query(  # type: ignore[misc]
            "SELECT id, name, name_en, parent_id FROM departments ORDER BY name")]

    def reason_tags(self, segment_id: int | None, polarity: str | None = None
                    ) -> list[tuple[int, str, str, str, str]]:
        """(id, code, polarity, label_ru, label_en) of the segment's and the global tags."""
        sql = ("SELECT id, code, polarity, label_ru, label_en FROM reason_tags WHERE active = 1 "
               "AND (segment_id IS NULL OR segment_id = ?)")
        params: list[Any] = [segment_id]
        if polarity is not None:
            sql += " AND polarity = ?"
            params.append(polarity)
        return [tuple(r) for r in self._query(sql + " ORDER BY id", params)]  # type: ignore[misc]

    def _tag_facts(self, codes: Sequence[str]) -> dict[str, TagFacts]:
        """The snapshot's active tags of these codes, for the rating rules."""
        if not codes:
            return {}
        return {code: TagFacts(i, seg, pol) for i, code, seg, pol in self._query(
            "SELECT id, code, segment_id, polarity FROM reason_tags WHERE active = 1 AND code IN "
            f"({', '.join('?' * len(codes))})", list(codes))}

    def regulations(self) -> list[tuple[int, str, str, str | None]]:
        """(id, code, title, url) of active regulations, by code."""
        return [tuple(r) for r in self._query(  # type: ignore[misc]
            "SELECT id, code, title, url FROM regulations WHERE active = 1 ORDER BY code")]

    def own_suppliers(self, person: Person, *, limit: int = 50) -> list[Person]:
        """Configured suppliers of the person's department or segment, then those they rated."""
        rows = self._query(
            f"""SELECT {_PEOPLE_COLS} FROM people p WHERE p.active = 1 AND p.id <> ? AND (
                  p.id IN (SELECT supplier_employee_id FROM supplier_links
                           WHERE client_department_id = ? OR client_segment_id = ?)
                  OR p.department_id IN (SELECT supplier_department_id FROM supplier_links
                           WHERE client_department_id = ? OR client_segment_id = ?)
                  OR p.id IN (SELECT supplier_id FROM outbox WHERE kind = 'rating'
                              AND rater_id = ?))
                ORDER BY p.full_name, p.id LIMIT ?""",
            (person.id, person.department_id, person.segment_id, person.department_id,
             person.segment_id, person.id, limit))
        return [p for p in map(_person, rows) if p is not None]

    # --- the outbox -----------------------------------------------------------

    def enqueue_rating(self, *, rater_id: int, supplier_id: int, score: int,
                       reason_codes: Iterable[str] = (), reason_tag_ids: Iterable[int] = (),
                       comment: str | None = None, rating_uuid: uuid.UUID | None = None,
                       now: dt.datetime | None = None) -> LocalOutcome:
        """Check the rules the snapshot allows and commit the rating to the outbox.

        Reason tags by code (as the kiosk's chips carry them) or by snapshot id.
        ``rating_uuid``: the kiosk's own UUIDv7 for this tap (default: a new one); queuing
        the same UUID twice is one rating (answered ``queued`` again).
        Returns only after the commit reached the disk (``synchronous=FULL``).
        """
        now = now or _now()
        rater = supplier = None
        if rater_id != supplier_id:
            rater, supplier = self.person(rater_id), self.person(supplier_id)
        codes = list(dict.fromkeys(reason_codes))
        tag_ids = sorted(set(reason_tag_ids))
        if tag_ids:
            codes.extend(code for (code,) in self._query(
                f"SELECT code FROM reason_tags WHERE id IN ({', '.join('?' * len(tag_ids))})",
                tag_ids) if code not in codes)
        facts = RatingFacts(
            rater_id=rater_id, supplier_id=supplier_id, rater=rater, supplier=supplier,
            score=score, reason_codes=codes, comment=comment,
            comment_max_length=self.comment_max_length, tags=self._tag_facts(codes), at=now,
            cooldown=self.cooldown, counted_nearby=(), drop_bad_reasons=True)
        # Everything but the cooldown first (no lock held); the cooldown under the lock.
        verdict = check_rating(facts)
        if verdict.refusal is not None:
            return LocalOutcome(verdict.refusal, params=verdict.params)
        comment = clean_comment(comment)
        rating_uuid = rating_uuid or uuid7(int(now.timestamp() * 1000))
        payload = {"rater_id": rater_id, "supplier_id": supplier_id, "score": score,
                   "reason_codes": sorted(codes), "comment": comment,  # the server re-checks
                   "kiosk_id": self.kiosk_id}
        with self._tx() as c:
            if c.execute("SELECT 1 FROM outbox WHERE uuid = ?", (str(rating_uuid),)).fetchone():
                return LocalOutcome("queued", rating_uuid, {"duplicate": True})
            pair = self.pair_key(rater_id, supplier_id)
            nearby = [from_iso(t) for (t,) in c.execute(
                "SELECT created_at FROM outbox WHERE kind = 'rating' AND pair_key = ? AND "
                "state <> 'rejected' AND created_at > ? AND created_at < ?",
                (pair, iso(now - self.cooldown), iso(now + self.cooldown)))]
            verdict = check_rating(replace(facts, counted_nearby=nearby))
            if verdict.refusal is not None:
                return LocalOutcome(verdict.refusal, params=verdict.params)
            c.execute("INSERT INTO outbox (uuid, kind, rater_id, supplier_id, pair_key, "
                      "created_at, payload) VALUES (?, 'rating', ?, ?, ?, ?, ?)",
                      (str(rating_uuid), rater_id, supplier_id, pair, iso(now),
                       json.dumps(payload)))
        return LocalOutcome("queued", rating_uuid)

    def enqueue(self, kind: str, payload: dict[str, Any], *,
                now: dt.datetime | None = None) -> LocalOutcome:
        """Queue a proposal or a dispute action (checked by the server's rules at sync)."""
        if kind not in OUTBOX_KINDS or kind == "rating":
            raise ValueError(f"unknown outbox kind {kind!r}")
        now = now or _now()
        item_uuid = uuid7(int(now.timestamp() * 1000))
        body = dict(payload, kiosk_id=self.kiosk_id)
        with self._tx() as c:
            c.execute("INSERT INTO outbox (uuid, kind, created_at, payload) VALUES (?, ?, ?, ?)",
                      (str(item_uuid), kind, iso(now), json.dumps(body, default=str)))
        return LocalOutcome("queued", item_uuid)

    def enqueue_proposal(self, *, client_id: int, supplier_id: int, what_should_change: str,
                         improves_metric: str, now: dt.datetime | None = None) -> LocalOutcome:
        return self.enqueue("proposal", {"client_id": client_id, "supplier_id": supplier_id,
                                         "what_should_change": what_should_change,
                                         "improves_metric": improves_metric}, now=now)

    def enqueue_dispute_open(self, *, initiator_id: int, respondent_id: int, regulation_id: int,
                             description: str, now: dt.datetime | None = None) -> LocalOutcome:
        """The outcome's uuid is the dispute's uuid (answers given offline may refer to it)."""
        if initiator_id == respondent_id:
            return LocalOutcome("self")
        return self.enqueue("dispute_open", {"initiator_id": initiator_id,
                                             "respondent_id": respondent_id,
                                             "regulation_id": regulation_id,
                                             "description": description}, now=now)

    def enqueue_dispute_action(self, *, actor_id: int, action: str, dispute_id: int | None = None,
                               dispute_uuid: uuid.UUID | None = None, reason: str = "",
                               verdict: str = "", note: str = "",
                               now: dt.datetime | None = None) -> LocalOutcome:
        """accept / reject (with a reason) / verdict (with a note) on a dispute."""
        if action not in ("accept", "reject", "verdict"):
            raise ValueError(f"unknown dispute action {action!r}")
        return self.enqueue("dispute_action", {
            "actor_id": actor_id, "action": action, "dispute_id": dispute_id,
            "dispute_uuid": str(dispute_uuid) if dispute_uuid else None, "reason": reason,
            "verdict": verdict, "note": note}, now=now)

    def outbox_size(self, *, people_only: bool = False) -> int:
        """Items not yet committed by the server (``people_only``: what people gave —
        ratings, proposals, disputes — without the kiosk's own PIN attempts)."""
        sql = "SELECT count(*) FROM outbox WHERE state = 'pending'"
        if people_only:
            sql += " AND kind <> 'pin_attempt'"
        return int(self._query(sql)[0][0])

    def outbox_counts(self) -> dict[str, int]:
        return {state: n for state, n in self._query(
            "SELECT state, count(*) FROM outbox GROUP BY state")}

    def pending(self, limit: int = 200, kinds: Sequence[str] | None = None) -> list[OutboxItem]:
        """The oldest pending items (in queue order)."""
        sql = "SELECT uuid, kind, created_at, payload, attempts FROM outbox WHERE state = 'pending'"
        params: list[Any] = []
        if kinds:
            sql += f" AND kind IN ({', '.join('?' * len(kinds))})"
            params.extend(kinds)
        rows = self._query(sql + " ORDER BY seq LIMIT ?", [*params, limit])
        return [OutboxItem(uuid.UUID(u), k, from_iso(c), json.loads(p), a)
                for u, k, c, p, a in rows]

    def mark_sent(self, results: dict[uuid.UUID, str], *, at: dt.datetime | None = None) -> None:
        """After the server's commit: record each item's server status ('ok', ...)."""
        at_text = iso(at or _now())
        # One statement for the batch: the statuses as one JSON object {uuid: status}, each
        # row found by the uuid index (``+state``: by the state index SQLite read the whole
        # JSON for every pending row), a rating stripped in the same pass (_STRIP_RATINGS:
        # only these items; a scan of all sent rows per batch made a long drain quadratic).
        by_uuid = json.dumps({str(u): status for u, status in results.items()})
        with self._tx() as c:
            c.execute("UPDATE outbox SET state = 'sent', sent_at = ?, result = j.value, "
                      "last_error = NULL, "
                      "rater_id = iif(kind = 'rating', NULL, rater_id), "
                      "supplier_id = iif(kind = 'rating', NULL, supplier_id), "
                      "payload = iif(kind = 'rating', '{}', payload) "
                      "FROM json_each(?) AS j WHERE outbox.uuid = j.key "
                      "AND +outbox.state = 'pending'", (at_text, by_uuid))

    def mark_rejected(self, reasons: dict[uuid.UUID, str], *,
                      at: dt.datetime | None = None) -> None:
        """The server refused these for good (e.g. unknown person): kept, never resent."""
        at_text = iso(at or _now())
        with self._tx() as c:
            c.executemany("UPDATE outbox SET state = 'rejected', sent_at = ?, result = ?, "
                          "attempts = attempts + 1 WHERE uuid = ? AND state = 'pending'",
                          [(at_text, reason, str(u)) for u, reason in reasons.items()])
            c.execute(_STRIP_RATINGS + " AND state = 'rejected'")

    def mark_failed(self, uuids: Iterable[uuid.UUID], error: str) -> None:
        with self._tx() as c:
            c.executemany("UPDATE outbox SET attempts = attempts + 1, last_error = ? "
                          "WHERE uuid = ? AND state = 'pending'",
                          [(error[:500], str(u)) for u in uuids])

    def outbox_state(self, item_uuid: uuid.UUID) -> tuple[str | None, str | None]:
        """(state, result) of one item: ('pending', None), ('sent', 'ok'), ('rejected',
        'rejected:<code>'), or (None, None) if this kiosk does not have it (pruned)."""
        rows = self._query("SELECT state, result FROM outbox WHERE uuid = ?", (str(item_uuid),))
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def outbox_rows(self) -> list[tuple[str, str, str, str | None]]:
        """(uuid, kind, state, result) of every item, in queue order (tests, diagnostics)."""
        return [tuple(r) for r in self._query(  # type: ignore[misc]
            "SELECT uuid, kind, state, result FROM outbox ORDER BY seq")]

    def clock_skew(self) -> dt.timedelta:
        """This kiosk's clock minus the database server's, as the last push measured it
        (zero if never measured or within the tolerance)."""
        value = self.get_meta("clock_skew_s")
        return dt.timedelta(seconds=float(value)) if value else dt.timedelta(0)

    def requeue_sent(self, since: dt.datetime) -> int:
        """Send again what the server took since ``since`` (server time: it was restored
        from a backup made then, and lost those). ``sent_at`` is on this kiosk's clock, so
        ``since`` is moved by the skew the last push measured. Harmless for what it still
        has: every kind is applied idempotently by its uuid. Items pruned already (sent more
        than a week ago) are gone, and so are sent ratings: the kiosk keeps no score,
        comment or rater once the server has them (module doc)."""
        since = since + self.clock_skew()
        with self._tx() as c:
            return c.execute("UPDATE outbox SET state = 'pending', result = NULL, sent_at = NULL "
                             "WHERE state = 'sent' AND kind <> 'rating' AND sent_at >= ?",
                             (iso(since),)).rowcount

    def sent_ratings_kept(self, since: dt.datetime) -> int:
        """Ratings the server took since ``since`` that cannot be sent again (stripped)."""
        since = since + self.clock_skew()
        return int(self._query("SELECT count(*) FROM outbox WHERE state = 'sent' AND "
                               "kind = 'rating' AND sent_at >= ?", (iso(since),))[0][0])

    def prune_sent(self, older_than: dt.datetime, *, now: dt.datetime | None = None) -> int:
        """Forget sent items older than ``older_than``, and sent ratings as soon as the
        cooldown no longer needs them (tapped longer than the cooldown ago); then truncate
        the WAL, so what was stripped or deleted is not left in it."""
        now = now or _now()
        keep_from = min(older_than, now - self.cooldown)
        with self._tx() as c:
            pruned = c.execute("DELETE FROM outbox WHERE state = 'sent' AND sent_at < ?",
                               (iso(keep_from),)).rowcount
            pruned += c.execute("DELETE FROM outbox WHERE state = 'sent' AND kind = 'rating' "
                                "AND created_at < ?", (iso(now - self.cooldown),)).rowcount
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return pruned

    # --- the PIN lockout while offline -------------------------------------------

    def central_lockout(self, employee_id: int) -> dt.datetime | None:
        """The server's lockout of the badge as of the last snapshot (None if none)."""
        rows = self._query("SELECT pin_locked_until FROM people WHERE id = ?", (employee_id,))
        return from_iso(rows[0][0]) if rows and rows[0][0] else None

    def pin_state(self, employee_id: int) -> PinState:
        rows = self._query("SELECT failures, lockouts, locked_until FROM pin_state "
                           "WHERE employee_id = ?", (employee_id,))
        if not rows:
            return PinState()
        failures, lockouts, until = rows[0]
        return PinState(failures, lockouts, from_iso(until) if until else None)

    def record_pin_attempt(self, employee_id: int, *, correct: bool, now: dt.datetime,
                           max_attempts: int, lockout_minutes: int) -> PinCheck:
        """One PIN entry while offline: the lockout rule on the stored state, in one commit.

        The new state and the attempt (``pin_attempt`` in the outbox, never the PIN) are
        committed together before the answer is shown, so a restart keeps the count and the
        lockout and the server learns of every attempt. A locked badge is refused without
        looking at the PIN and nothing is recorded (as on the server).
        """
        from shared.domain.pin_lockout import next_state
        with self._tx() as c:
            row = c.execute("SELECT failures, lockouts, locked_until FROM pin_state "
                            "WHERE employee_id = ?", (employee_id,)).fetchone()
            state = PinState(row[0], row[1], from_iso(row[2]) if row[2] else None) \
                if row else PinState()
            check, after = next_state(state, correct=correct, now=now,
                                      max_attempts=max_attempts,
                                      lockout_minutes=lockout_minutes)
            if after == state:
                return check
            c.execute("INSERT INTO pin_state (employee_id, failures, lockouts, locked_until, "
                      "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (employee_id) DO UPDATE "
                      "SET failures = excluded.failures, lockouts = excluded.lockouts, "
                      "locked_until = excluded.locked_until, updated_at = excluded.updated_at",
                      (employee_id, after.failures, after.lockouts,
                       iso(after.locked_until) if after.locked_until else None, iso(now)))
            payload = {"employee_id": employee_id, "correct": correct,
                       "kiosk_id": self.kiosk_id}
            c.execute("INSERT INTO outbox (uuid, kind, created_at, payload) "
                      "VALUES (?, 'pin_attempt', ?, ?)",
                      (str(uuid7(int(now.timestamp() * 1000))), iso(now), json.dumps(payload)))
        return check

    def undelivered_pin_attempts(self, employee_id: int) -> int:
        """This kiosk's PIN attempts of the person that the server has not received yet."""
        return int(self._query(
            "SELECT count(*) FROM outbox WHERE kind = 'pin_attempt' AND state = 'pending' "
            "AND json_extract(payload, '$.employee_id') = ?", (employee_id,))[0][0])

    def clear_pin_state(self, employee_id: int) -> None:
        """A correct PIN checked by the server: this kiosk's offline count starts over."""
        with self._tx() as c:
            c.execute("DELETE FROM pin_state WHERE employee_id = ?", (employee_id,))

    # --- the snapshot (written by the sync worker) ----------------------------

    def upsert_people(self, rows: Iterable[dict[str, Any]]) -> int:
        count = 0
        with self._tx() as c:
            for r in rows:
                c.execute(
                    """INSERT INTO people (id, personnel_no, full_name, full_name_en, department_id,
                         manager_id, segment_id, position, role, language, badge_hmac, pin_hash,
                         active, thumbnail, updated_at, search, pin_locked_until, gender)
                       VALUES (:id, :personnel_no, :full_name, :full_name_en, :department_id,
                         :manager_id, :segment_id, :position, :role, :language, :badge_hmac,
                         :pin_hash, :active, :thumbnail, :updated_at, :search,
                         :pin_locked_until, :gender)
                       ON CONFLICT (id) DO UPDATE SET personnel_no = excluded.personnel_no,
                         full_name = excluded.full_name, full_name_en = excluded.full_name_en,
                         department_id = excluded.department_id, manager_id = excluded.manager_id,
                         segment_id = excluded.segment_id, position = excluded.position,
                         role = excluded.role, language = excluded.language,
                         badge_hmac = excluded.badge_hmac, pin_hash = excluded.pin_hash,
                         active = excluded.active, thumbnail = excluded.thumbnail,
                         updated_at = excluded.updated_at, search = excluded.search,
                         pin_locked_until = excluded.pin_locked_until,
                         gender = excluded.gender""",
                    dict(r, active=int(bool(r["active"])), gender=r.get("gender"),
                         updated_at=iso(r["updated_at"]),
                         pin_locked_until=(iso(r["pin_locked_until"])
                                           if r.get("pin_locked_until") else None),
                         search=search_key(r["full_name"], r.get("full_name_en"),
                                           r["personnel_no"])))
                count += 1
        return count

    def upsert_departments(self, rows: Iterable[dict[str, Any]]) -> int:
        data = [dict(r, updated_at=iso(r["updated_at"])) for r in rows]
        with self._tx() as c:
            c.executemany(
                """INSERT INTO departments (id, name, name_en, parent_id, head_id, updated_at)
                   VALUES (:id, :name, :name_en, :parent_id, :head_id, :updated_at)
                   ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en,
                     parent_id = excluded.parent_id, head_id = excluded.head_id,
                     updated_at = excluded.updated_at""", data)
        return len(data)

    def upsert_regulations(self, rows: Iterable[dict[str, Any]]) -> int:
        data = [dict(r, active=int(bool(r["active"])),
                     needs_revision=int(bool(r["needs_revision"])),
                     updated_at=iso(r["updated_at"])) for r in rows]
        with self._tx() as c:
            c.executemany(
                """INSERT INTO regulations (id, code, title, url, active, needs_revision,
                     updated_at)
                   VALUES (:id, :code, :title, :url, :active, :needs_revision, :updated_at)
                   ON CONFLICT (id) DO UPDATE SET code = excluded.code, title = excluded.title,
                     url = excluded.url, active = excluded.active,
                     needs_revision = excluded.needs_revision, updated_at = excluded.updated_at""",
                data)
        return len(data)

    # --- a plant's first publish (docs/plants.md) ---------------------------------

    def plant_id(self) -> int:
        """The plant whose ids this store holds (1: every store made before plants)."""
        return int(self.get_meta("plant_id") or 1)

    def adopt_plant(self, plant_id: int, first_id: int) -> int:
        """The server's rows moved into plant ``plant_id``'s id range (``pulse plant
        publish``, first of a plant other than 1: every id + ``first_id - 1``): move this
        store's copies the same way, in one transaction -- the directory, the PIN attempt
        counters and the outbox (its columns, the ids in its payloads, the pending ratings'
        cooldown keys) -- so the kiosk goes on without a reset and its queued items name
        the moved rows. Ids already in the range (rows copied after the move) are left as
        they are. Returns how many rows changed; 0 when the store is the plant's already.

        Sent ratings keep only their cooldown key, which cannot be moved: for a pair rated
        just before the publish the kiosk's own cooldown check is gone, the server's stays
        (a second rating within the cooldown is kept but not counted).

        Raises ``ValueError`` when the store holds another plant's ids than 1 (a kiosk
        moved between plants: its local store must be made afresh)."""
        held = self.plant_id()
        if held == plant_id:
            return 0
        if held != 1:
            raise ValueError(f"{self.path} holds plant {held}'s ids and the server is plant "
                             f"{plant_id}: stop the kiosk, delete this file and start it again")
        offset = first_id - 1
        moved = 0
        with self._tx() as c:
            def shift(table: str, key: str, *columns: str) -> None:
                nonlocal moved
                # A row copied already under its moved id is the newer copy: the old goes.
                c.execute(f"DELETE FROM {table} WHERE {key} < ? AND {key} + ? IN "
                          f"(SELECT {key} FROM {table})", (first_id, offset))
                for column in (key, *columns):
                    moved += c.execute(f"UPDATE {table} SET {column} = {column} + ? "
                                       f"WHERE {column} < ?", (offset, first_id)).rowcount

            shift("people", "id", "department_id", "manager_id", "segment_id")
            shift("departments", "id", "parent_id", "head_id")
            shift("regulations", "id")
            shift("reason_tags", "id", "segment_id")
            shift("supplier_links", "id", "client_department_id", "client_segment_id",
                  "supplier_department_id", "supplier_employee_id")
            shift("pin_state", "employee_id")
            rows = c.execute("SELECT seq, rater_id, supplier_id, payload FROM outbox "
                             "WHERE state = 'pending'").fetchall()
            for seq, rater_id, supplier_id, payload in rows:
                body = json.loads(payload)
                for key in _PAYLOAD_IDS:
                    value = body.get(key)
                    if isinstance(value, int) and not isinstance(value, bool) \
                            and value < first_id:
                        body[key] = value + offset
                if rater_id is not None and rater_id < first_id:
                    rater_id += offset
                if supplier_id is not None and supplier_id < first_id:
                    supplier_id += offset
                pair = self.pair_key(rater_id, supplier_id) \
                    if rater_id is not None and supplier_id is not None else None
                c.execute("UPDATE outbox SET rater_id = ?, supplier_id = ?, pair_key = "
                          "coalesce(?, pair_key), payload = ? WHERE seq = ?",
                          (rater_id, supplier_id, pair, json.dumps(body), seq))
                moved += 1
            c.execute("INSERT INTO meta (key, value) VALUES ('plant_id', ?) ON CONFLICT (key) "
                      "DO UPDATE SET value = excluded.value", (str(plant_id),))
        return moved

    def replace_small_tables(self, reason_tags: Sequence[dict[str, Any]],
                             supplier_links: Sequence[dict[str, Any]]) -> None:
        """Reason tags and supplier links have no change stamp and are small: replaced whole."""
        with self._tx() as c:
            c.execute("DELETE FROM reason_tags")
            c.executemany("INSERT INTO reason_tags (id, code, segment_id, polarity, label_ru, "
                          "label_en, active) VALUES (:id, :code, :segment_id, :polarity, "
                          ":label_ru, :label_en, :active)",
                          [dict(t, active=int(bool(t["active"]))) for t in reason_tags])
            c.execute("DELETE FROM supplier_links")
            c.executemany("INSERT INTO supplier_links (id, client_department_id, "
                          "client_segment_id, supplier_department_id, supplier_employee_id) "
                          "VALUES (:id, :client_department_id, :client_segment_id, "
                          ":supplier_department_id, :supplier_employee_id)", supplier_links)
