"""Schema: migrations equal the models on both databases, downgrade works, constraints hold,
network shares are refused, the audit chain detects edits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, text
from sqlalchemy.exc import IntegrityError

from shared import audit
from shared.db import Database, NetworkShareError, open_database
from shared.db.engine import check_not_network_share
from shared.db.migrate import current_revision, downgrade
from shared.db.models import Base, Department, Employee, Rating
from shared.ids import uuid7


def test_upgrade_from_empty_equals_models_and_downgrades(empty_db_url: str) -> None:
    db = open_database(empty_db_url, upgrade=True)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []
    assert current_revision(db.engine) is not None
    downgrade(db.engine, "base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    db.upgrade()
    assert "ratings" in inspect(db.engine).get_table_names()
    db.dispose()


def _two_people(db: Database) -> tuple[int, int, int]:
    with db.write() as s:
        dep = Department(name="Цех №1")
        s.add(dep)
        s.flush()
        a = Employee(personnel_no="1", full_name="А", department_id=dep.id)
        b = Employee(personnel_no="2", full_name="Б", department_id=dep.id)
        s.add_all([a, b])
        s.flush()
        return dep.id, a.id, b.id


def _rating(dep: int, rater: int, supplier: int, score: int, uid=None) -> dict:  # type: ignore[no-untyped-def]
    now = dt.datetime.now(dt.UTC)
    return dict(uuid=uid or uuid7(), rater_id=rater, supplier_id=supplier, rater_department_id=dep,
                supplier_department_id=dep, score=score, created_at=now, day=now.date(),
                received_at=now, status="ok")


@pytest.mark.parametrize("case", ["self", "score0", "score6", "duplicate_uuid", "unknown_fk"])
def test_constraints_reject(db: Database, case: str) -> None:
    dep, a, b = _two_people(db)
    uid = uuid7()
    with db.write() as s:
        s.execute(insert(Rating), [_rating(dep, a, b, 4, uid)])
    bad = {
        "self": _rating(dep, a, a, 4),
        "score0": _rating(dep, a, b, 0),
        "score6": _rating(dep, a, b, 6),
        "duplicate_uuid": _rating(dep, b, a, 3, uid),
        "unknown_fk": _rating(dep, a, 999999, 3),
    }[case]
    with pytest.raises(IntegrityError), db.write() as s:
        s.execute(insert(Rating), [bad])
    with db.read() as s:
        assert s.scalar(text("SELECT count(*) FROM ratings")) == 1


def test_sqlite_pragmas_on_every_connection(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'p.db'}", upgrade=True)
    for _ in range(2):
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        db.engine.dispose()
    db.dispose()


MOUNTS = """\
/dev/vda1 / ext4 rw 0 0
server:/export /mnt/nfs nfs4 rw 0 0
//fs/share /mnt/smb cifs rw 0 0
/dev/vdb /mnt/nfs/local ext4 rw 0 0
"""


@pytest.mark.parametrize(("path", "refused"), [
    ("/mnt/nfs/pulse.db", True),
    ("/mnt/smb/dir/pulse.db", True),
    ("/mnt/nfs/local/pulse.db", False),
    ("/home/user/pulse.db", False),
    ("\\\\fileserver\\share\\pulse.db", True),
    ("//fileserver/share/pulse.db", True),
])
def test_network_share_refused(tmp_path: Path, path: str, refused: bool) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(MOUNTS)
    if refused:
        with pytest.raises(NetworkShareError, match="network share"):
            check_not_network_share(path, str(mounts))
    else:
        check_not_network_share(path, str(mounts))


def test_open_database_refuses_share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(f"srv:/x {tmp_path} nfs rw 0 0\n")
    with pytest.raises(NetworkShareError):
        open_database(f"sqlite:///{tmp_path / 'p.db'}", mounts_file=str(mounts))
    assert not (tmp_path / "p.db").exists()


def test_audit_chain_detects_edit_and_delete(db: Database) -> None:
    with db.write() as s:
        for i in range(5):
            audit.record(s, actor="test", action="demo.step", details={"i": i, "name": "Ёж"})
    with db.read() as s:
        assert audit.verify(s) == []
    with db.write() as s:
        s.execute(text("UPDATE audit_log SET details = :d WHERE id = 3"),
                  {"d": '{"i": 99, "name": "Ёж"}'})
    with db.read() as s:
        problems = audit.verify(s)
    assert [p.entry_id for p in problems] == [3]
    with db.write() as s:
        s.execute(text("DELETE FROM audit_log WHERE id = 4"))
    with db.read() as s:
        ids = {p.entry_id for p in audit.verify(s)}
    assert {3, 5} <= ids
