"""``pulse report month``: the monthly dispute-points report as PDF (Qt, offscreen) and CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shared.cli import CommandLine, Context, UserError
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
    from shared.csvout import write_csv
    from shared.domain.points import parse_month
    from shared.domain.points_report import load_month_report
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
    with ctx.plant_database(args.plant).read() as session:
        department_id = None
        if args.department:
            from shared.cli.cmd_disputes import find_department
            department_id = find_department(session, args.department).id
        # Names in the report's language (English ones where the directory has them).
        language = args.language or ctx.config.site.default_language
        report = load_month_report(session, ctx.config, args.month, department_id, language)
    if args.csv:
        # Russian Excel opens a double-clicked file in columns only with ';' and a decimal
        # comma; the headers and words follow --language as the PDF does.
        write_csv(args.csv, csv_header(language), report_rows(report, language),
                  language=language)
        print(f"CSV: {args.csv} ({len(report.departments)} departments)")
    if args.pdf:
        from shared.qt.report_pdf import ensure_gui_application, render_month_report_pdf
        ensure_gui_application(language)
        pages = render_month_report_pdf(report, args.pdf, tz=ctx.config.tz, language=language)
        print(f"PDF: {args.pdf} ({pages} pages)")
    return 0


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
