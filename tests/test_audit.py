"""The audit log: keyed hash chain, the anchor that shows deleted last entries, ``--expect``,
old (unkeyed) chains still verifying after the upgrade, and the CLI's actor (both databases)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from shared import audit
from shared.cli import cli_actor, main
from shared.db import Database, open_database
from shared.db.migrate import upgrade
from shared.db.models import AuditAnchor, AuditEntry

KEY = b"test-secret-of-the-plant-0123456789"  # PULSE_SECRET in tests/conftest.py
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _append(db: Database, n: int, start: int = 0) -> None:
    with db.write() as s:
        for i in range(start, start + n):
            audit.record(s, actor="test", action="demo.step", details={"i": i, "name": "Ёж"})


def _problems(db: Database, **kwargs: object) -> list[str]:
    with db.read() as s:
        return [f"{p.entry_id}: {p.problem}" for p in audit.verify(s, **kwargs)]  # type: ignore[arg-type]


def _sql(db: Database, statement: str, **params: object) -> None:
    with db.write() as s:
        s.execute(text(statement), params)


def _rehash_without_secret(db: Database, start_id: int) -> None:
    """What someone with write access but no site secret can do: plain SHA-256 from an
    edited entry onwards, relinking every later entry, and the anchor's count/hash too."""
    with db.write() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        prev = audit.GENESIS
        for e in entries:
            if e.id >= start_id:
                digest = audit._digest(prev, e.at, e.actor, e.action, e.details)
                s.execute(text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :id"),
                          {"p": prev, "h": digest, "id": e.id})
                prev = digest
            else:
                prev = e.hash
        s.execute(text("UPDATE audit_anchor SET last_hash = :h"), {"h": prev})


def test_keyed_chain_and_edit_in_the_middle(db: Database) -> None:
    _append(db, 5)
    assert _problems(db) == []
    with db.read() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        anchor = s.get(AuditAnchor, 1)
        assert {e.version for e in entries} == {audit.KEYED}
        # Keyed: the plain SHA-256 of the content is not the stored hash.
        assert entries[0].hash != audit._digest(audit.GENESIS, entries[0].at, "test",
                                                "demo.step", entries[0].details)
        assert anchor is not None and (anchor.entries, anchor.last_hash) == (5, entries[-1].hash)
    _sql(db, "UPDATE audit_log SET details = :d WHERE id = 3", d='{"i": 99, "name": "Ёж"}')
    assert [p.split(":")[0] for p in _problems(db)] == ["3"]
    # With another secret nothing verifies (and the message says so).
    assert any("another site secret" in p for p in _problems(db, key=b"other"))


def test_deleting_the_last_entry_is_detected(db: Database) -> None:
    _append(db, 4)
    _sql(db, "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)")
    problems = _problems(db)
    assert len(problems) == 1 and "the last 1 entry deleted" in problems[0]
    # Entries appended afterwards do not hide it: the anchor's count goes on from its own.
    _append(db, 2, start=10)
    assert any("has 5 entries, its anchor says 6" in p for p in _problems(db))


def test_deleting_the_last_entry_and_the_anchor_is_detected(db: Database) -> None:
    _append(db, 4)
    _sql(db, "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)")
    _sql(db, "DELETE FROM audit_anchor")
    assert any("anchor (the chain's recorded end) is missing" in p for p in _problems(db))
    # The next append re-creates the anchor, marked: the gap stays visible.
    _append(db, 1, start=10)
    assert any("was rebuilt" in p for p in _problems(db))


def test_forging_the_anchor_without_the_secret_is_detected(db: Database) -> None:
    _append(db, 4)
    with db.read() as s:
        third = s.scalar(select(AuditEntry.hash).where(AuditEntry.id == 3))
    _sql(db, "DELETE FROM audit_log WHERE id = 4")
    # Point the anchor at the new end: its keyed hash no longer matches.
    _sql(db, "UPDATE audit_anchor SET entries = 3, last_hash = :h", h=third)
    assert any("anchor does not match its keyed hash" in p for p in _problems(db))
    # Or make it look like one the upgrade left unkeyed: the keyed log gives that away.
    _sql(db, "UPDATE audit_anchor SET mac = NULL")
    assert any("anchor is unkeyed although the log is keyed" in p for p in _problems(db))


