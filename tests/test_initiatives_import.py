"""Initiative map and KPI imports: the samples import as they are; every bad kind writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.cli import main
from shared.config import Config
from shared.csvin import ImportFailed, format_errors
from shared.db import Database
from shared.db.models import AuditEntry, Initiative, KpiValue, ReasonTag, Segment
from shared.directory_import import import_directory
from shared.domain.initiatives import import_initiatives, tag_code
from shared.domain.kpis import import_kpis

SAMPLES = Path(__file__).parent / "samples"
COUNTED = (Initiative, KpiValue, ReasonTag, Segment, AuditEntry)


def _counts(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {m.__name__: int(s.scalar(select(func.count()).select_from(m)) or 0)
                for m in COUNTED}


@pytest.fixture
def directory(db: Database, config: Config) -> Database:
    import_directory(db, config, SAMPLES / "directory_utf8_bom_comma.csv")
    return db


def test_initiative_sample_imports_as_is(directory: Database, config: Config) -> None:
    db = directory
    summary = import_initiatives(db, config, SAMPLES / "initiatives.csv")
    assert (summary.rows, summary.created, summary.updated, summary.removed) == (6, 6, 0, 0)
    assert summary.tags_created == 6 and summary.segments_created == 0
    with db.read() as s:
        seg = s.execute(select(Segment).where(Segment.name == "Производство")).scalar_one()
        assert seg.goal == "Выполнять план выпуска без простоев"
        rows = s.execute(select(Initiative).where(Initiative.segment_id == seg.id)
                         .order_by(Initiative.id)).scalars().all()
        assert [r.metric for r in rows] == ["Выполнение плана выпуска, %",
                                            "Простои оборудования, ч/мес",
                                            "Выполнение плана выпуска, %"]
        tag = s.get_one(ReasonTag, rows[0].reason_tag_id)
        assert (tag.polarity, tag.segment_id, tag.label_ru, tag.active) == (
            "negative", seg.id, "Скорость реакции на аварийную заявку", True)
        assert tag.label_en == "Skorost reaktsii na avariinuiu zaiavku"
        assert tag.code == tag_code("Производство", "Скорость реакции на аварийную заявку")
        assert tag.code.startswith("init-skorost-reaktsii") and len(tag.code) <= 64
        assert rows[0].company_initiative == "Дежурная бригада в каждую смену"
        logged = s.execute(select(AuditEntry).where(AuditEntry.action == "initiatives.import")
                           ).scalar_one()
        assert logged.details["created"] == 6 and "initiatives.csv" in logged.details["source"]
    # The same file again: nothing changes.
    again = import_initiatives(db, config, SAMPLES / "initiatives.csv")
    assert (again.created, again.updated, again.unchanged, again.tags_created) == (0, 0, 6, 0)


def test_reimport_replaces_the_map(directory: Database, config: Config) -> None:
    db = directory
    import_initiatives(db, config, SAMPLES / "initiatives.csv")
    text = (SAMPLES / "initiatives.csv").read_text(encoding="utf-8").splitlines()
    # Drop one row, change one initiative, add a segment that does not exist yet (English
    # headers, comma-separated, cp1251).
    changed = ["segment,goal,metric,what the supplier must improve,supplier department,"
               "company initiative"]
    for line in text[1:5]:
        changed.append(",".join(f'"{c}"' for c in line.split(";")))
    changed[1] = changed[1].replace("Дежурная бригада в каждую смену", "Две бригады")
    changed.append('"Логистика","Всё вовремя","Простои, ч","Точность сроков","Склад ТМЦ",""')
    summary = import_initiatives(db, config, "\n".join(changed).encode("cp1251"))
    assert (summary.created, summary.updated, summary.unchanged, summary.removed,
            summary.segments_created) == (1, 1, 3, 2, 1)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Initiative)) == 5
        mapped = ReasonTag.code.like("init-%")  # the default company-wide tags stay aside
        active = s.execute(select(func.count()).select_from(ReasonTag)
                           .where(mapped, ReasonTag.active.is_(True))).scalar()
        assert active == 5  # the removed rows' tags are deactivated, not deleted
        assert s.scalar(select(func.count()).select_from(ReasonTag).where(mapped)) == 7
        logistics = s.execute(select(Segment).where(Segment.name == "Логистика")).scalar_one()
        assert (logistics.name_en, logistics.goal) == ("Logistika", "Всё вовремя")


BAD_INITIATIVES = {
    "unknown_department": "Сегмент;Метрика;Что должен улучшить поставщик;Подразделение-поставщик\n"
                          "Производство;План;Скорость;Служба главного механика\n"
                          "Производство;План;Качество;Нет такого отдела\n",
    "missing_column": "Сегмент;Метрика;Подразделение-поставщик\nПроизводство;План;Склад ТМЦ\n",
    "required": "Сегмент;Метрика;Что должен улучшить поставщик\nПроизводство;План;\n",
    "duplicate_initiative": "Сегмент;Метрика;Что должен улучшить поставщик\n"
                            "Производство;План;Скорость\nпроизводство;план;скорость\n",
    "goal_differs": "Сегмент;Цель сегмента;Метрика;Что должен улучшить поставщик\n"
                    "Новый;Цель А;План;Скорость\nНовый;Цель Б;План;Качество\n",
    "too_long": "Сегмент;Метрика;Что должен улучшить поставщик\nПроизводство;План;" + "я" * 201
                + "\n",
    "field_count": "Сегмент;Метрика;Что должен улучшить поставщик\nПроизводство;План\n",
    "empty_file": "",
}


@pytest.mark.parametrize("kind", sorted(BAD_INITIATIVES))
def test_bad_initiative_files_write_nothing(directory: Database, config: Config,
                                            kind: str) -> None:
    db = directory
    import_initiatives(db, config, SAMPLES / "initiatives.csv")
    before = _counts(db)
    with pytest.raises(ImportFailed) as failed:
        import_initiatives(db, config, BAD_INITIATIVES[kind].encode("utf-8"))
    assert kind in {e.code for e in failed.value.errors}
    assert _counts(db) == before
    lines = format_errors(failed.value.errors)
    if kind == "unknown_department":
        assert lines == ["line 3: supplier_department: unknown department 'Нет такого отдела'"]


def test_kpi_sample_imports_with_decimal_comma(directory: Database, config: Config) -> None:
    db = directory
    summary = import_kpis(db, config, SAMPLES / "kpis.csv")
    assert (summary.rows, summary.created) == (55, 55)
    with db.read() as s:
        seg = s.execute(select(Segment.id).where(Segment.name == "Производство")).scalar_one()
        value = s.execute(select(KpiValue.value).where(
            KpiValue.segment_id == seg, KpiValue.month == "2026-01",
            KpiValue.metric == "Выполнение плана выпуска, %")).scalar_one()
        assert value == pytest.approx(94.25)
    again = import_kpis(db, config, SAMPLES / "kpis.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 55)
    # A department KPI, '01.2026' month format, a corrected value replaces the stored one.
    text = ("Подразделение;Сегмент;Показатель;Период;Значение\n"
            "Склад ТМЦ;;Недостачи, шт;01.2026;1 234,5\n"
            ";Производство;Выполнение плана выпуска, %;2026-01;94,3\n")
    summary = import_kpis(db, config, text.encode("cp1251"))
    assert (summary.created, summary.updated) == (1, 1)
    with db.read() as s:
        assert s.execute(select(KpiValue.value).where(KpiValue.department_id.is_not(None))
                         ).scalar_one() == pytest.approx(1234.5)


BAD_KPIS = {
    "unknown_segment": "Сегмент;Метрика;Месяц;Значение\nПроизводство;План;2026-01;1\n"
                       "Нет такого;План;2026-01;1\n",
    "unknown_department": "Подразделение;Метрика;Месяц;Значение\nНет такого;План;2026-01;1\n",
    "bad_number": "Сегмент;Метрика;Месяц;Значение\nПроизводство;План;2026-01;много\n",
    "bad_month": "Сегмент;Метрика;Месяц;Значение\nПроизводство;План;январь;1\n",
    "no_owner": "Сегмент;Метрика;Месяц;Значение\n;План;2026-01;1\n",
    "no_owner_column": "Метрика;Месяц;Значение\nПлан;2026-01;1\n",
    "duplicate_kpi": "Сегмент;Метрика;Месяц;Значение\nПроизводство;План;2026-01;1\n"
                     "Производство;План;2026-1;2\n",
    "missing_column": "Сегмент;Метрика;Значение\nПроизводство;План;1\n",
    "negative_value_per_unit": "Сегмент;Метрика;Месяц;Значение;Стоимость единицы, руб.\n"
                               "Производство;План;2026-01;1;-5\n",
    "encoding": None,
}


@pytest.mark.parametrize("kind", sorted(BAD_KPIS))
def test_bad_kpi_files_write_nothing(directory: Database, config: Config, kind: str) -> None:
    db = directory
    import_kpis(db, config, SAMPLES / "kpis.csv")
    before = _counts(db)
    text = BAD_KPIS[kind]
    # b"\x98" is invalid UTF-8 and undefined in cp1251.
    data = b"\x98\x98;\x98\n" if text is None else text.encode("utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_kpis(db, config, data)
    assert kind in {e.code for e in failed.value.errors}
    assert _counts(db) == before


def test_command_line(directory: Database, db_url: str, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "import", "initiatives", str(SAMPLES / "initiatives.csv"),
                 "--dry-run"]) == 0
    assert "would import 6 initiatives: 6 created" in capsys.readouterr().out
    assert _counts(directory)["Initiative"] == 0
    assert main(["--db", db_url, "import", "initiatives", str(SAMPLES / "initiatives.csv")]) == 0
    assert "imported 6 initiatives: 6 created" in capsys.readouterr().out
    assert main(["--db", db_url, "import", "kpis", str(SAMPLES / "kpis.csv")]) == 0
    assert "imported 55 KPI values: 55 created" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_KPIS["bad_number"], encoding="utf-8")
    assert main(["--db", db_url, "import", "kpis", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv: line 2: value: not a number: 'много'" in err
    assert "nothing was written" in err
    assert main(["--db", db_url, "import", "kpis", str(tmp_path / "missing.csv")]) == 1


def test_kpi_value_per_unit(directory: Database, config: Config) -> None:
    """An optional column: roubles one unit is worth a month; errors by line, nothing
    written; a later file without the column keeps the stored value."""
    db = directory
    text = ("Сегмент;Метрика;Месяц;Значение;Стоимость единицы, руб.\n"
            "Производство;Простои оборудования, ч/мес;2026-01;40,75;120 000\n"
            "Производство;Простои оборудования, ч/мес;2026-02;40,51;\n")
    import_kpis(db, config, text.encode())
    with db.read() as s:
        stored = dict(s.execute(select(KpiValue.month, KpiValue.value_per_unit)).all())
    assert stored == {"2026-01": 120000.0, "2026-02": None}
    import_kpis(db, config, SAMPLES / "kpis.csv")  # the sample has no such column
    with db.read() as s:
        assert s.scalar(select(KpiValue.value_per_unit).where(
            KpiValue.month == "2026-01", KpiValue.metric.like("Простои%"))) == 120000.0
    before = _counts(db)
    bad = ("Segment;Metric;Month;Value;value per unit\n"
           "Производство;План;2026-01;1;много\n"
           "Производство;План;2026-02;1;-1,5\n"
           "Производство;План;2026-03;1;nan\n")
    with pytest.raises(ImportFailed) as failed:
        import_kpis(db, config, bad.encode())
    lines = format_errors(failed.value.errors)
    assert lines == ["line 2: value_per_unit: not a number: 'много'",
                     "line 3: value_per_unit: a value per unit cannot be negative: '-1,5'",
                     "line 4: value_per_unit: not a number: 'nan'"]
    assert _counts(db) == before
