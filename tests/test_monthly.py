"""The monthly work of ``pulse jobs run`` (issue 14): the closed month's tiers stored for the
kiosk and the web page, the most improved suppliers' points, the closed month's report, each
once per month, on a fixed clock (both databases)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.cli import main as pulse
from shared.cli.cmd_jobs import all_jobs, job_names
from shared.config import Config, TierConfig
from shared.db import Database
from shared.db.models import PointsEntry
from shared.domain.monthly import closed_month
from shared.domain.tiers import (
    monthly_tiers,
    store_tiers,
    stored_supplier_tier,
    stored_tiers,
    tiers_stored_at,
)
from shared.jobs import run_jobs
from tests.domain_data import at, department, people, rate

# 1 April 2026, 03:00 UTC = 06:00 in Moscow: the first run of April; March is closed.
FIRST_RUN = dt.datetime(2026, 4, 1, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def plant(db: Database, config: Config) -> dict[str, int]:
    """Suppliers A, B, D rated by the same three clients in February and March (k = 3, no
    leniency correction, so the means are the plain ones): A 3 -> 5, B 3 -> 4, D 4 -> 3."""
    config.site.k_anonymity = 3
    config.site.default_language = "en"
    config.fairness.correct_leniency = False
    # The index pulls each mean towards the settled prior (about 3.3 here): A 3.72, B 3.49,
    # D 3.26 (tests/test_metrics.py checks the index by hand).
    config.tiers = [TierConfig("gold", 3.7, 3, "парковка", "a parking place"),
                    TierConfig("silver", 3.4, 3, "приоритет", "priority")]
    with db.write() as s:
        x, y = department(s, "X"), department(s, "Y")
        a, b, d = people(s, x, ["A", "B", "D"])
        clients = people(s, y, ["C0", "C1", "C2"])
        for c in clients:
            for sup, feb, mar in ((a, 3, 5), (b, 3, 4), (d, 4, 3)):
                rate(s, config, c, sup, feb, at(10, month=2))
                rate(s, config, c, sup, mar, at(10, month=3))
        return {"A": a.id, "B": b.id, "D": d.id, "C0": clients[0].id}


def test_the_closed_month_is_the_plant_local_one_before() -> None:
    from zoneinfo import ZoneInfo
    tz = ZoneInfo("Europe/Moscow")
    assert closed_month(FIRST_RUN, tz) == "2026-03"
    # 31 March 22:00 UTC is already 1 April in Moscow.
    assert closed_month(dt.datetime(2026, 3, 31, 22, 0, tzinfo=dt.UTC), tz) == "2026-03"
    assert closed_month(dt.datetime(2026, 3, 31, 20, 0, tzinfo=dt.UTC), tz) == "2026-02"
    assert closed_month(dt.datetime(2026, 1, 5, tzinfo=dt.UTC), tz) == "2025-12"


def test_the_job_stores_the_closed_months_tiers_once(db: Database, config: Config,
                                                     plant: dict[str, int]) -> None:
    with db.read() as s:
        expected = [(t.employee_id, t.tier, t.index) for t in monthly_tiers(s, config,
                                                                             "2026-03")]
        assert stored_tiers(s, "2026-03") == [] and tiers_stored_at(s, "2026-03") is None
        assert stored_supplier_tier(s, config, plant["B"], "2026-03") is None
    assert [(sid, tier) for sid, tier, _i in expected] == [(plant["A"], "gold"),
                                                            (plant["B"], "silver")]
    [job] = run_jobs(db, config, now=FIRST_RUN, only=["monthly_tiers"])
    assert job.ok and job.summary == {"month": "2026-03", "stored": len(expected)}
    with db.read() as s:
        stored = stored_tiers(s, "2026-03")
        assert [(t.employee_id, t.tier, t.index) for t in stored] == expected
        assert tiers_stored_at(s, "2026-03") == FIRST_RUN
        own = stored_supplier_tier(s, config, plant["B"], "2026-03")
        assert own is not None
        assert (own.month, own.tier, own.perks_ru, own.perks_en) == \
            ("2026-03", "silver", "приоритет", "priority")
        assert stored_supplier_tier(s, config, plant["D"], "2026-03") is None
    # Once: the next runs of April change nothing.
    [again] = run_jobs(db, config, now=FIRST_RUN + dt.timedelta(hours=1),
                       only=["monthly_tiers"])
    assert again.ok and again.summary == {}
    with db.read() as s:
        assert tiers_stored_at(s, "2026-03") == FIRST_RUN


def test_a_store_made_during_the_month_is_done_again_once_it_ends(
        db: Database, config: Config, plant: dict[str, int]) -> None:
    with db.write() as s:  # `pulse export tiers` in mid-March: provisional
        store_tiers(s, config, "2026-03", now=at(20))
    with db.write() as s:  # a later March rating: D is rated 5 by a fourth client
        [c3] = people(s, department(s, "Z"), ["C3"])
        rate(s, config, c3, s.get_one(type(c3), plant["D"]), 5, at(25))
    [job] = run_jobs(db, config, now=FIRST_RUN, only=["monthly_tiers"])
    assert job.ok and job.summary["month"] == "2026-03"
    with db.read() as s:
        assert [(t.employee_id, t.tier) for t in stored_tiers(s, "2026-03")] == \
            [(t.employee_id, t.tier) for t in monthly_tiers(s, config, "2026-03")]
        assert tiers_stored_at(s, "2026-03") == FIRST_RUN


PLANT_TOML = """
[site]
k_anonymity = 3
[fairness]
correct_leniency = false
[[tiers]]
name = "gold"
min_index = 3.7
min_clients = 3
[[tiers]]
name = "silver"
min_index = 3.4
min_clients = 3
"""


def test_the_export_writes_the_stored_tiers(db: Database, db_url: str, config: Config,
                                            plant: dict[str, int], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plant.toml").write_text(PLANT_TOML, encoding="utf-8")
    monkeypatch.setenv("PULSE_CONFIG", str(tmp_path / "plant.toml"))
    out = tmp_path / "tiers.csv"
    assert pulse(["--db", db_url, "export", "tiers", "--month", "2026-03", "-o",
                  str(out)]) == 0
    with out.open(encoding="utf-8-sig") as f:
        exported = [(r["personnel_no"], r["tier"]) for r in csv.DictReader(f)]
    with db.read() as s:
        assert exported == [(t.personnel_no, t.tier) for t in stored_tiers(s, "2026-03")] \
            == [("A", "gold"), ("B", "silver")]
        assert tiers_stored_at(s, "2026-03") is not None


def _ledger(db: Database) -> list[tuple[int, str, int, str, str]]:
    with db.read() as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(PointsEntry.employee_id, PointsEntry.month, PointsEntry.delta,
                   PointsEntry.cause, PointsEntry.dedup_key).order_by(PointsEntry.id))]


def test_the_most_improved_earn_their_points_once(db: Database, config: Config,
                                                  plant: dict[str, int]) -> None:
    # Off by default: nothing credited.
    [off] = run_jobs(db, config, now=FIRST_RUN, only=["improved_points"])
    assert off.ok and off.summary == {} and _ledger(db) == []
    # Two points to the best two: A (+2.0) and B (+1.0); D fell.
    config.programme.improved_points, config.programme.improved_suppliers = 2, 2
    [job] = run_jobs(db, config, now=FIRST_RUN, only=["improved_points"])
    assert job.ok and job.summary == {"month": "2026-03", "credited": 2}
    assert sorted(_ledger(db)) == sorted([
        (plant["A"], "2026-03", 2, "most_improved", f"most_improved:2026-03:{plant['A']}"),
        (plant["B"], "2026-03", 2, "most_improved", f"most_improved:2026-03:{plant['B']}")])
    # Once per month, however often the job runs (and even with the count raised).
    config.programme.improved_suppliers = 3
    [again] = run_jobs(db, config, now=FIRST_RUN + dt.timedelta(minutes=5),
                       only=["improved_points"])
    assert again.ok and again.summary == {} and len(_ledger(db)) == 2


def test_only_the_best_improved_when_one_is_chosen(db: Database, config: Config,
                                                   plant: dict[str, int]) -> None:
    config.programme.improved_points, config.programme.improved_suppliers = 1, 1
    run_jobs(db, config, now=FIRST_RUN, only=["improved_points"])
    assert [(e, d) for e, _m, d, _c, _k in _ledger(db)] == [(plant["A"], 1)]


def test_the_closed_months_report_is_written_once_where_configured(
        db: Database, config: Config, plant: dict[str, int], tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    config.disputes.report_folder = str(folder)
    config.programme.improved_points = 3
    assert job_names()[-2:] == ["deliveries", "audit_head"]
    assert job_names().index("monthly_report") == job_names().index("improved_points") + 1
    only = ["improved_points", "monthly_report"]
    results = run_jobs(db, config, now=FIRST_RUN, only=only, jobs=all_jobs())
    assert [r.ok for r in results] == [True, True], [r.line() for r in results]
    report = results[1].summary
    pdf, out = folder / "points-2026-03.pdf", folder / "points-2026-03.csv"
    assert report == {"month": "2026-03", "departments": 1, "pdf": str(pdf), "csv": str(out)}
    assert pdf.read_bytes().startswith(b"%PDF")
    with out.open(encoding="utf-8-sig") as f:
        rows = [(r["department"], r["row"], r["personnel_no"], r["points"])
                for r in csv.DictReader(f)]
    # The most improved points it reports were credited by the job before it.
    assert ("X", "person", "A", "3") in rows and ("X", "person", "B", "3") in rows
    assert sorted(p.name for p in folder.iterdir()) == ["points-2026-03.csv",
                                                        "points-2026-03.pdf"]
    # Once per month: the next runs leave the files alone.
    pdf.write_bytes(b"kept")
    again = run_jobs(db, config, now=FIRST_RUN + dt.timedelta(days=3), only=only,
                     jobs=all_jobs())
    assert [r.summary for r in again] == [{}, {}] and pdf.read_bytes() == b"kept"
    # May's first run reports April.
    [may] = run_jobs(db, config, now=dt.datetime(2026, 5, 1, 3, tzinfo=dt.UTC),
                     only=["monthly_report"], jobs=all_jobs())
    assert may.ok and may.summary["month"] == "2026-04"
    assert (folder / "points-2026-04.csv").exists()


def test_pulse_jobs_lists_and_runs_the_monthly_work(db_url: str, config: Config,
                                                   plant: dict[str, int], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PULSE_DATA_DIR", str(tmp_path))
    assert pulse(["--db", db_url, "jobs", "list"]) == 0
    listed = capsys.readouterr().out.split()
    assert listed[listed.index("monthly_tiers"):listed.index("monthly_report") + 1] == \
        ["monthly_tiers", "improved_points", "monthly_report"]
    assert pulse(["--db", db_url, "jobs", "run", "--now", "2026-04-01T06:00",
                  "--only", "monthly_report"]) == 0
    assert "monthly_report: ok month=2026-03" in capsys.readouterr().out
    assert (tmp_path / "reports" / "points-2026-03.pdf").exists()


def test_each_department_head_gets_the_months_summary_once(
        db: Database, config: Config, plant: dict[str, int]) -> None:
    from shared.db.models import Department, Employee, Nudge
    from shared.integrations.messages import format_message
    config.programme.improved_points, config.programme.improved_suppliers = 2, 2
    with db.write() as s:
        x = s.get_one(Department, s.get_one(Employee, plant["A"]).department_id)
        y = s.get_one(Department, s.get_one(Employee, plant["C0"]).department_id)
        x.head_id, x.name_en = plant["D"], "Dept X"
        y.head_id = plant["C0"]
    results = run_jobs(db, config, now=FIRST_RUN,
                       only=["improved_points", "department_summaries"])
    assert [r.summary for r in results] == [{"month": "2026-03", "credited": 2},
                                            {"month": "2026-03", "heads": 2}]
    with db.read() as s:
        sent = {n.employee_id: n.params for n in s.scalars(
            select(Nudge).where(Nudge.kind == "department_summary"))}
    # X: A and B earned 2 points each (the most improved); Y: no movement.
    assert sent == {
        plant["D"]: {"month": "2026-03", "department": "X", "department_en": "Dept X",
                     "points": 4, "wins": 2, "losses": 0, "people": 2},
        plant["C0"]: {"month": "2026-03", "department": "Y", "department_en": None,
                      "points": 0, "wins": 0, "losses": 0, "people": 0}}
    assert format_message("department_summary", sent[plant["D"]], "ru") == (
        "Итоги месяца 2026-03, «X»: +4 балла; выигрышей: 2, проигрышей: 0.")
    assert format_message("department_summary", sent[plant["D"]], "en") == (
        "Dept X, results for 2026-03: +4 points; won: 2, lost: 0.")
    again = run_jobs(db, config, now=FIRST_RUN + dt.timedelta(hours=2),
                     only=["department_summaries"])
    assert again[0].summary == {}
