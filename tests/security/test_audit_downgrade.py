"""The audit log downgraded without the site secret: every entry re-hashed in the old unkeyed
format and the anchor's key cleared. ``pulse audit verify`` reports it, names the entries
and writes nothing (issue 22). Both databases."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text

from shared import audit
from shared.cli import main as pulse
from shared.db import Database, open_database
from shared.db.models import AuditEntry
from tests.offline_support import SECRET


def _append(db: Database, n: int) -> None:
    with db.write() as s:
        for i in range(n):
            audit.record(s, actor="cli:ivanova", action="pin.set", details={"i": i})


def _downgrade(db: Database, *, drop_key_check: bool = False) -> None:
    """What a database login without the secret can do: plain SHA-256 over every entry
    (version 1, as before keyed hashing), the anchor moved to the new end and unkeyed."""
    with db.write() as s:
        prev = audit.GENESIS
        for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all():
            digest = audit._digest(prev, e.at, e.actor, e.action, e.details)
            s.execute(text("UPDATE audit_log SET prev_hash = :p, hash = :h, version = 1 "
                           "WHERE id = :id"), {"p": prev, "h": digest, "id": e.id})
            prev = digest
        s.execute(text("UPDATE audit_anchor SET last_hash = :h, mac = NULL, rebuilt_at = NULL"),
                  {"h": prev})
        if drop_key_check:
            s.execute(text("DELETE FROM site_key_check"))


def _state(db: Database) -> list[Any]:
    with db.read() as s:
        return [s.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all()
                for table in ("audit_log", "audit_anchor", "site_key_check", "alembic_version")]


def test_a_log_rehashed_unkeyed_is_tampering_and_verify_writes_nothing(
        db: Database, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _append(db, 4)
    assert pulse(["--db", db_url, "audit", "verify"]) == 0
    capsys.readouterr()
    _downgrade(db)
    before = _state(db)
    assert pulse(["--db", db_url, "audit", "verify"]) == 1
    out = capsys.readouterr().out.splitlines()
    # Where the damage is: the entries, as one range, and the anchor.
    assert "audit entries 1-4: unkeyed (version 1) entry in a keyed log: re-hashed without " \
           "the site secret" in out
    assert "audit log: the anchor is unkeyed although the log is keyed: it was replaced" in out
    assert out[-1] == "audit log: 5 problems in 4 entries"
    # Nothing sealed, upgraded or appended: the forged anchor stays unkeyed for the next look.
    assert _state(db) == before
    assert pulse(["--db", db_url, "audit", "verify"]) == 1


def test_deleting_the_key_check_row_too_is_still_tampering(
        db: Database, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _append(db, 3)
    _downgrade(db, drop_key_check=True)
    assert pulse(["--db", db_url, "audit", "verify"]) == 1
    assert "key-check row (where the log became keyed) is missing" in capsys.readouterr().out
    # An app starting on it (schema upgrade with the secret, then a new entry) does not
    # take the forged log for an old one: the row is not written over existing entries.
    keyed = open_database(db_url, upgrade=True, audit_key=SECRET)
    try:
        _append(keyed, 1)
    finally:
        keyed.dispose()
    assert pulse(["--db", db_url, "audit", "verify"]) == 1
    assert "key-check row (where the log became keyed) is missing" in capsys.readouterr().out


def test_rewriting_the_old_unkeyed_part_is_tampering(db: Database) -> None:
    """A log that was unkeyed before the upgrade: its old entries are re-hashable without
    the secret, but the key-check row holds the last one's hash under the secret."""
    _append(db, 2)
    with db.write() as s:  # as if the key-check row was written over 2 old entries
        s.execute(text("DELETE FROM site_key_check"))
    _downgrade(db)  # the honest old chain
    with db.write() as s:
        s.execute(text("UPDATE audit_anchor SET mac = NULL"))
        audit.establish_key_check(s, SECRET, audit.utcnow())
    with db.read() as s:
        assert audit.verify(s) == []
    with db.write() as s:  # edit the first old entry and re-hash both in the old format
        s.execute(text("UPDATE audit_log SET actor = 'someone' WHERE id = 1"))
    anchor_mac = _state(db)[1]
    _downgrade(db)
    with db.write() as s:  # keep the keyed anchor as it was: only the entries moved
        s.execute(text("UPDATE audit_anchor SET mac = :m"), {"m": anchor_mac[0][3]})
    with db.read() as s:
        problems = [(p.entry_id, p.problem) for p in audit.verify(s)]
    assert (2, "the unkeyed entries from before the log became keyed were re-hashed") \
        in problems


def test_verify_does_not_upgrade_an_older_schema(empty_db_url: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from shared.db.migrate import current_revision, upgrade

    db = open_database(empty_db_url)
    try:
        upgrade(db.engine, "0007_kiosk_instances")
        assert pulse(["--db", empty_db_url, "audit", "verify"]) == 1
        (line,) = capsys.readouterr().err.strip().splitlines()
        assert "run `pulse db upgrade` first" in line
        assert current_revision(db.engine) == "0007_kiosk_instances"
    finally:
        db.dispose()
