"""Regulations import: the sample as is, cp1251/BOM/; and , Russian/English headers, all-or-nothing
with line-numbered errors; the CLI for regulations and points rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from shared.cli import main
from shared.csvin import ImportFailed, format_errors
from shared.db import Database
from shared.db.models import AuditEntry, DepartmentPointRule, Regulation
from shared.regulations_import import import_regulations
from tests.conftest import SAMPLES
from tests.disputes_org import build_org


def _catalogue(db: Database) -> dict[str, tuple[str, str | None, bool, bool]]:
    with db.read() as s:
        return {r.code: (r.title, r.url, r.active, r.needs_revision)
                for r in s.execute(select(Regulation)).scalars()}


def test_sample_imports_as_is(db: Database) -> None:
    summary = import_regulations(db, SAMPLES / "regulations.csv")
    assert (summary.rows, summary.created, summary.updated) == (5, 5, 0)
    catalogue = _catalogue(db)
    assert catalogue["РГ-014"] == ("Выдача инструмента со склада в течение 15 минут",
                                   "https://portal.example.org/reg/014", True, False)
    assert catalogue["РГ-040"][2] is False
    again = import_regulations(db, SAMPLES / "regulations.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    with db.read() as s:
        assert s.execute(select(AuditEntry.action)).scalars().all() == ["import.regulations"] * 2


def test_cp1251_semicolon_russian_headers(db: Database) -> None:
    text = ("Код;Наименование;Ссылка;Действует\r\n"
            "Р-1;Заявка на ремонт — через портал;;да\r\n"
            "Р-2;\"Выдача; учёт\";https://x.example/2;нет\r\n")
    import_regulations(db, text.encode("cp1251"))
    assert _catalogue(db) == {"Р-1": ("Заявка на ремонт — через портал", None, True, False),
                              "Р-2": ("Выдача; учёт", "https://x.example/2", False, False)}


def test_utf8_bom_comma_english_headers(db: Database) -> None:
    text = ('\ufeffTitle,Code,Link\n"Tools, within 15 minutes",T-1,http://x.example/t1\n')
    import_regulations(db, text.encode("utf-8"))
    assert _catalogue(db) == {"T-1": ("Tools, within 15 minutes", "http://x.example/t1", True,
                                      False)}


def test_errors_by_line_and_nothing_written(db: Database) -> None:
    import_regulations(db, SAMPLES / "regulations.csv")
    before = _catalogue(db)
    text = ("code;title;url;active\n"
            "РГ-001;Новое название;https://ok.example;yes\n"  # valid, but the file is rejected
            "\n"
            "РГ-001;Ещё раз;;yes\n"  # line 4: duplicate
            "Р-9;;;yes\n"  # line 5: no title
            "Р-10;Заголовок;ftp://x;может быть\n"  # line 6: bad url and bad active
            "Р-11;Заголовок\n")  # line 7: too few fields
    with pytest.raises(ImportFailed) as info:
        import_regulations(db, text.encode("utf-8"))
    assert format_errors(info.value.errors) == [
        "line 4: code: code 'РГ-001' already on line 2",
        "line 5: title: value required",
        "line 6: active: not yes/no: 'может быть'",
        "line 6: url: not a web link (http:// or https://): 'ftp://x'",
        "line 7: 2 fields, the header has 4",
    ]
    assert _catalogue(db) == before


def test_update_keeps_the_revision_flag(db: Database) -> None:
    import_regulations(db, SAMPLES / "regulations.csv")
    with db.write() as s:
        s.execute(select(Regulation).where(Regulation.code == "РГ-014")).scalar_one() \
            .needs_revision = True
    text = "code,title,url,active\nРГ-014,Инструмент за 10 минут,,yes\n"
    summary = import_regulations(db, text.encode("utf-8"))
    assert (summary.created, summary.updated) == (0, 1)
    assert _catalogue(db)["РГ-014"] == ("Инструмент за 10 минут", None, True, True)
    assert len(_catalogue(db)) == 5  # missing codes are left alone


def test_dry_run_writes_nothing(db: Database) -> None:
    summary = import_regulations(db, SAMPLES / "regulations.csv", dry_run=True)
    assert summary.created == 5 and _catalogue(db) == {}


def test_cli_import_list_flagged(db: Database, db_url: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "import", "regulations", str(SAMPLES / "regulations.csv")]) == 0
    assert "imported 5 regulations: 5 created" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("code;title\nX-1;\n", encoding="utf-8")
    assert main(["--db", db_url, "import", "regulations", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv: line 2: title: value required" in err and "nothing was written" in err
    assert main(["--db", db_url, "regulations", "flagged"]) == 0
    assert "no regulation is flagged" in capsys.readouterr().out
    with db.write() as s:
        s.execute(select(Regulation).where(Regulation.code == "РГ-022")).scalar_one() \
            .needs_revision = True
    assert main(["--db", db_url, "regulations", "flagged"]) == 0
    assert capsys.readouterr().out.startswith("РГ-022\t")
    assert main(["--db", db_url, "regulations", "revised", "РГ-022"]) == 0
    assert _catalogue(db)["РГ-022"][3] is False


def test_cli_points_rules(db: Database, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    org = build_org(db)
    assert main(["--db", db_url, "points", "rule", "--department", "цех №1",
                 "--money-per-point", "500", "--from", "2026-01"]) == 0
    assert main(["--db", db_url, "points", "rule", "--department", "Склад",
                 "--pool", "Обед в пятницу", "--pool-money-per-point", "250,50",
                 "--from", "2026-02"]) == 0
    assert main(["--db", db_url, "points", "rule", "--department", "Нет такого",
                 "--money-per-point", "1"]) == 1
    assert main(["--db", db_url, "points", "rule", "--department", "Склад",
                 "--money-per-point", "1", "--from", "2026-13"]) == 1
    out = capsys.readouterr()
    assert "no department named 'Нет такого'" in out.err
    with db.read() as s:
        rules = {(r.department_id, r.kind, str(r.money_per_point), r.pool_name, r.valid_from)
                 for r in s.execute(select(DepartmentPointRule)).scalars()}
    assert rules == {(org.shop, "money", "500.00", None, "2026-01"),
                     (org.store, "pool", "250.50", "Обед в пятницу", "2026-02")}
    assert main(["--db", db_url, "points", "rules"]) == 0
    assert "Склад\tfrom 2026-02\tpool 'Обед в пятницу', 250.50 RUB per point" \
        in capsys.readouterr().out



@pytest.mark.parametrize("args, message", [
    (["--money-per-point", "NaN"], "NaN is not an amount of money"),
    (["--money-per-point", "Infinity"], "Infinity is not an amount of money"),
    (["--money-per-point", "1e400"], "money per point is at most 9999999999.99"),
    (["--money-per-point", "0,005"], "0.005: at most two decimal places"),
    (["--pool", "Обед", "--pool-money-per-point", "nan"], "NaN is not an amount of money"),
    (["--money-per-point", "5", "--currency", "RUBLES-LONG"],
     "currency 'RUBLES-LONG': a short code such as RUB, USD or EUR"),
])
def test_cli_points_rule_refuses_impossible_amounts(
        db: Database, db_url: str, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str) -> None:
    """One clear line and nothing stored (no traceback, no database error, no amount that
    SQLite would keep and PostgreSQL would round or overflow)."""
    build_org(db)
    assert main(["--db", db_url, "points", "rule", "--department", "Склад", *args]) == 1
    err = capsys.readouterr().err
    assert err == f"pulse: error: {message}\n"
    with db.read() as s:
        assert s.execute(select(DepartmentPointRule)).first() is None
        assert s.execute(select(AuditEntry).where(AuditEntry.action == "points.rule")
                         ).first() is None
