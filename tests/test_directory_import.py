"""Directory import: both sample exports, upsert, and one rejected file per kind of bad row."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from shared.cli import main
from shared.config import Config
from shared.csvin import ImportFailed, format_error, table_from_records
from shared.db import Database
from shared.db.models import AuditEntry, Base, Department, Employee, Segment
from shared.directory_import import (
    COLUMNS,
    REQUIRED,
    apply_directory,
    import_directory,
    validate_directory,
)
from shared.security import badge_hmac
from shared.translit import transliterate

SAMPLES = Path(__file__).parent / "samples"
UTF8 = SAMPLES / "directory_utf8_bom_comma.csv"
CP1251 = SAMPLES / "directory_cp1251_semicolon.csv"

HEADER = "personnel_no,full_name,department,manager_no,position,segment,badge,email,language,role"
GOOD = [
    "0001,Белов Андрей Викторович,Заводоуправление,,Директор,Управление,B00001,,ru,admin",
    "0100,Орлова Наталья Павловна,Цех №1,0001,Начальник цеха,Производство,B00002,,ru,manager",
    "0101,Егоров Василий Иванович,Цех №1,0100,Оператор,Производство,B00003,,ru,worker",
    "0102,Тарасова Ирина Юрьевна,Цех №1,0100,Контролёр,Качество,B00004,,en,worker",
]


def csv_bytes(rows: list[str], header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def table_counts(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {t.name: s.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}


def people(db: Database) -> dict[str, SimpleNamespace]:
    """A snapshot of every employee (plain values, usable after the session ends)."""
    with db.read() as s:
        return {e.personnel_no: SimpleNamespace(
            full_name=e.full_name, full_name_en=e.full_name_en, role=e.role, active=e.active,
            language=e.language, badge_hmac=e.badge_hmac, department=e.department.name,
            manager=e.manager.personnel_no if e.manager else None,
            segment=e.segment.name if e.segment else None,
            head=e.department.head.personnel_no if e.department.head else None)
            for e in s.execute(select(Employee)).scalars()}


def test_utf8_sample_imports(db: Database, config: Config) -> None:
    summary = import_directory(db, config, UTF8)
    assert (summary.rows, summary.created, summary.departments_created) == (14, 14, 6)
    staff = people(db)
    assert len(staff) == 14
    orlova = staff["0100"]
    assert orlova.full_name == "Орлова Наталья Павловна"
    assert orlova.full_name_en == "Orlova Natalia Pavlovna"
    assert orlova.manager == "0001"
    assert orlova.role == "manager" and orlova.segment is not None
    assert orlova.badge_hmac == badge_hmac(config.secret_bytes(), "3F00A1B2D1")
    assert staff["0301"].language == "en"
    assert staff["0501"].badge_hmac is None
    assert staff["0001"].role == "admin" and staff["0001"].manager is None
    with db.read() as s:
        shop = s.execute(select(Department).where(Department.name.like("Цех%"))).scalar_one()
        assert shop.head is not None and shop.head.personnel_no == "0100"
        assert shop.parent is not None and shop.parent.name == "Заводоуправление"
        entry = s.execute(select(AuditEntry)).scalar_one()
        assert entry.action == "directory.import" and entry.details["created"] == 14
        # No clear badge anywhere in the database.
        assert s.execute(select(func.count()).select_from(Employee)
                         .where(Employee.badge_hmac.like("%3F00%"))).scalar_one() == 0


def test_cp1251_sample_gives_the_same_directory(db: Database, config: Config) -> None:
    import_directory(db, config, CP1251)
    first = people(db)
    summary = import_directory(db, config, UTF8)  # the same people, re-imported: an upsert
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 14)
    second = people(db)
    assert first == second
    assert table_counts(db)["employees"] == 14
    assert table_counts(db)["departments"] == 6


def test_reimport_updates_and_swaps_badges(db: Database, config: Config) -> None:
    import_directory(db, config, csv_bytes(GOOD))
    changed = list(GOOD)
    changed[2] = "0101,Егоров Василий Иванович,Склад,0100,Кладовщик,Производство,B00004,,ru,worker"
    changed[3] = "0102,Тарасова Ирина Юрьевна,Цех №1,0100,Контролёр,Качество,B00003,,en,worker"
    summary = import_directory(db, config, csv_bytes(changed))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 2)
    assert summary.departments_created == 1
    staff = people(db)
    secret = config.secret_bytes()
    assert staff["0101"].badge_hmac == badge_hmac(secret, "B00004")
    assert staff["0102"].badge_hmac == badge_hmac(secret, "B00003")
    assert staff["0101"].department == "Склад"
    assert table_counts(db)["employees"] == 4


def test_deactivate_missing_only_with_the_flag(db: Database, config: Config) -> None:
    import_directory(db, config, csv_bytes(GOOD))
    import_directory(db, config, csv_bytes(GOOD[:3]))
    assert people(db)["0102"].active
    summary = import_directory(db, config, csv_bytes(GOOD[:3]), deactivate_missing=True)
    assert summary.deactivated == 1
    assert not people(db)["0102"].active
    summary = import_directory(db, config, csv_bytes(GOOD))
    assert summary.reactivated == 1 and people(db)["0102"].active


def test_dry_run_writes_nothing(db: Database, config: Config) -> None:
    before = table_counts(db)
    summary = import_directory(db, config, csv_bytes(GOOD), dry_run=True)
    assert summary.created == 4
    assert table_counts(db) == before


def test_rows_from_json_records_use_the_same_validator(db: Database, config: Config) -> None:
    records = [{"Табельный номер": "7", "ФИО": "Щукин Юрий", "Подразделение": "ОТК",
                "Руководитель": "8"},
               {"personnel_no": "8", "full_name": "Ёлкина Анна", "department": "ОТК",
                "role": "manager"}]
    table = table_from_records(records, COLUMNS, REQUIRED)
    with db.write() as s:
        plan = validate_directory(table.rows, s, config)
        assert plan.errors == []
        apply_directory(plan, s, actor="sync")
    staff = people(db)
    assert staff["7"].manager == "8"
    assert staff["7"].full_name_en == "Shchukin Iurii"
    assert staff["7"].head == "8"


# --- every kind of bad row rejects the whole file and writes nothing --------------------

BAD_FILES: dict[str, tuple[bytes, list[tuple[int, str | None, str]]]] = {
    "missing_column": (csv_bytes([r.split(",", 2)[0] + "," + r.split(",", 2)[2] for r in GOOD],
                                 header=HEADER.replace("full_name,", "")),
                       [(1, "full_name", "missing_column")]),
    "empty_name": (csv_bytes([*GOOD, "0103,,Цех №1,0100,,,,,,"]),
                   [(6, "full_name", "required")]),
    "duplicate_personnel_no": (csv_bytes([*GOOD, "0101,Другой Человек,Цех №1,0100,,,,,,"]),
                               [(6, "personnel_no", "duplicate_personnel_no")]),
    "duplicate_badge_in_file": (csv_bytes([*GOOD, "0103,Новиков Пётр,Цех №1,0100,,,b00002,,,"]),
                                [(6, "badge", "duplicate_badge")]),
    "badge_of_someone_in_db": (csv_bytes(["0900,Новиков Пётр,Цех №1,,,,B00001,,,"]),
                               [(2, "badge", "badge_taken")]),
    "unknown_manager": (csv_bytes([*GOOD[:2], "0101,Егоров Василий,Цех №1,0999,,,,,,", *GOOD[3:]]),
                        [(4, "manager_no", "unknown_manager")]),
    "manager_cycle": (csv_bytes([GOOD[0], "0100,Орлова Н.П.,Цех №1,0101,,,,,,manager",
                                 "0101,Егоров В.И.,Цех №1,0100,,,,,,"]),
                      [(3, "manager_no", "manager_cycle"), (4, "manager_no", "manager_cycle")]),
    "own_manager": (csv_bytes([*GOOD, "0103,Новиков Пётр,Цех №1,0103,,,,,,"]),
                    [(6, "manager_no", "manager_cycle")]),
    "bad_language": (csv_bytes([*GOOD, "0103,Новиков Пётр,Цех №1,0100,,,,,de,"]),
                     [(6, "language", "bad_language")]),
    "bad_role": (csv_bytes([*GOOD, "0103,Новиков Пётр,Цех №1,0100,,,,,ru,boss"]),
                 [(6, "role", "bad_role")]),
    "bad_gender": (csv_bytes([*(r + "," for r in GOOD[:3]), GOOD[3] + ",Ж",
                              "0103,Новиков Пётр,Цех №1,0100,,,,,,,мужик"],
                             header=HEADER + ",gender"),
                   [(6, "gender", "bad_gender")]),
    "over_long_field": (csv_bytes([*GOOD, "0103,Новиков Пётр,Цех №1,0100," + "Д" * 201
                                   + ",,,,,"]),
                        [(6, "position", "too_long")]),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_is_rejected_whole(db: Database, config: Config, kind: str) -> None:
    import_directory(db, config, csv_bytes(GOOD))
    before = table_counts(db)
    data, expected = BAD_FILES[kind]
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, data)
    got = [(e.line, e.column, e.code) for e in info.value.errors]
    assert got == expected
    assert table_counts(db) == before


def test_all_errors_reported_at_once(db: Database, config: Config) -> None:
    rows = [*GOOD, "0103,,Цех №1,0999,,,,,xx,", "0104,Новиков Пётр,Цех №1,0100,,,,,,chief"]
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, csv_bytes(rows))
    got = [(e.line, e.column) for e in info.value.errors]
    assert got == [(6, "full_name"), (6, "language"), (6, "manager_no"), (7, "role")]


def test_cli_exit_codes(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "import", "directory", str(CP1251)]) == 0
    assert "14 created" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD_FILES["unknown_manager"][0])
    assert main(["--db", db_url, "import", "directory", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv: line 4: manager_no: unknown manager 0999" in err
    assert "nothing was written" in err
    assert main(["--db", db_url, "import", "directory", str(tmp_path / "none.csv")]) == 1
    assert main(["--db", db_url, "import", "directory", "--dry-run", "--deactivate-missing",
                 str(UTF8)]) == 0
    assert "would import 14 rows" in capsys.readouterr().out


def test_transliteration() -> None:
    assert transliterate("Щукин Юрий Ёлкин") == "Shchukin Iurii Elkin"
    assert transliterate("ЦЕХ №1") == "TSEKH No.1"
    assert transliterate("Цех") == "Tsekh"
    assert transliterate("Подъячев Wagner") == "Podieiachev Wagner"
    assert transliterate("Ж. Петров") == "Zh. Petrov"  # a lone capital is an initial


def test_segments_created_once(db: Database, config: Config) -> None:
    import_directory(db, config, csv_bytes(GOOD))
    import_directory(db, config, csv_bytes(GOOD))
    with db.read() as s:
        names = sorted(s.execute(select(Segment.name)).scalars())
    assert names == ["Качество", "Производство", "Управление"]


def test_header_only_file_is_refused(db: Database, config: Config, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    import_directory(db, config, csv_bytes(GOOD))
    with pytest.raises(ImportFailed) as caught:
        import_directory(db, config, csv_bytes([]), deactivate_missing=True, dry_run=True)
    assert [e.code for e in caught.value.errors] == ["empty_directory"]
    with pytest.raises(ImportFailed):
        import_directory(db, config, csv_bytes([]), deactivate_missing=True)
    assert all(p.active for p in people(db).values())
    header_only = tmp_path / "h.csv"
    header_only.write_bytes(csv_bytes([]))
    assert main(["--db", str(db.engine.url.render_as_string(hide_password=False)), "import",
                 "directory", str(header_only), "--deactivate-missing", "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "h.csv: file: no people in the directory: nothing to import" in err


def test_mass_deactivation_needs_force(db: Database, config: Config) -> None:
    import_directory(db, config, csv_bytes(GOOD))
    # 2 of 4 active people would go: 50 % > the default 20 %.
    with pytest.raises(ImportFailed) as caught:
        import_directory(db, config, csv_bytes(GOOD[:2]), deactivate_missing=True)
    (error,) = caught.value.errors
    assert error.code == "mass_deactivation"
    assert (error.params["count"], error.params["active"]) == (2, 4)
    assert "would deactivate 2 of the 4 active people (50%)" in format_error(error)
    assert all(p.active for p in people(db).values())
    config.site.max_deactivate_percent = 50
    summary = import_directory(db, config, csv_bytes(GOOD[:2]), deactivate_missing=True,
                               dry_run=True)
    assert summary.deactivated == 2
    config.site.max_deactivate_percent = 20
    summary = import_directory(db, config, csv_bytes(GOOD[:2]), deactivate_missing=True,
                               force=True)
    assert summary.deactivated == 2
    assert [n for n, p in sorted(people(db).items()) if not p.active] == ["0101", "0102"]


def test_mass_deactivation_cli(db_url: str, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "import", "directory", str(CP1251)]) == 0
    few = tmp_path / "few.csv"
    few.write_bytes(csv_bytes(GOOD[:1]))
    args = ["--db", db_url, "import", "directory", str(few), "--deactivate-missing"]
    assert main([*args, "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "would deactivate 13 of the 14 active people (93%)" in err
    assert "--force" in err
    assert main([*args, "--dry-run", "--force"]) == 0
    assert "13 deactivated" in capsys.readouterr().out


def test_pull_refuses_mass_deactivation(db: Database, config: Config) -> None:
    from shared.integrations.hr_pull import HrPullError, pull_directory

    class Answer:
        status_code = 200
        headers = {"Content-Type": "application/json"}
        encoding = "utf-8"

        def __init__(self, body: bytes) -> None:
            self.content = body

    class Http:
        def __init__(self, body: bytes) -> None:
            self.body = body

        def get(self, url: str, **kwargs: object) -> Answer:
            return Answer(self.body)

    import json
    import_directory(db, config, csv_bytes(GOOD))
    one = json.dumps([{"personnel_no": "0001", "full_name": "Белов Андрей Викторович",
                       "department": "Заводоуправление"}]).encode()
    with pytest.raises(ImportFailed) as caught:
        pull_directory(db, config, "https://hr.example/api", deactivate_missing=True,
                       http=Http(one))  # type: ignore[arg-type]
    assert [e.code for e in caught.value.errors] == ["mass_deactivation"]
    assert all(p.active for p in people(db).values())
    with pytest.raises(HrPullError, match="empty"):
        pull_directory(db, config, "https://hr.example/api", deactivate_missing=True,
                       http=Http(b"[]"))  # type: ignore[arg-type]
    summary = pull_directory(db, config, "https://hr.example/api", deactivate_missing=True,
                             force=True, http=Http(one))  # type: ignore[arg-type]
    assert summary.deactivated == 3
    assert [n for n, p in people(db).items() if p.active] == ["0001"]


def test_department_short_names_from_the_directory(db: Database, config: Config) -> None:
    header = HEADER + ",Подразделение кратко"
    rows = [GOOD[0] + ",", GOOD[1] + ",ЦЕХ-1", GOOD[2] + ",ЦЕХ-1", GOOD[3] + ","]
    import_directory(db, config, csv_bytes(rows, header))
    with db.read() as s:
        shorts = dict(s.execute(select(Department.name, Department.short_name)).all())
    assert shorts == {"Заводоуправление": None, "Цех №1": "ЦЕХ-1"}
    import_directory(db, config, csv_bytes(GOOD))  # no column: the stored one stays
    with db.read() as s:
        assert s.scalar(select(Department.short_name).where(Department.name == "Цех №1")) \
            == "ЦЕХ-1"
    before = table_counts(db)
    clash = [GOOD[0] + ",", GOOD[1] + ",ЦЕХ-1", GOOD[2] + ",Цех один", GOOD[3] + ","]
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, csv_bytes(clash, header))
    assert [(e.line, e.column) for e in info.value.errors] == [(4, "department_short")]
    assert "ЦЕХ-1" in format_error(info.value.errors[0])
    assert table_counts(db) == before


def test_gender_column_is_optional_and_wins_over_the_patronymic(db: Database,
                                                               config: Config) -> None:
    """The samples carry no gender column: nothing stored, the patronymic decides. A file with
    one stores м/ж (any spelling the column allows), and an empty cell goes back to the
    patronymic; a file without the column keeps what is stored."""
    import_directory(db, config, UTF8)
    with db.read() as s:
        assert set(s.execute(select(Employee.gender)).scalars()) == {None}
    header = HEADER + ",Пол"
    rows = [GOOD[0] + ",М", GOOD[1] + ",жен.", GOOD[2] + ",", GOOD[3] + ",female",
            "0103,Ким Саша,Цех №1,0100,,,,,,,Ж"]
    import_directory(db, config, csv_bytes(rows, header))
    with db.read() as s:
        stored = dict(s.execute(select(Employee.personnel_no, Employee.gender)).all())
    assert {no: stored[no] for no in ("0001", "0100", "0101", "0102", "0103")} == \
        {"0001": "m", "0100": "f", "0101": None, "0102": "f", "0103": "f"}
    import_directory(db, config, csv_bytes([*GOOD, "0103,Ким Саша,Цех №1,0100,,,,,,"]))
    with db.read() as s:
        assert s.scalar(select(Employee.gender).where(Employee.personnel_no == "0103")) == "f"


def test_bad_gender_message_names_the_line_and_the_value(db: Database, config: Config) -> None:
    rows = [GOOD[0] + ",М", GOOD[1] + ",Женщ"]
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, csv_bytes(rows, HEADER + ",Пол"))
    [error] = info.value.errors
    text = format_error(error)
    assert (error.line, error.column) == (3, "gender")
    assert text.startswith("line 3: gender: ") and "'Женщ'" in text and "м or ж" in text
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Employee)) == 0
