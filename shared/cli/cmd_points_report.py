"""``pulse report month``: the monthly dispute-points report as PDF (Qt, offscreen) and CSV;
and the job that writes the closed month's report once a month (``pulse jobs run``)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

from shared.cli import CommandLine, Context, UserError
from shared.config import Config
from shared.db import Database
from shared.domain.points_report import MonthReport

CSV_HEADER = ["month", "department", "row", "personnel_no", "employee", "points", "wins",
              "losses", "bonus", "fine", "balance", "pool", "pool_points", "pool_money",
              "currency"]
# The same columns for Russian Excel (docs/glossary.md: points are баллы).
CSV_HEADER_RU = ["Месяц", "Подразделение", "Строка", "Таб. №", "Сотрудник", "Баллы",
                 "Выигрыши", "Проигрыши", "Премия", "Штраф", "Баланс", "Фонд", "Баллы фонда",
                 "Сумма фонда", "Валюта"]
ROW_KINDS = {"ru": {"person": "сотрудник", "department": "итого по подразделению",
                    "proposal": "за предложения"},
             "en": {"person": "person", "department": "department", "proposal": "proposal"}}
CURRENCIES_RU = {"RUB": "руб.", "EUR": "евро", "USD": "долл."}


def csv_header(language: str) -> list[str]:
    return CSV_HEADER_RU if language == "ru" else CSV_HEADER


def report_rows(report: MonthReport, language: str = "en") -> list[list[Any]]:
    """One row per person and one total row per department (numbers stay numbers), the
    words in ``language``; then one row per supplier with proposal points (``row`` =
    ``proposal``; ``wins`` = proposals accepted, ``losses`` = implemented)."""
    kinds = ROW_KINDS.get(language, ROW_KINDS["en"])
    rows: list[list[Any]] = []
    for d in report.departments:
        rule = d.rule
        money = rule is not None and rule.kind == "money"
        currency = rule.currency if rule is not None else ""
        if language == "ru":
            currency = CURRENCIES_RU.get(currency.upper(), currency)
        for p in d.people:
            rows.append([report.month, d.name, kinds["person"], p.personnel_no, p.full_name,
                         p.points,
                         p.wins, p.losses, float(p.bonus) if money else None,
                         float(p.fine) if money else None, None, None, None, None,
                         currency if money else None])
        pool = rule.pool_name if rule is not None and rule.kind == "pool" else None
        rows.append([report.month, d.name, kinds["department"], None, None, d.points, d.wins,
                     d.losses, float(d.bonuses) if money else None,
                     float(d.fines) if money else None, float(d.balance) if money else None,
                     pool, d.pool_points if pool else None,
                     float(d.pool_money) if d.pool_money is not None else None,
                     currency or None])
    # Proposal points: their own rows (row = "proposal"), never in a department's totals.
    for ln in report.proposals:
        rows.append([report.month, ln.department, kinds["proposal"], ln.personnel_no, ln.full_name,
                     ln.points, ln.accepted, ln.implemented, None, None, None, None, None,
                     None, None])
    return rows


def _month(ctx: Context) -> int:
    from shared.domain.points import parse_month
    args = ctx.args
    try:
        parse_month(args.month)
    except ValueError as exc:
        raise UserError(f"--month: {exc}") from None
    if not args.pdf and not args.csv:
        raise UserError("say where to write the report: --pdf FILE and/or --csv FILE")
    for target in (args.pdf, args.csv):
        if target and not Path(target).resolve().parent.is_dir():
            raise UserError(f"{target}: the folder does not exist")
    database = ctx.plant_database(args.plant)
    department_id = None
    if args.department:
        from shared.cli.cmd_disputes import find_department
        with database.read() as session:
            department_id = find_department(session, args.department).id
    # Names in the report's language (English ones where the directory has them).
    language = args.language or ctx.config.site.default_language
    departments, pages = write_month_report(database, ctx.config, args.month,
                                            pdf=args.pdf, csv=args.csv, language=language,
                                            department_id=department_id)
    if args.csv:
        print(f"CSV: {args.csv} ({departments} departments)")
    if args.pdf:
        print(f"PDF: {args.pdf} ({pages} pages)")
    return 0


def write_month_report(db: Database, config: Config, month: str, *, pdf: str | None,
                       csv: str | None, language: str,
                       department_id: int | None = None) -> tuple[int, int]:
    """The month's report as CSV and/or PDF (``pulse report month``, and the monthly job);
    returns the departments in it and the PDF's pages (0 without a PDF)."""
    from shared.csvout import write_csv
    from shared.domain.points_report import load_month_report
    with db.read() as session:
        report = load_month_report(session, config, month, department_id, language)
    if csv:
        # Russian Excel opens a double-clicked file in columns only with ';' and a decimal
        # comma; the headers and words follow the language as the PDF does.
        write_csv(csv, csv_header(language), report_rows(report, language), language=language)
    pages = 0
    if pdf:
        from shared.qt.report_pdf import ensure_gui_application, render_month_report_pdf
        ensure_gui_application(language)
        pages = render_month_report_pdf(report, pdf, tz=config.tz, language=language)
    return len(report.departments), pages


