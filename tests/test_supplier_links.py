"""Own suppliers: the supplier-links import (replacement per client side, all-or-nothing)
and what the kiosk then shows first (both databases)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.cli import main
from shared.config import Config
from shared.csvin import ImportFailed
from shared.db import Database
from shared.db.models import AuditEntry, Department, Employee, Segment, SupplierLink
from shared.directory_import import import_directory
from shared.domain.supplier_links import import_supplier_links
from shared.domain.suppliers import own_suppliers

SAMPLES = Path(__file__).parent / "samples"
LINKS = Path(__file__).parents[1] / "docs" / "samples" / "supplier_links.csv"
HEADER = "client department,client segment,supplier department,supplier personnel number"


def links(db: Database) -> set[tuple[str | None, str | None, str | None, str | None]]:
    with db.read() as s:
        deps = dict(s.execute(select(Department.id, Department.name)).all())
        segs = dict(s.execute(select(Segment.id, Segment.name)).all())
        nos = dict(s.execute(select(Employee.id, Employee.personnel_no)).all())
        return {(deps.get(link.client_department_id), segs.get(link.client_segment_id),
                 deps.get(link.supplier_department_id), nos.get(link.supplier_employee_id))
                for link in s.execute(select(SupplierLink)).scalars()}


def own(db: Database, personnel_no: str) -> list[str]:
    with db.read() as s:
        me = s.scalar(select(Employee.id).where(Employee.personnel_no == personnel_no))
        assert me is not None
        return sorted(c.personnel_no for c in own_suppliers(s, me))


@pytest.fixture
def plant(db: Database, config: Config) -> Database:
    import_directory(db, config, SAMPLES / "directory_utf8_bom_comma.csv")
    return db


def test_sample_gives_the_kiosk_its_own_suppliers(plant: Database) -> None:
    assert own(plant, "0101") == []  # what the audit found: nobody is anyone's own supplier
    summary = import_supplier_links(plant, LINKS)
    assert (summary.rows, summary.clients, summary.created, summary.removed) == (8, 4, 8, 0)
    # 0101 works in Цех №1: both service departments' people and the IT specialist 0400.
    assert own(plant, "0101") == ["0200", "0201", "0202", "0300", "0301", "0400"]
    # 0102 is in Цех №1 and in the segment Качество: both lists together.
    assert own(plant, "0102") == ["0200", "0201", "0202", "0300", "0301", "0400", "0401"]
    assert own(plant, "0500") == []  # Отдел кадров is nobody's client in the file
    again = import_supplier_links(plant, LINKS)
    assert (again.created, again.removed, again.unchanged) == (0, 0, 8)
    with plant.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "supplier_links.import")) == 2


def test_a_client_in_the_file_gets_exactly_the_files_list(plant: Database) -> None:
    import_supplier_links(plant, LINKS)
    before = links(plant)
    # cp1251 with commas; English department name; Цех №1 now needs only the warehouse,
    # Заводоуправление nobody; the other clients are not in the file and keep their links.
    data = "\n".join([HEADER, "Цех №1 (трубоэлектросварочный),,Склад ТМЦ,",
                      "Zavodoupravlenie,,,"]).encode("cp1251")
    with plant.write() as s:
        s.execute(Department.__table__.update().where(Department.name == "Заводоуправление")
                  .values(name_en="Zavodoupravlenie"))
    summary = import_supplier_links(plant, data)
    assert (summary.clients, summary.created, summary.removed, summary.unchanged) == (2, 0, 4, 1)
    after = links(plant)
    assert after == {link for link in before
                     if link[0] not in ("Цех №1 (трубоэлектросварочный)", "Заводоуправление")
                     } | {("Цех №1 (трубоэлектросварочный)", None, "Склад ТМЦ", None)}
    assert own(plant, "0101") == ["0300", "0301"]


def test_dry_run_and_cli(plant: Database, db_url: str,
                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "import", "supplier-links", "--dry-run", str(LINKS)]) == 0
    assert "would import 8 rows for 4 clients: 8 links created" in capsys.readouterr().out
    assert links(plant) == set()
    assert main(["--db", db_url, "import", "supplier-links", str(LINKS)]) == 0
    assert len(links(plant)) == 8


def test_bad_file_is_rejected_whole(plant: Database, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    import_supplier_links(plant, LINKS)
    before = links(plant)
    with plant.write() as s:
        s.execute(Employee.__table__.update().where(Employee.personnel_no == "0501")
                  .values(active=False))
    rows = [HEADER,
            "Цех №1 (трубоэлектросварочный),Качество,Склад ТМЦ,",  # 2 both client sides
            ",,Склад ТМЦ,",                                       # 3 no client
            "Нет такого,,Склад ТМЦ,",                             # 4 unknown department
            ",Нет такого,Склад ТМЦ,",                             # 5 unknown segment
            "Отдел ИТ,,Склад ТМЦ,0300",                           # 6 both supplier sides
            "Отдел ИТ,,Нет такого,",                              # 7 unknown supplier dept
            "Отдел ИТ,,,0999",                                    # 8 unknown person
            "Отдел ИТ,,,0501",                                    # 9 inactive person
            "Отдел ИТ,,Склад ТМЦ,",
            "отдел  ит,,склад тмц,"]                              # 11 duplicate of 10
    bad = tmp_path / "links.csv"
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    with pytest.raises(ImportFailed) as caught:
        import_supplier_links(plant, bad)
    assert [(e.line, e.code) for e in caught.value.errors] == [
        (2, "one_client"), (3, "no_client"), (4, "unknown_client_department"),
        (5, "unknown_segment"), (6, "one_supplier"), (7, "unknown_supplier_department"),
        (8, "unknown_supplier"), (9, "inactive_supplier"), (11, "duplicate_link")]
    assert links(plant) == before
    assert main(["--db", db_url, "import", "supplier-links", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "links.csv: line 8: supplier_personnel_no: no employee with personnel number '0999'" \
        in err
    assert "nothing was written" in err
    no_client = tmp_path / "nc.csv"
    no_client.write_text("supplier department\nСклад ТМЦ\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_supplier_links(plant, no_client)
    assert [e.code for e in caught.value.errors] == ["no_client_column"]
