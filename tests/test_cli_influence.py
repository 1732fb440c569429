"""``pulse influence``: one person's decision with its basis, and the summary of raters."""

from __future__ import annotations

import json

import pytest

from shared.cli import main
from shared.config import Config
from shared.db import Database
from tests.domain_data import at, department, people, rate

DAY = ["--date", "2026-03-20"]  # the 30 settled days: 2026-02-18 .. 2026-03-19


@pytest.fixture
def plant(db: Database, config: Config) -> None:
    """k = 5 (the default). TEAM1 and TEAM2 share a manager; TEAM2 is rated by five
    clients (4.0), TEAM1 by nobody. SUP is rated 3 by five clients, 2 by TEAM1 and LONE.
    LONE has a department of their own and no manager: no basis."""
    with db.write() as s:
        shop, store, alone, others = (department(s, n) for n in ("Цех", "Склад", "Один",
                                                                  "Клиенты"))
        boss, = people(s, shop, ["BOSS"])
        team1, team2 = people(s, shop, ["TEAM1", "TEAM2"], manager_id=boss.id)
        sup, = people(s, store, ["SUP"])
        lone, = people(s, alone, ["LONE"])
        clients = people(s, others, [f"C{i}" for i in range(5)])
        for c in clients:
            rate(s, config, c, team2, 4, at(10))
            rate(s, config, c, sup, 3, at(10))
        rate(s, config, team1, sup, 2, at(11))
        rate(s, config, lone, sup, 2, at(11))


def test_one_person_with_the_basis(db_url: str, plant: None,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--db", db_url, "influence", *DAY, "--employee", "TEAM1"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "own rating: 4.00, decided by the team's rating" in out
    assert "SUP (SUP): allowed (4.00 against 2.71)"  # (5 x 3 + 2 + 2) / 7 in out
    assert main([*args, "--supplier", "SUP", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["basis"], data["mean"], data["days"]) == ("team", 4.0, 30)
    assert data["decisions"] == [{"supplier": "SUP", "allowed": True, "reason": None,
                                  "params": {"client_mean": 4.0, "supplier_mean": 2.71,
                                             "basis": "team", "days": 30}}]
    assert main(["--db", db_url, "influence", *DAY, "--employee", "LONE", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["basis"], data["mean"]) == (None, None)
    assert data["decisions"][0]["reason"] == "client_not_rated_enough"


def test_summary(db_url: str, plant: None, capsys: pytest.CaptureFixture[str]) -> None:
    # Raters in the 30 days up to the 20th: C0..C4 (no basis: nobody rated them), TEAM1
    # (team: allowed), LONE (no basis) -> 7 raters, 1 decided.
    assert main(["--db", db_url, "influence", "summary", *DAY, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("raters", "decided", "allowed", "refused", "undecided",
                                 "bases")} == {"raters": 7, "decided": 1, "allowed": 1,
                                               "refused": 0, "undecided": 6,
                                               "bases": {"team": 1}}
    assert main(["--db", db_url, "influence", "summary", *DAY]) == 0
    assert "decided:   1 (14%): 1 allowed, 0 refused" in capsys.readouterr().out


def test_bad_input_is_one_line(db_url: str, plant: None,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "influence", "--employee", "NOBODY"]) == 1
    assert capsys.readouterr().err.strip() == \
        "pulse: error: no employee with personnel number NOBODY"
    assert main(["--db", db_url, "influence"]) == 1
    assert "give --employee" in capsys.readouterr().err
    assert main(["--db", db_url, "influence", "--date", "20.03.2026", "summary"]) == 1
    assert "is not a date" in capsys.readouterr().err
