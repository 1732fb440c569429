"""The job runner: every job in order, each in its own transaction, a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from sqlalchemy import func, select, text

from shared.cli import main
from shared.cli.cmd_jobs import job_names
from shared.config import Config
from shared.db import Database
from shared.db.models import Department, Nudge, SupplierAlert
from shared.jobs import JOBS, run_jobs
from tests.engage_factory import department, person, rate, set_head, utc

TABLES = ["nudges", "supplier_alerts", "points_ledger", "proposals", "supplier_tiers",
          "monthly_runs"]


def _snapshot(db: Database) -> dict[str, list[tuple[str, ...]]]:
    with db.read() as s:
        return {t: sorted(tuple(str(v) for v in row)
                          for row in s.execute(text(f"SELECT * FROM {t}"))) for t in TABLES}


def _people_with_bad_day(db: Database) -> None:
    with db.write() as s:
        svc = department(s, "Склад ТМЦ")
        cli = department(s, "Цех №2")
        head = person(s, "H", svc, role="manager")
        set_head(s, svc, head)
        supplier = person(s, "S", svc, manager_id=head)
        for i in range(6):
            client = person(s, f"C{i}", cli)
            rate(s, client, supplier, 1 if i < 4 else 5, utc(2026, 3, 2, 8, i))


def test_jobs_run_twice_second_run_changes_nothing(db: Database, db_url: str,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import shared.jobs
    monkeypatch.setattr(shared.jobs, "NUDGE_WRITE_CHUNK", 3)  # several write batches
    _people_with_bad_day(db)
    assert main(["--db", db_url, "jobs", "run", "--now", "2026-03-02T12:00"]) == 0
    first = capsys.readouterr().out
    assert "supplier_alerts: ok opened=1 closed=0" in first
    # 2026-03-02 is a Monday: the head and the supplier rated nobody this week yet.
    assert "nudges: ok rating_dropping=0 client_overtook=0 rate_reminder=2" in first
    assert len(first.strip().splitlines()) == len(job_names())
    assert "monthly_report: ok month=2026-02" in first  # the first run of March
    after_first = _snapshot(db)
    assert after_first["supplier_alerts"] and after_first["nudges"]
    assert main(["--db", db_url, "jobs", "run", "--now", "2026-03-02T12:00"]) == 0
    second = capsys.readouterr().out
    assert "supplier_alerts: ok opened=0 closed=0" in second
    assert "nudges: ok rating_dropping=0 client_overtook=0 rate_reminder=0" in second
    assert _snapshot(db) == after_first


def test_now_without_zone_is_plant_local(db: Database, db_url: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _people_with_bad_day(db)
    # 08:03 UTC is 11:03 in Moscow: the ratings at 08:00-08:05 UTC are partly in the future.
    assert main(["--db", db_url, "jobs", "run", "--only", "supplier_alerts",
                 "--now", "2026-03-02T11:02:30"]) == 0
    assert "opened=0" in capsys.readouterr().out
    assert main(["--db", db_url, "jobs", "run", "--only", "supplier_alerts",
                 "--now", "2026-03-02T08:04:00Z"]) == 0
    assert "opened=1" in capsys.readouterr().out


def test_bad_arguments_are_one_line_errors(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "jobs", "run", "--now", "yesterday"]) == 1
    assert "not an ISO date-time" in capsys.readouterr().err
    assert main(["--db", db_url, "jobs", "run", "--only", "nope"]) == 1
    assert "unknown job 'nope'" in capsys.readouterr().err
    assert main(["--db", db_url, "jobs", "list"]) == 0
    assert capsys.readouterr().out.split() == job_names()
    assert [n for n in job_names() if n != "monthly_report"] == [name for name, _ in JOBS]


def test_a_failing_job_is_rolled_back_and_the_next_still_runs(
        db: Database, config: Config, caplog: pytest.LogCaptureFixture) -> None:
    def broken(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
        with db.write() as s:
            s.add(Department(name="half-done"))
            s.flush()
            raise RuntimeError("disk on fire")

    def counting(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
        with db.read() as s:
            return {"departments": s.scalar(select(func.count()).select_from(Department))}

    caplog.set_level(logging.INFO, logger="shared.jobs")
    results = run_jobs(db, config, now=utc(2026, 3, 2),
                       jobs=[("broken", broken), ("counting", counting)])
    assert [r.ok for r in results] == [False, True]
    assert results[0].line().startswith("broken: FAILED disk on fire")
    assert results[1].summary == {"departments": 0}
    assert "job broken failed" in caplog.text
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(SupplierAlert)) == 0
        assert s.scalar(select(func.count()).select_from(Nudge)) == 0


def test_two_runners_at_once_store_everything_once(db: Database, config: Config) -> None:
    import threading
    _people_with_bad_day(db)
    now = utc(2026, 3, 2, 9)
    barrier = threading.Barrier(2)
    results: list[list[bool]] = []

    def runner() -> None:
        barrier.wait()
        results.append([r.ok for r in run_jobs(db, config, now=now)])

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert results == [[True] * len(JOBS)] * 2
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(SupplierAlert)) == 1
        kinds = dict(s.execute(select(Nudge.kind, func.count()).group_by(Nudge.kind)).all())
    # The head of the stores gets February's summary of their department (once).
    assert kinds == {"supplier_alert": 1, "rate_reminder": 2, "department_summary": 1}
