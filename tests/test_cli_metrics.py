"""``pulse rate``, ``pulse metrics``, ``pulse scores`` and ``pulse export tiers`` end to end."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from shared.cli import main
from shared.config import Config
from shared.db import Database
from tests.domain_data import at, department, people, rate


@pytest.fixture
def plant(db: Database, config: Config) -> None:
    with db.write() as s:
        d = department(s, "Склад")
        sup, = people(s, d, ["=SUP"])  # a name that would be a formula in Excel
        lonely, = people(s, d, ["LONELY"])
        clients = people(s, d, [f"C{i}" for i in range(6)])
        for c in clients:
            rate(s, config, c, sup, 5, at(3))
        rate(s, config, clients[0], lonely, 2, at(3))


def test_rate_records_and_refuses(db: Database, db_url: str, plant: None,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "rate", "--rater", "C1", "--supplier", "LONELY", "--score",
                 "4", "--comment", "ok"]) == 0
    assert "recorded" in capsys.readouterr().out
    # Again at once: the cooldown refuses, with one clear line and exit 1.
    assert main(["--db", db_url, "rate", "--rater", "C1", "--supplier", "LONELY", "--score",
                 "4"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("pulse: error: rating refused: already rated LONELY at ")
    assert "\n" not in err
    assert main(["--db", db_url, "rate", "--rater", "C1", "--supplier", "C1", "--score",
                 "4"]) == 1
    assert "nobody can rate themselves" in capsys.readouterr().err
    assert main(["--db", db_url, "rate", "--rater", "C2", "--supplier", "LONELY", "--score",
                 "3", "--reason", "nope"]) == 1
    assert "not among the active reason codes: nope" in capsys.readouterr().err
    assert main(["--db", db_url, "rate", "--rater", "X9", "--supplier", "LONELY", "--score",
                 "3"]) == 1
    assert "no employee with personnel number X9" in capsys.readouterr().err


def test_metrics_json(db_url: str, plant: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "metrics", "--employee", "=SUP", "--from", "2026-03-01",
                 "--to", "2026-03-31", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["received_count"] == 6 and data["received_clients"] == 6
    assert data["received_mean"] == 5.0 and data["received_withheld"] is False
    assert data["period"] == {"start": "2026-03-01", "end": "2026-03-31"}
    assert main(["--db", db_url, "metrics", "--employee", "C0", "--from", "2026-03-01",
                 "--to", "2026-03-31"]) == 0
    out = capsys.readouterr().out
    assert "1. rates suppliers:           3.50 (2 ratings)" in out
    assert main(["--db", db_url, "metrics", "--employee", "C0", "--from", "x"]) == 1


def test_metric_2_is_withheld_below_k(db: Database, db_url: str, config: Config,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The audit's case: two clients rate one supplier (5 and 1); neither may learn the
    other's score from metric 2 ("those suppliers get 3.00")."""
    with db.write() as s:
        d = department(s, "Склад")
        first, second, sup = people(s, d, ["0101", "0102", "0201"])
        rate(s, config, first, sup, 5, at(3))
        rate(s, config, second, sup, 1, at(3))
    args = ["--db", db_url, "metrics", "--from", "2026-03-01", "--to", "2026-03-31"]
    assert main([*args, "--employee", "0101"]) == 0
    out = capsys.readouterr().out
    assert "2. their other clients give:  not enough ratings yet (0 ratings; 0 of 1" in out
    assert "3.00" not in out and "1.00" not in out and "verdict: -" in out
    assert main([*args, "--employee", "0101", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["others_withheld"] is True
    assert (data["others_mean"], data["others_count"], data["suppliers_counted"]) == (None, 0, 0)
    assert (data["my_mean_same_suppliers"], data["verdict"], data["counted_suppliers"]) == \
        (None, None, [])


def test_metric_2_like_for_like_in_words(db: Database, db_url: str, config: Config,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """`pulse metrics` names the counted suppliers and gives both readings of the verdict;
    --json carries the four figures of issue 14."""
    with db.write() as s:  # k = 5, the default
        d = department(s, "Склад")
        e, sup, rare, *others = people(s, d, ["0101", "0201", "0202", *(f"03{i}" for i in
                                                                        range(5))])
        rate(s, config, e, sup, 2, at(3))
        rate(s, config, e, rare, 5, at(3))
        for o, score in zip(others, (5, 4, 3, 4, 4), strict=True):
            rate(s, config, o, sup, score, at(4))
        rate(s, config, others[0], rare, 1, at(4))
    args = ["--db", db_url, "metrics", "--from", "2026-03-01", "--to",
            "2026-03-31", "--employee", "0101"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "2. their other clients give:  4.00 (5 ratings; 1 of 2 suppliers" in out
    assert "you give the same suppliers: 2.00 (1 ratings)   verdict: stricter" in out
    assert "counted: 0201 (0201)" in out and "0202" not in out.split("counted:")[1]
    assert "either you expect more, or they serve you worse" in out
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["others_mean"], data["my_mean_same_suppliers"], data["suppliers_counted"],
            data["verdict"]) == (4.0, 2.0, 1, "stricter")
    assert data["counted_suppliers"] == [{"personnel_no": "0201", "full_name": "0201"}]


def test_scores_json_and_csv(db_url: str, plant: None, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "scores", "--month", "2026-03", "--json"]) == 0
    rows = {r["personnel_no"]: r for r in json.loads(capsys.readouterr().out)["suppliers"]}
    assert rows["=SUP"]["mean"] == 5.0 and rows["=SUP"]["withheld"] is False
    assert rows["LONELY"]["withheld"] is True and rows["LONELY"]["mean"] is None
    out = tmp_path / "scores.csv"
    assert main(["--db", db_url, "scores", "--month", "2026-03", "--department", "Склад",
                 "--csv", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    by_no = {r["personnel_no"]: r for r in table}
    assert set(by_no) == {"'=SUP", "LONELY"}  # formula neutralised
    assert by_no["LONELY"]["withheld"] == "withheld" and by_no["LONELY"]["mean"] == ""
    # For Russian Excel: Russian headers and words, ';' and a decimal comma, the same figures.
    assert main(["--db", db_url, "scores", "--month", "2026-03", "--department", "Склад",
                 "--csv", "--language", "ru", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    ru = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert ru[0][:4] == ["Таб. №", "ФИО", "ФИО (англ.)", "Подразделение"]
    ru_by_no = {r[0]: r for r in ru[1:]}
    assert ru_by_no["LONELY"][10] == "недостаточно оценок"
    assert ru_by_no["'=SUP"][6] == by_no["'=SUP"]["mean"].replace(".", ",")
    assert main(["--db", db_url, "scores", "--month", "2026-3"]) == 1
    assert main(["--db", db_url, "scores", "--month", "2026-03", "--department", "Нет"]) == 1


def test_export_tiers(db_url: str, plant: None, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
                      ) -> None:
    cfg = tmp_path / "pulse.toml"
    cfg.write_text("[[tiers]]\nname = 'gold'\nmin_index = 4.0\nmin_clients = 5\n",
                   encoding="utf-8")
    out = tmp_path / "tiers.csv"
    # Published figures by default (as on posters and the wallboard's rankings): =SUP's
    # first block of k = 5 clients is complete, the sixth client's 5 waits in the open block.
    assert main(["--db", db_url, "--config", str(cfg), "export", "tiers", "--month", "2026-03",
                 "-o", str(out)]) == 0
    assert "1 supplier with a tier" in capsys.readouterr().out
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:4] == ["month", "tier", "personnel_no", "full_name"]
    # =SUP: 6 ratings of 5 from six clients; published: the first block of k = 5 clients,
    # 5 ratings of 5; the settled prior (the programme's first month: the company's completed
    # blocks, all 5s) -> index 5.0.
    assert rows[1][:4] == ["2026-03", "gold", "'=SUP", "'=SUP"]
    assert rows[1][6] == "5.0"
    # The live figures, for an admin who asks (audited: tests/security/test_figures.py):
    # all 6 ratings, index (10 * 32/7 + 30) / 16 = 4.732.
    assert main(["--db", db_url, "--config", str(cfg), "export", "tiers", "--month", "2026-03",
                 "--live", "-o", str(out)]) == 0
    assert "1 supplier with a tier" in capsys.readouterr().out
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1][6] == "4.732"
    # The same file for Russian Excel: Russian headers and tier names, ';', a decimal comma.
    assert main(["--db", db_url, "--config", str(cfg), "export", "tiers", "--month", "2026-03",
                 "-o", str(out), "--language", "ru", "--live"]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    ru = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert ru[0][:4] == ["Месяц", "Уровень", "Таб. №", "ФИО"]
    assert ru[1][:4] == ["2026-03", "золото", "'=SUP", "'=SUP"]
    assert ru[1][6] == "4,732"


def test_metrics_without_dates_are_the_kiosks_figures(
        db: Database, db_url: str, config: Config, capsys: pytest.CaptureFixture[str]) -> None:
    """`pulse metrics` without --from/--to shows what the kiosk shows: metrics 2 and 3 over
    the last period_days up to yesterday (30 days ending yesterday, not 29)."""
    import datetime as dt

    from shared.domain.metrics import employee_metrics
    from shared.domain.periods import local_today

    day = local_today(config.tz) - dt.timedelta(days=config.rating.period_days)
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=config.tz).astimezone(dt.UTC)
    with db.write() as s:
        d = department(s, "Цех")
        sup, = people(s, d, ["S"])
        for c in people(s, d, [f"K{i}" for i in range(6)]):
            rate(s, config, c, sup, 4, noon)
    with db.read() as s:
        kiosk = employee_metrics(s, config, sup.id)
    assert kiosk.received_count == 6 and kiosk.others_period is not None
    assert main(["--db", db_url, "metrics", "--employee", "S", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["received_count"] == 6 and data["received_mean"] == 4.0
    assert data["others_period"] == {"start": str(kiosk.others_period.start),
                                     "end": str(kiosk.others_period.end)}
