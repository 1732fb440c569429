"""The monthly report as PDF (A4, pages, company name and Cyrillic text extractable) and CSV."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from shared.cli import main
from shared.config import Config
from shared.db import Database
from shared.db.models import Employee
from shared.domain.points_report import compute_month_report, load_month_report
from shared.qt.i18n import install_translations, uninstall_translations
from shared.qt.report_pdf import render_month_report_pdf
from tests.disputes_org import build_org
from tests.test_points_report import _march

pytestmark = pytest.mark.gui
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")


@pytest.fixture
def russian(qapp: QApplication) -> Iterator[QApplication]:
    install_translations(qapp, "ru")
    yield qapp
    uninstall_translations(qapp)
    QLocale.setDefault(QLocale("en_US"))


def _pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines()
                                               if ":" in line)}


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdfinfo, pdftotext) not installed")
def test_pdf_is_a4_with_company_and_cyrillic(db: Database, config: Config, tmp_path: Path,
                                             russian: QApplication) -> None:
    org = build_org(db)
    _march(db, config, org)
    config.site.company_name = "АО «Уральский завод»"
    with db.read() as s:
        report = load_month_report(s, config, "2026-03")
    path = tmp_path / "март.pdf"
    pages = render_month_report_pdf(report, path, tz=config.tz, language="ru")
    info = _pdfinfo(path)
    assert pages > 0 and int(info["Pages"]) == pages
    width, height = (float(v) for v in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = _text(path)
    assert "АО «Уральский завод»" in text
    assert "Иванов Иван" in text and "Ольга Смирнова" in text
    assert "Баллы по спорам: март 2026" in text
    assert "Обед в пятницу" in text and "РГ-022" in text
    assert "2 500,00 ₽" in text  # Ivan's bonus: 5 points x 500, in roubles as Russians write
    assert "RUB" not in text and "#" not in text and "SUPPLIER" not in text.upper()
    assert f"Стр. 1 из {pages}" in text


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdfinfo, pdftotext) not installed")
def test_long_report_breaks_pages_with_numbers(tmp_path: Path, qapp: QApplication) -> None:
    from decimal import Decimal

    from tests.test_points_report import PersonMonth, Rule
    people = [PersonMonth(i, f"{i:04d}", f"Сотрудник Номер {i}", 1 + i % 2, i % 7 - 3, 1, 1)
              for i in range(150)]
    report = compute_month_report(
        month="2026-02", company_name="Big Plant", department_names={1: "Цех", 2: "ИТ"},
        people=people, rules={1: Rule("money", Decimal("100"), "EUR", None, "2026-01")})
    path = tmp_path / "long.pdf"
    pages = render_month_report_pdf(report, path, tz=Config().tz, language="en")
    assert pages >= 3
    text = _text(path)
    assert text.count("Big Plant") == pages  # the header on every page
    assert f"Page {pages} of {pages}" in text
    assert "Сотрудник Номер 149" in text and "February 2026" in text


def test_cli_report_pdf_and_safe_csv(db: Database, db_url: str, config: Config, tmp_path: Path,
                                     qapp: QApplication,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    org = build_org(db)
    _march(db, config, org)
    with db.write() as s:
        s.execute(select(Employee).where(Employee.id == org.petr)).scalar_one().full_name = \
            "=HYPERLINK(\"http://evil\")"
    pdf, out = tmp_path / "r.pdf", tmp_path / "r.csv"
    assert main(["--db", db_url, "report", "month", "--month", "2026-03", "--pdf", str(pdf),
                 "--csv", str(out), "--language", "en"]) == 0
    assert pdf.stat().st_size > 1000 and pdf.read_bytes().startswith(b"%PDF")
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    people = {r["employee"]: r for r in rows if r["row"] == "person"}
    assert "'=HYPERLINK(\"http://evil\")" in people  # neutralised, shown as text
    assert people["Иванов Иван"]["points"] == "5" and people["Иванов Иван"]["bonus"] == "2500.0"
    totals = {r["department"]: r for r in rows if r["row"] == "department"}
    assert totals["Цех №1"]["balance"] == "-1500.0"
    assert totals["Склад"]["pool"] == "Обед в пятницу" and totals["Склад"]["pool_points"] == "3"
    assert main(["--db", db_url, "report", "month", "--month", "2026-03", "--department",
                 "Склад", "--csv", str(out), "--language", "en"]) == 0
    assert {r["department"] for r in csv.DictReader(
        out.read_text(encoding="utf-8-sig").splitlines())} == {"Склад"}
    assert main(["--db", db_url, "report", "month", "--month", "March"]) == 1
    assert "--month" in capsys.readouterr().err


def _words(path: Path) -> list[tuple[str, float, float, float]]:
    """Every word of the PDF with its left, top and right in points (``pdftotext -bbox``)."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [(w, float(x0), float(y0), float(x1)) for x0, y0, x1, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        html)]


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdfinfo, pdftotext) not installed")
def test_names_print_whole_in_one_grid_for_every_department(tmp_path: Path,
                                                            qapp: QApplication) -> None:
    """HR decides bonuses and fines from this page: 9 of 10 names were cut ("Мельникова
    Елена Васи…") while the money columns stood half empty; each department had its grid."""
    from decimal import Decimal

    from shared.domain.points_report import CarriedDispute, FlaggedRegulation
    from tests.test_points_report import OPENED, PersonMonth, Rule
    names = ["Мельникова Елена Васильевна", "Константинопольская Александра Владимировна",
             "Дементьев Константин Александрович", "Иванов Иван Иванович"]
    people = [PersonMonth(i, f"{i:04d}", names[i % len(names)], 1 + i % 2, i % 5 - 2, 1, 1)
              for i in range(8)]
    title = ("Порядок согласования заявок на ремонт оборудования с участием службы главного "
             "механика и отдела технического контроля")
    report = compute_month_report(
        month="2026-03", company_name="АО Завод",
        department_names={1: "Трубопрокатный цех №1", 2: "Служба главного механика"},
        people=people, rules={1: Rule("money", Decimal("500"), "RUB", None, "2026-01"),
                              2: Rule("pool", Decimal("0"), "RUB", "Обед", "2026-01")},
        carried=[CarriedDispute(9, 1, "РГ-001", names[1], names[2], "open", OPENED)],
        flagged=[FlaggedRegulation("РГ-007", title, None, ((9, "both_wrong"),))])
    path = tmp_path / "names.pdf"
    render_month_report_pdf(report, path, tz=Config().tz, language="en")
    words = _words(path)
    printed = [w for w, *_ in words]
    for name in [*names, title]:  # whole, wrapped if it must, never "…"
        assert all(word in printed for word in name.split()), name
    assert not any("\u2026" in w for w in printed)
    # One grid: every people table's "Wins", "Losses", "Bonus" stand at the same place.
    for head in ("Wins", "Losses", "Bonus"):
        lefts = {round(x0, 1) for w, x0, _y, _x1 in words if w == head}
        assert len(lefts) == 1, (head, lefts)
    # The name column takes the free width: the longest name fits one line.
    longest = [x1 for w, _x0, _y, x1 in words if w == "Владимировна"]
    assert longest and max(longest) < min(x0 for w, x0, _y, _x1 in words if w == "Wins")