def test_rehashing_without_the_secret_is_detected(db: Database) -> None:
    _append(db, 5)
    _sql(db, "UPDATE audit_log SET details = :d WHERE id = 2", d='{"i": 42, "name": "Ёж"}')
    _rehash_without_secret(db, 2)
    problems = _problems(db)
    assert any(p.startswith("2: content does not match its keyed hash") for p in problems)
    # ... also when the entries are relabelled as old unkeyed ones.
    _sql(db, "UPDATE audit_log SET version = 1 WHERE id >= 2")
    problems = _problems(db)
    assert any(p.startswith("2: unkeyed (version 1) entry after keyed ones") for p in problems)
    assert any("anchor does not match" in p for p in problems)


def test_expect_catches_what_the_database_alone_cannot(db: Database) -> None:
    _append(db, 3)
    with db.read() as s:
        head3 = audit.head(s)
        saved = s.execute(text("SELECT entries, last_hash, mac FROM audit_anchor")).one()
    assert str(head3) == f"3:{head3.last_hash}" and audit.parse_head(str(head3)) == head3
    _append(db, 2, start=3)
    with db.read() as s:
        head5 = audit.head(s)
    # An old copy of the anchor put back after deleting the entries since: undetectable
    # inside the database (documented), caught by a head kept outside it.
    _sql(db, "DELETE FROM audit_log WHERE id > 3")
    _sql(db, "UPDATE audit_anchor SET entries = :e, last_hash = :h, mac = :m",
         e=saved.entries, h=saved.last_hash, m=saved.mac)
    assert _problems(db) == []
    assert _problems(db, expect=head3) == []
    assert any("5 were recorded earlier" in p for p in _problems(db, expect=head5))
    # Everything emptied (log and anchor): only the outside head shows it.
    _sql(db, "DELETE FROM audit_log")
    _sql(db, "DELETE FROM audit_anchor")
    assert _problems(db) == []
    assert any("3 were recorded earlier" in p for p in _problems(db, expect=head3))
    with pytest.raises(ValueError):
        audit.parse_head("12:nothex")


def test_record_many_is_the_same_chain_and_moves_the_anchor(db: Database) -> None:
    _append(db, 1)
    with db.write() as s:
        assert audit.record_many(s, [audit.NewEntry("job", "dispute.expired", {"i": i}, T0)
                                     for i in range(300)]) == 300
        audit.record(s, actor="test", action="after", details={})
    assert _problems(db) == []
    with db.read() as s:
        anchor = s.get(AuditAnchor, 1)
        assert anchor is not None and anchor.entries == 302
    _sql(db, "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)")
    assert any("the last 1 entry deleted" in p for p in _problems(db))


