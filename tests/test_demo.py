"""Demo data: deterministic for a seed, structured (disputes, rare suppliers, trends)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from shared.cli import main
from shared.config import Config
from shared.db import Database
from shared.db.models import (
    Dispute,
    DisputeEvent,
    Employee,
    KpiValue,
    PointsEntry,
    Rating,
    RatingReason,
    ReasonTag,
    Regulation,
    Segment,
)
from shared.db.models.disputes import DISPUTE_STATES
from shared.demo import DemoRefused, demo_badge, load_demo
from shared.domain.rollups import rebuild_rollups
from shared.ids import uuid7
from shared.security import badge_hmac, verify_pin

NOW = dt.datetime(2026, 3, 15, 9, 30, tzinfo=dt.UTC)
ROLLUPS = ("rollup_supplier_day", "rollup_rater_day", "rollup_pair_month",
           "rollup_dept_pair_day", "rollup_tag_day", "rollup_client_week", "rollup_rater_month")


def fingerprint(db: Database) -> str:
    """A hash of the ordered ratings, reasons and employees (backend-neutral values)."""
    digest = hashlib.sha256()
    with db.read() as s:
        for r in s.execute(select(Rating.id, Rating.uuid, Rating.rater_id, Rating.supplier_id,
                                  Rating.score, Rating.created_at, Rating.day, Rating.comment,
                                  Rating.kiosk_id).order_by(Rating.id)):
            digest.update(repr((r[0], str(r[1]), r[2], r[3], r[4], r[5].isoformat(),
                                r[6].isoformat(), r[7], r[8])).encode())
        for r in s.execute(select(RatingReason.rating_id, RatingReason.reason_tag_id)
                           .order_by(RatingReason.rating_id, RatingReason.reason_tag_id)):
            digest.update(repr(tuple(r)).encode())
        for e in s.execute(select(Employee.id, Employee.personnel_no, Employee.full_name,
                                  Employee.full_name_en, Employee.department_id,
                                  Employee.manager_id, Employee.segment_id, Employee.role,
                                  Employee.language, Employee.badge_hmac, Employee.active)
                           .order_by(Employee.id)):
            digest.update(repr(tuple(e)).encode())
    return digest.hexdigest()


def rollups(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.read() as s:
        return {t: sorted(tuple(str(v) for v in row) for row in
                           s.execute(text(f"SELECT * FROM {t}")).all()) for t in ROLLUPS}


def test_same_seed_same_data_other_seed_other_data(db: Database, config: Config) -> None:
    first = load_demo(db, config, employees=120, months=2, seed=5, now=NOW)
    assert first.ratings > 3000
    one = fingerprint(db)
    load_demo(db, config, employees=120, months=2, seed=5, now=NOW, force=True)
    assert fingerprint(db) == one
    load_demo(db, config, employees=120, months=2, seed=6, now=NOW, force=True)
    assert fingerprint(db) != one


def test_refuses_a_database_with_data(db: Database, config: Config) -> None:
    load_demo(db, config, employees=80, months=1, seed=1, now=NOW)
    before = fingerprint(db)
    with pytest.raises(DemoRefused):
        load_demo(db, config, employees=80, months=1, seed=2, now=NOW)
    assert fingerprint(db) == before


def test_structure(db: Database, config: Config) -> None:
    summary = load_demo(db, config, employees=300, months=4, seed=11, now=NOW)
    tz = config.tz
    cooldown = dt.timedelta(hours=config.rating.cooldown_hours)
    with db.read() as s:
        ratings = s.execute(select(Rating.rater_id, Rating.supplier_id, Rating.score,
                                   Rating.created_at, Rating.day, Rating.status)
                            .order_by(Rating.id)).all()
        assert len(ratings) == summary.ratings
        last: dict[tuple[int, int], dt.datetime] = {}
        clients: dict[int, set[int]] = defaultdict(set)
        previous = None
        for rater, supplier, score, created, day, status in ratings:
            assert rater != supplier
            assert 1 <= score <= 5 and status == "ok"
            assert created.astimezone(tz).date() == day
            assert created <= NOW
            assert previous is None or created >= previous  # ids follow time
            previous = created
            before = last.get((rater, supplier))
            assert before is None or created - before >= cooldown
            last[(rater, supplier)] = created
            clients[supplier].add(rater)
        assert any(1 <= len(c) < 5 for c in clients.values()), "no supplier below k"
        assert sum(len(c) >= 5 for c in clients.values()) > 50

        states = set(s.execute(select(Dispute.state)).scalars())
        assert states == set(DISPUTE_STATES)
        for dispute in s.execute(select(Dispute)).scalars():
            kinds = [e.kind for e in s.execute(select(DisputeEvent).where(
                DisputeEvent.dispute_id == dispute.id).order_by(DisputeEvent.at)).scalars()]
            points = {p.employee_id: p.delta for p in s.execute(select(PointsEntry).where(
                PointsEntry.dispute_id == dispute.id)).scalars()}
            assert kinds[0] == "opened"
            expected = {"open": None, "escalated": None, "accepted": (1, -1),
                        "expired": (1, -1), "initiator_right": (2, -2),
                        "respondent_right": (-2, 2), "both_right": (0, 0),
                        "both_wrong": (0, 0)}[dispute.state]
            if expected is None:
                assert points == {}
            else:
                assert points == {dispute.initiator_id: expected[0],
                                  dispute.respondent_id: expected[1]}
                assert dispute.resolved_at is not None and dispute.resolved_at <= NOW
            if dispute.state == "open":
                assert dispute.deadline_at > NOW
            if dispute.state in ("escalated", "initiator_right"):
                assert dispute.arbiter_id not in (dispute.initiator_id, dispute.respondent_id)
                assert "rejected" in kinds
        flagged = s.execute(select(func.count()).select_from(Regulation)
                            .where(Regulation.needs_revision)).scalar_one()
        assert flagged >= 1

        staff = s.execute(select(Employee)).scalars().all()
        secret = config.secret_bytes()
        assert all(e.badge_hmac == badge_hmac(secret, demo_badge(e.personnel_no)) for e in staff)
        assert demo_badge("00100") == "0000000100"
        bosses = [e for e in staff if e.role in ("manager", "admin")]
        assert {e.pin_hash for e in bosses} != {None}
        assert verify_pin("1234", bosses[0].pin_hash or "")
        assert all(e.pin_hash is None for e in staff if e.role == "worker")
        assert {e.language for e in staff} >= {"ru"}
        assert all(e.full_name_en and e.full_name_en.isascii() for e in staff
                   if e.language == "ru")
        assert sum(e.role == "admin" for e in staff) >= 2

        segments = s.execute(select(func.count()).select_from(Segment)).scalar_one()
        kpi_months = s.execute(select(func.count(func.distinct(KpiValue.month)))).scalar_one()
        assert segments >= 5 and kpi_months >= 4
        polarities = set(s.execute(select(ReasonTag.polarity).join(
            RatingReason, RatingReason.reason_tag_id == ReasonTag.id)).scalars())
        assert polarities == {"negative", "positive"}
        assert s.execute(select(func.count()).select_from(Rating)
                         .where(Rating.comment.is_not(None))).scalar_one() > 20

    # Some suppliers improve and some decline: first month vs last month, enough ratings.
    months: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for _, supplier, score, _, day, _ in ratings:
        months[supplier][day.strftime("%Y-%m")].append(score)
    changes = []
    for per_month in months.values():
        first, last_m = min(per_month), max(per_month)
        if len(per_month[first]) >= 8 and len(per_month[last_m]) >= 8:
            changes.append(sum(per_month[last_m]) / len(per_month[last_m])
                           - sum(per_month[first]) / len(per_month[first]))
    assert max(changes) > 0.4 and min(changes) < -0.4

    stored = rollups(db)
    with db.write() as session:
        rebuild_rollups(session)
    assert rollups(db) == stored


def test_cli(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "demo", "--employees", "70", "--months", "1"]) == 0
    out = capsys.readouterr()
    assert "70 employees" in out.out and "ratings" in out.err
    assert main(["--db", db_url, "demo", "--employees", "70", "--months", "1"]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["--db", db_url, "demo", "--employees", "10", "--force"]) == 1


def test_uuid7_with_a_seeded_source_is_reproducible() -> None:
    a = uuid7(1_700_000_000_000, random.Random(3))
    b = uuid7(1_700_000_000_000, random.Random(3))
    assert a == b and a.version == 7 and a.variant == "specified in RFC 4122"
    assert uuid7(1_700_000_000_001) > a


def test_packed_insert_stores_what_executemany_stores() -> None:
    import sqlite3

    import numpy as np

    from shared.demo.packed import PackedInserter, digits, fixed_text

    assert digits(np.array([0, 7, 1234])).tobytes() == b"000000071234"
    with pytest.raises(ValueError):
        digits(np.array([-1]))
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (a INTEGER, b CHAR(32), c TEXT, d TEXT, e TEXT)")
    ints = np.array([0, 5, 123456789012], dtype=np.int64)
    uuids = fixed_text(["0" * 32, "f" * 32, "0123456789abcdef" * 2], 32)
    packer = PackedInserter(con, 4, ["привет", None])
    packer.insert("t", ("a", "b", "c", "d", "e"),
                  [ints, uuids, "(SELECT v FROM temp.demo_text WHERE id = {2})", "'ok'", "{1}",
                   np.array([0, 1, 0])])
    with pytest.raises(ValueError):
        packer.insert("t", ("a",), [np.arange(5)])
    packer.close()
    got = con.execute("SELECT a, typeof(a), b, typeof(b), c, d, e FROM t ORDER BY rowid").fetchall()
    assert got == [(0, "integer", "0" * 32, "text", "привет", "ok", "0" * 32),
                   (5, "integer", "f" * 32, "text", None, "ok", "f" * 32),
                   (123456789012, "integer", "0123456789abcdef" * 2, "text", "привет", "ok",
                    "0123456789abcdef" * 2)]


# --- crash safety (issue 22, point 6) -------------------------------------------------------

def _failing_disputes(*args: object, **kwargs: object) -> None:
    raise RuntimeError("killed while building disputes")


def test_a_demo_that_fails_midway_leaves_the_old_database(db_url: str, config: Config,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """After the people and every rating are written, the build fails: the database keeps
    the earlier demo exactly (SQLite: the file beside it is dropped; PostgreSQL: the one
    transaction, TRUNCATE included, rolls back)."""
    from shared.db import open_database
    from shared.demo.atomic import build_path, load_demo_atomically
    config.database.url = db_url
    load_demo_atomically(db_url, config, employees=70, months=1, seed=1, now=NOW)
    db = open_database(db_url)
    try:
        before = fingerprint(db)
    finally:
        db.dispose()
    monkeypatch.setattr("shared.demo.build_disputes", _failing_disputes)
    with pytest.raises(RuntimeError, match="killed while building disputes"):
        load_demo_atomically(db_url, config, employees=90, months=1, seed=2, now=NOW,
                             force=True)
    db = open_database(db_url)
    try:
        assert fingerprint(db) == before
    finally:
        db.dispose()
    if db_url.startswith("sqlite"):
        target = Path(db_url.removeprefix("sqlite:///"))
        assert not list(target.parent.glob(f"{build_path(target).name}*"))


def test_the_sqlite_demo_is_renamed_into_place(tmp_path: Path, config: Config) -> None:
    from shared.demo.atomic import build_path, load_demo_atomically
    target = tmp_path / "plant.db"
    url = f"sqlite:///{target}"
    leftover = build_path(target)
    leftover.write_bytes(b"half a demo from a killed run")
    summary = load_demo_atomically(url, config, employees=70, months=1, seed=3, now=NOW)
    assert summary.employees == 70
    assert target.exists() and not leftover.exists()
    assert not Path(f"{target}-wal").exists()  # self-contained: no log beside it to lose
    assert main(["--db", url, "status"]) == 0


def test_a_sqlite_demo_refuses_a_database_in_use(tmp_path: Path, config: Config) -> None:
    """A wallboard holding the old file open would keep writing its log beside the new one:
    refused, the old database untouched, nothing left beside it."""
    import sqlite3

    from shared.demo.atomic import build_path, load_demo_atomically
    target = tmp_path / "plant.db"
    url = f"sqlite:///{target}"
    load_demo_atomically(url, config, employees=70, months=1, seed=3, now=NOW)
    before = _sqlite_fingerprint(target)
    wallboard = sqlite3.connect(target)
    try:
        wallboard.execute("PRAGMA journal_mode = WAL")
        wallboard.execute("SELECT count(*) FROM ratings").fetchall()
        with pytest.raises(DemoRefused, match="is in use"):
            load_demo_atomically(url, config, employees=70, months=1, seed=4, now=NOW,
                                 force=True)
    finally:
        wallboard.close()
    assert _sqlite_fingerprint(target) == before
    assert not build_path(target).exists()


def _pulse(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "shared.cli", *args], text=True,
                            cwd=Path(__file__).resolve().parents[1], **kwargs)


def _sqlite_fingerprint(path: Path) -> str:
    from shared.db import open_database
    db = open_database(f"sqlite:///{path}")
    try:
        return fingerprint(db)
    finally:
        db.dispose()


def _kill_demo_after(target: Path, marker: str, *, employees: int = 300) -> int:
    """Start ``pulse demo --force`` on ``target`` and kill -9 it once it prints ``marker``;
    its exit status (-9, or 0 if it finished first)."""
    proc = _pulse("--db", f"sqlite:///{target}", "demo", "--employees", str(employees),
                  "--months", "1", "--seed", "9", "--force",
                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    try:
        for line in proc.stderr:
            if marker in line:
                break
        proc.send_signal(signal.SIGKILL)
    finally:
        code = proc.wait(timeout=60)
        proc.stderr.close()
    return code


def _status(target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "shared.cli", "--db", f"sqlite:///{target}",
                           "status"], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1])


def test_kill_9_during_pulse_demo_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "pulse.db"
    # A first run killed: no database at all (not a half-built one).
    assert _kill_demo_after(target, "generating ratings") == -signal.SIGKILL
    assert not target.exists()
    done = _pulse("--db", f"sqlite:///{target}", "demo", "--employees", "70", "--months", "1",
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert done.wait(timeout=300) == 0
    good = _sqlite_fingerprint(target)
    # Killed after the people and ratings are in the new file, before its indexes.
    assert _kill_demo_after(target, "indexing ratings") == -signal.SIGKILL
    assert _sqlite_fingerprint(target) == good
    status = _status(target)
    assert status.returncode == 0 and "integrity: ok" in status.stdout, status.stdout


def test_pulse_status_exits_1_on_a_damaged_file(tmp_path: Path) -> None:
    target = tmp_path / "pulse.db"
    assert _pulse("--db", f"sqlite:///{target}", "demo", "--employees", "70", "--months", "1",
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).wait(timeout=300) == 0
    size = target.stat().st_size
    with target.open("r+b") as f:  # scribble over pages in the middle (tables and indexes)
        f.seek(size // 3)
        f.write(bytes(range(256)) * (size // 3 // 256))
    status = _status(target)
    assert status.returncode == 1
    assert "DAMAGED" in status.stdout and "Traceback" not in status.stderr
    target.write_bytes(b"this is not a database at all" * 200)
    status = _status(target)
    assert status.returncode == 1 and "DAMAGED" in status.stdout, status.stdout


@pytest.mark.slow
@pytest.mark.parametrize("marker", ["generating ratings", "indexing ratings", "rollups"])
def test_kill_9_at_every_stage_of_pulse_demo(tmp_path: Path, marker: str) -> None:
    target = tmp_path / "pulse.db"
    assert _pulse("--db", f"sqlite:///{target}", "demo", "--employees", "70", "--months", "1",
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).wait(timeout=300) == 0
    good = _sqlite_fingerprint(target)
    for _ in range(3):
        if _kill_demo_after(target, marker, employees=600) == 0:
            good = _sqlite_fingerprint(target)  # it finished first: the new demo, whole
        assert _sqlite_fingerprint(target) == good
        assert _status(target).returncode == 0


def test_kill_9_during_pulse_demo_on_postgresql_leaves_the_old_data(fresh_pg_url: str) -> None:
    """The client killed mid-build: the server rolls the one transaction back, the wipe
    (TRUNCATE) with it."""
    from shared.db import open_database

    def pg_fingerprint() -> str:
        db = open_database(fresh_pg_url)
        try:
            return fingerprint(db)
        finally:
            db.dispose()

    assert _pulse("--db", fresh_pg_url, "demo", "--employees", "70", "--months", "1",
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).wait(timeout=300) == 0
    good = pg_fingerprint()
    proc = _pulse("--db", fresh_pg_url, "demo", "--employees", "300", "--months", "1",
                  "--seed", "9", "--force", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    for line in proc.stderr:
        if "indexing ratings" in line:
            break
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL
    proc.stderr.close()
    assert pg_fingerprint() == good


@pytest.mark.parametrize("now", [dt.datetime(2026, 11, 25, 11, 0, tzinfo=dt.UTC),
                                 dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)])
def test_the_demo_map_tells_its_story(tmp_path: Path, config: Config, now: dt.datetime) -> None:
    """Issue 13, point 5, on the map of the last whole month (what the wallboard showed the
    month long), and of this month so far when most of it has passed (in its first week
    a small department's figure is a block or two: noise): most initiatives improving, one
    stalling (the office's HR answers), one supplier department holding its segment back (the
    stores,
    rated lowest by production and not rising); and a year of KPIs gives `pulse impact`
    figures in roubles."""
    from shared.db import open_database
    from shared.demo.catalog import STORY_HOLDING_BACK, STORY_STALLING
    from shared.domain.initiative_impact import initiative_impact
    from shared.domain.initiative_map import live_map
    db = open_database(f"sqlite:///{tmp_path / 'demo.db'}", upgrade=True)
    load_demo(db, config, employees=600, months=12, now=now)
    names = {"office": "Офис", "prod": "Производство", "hr": "Отдел кадров",
             "store": "Склад ТМЦ"}
    this_month = now.strftime("%Y-%m")
    last_month = (now.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    with db.read() as s:
        impact = initiative_impact(s, config, this_month)
        maps = [live_map(s, config, m) for m in (last_month, this_month)[:1 + (now.day > 20)]]
    db.dispose()
    for live in maps:
        assert live is not None
        changes: dict[tuple[str, str | None], list[float]] = defaultdict(list)
        level: dict[tuple[str, str | None], float] = {}
        for seg in live.segments:
            for i in seg.initiatives:
                if i.now.mean is not None and i.last.mean is not None:
                    changes[(seg.name, i.supplier_department)].append(i.now.mean - i.last.mean)
                    level[(seg.name, i.supplier_department)] = i.now.mean
        rising = [key for key, deltas in changes.items() if min(deltas) > 0]
        assert len(rising) >= 0.6 * len(changes), (live.month, changes)
        stalling = (names[STORY_STALLING[0]], names[STORY_STALLING[1]])
        assert abs(changes[stalling][0]) < 0.25, (live.month, changes[stalling])
        segment, held = names[STORY_HOLDING_BACK[0]], names[STORY_HOLDING_BACK[1]]
        assert changes[(segment, held)][0] < 0.15, (live.month, changes[(segment, held)])
        assert level[(segment, held)] == min(v for (s, _d), v in level.items() if s == segment)
    assert impact.company_measurable and impact.roubles_year is not None
    assert len(impact.strongest(3)) == 3
    assert all(i.roubles_year is not None and i.roubles_year > 0 for i in impact.strongest(3))