def test_russian_csv_opens_in_columns_in_russian_excel(db: Database, db_url: str, config: Config,
                                                       tmp_path: Path,
                                                       qapp: QApplication) -> None:
    """UTF-8 with BOM, ';' between cells, a decimal comma, Russian headers and words; the
    same figures as the English file."""
    org = build_org(db)
    _march(db, config, org)
    ru, en = tmp_path / "ru.csv", tmp_path / "en.csv"
    assert main(["--db", db_url, "report", "month", "--month", "2026-03", "--csv", str(ru),
                 "--language", "ru"]) == 0
    assert main(["--db", db_url, "report", "month", "--month", "2026-03", "--csv", str(en),
                 "--language", "en"]) == 0
    raw = ru.read_bytes()
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Месяц;Подразделение;Строка;Таб. №;Сотрудник;Баллы;")
    assert not any(ch.isascii() and ch.isalpha() for ch in lines[0])  # no English header
    rows = list(csv.DictReader(lines, delimiter=";"))
    people = {r["Сотрудник"]: r for r in rows if r["Строка"] == "сотрудник"}
    assert people["Иванов Иван"]["Баллы"] == "5" and people["Иванов Иван"]["Премия"] == "2500,0"
    assert people["Иванов Иван"]["Валюта"] == "руб."
    totals = {r["Подразделение"]: r for r in rows if r["Строка"] == "итого по подразделению"}
    assert totals["Цех №1"]["Баланс"] == "-1500,0"
    english = list(csv.DictReader(en.read_text(encoding="utf-8-sig").splitlines()))
    assert len(english) == len(rows)
    assert [r["points"] for r in english] == [r["Баллы"] for r in rows]
    assert english[0]["currency"] in ("RUB", "")