def _legacy_digest(prev: str, at: dt.datetime, actor: str, action: str, details: dict) -> str:  # type: ignore[type-arg]
    body = json.dumps({"prev": prev, "at": at.isoformat(timespec="microseconds"),
                       "actor": actor, "action": action, "details": details},
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def test_an_old_chain_verifies_after_the_upgrade_and_continues_keyed(empty_db_url: str) -> None:
    db = open_database(empty_db_url, audit_key=KEY)
    upgrade(db.engine, "0004_client_week_rollups")
    prev = audit.GENESIS
    with db.engine.begin() as conn:  # written by the previous version: plain SHA-256
        for i in range(3):
            at = T0 + dt.timedelta(minutes=i)
            details = {"i": i}
            digest = _legacy_digest(prev, at, "cli", "pin.set", details)
            conn.execute(text("INSERT INTO audit_log (at, actor, action, details, prev_hash, "
                              "hash) VALUES (:at, 'cli', 'pin.set', :d, :p, :h)"),
                         {"at": at if db.dialect == "postgresql" else at.replace(tzinfo=None),
                          "d": json.dumps(details), "p": prev, "h": digest})
            prev = digest
    db.upgrade()  # with the site secret: the anchor over the old entries is keyed at once
    try:
        assert _problems(db) == []
        with db.read() as s:
            anchor = s.get(AuditAnchor, 1)
            assert anchor is not None and anchor.entries == 3 and anchor.mac is not None
        _append(db, 1)
        assert _problems(db) == []
        with db.read() as s:
            versions = list(s.scalars(select(AuditEntry.version).order_by(AuditEntry.id)))
            anchor = s.get(AuditAnchor, 1)
            assert versions == [1, 1, 1, 2] and anchor is not None and anchor.entries == 4
            assert anchor.mac == hmac.new(KEY, f"audit-anchor\n4\n{anchor.last_hash}\n"
                                          .encode(), hashlib.sha256).hexdigest()
        # An old entry edited is still caught by its plain hash.
        _sql(db, "UPDATE audit_log SET actor = 'someone' WHERE id = 2")
        assert [p.split(":")[0] for p in _problems(db)] == ["2"]
    finally:
        db.dispose()


def test_cli_head_verify_expect_and_actor(db: Database, db_url: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "ivanova")
    monkeypatch.setenv("USER", "ivanova")
    assert cli_actor() == "cli:ivanova"
    regulations = tmp_path / "regulations.csv"
    regulations.write_text("code,title\nR-1,Порядок\n", encoding="utf-8")
    assert main(["--db", db_url, "import", "regulations", str(regulations)]) == 0
    capsys.readouterr()
    with db.read() as s:
        assert s.scalars(select(AuditEntry.actor)).all() == ["cli:ivanova"]
    assert main(["--db", db_url, "audit", "head"]) == 0
    head = capsys.readouterr().out.strip()
    assert head.startswith("1:") and len(head) == 66
    _append(db, 1)
    assert main(["--db", db_url, "audit", "verify", "--expect", head]) == 0
    assert f"2 entries, chain intact, matches {head}" in capsys.readouterr().out
    _sql(db, "DELETE FROM audit_log WHERE id = 2")
    assert main(["--db", db_url, "audit", "verify", "--expect", head]) == 1
    out = capsys.readouterr().out
    assert "the last 1 entry deleted" in out and "1 problem in 1 entry" in out
    assert main(["--db", db_url, "audit", "verify", "--expect", "x"]) == 1
    assert "--expect" in capsys.readouterr().err
    # The jobs run prints the head, for the system journal.
    assert main(["--db", db_url, "jobs", "run", "--only", "audit_head"]) == 0
    assert "audit_head: ok head=1:" in capsys.readouterr().out


def test_cli_actor_without_a_user_name(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    def no_user() -> str:
        raise OSError("no user")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert cli_actor() == "cli:?"


def test_an_anchor_upgraded_without_the_secret_is_keyed_by_the_first_entry(
        empty_db_url: str) -> None:
    db = open_database(empty_db_url)  # no key given: no sealing at the upgrade
    db.upgrade()
    try:
        with db.read() as s:
            anchor = s.get(AuditAnchor, 1)
            assert anchor is not None and (anchor.entries, anchor.mac) == (0, None)
        assert _problems(db) == []
        _append(db, 2)
        with db.read() as s:
            anchor = s.get(AuditAnchor, 1)
            assert anchor is not None and anchor.entries == 2 and anchor.mac is not None
            assert anchor.rebuilt_at is None
        assert _problems(db) == []
    finally:
        db.dispose()


def test_no_downgrade_below_the_keyed_chain_once_it_has_keyed_entries(
        empty_db_url: str) -> None:
    """Dropping audit_log.version would make every keyed entry read as edited for good (the
    older code checks plain SHA-256; an upgrade marks them version 1 again): refused."""
    from shared.db.migrate import current_revision, downgrade

    db = open_database(empty_db_url, upgrade=True, audit_key=KEY)
    try:
        downgrade(db.engine, "0005_default_reason_tags")  # nothing keyed yet: allowed
        db.upgrade()
        _append(db, 2)
        with pytest.raises(Exception, match="2 audit entries are keyed"):
            downgrade(db.engine, "0005_default_reason_tags")
        assert current_revision(db.engine) != "0005_default_reason_tags"
        assert _problems(db) == []
    finally:
        db.dispose()