REPORT_WORK = "report"  # monthly_runs.work of the monthly report


def report_folder(config: Config) -> Path:
    """``disputes.report_folder``, or ``reports`` in the data directory."""
    from shared.config import default_data_dir
    if config.disputes.report_folder.strip():
        return Path(config.disputes.report_folder.strip()).expanduser()
    return Path(config.data_dir or default_data_dir()) / "reports"


def monthly_report_job(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
    """``pulse jobs run``: on its first run of a month, the closed month's report (PDF and
    CSV, in ``site.default_language``) into ``report_folder``; once per month (recorded in
    ``monthly_runs``). The files appear whole: written under a temporary name, then renamed."""
    from shared.domain.monthly import closed_month, mark_monthly_done, monthly_done
    month = closed_month(now, config.tz)
    with db.read() as session:
        if monthly_done(session, month, REPORT_WORK) is not None:
            return {}
    folder = report_folder(config)
    folder.mkdir(parents=True, exist_ok=True)
    pdf, csv = folder / f"points-{month}.pdf", folder / f"points-{month}.csv"
    token = f"{os.getpid()}.{secrets.token_hex(4)}"  # two runners at once: their own files
    temp_pdf, temp_csv = (folder / f".{p.name}.{token}.part" for p in (pdf, csv))
    try:
        departments, _pages = write_month_report(db, config, month, pdf=str(temp_pdf),
                                                 csv=str(temp_csv),
                                                 language=config.site.default_language)
        os.replace(temp_csv, csv)
        os.replace(temp_pdf, pdf)
    finally:
        for temp in (temp_pdf, temp_csv):
            temp.unlink(missing_ok=True)
    with db.write() as session:
        mark_monthly_done(session, month, REPORT_WORK, now, f"{pdf.name}, {csv.name}")
    return {"month": month, "departments": departments, "pdf": str(pdf), "csv": str(csv)}


def register(cli: CommandLine) -> None:
    report = cli.group("report", "Reports.")
    month = cli.command("month", _month, "The month's dispute points per department: points, "
                        "wins/losses, bonus/fine or pool, open disputes, flagged regulations.",
                        parent=report)
    month.add_argument("--month", required=True, metavar="YYYY-MM")
    month.add_argument("--department", metavar="NAME", help="only this department")
    month.add_argument("--plant", metavar="ID_OR_NAME",
                       help="at a head office: one plant's report (default: company-wide; "
                            "docs/plants.md)")
    month.add_argument("--pdf", metavar="FILE", help="write an A4 PDF")
    month.add_argument("--csv", metavar="FILE", help="write a CSV (formula-safe, UTF-8 BOM; in "
                       "Russian: Russian headers, ';' and a decimal comma, for Russian Excel)")
    month.add_argument("--language", choices=("ru", "en"),
                       help="language of the PDF and of the names in it and in the CSV "
                            "(default: site.default_language)")
