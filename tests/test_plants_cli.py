"""``--plant`` on ``pulse scores`` and ``pulse report month`` (issue 18, docs/plants.md): at a
head office, one plant's figures as the plant computes them; on a single plant's database
(SQLite or PostgreSQL) the plant itself is the only one there is, and nothing else changes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from shared.cli import main
from shared.config import Config
from shared.db import Database, open_database
from shared.db.models import PointsEntry
from tests.conftest import TEST_SECRET
from tests.domain_data import at, department, people, rate
from tests.head_office import subscribed, writing_as_plant

NUMBERS = ["00101", "00102", "00103"]


def _plant(db: Database, config: Config, name: str) -> None:
    with db.write() as s:
        dep = department(s, "Склад")  # the same department name at both plants
        a, b, c = people(s, dep, [f"{name} {n}" for n in NUMBERS])
        s.execute(text("UPDATE employees SET personnel_no = substr(full_name, "
                       "length(full_name) - 4) WHERE department_id = :d"), {"d": dep.id})
        rate(s, config, a, b, 4, at(2))
        rate(s, config, c, b, 5, at(3))
        s.add(PointsEntry(employee_id=a.id, department_id=dep.id, month="2026-03", delta=2,
                          cause="dispute_accepted", dedup_key=f"{name}:1"))


def _scores(capsys: pytest.CaptureFixture[str], url: str, *extra: str) -> list[str]:
    capsys.readouterr()
    assert main(["--db", url, "scores", "--month", "2026-03", *extra]) == 0
    return sorted(r["full_name"] for r in json.loads(capsys.readouterr().out)["suppliers"])


def test_a_single_plant_is_its_own_plant(db: Database, db_url: str, config: Config,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _plant(db, config, "south")
    assert _scores(capsys, db_url, "--plant", "1") == _scores(capsys, db_url) == ["south 00102"]
    assert main(["--db", db_url, "scores", "--month", "2026-03", "--plant", "2"]) == 1
    assert "no plant '2' here; known: 1 (this plant)" in capsys.readouterr().err


@pytest.mark.pg
def test_a_head_office_filters_by_plant(fresh_pg_url: str, config: Config,
                                        capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    db_url = fresh_pg_url
    db = open_database(db_url, upgrade=True, audit_key=TEST_SECRET.encode())
    try:
        _head_office(db, db_url, config, capsys, tmp_path)
    finally:
        db.dispose()


def _head_office(db: Database, db_url: str, config: Config, capsys: pytest.CaptureFixture[str],
                 tmp_path: Path) -> None:
    _plant(db, config, "south")
    with writing_as_plant(db, 2):
        _plant(db, config, "north")
    subscribed(db, {1: "south", 2: "north"})
    assert _scores(capsys, db_url) == ["north 00102", "south 00102"]
    assert _scores(capsys, db_url, "--plant", "north") == ["north 00102"]
    assert _scores(capsys, db_url, "--plant", "1") == ["south 00102"]
    for plant, want in (("north", ["north 00101"]), (None, ["north 00101", "south 00101"])):
        out = tmp_path / f"{plant}.csv"
        args = ["--db", db_url, "report", "month", "--month", "2026-03", "--csv", str(out),
                "--language", "en"]
        assert main(args + (["--plant", plant] if plant else [])) == 0
        with out.open(encoding="utf-8-sig") as fh:
            names = [cell for row in csv.reader(fh) for cell in row if cell.endswith(" 00101")]
        assert sorted(names) == want
        with out.open(encoding="utf-8-sig") as fh:
            departments = {row[1] for row in csv.reader(fh) if len(row) > 1}
        if plant:  # one plant's report: its department as the plant names it
            assert "Склад" in departments and "Склад (south)" not in departments
        else:  # company-wide: the two plants' "Склад" told apart
            assert {"Склад (north)", "Склад (south)"} <= departments
    # A head office's wallboard configured for one plant reads that plant's rows only.
    config.database.url = db_url
    config.wallboard.plant = 2
    wall = Database.from_config(config, role="wallboard")
    try:
        with wall.read() as s:
            assert s.execute(text("SELECT DISTINCT plant_id FROM ratings")).scalars().all() \
                == [2]
            assert s.execute(text("SELECT count(*) FROM departments")).scalar() == 1
    finally:
        wall.dispose()
    config.wallboard.plant = 0
    company = Database.from_config(config, role="wallboard", upgrade=False)
    try:
        with company.read() as s:
            assert s.execute(text("SELECT count(DISTINCT plant_id) FROM ratings")).scalar() == 2
    finally:
        company.dispose()
