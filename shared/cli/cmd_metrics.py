"""``pulse metrics``, ``pulse scores``, ``pulse rate`` and ``pulse export tiers``.

Figures about other people's ratings are the published ones (``shared.domain.public.published``:
whole blocks of k distinct clients, settled index prior), so two runs a rating apart, or
over two windows a day apart, never tell one rating. ``--live`` shows the live figures to
an admin and writes who asked, and for what, to the audit log first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.cli import CommandLine, Context, UserError
from shared.csvout import write_csv
from shared.db.models import Department, Employee
from shared.domain.metrics import default_period, employee_metrics
from shared.domain.periods import Period, month_period
from shared.domain.plant_labels import AmbiguousDepartment, department_named
from shared.domain.public import supplier_scores
from shared.domain.public.published import published_metrics, published_scores
from shared.domain.ratings import record_rating
from shared.domain.tiers import export_tiers, store_tiers

# The tiers file for Russian Excel (pulse export tiers --language ru).
TIER_CSV_HEADER_RU = ("Месяц", "Уровень", "Таб. №", "ФИО", "ФИО (англ.)", "Подразделение",
                      "Индекс привлекательности", "Средняя оценка", "Доля довольных",
                      "Оценок", "Клиентов")
TIER_NAMES_RU = {"gold": "золото", "silver": "серебро", "bronze": "бронза"}

SCORE_CSV_HEADER = ("personnel_no", "full_name", "full_name_en", "department", "ratings",
                    "clients", "mean", "csat", "attractiveness_index", "tier", "withheld")
# The same file for Russian Excel (pulse scores --csv --language ru).
SCORE_CSV_HEADER_RU = ("Таб. №", "ФИО", "ФИО (англ.)", "Подразделение", "Оценок", "Клиентов",
                       "Средняя оценка", "Доля довольных", "Индекс привлекательности",
                       "Уровень", "Скрыто")

REFUSAL_TEXT = {
    "self": "nobody can rate themselves",
    "unknown_person": "no such employee",
    "inactive_rater": "the rater is not active",
    "inactive_supplier": "the supplier is not active",
    "bad_score": "the score must be 1 to 5",
    "unknown_reason": "not among the active reason codes: {codes} (see pulse reasons list)",
    "reason_not_offered": "not offered after a score of {score}: {codes}; "
                          "it takes {polarity} tags of the rater's segment or company-wide "
                          "(see pulse reasons list --segment)",
    "comment_too_long": "the comment is longer than {max_length} characters",
    "cooldown": "already rated {supplier_name} at {last_at}; next rating allowed from {next_at}",
}

# Metric 2's verdict, with both readings the programme gives (SPEC 5).
VERDICT_TEXT = {
    "stricter": "you rate these suppliers lower than their other clients do: either you "
                "expect more, or they serve you worse than they serve others",
    "kinder": "you rate these suppliers higher than their other clients do: either you "
              "expect less, or they serve you better than they serve others",
    "same": "you rate these suppliers as their other clients do",
}


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def _dump(obj: Any) -> str:
    is_instance = dataclasses.is_dataclass(obj) and not isinstance(obj, type)
    data = dataclasses.asdict(obj) if is_instance else obj
    return json.dumps(data, default=_json_default, ensure_ascii=False, indent=2)


def _person(session: Session, personnel_no: str) -> Employee:
    emp = session.execute(select(Employee).where(Employee.personnel_no == personnel_no)
                          ).scalar_one_or_none()
    if emp is None:
        raise UserError(f"no employee with personnel number {personnel_no}")
    return emp


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{what}: {text!r} is not a date, use YYYY-MM-DD") from None


def _month(text: str) -> Period:
    try:
        return month_period(text)
    except ValueError as exc:
        raise UserError(str(exc)) from None


LIVE_HELP = ("live figures instead of the published ones (each rating counts at once); "
             "written to the audit log")


def _audit_live(ctx: Context, command: str, **details: Any) -> None:
    """Log an admin's request for live figures; called after the input was checked and
    before anything is shown (nothing is shown if the log cannot be written)."""
    with ctx.database().write() as s:
        audit.record(s, actor=ctx.actor, action="figures.live",
                     details={"command": command, **details})


def _metrics(ctx: Context) -> int:
    cfg, a = ctx.config, ctx.args
    with ctx.database().read() as s:
        emp = _person(s, a.employee)
        # No dates: the kiosk's own windows (employee_metrics' default: metric 1 the last
        # period_days up to today, metrics 2 and 3 the last period_days up to yesterday).
        chosen: Period | None = None
        if a.date_from or a.date_to:
            default = default_period(cfg)
            start = _date(a.date_from, "--from") if a.date_from else default.start
            end = _date(a.date_to, "--to") if a.date_to else default.end
            if end < start:
                raise UserError("--to is before --from")
            chosen = Period(start, end)
        m = (employee_metrics if a.live else published_metrics)(s, cfg, emp.id, chosen)
        period = m.period
        who = f"{emp.full_name} ({emp.personnel_no})"
        counted = [(p.personnel_no, p.full_name) for p in s.execute(
            select(Employee).where(Employee.id.in_(m.counted_supplier_ids))
            .order_by(Employee.full_name)).scalars()]
    if a.live:
        _audit_live(ctx, "metrics", employee=a.employee, start=str(period.start),
                    end=str(period.end))
    if a.json:
        data = dataclasses.asdict(m)
        data["counted_suppliers"] = [{"personnel_no": no, "full_name": name}
                                     for no, name in counted]
        print(_dump(data))
        return 0

    def f(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"
    print(f"{who}, {period.start} .. {period.end}")
    # Metrics 2 and 3 are other people's ratings: settled days only, as on the kiosk.
    settled = (f"{m.others_period.start} .. {m.others_period.end}"
               if m.others_period is not None
               else "none yet (no settled day in the period)")
    print(f"   (metrics 2 and 3 count ratings {settled}"
          + (", live)" if a.live else f", in whole blocks of days with at least {m.k} clients)"))
    print(f"1. rates suppliers:           {f(m.given_mean)} ({m.given_count} ratings)")
    shown2 = "not enough ratings yet" if m.others_withheld else f(m.others_mean)
    print(f"2. their other clients give:  {shown2} ({m.others_count} ratings; "
          f"{m.suppliers_counted} of {m.suppliers_rated_settled} suppliers have at least "
          f"{m.k} other clients)")
    if not m.others_withheld:
        print(f"   you give the same suppliers: {f(m.my_mean_same_suppliers)} "
              f"({m.my_count_same_suppliers} ratings)   verdict: {m.verdict or '-'}")
        print("   counted: " + ", ".join(f"{name} ({no})" for no, name in counted))
        print("   " + VERDICT_TEXT.get(m.verdict or "", ""))
    else:
        print("   verdict: -")
    shown = "not enough ratings yet" if m.received_withheld else f(m.received_mean)
    print(f"3. rated by clients:          {shown} ({m.received_count} ratings, "
          f"{m.received_clients} clients, k={m.k})")
    return 0


def _department(session: Session, text: str) -> int:
    dep = None
    if text.isdigit():
        dep = session.get(Department, int(text))
    if dep is not None:
        return dep.id
    try:
        found = department_named(session, text)
    except AmbiguousDepartment as exc:
        raise UserError(f"--department: {exc}") from None
    if found is None:
        raise UserError(f"no department {text!r} (give its id or exact name)")
    return found


def _scores(ctx: Context) -> int:
    cfg, a = ctx.config, ctx.args
    period = _month(a.month)
    with ctx.plant_database(a.plant).read() as s:
        dep = _department(s, a.department) if a.department else None
        rows = (supplier_scores if a.live else published_scores)(s, cfg, period, dep)
    if a.live:  # logged before anything is shown
        _audit_live(ctx, "scores", month=a.month, department=a.department)
    if a.csv:
        ru = a.language == "ru"
        withheld = "недостаточно оценок" if ru else "withheld"
        table = [(r.personnel_no, r.full_name, r.full_name_en or "", r.department_name, r.n,
                  r.clients, "" if r.mean is None else round(r.mean, 3),
                  "" if r.csat is None else round(r.csat, 3),
                  "" if r.index is None else round(r.index, 3),
                  (TIER_NAMES_RU.get(r.tier, r.tier) if ru else r.tier) if r.tier else "",
                  withheld if r.withheld else "") for r in rows]
        header = SCORE_CSV_HEADER_RU if ru else SCORE_CSV_HEADER
        if a.output:
            write_csv(a.output, header, table, language=a.language)
        else:
            write_csv(sys.stdout, header, table, bom=False, language=a.language)
        return 0
    text = json.dumps({"month": a.month, "k": cfg.site.k_anonymity,
                       "figures": "live" if a.live else "published",
                       "suppliers": [dataclasses.asdict(r) for r in rows]},
                      default=_json_default, ensure_ascii=False, indent=2)
    if a.output:
        with open(a.output, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        print(text)
    return 0


def _rate(ctx: Context) -> int:
    cfg, a = ctx.config, ctx.args
    with ctx.database().write() as s:
        rater, supplier = _person(s, a.rater), _person(s, a.supplier)
        out = record_rating(s, cfg, rater_id=rater.id, supplier_id=supplier.id, score=a.score,
                            reason_codes=a.reason or (), comment=a.comment,
                            kiosk_id=a.kiosk or "cli")
    if out.status == "refused":
        params = {k: (v.isoformat(timespec="seconds") if isinstance(v, dt.datetime) else
                      ", ".join(v) if isinstance(v, list) else v)
                  for k, v in out.params.items()}
        raise UserError("rating refused: " + REFUSAL_TEXT[out.reason or ""].format(**params))
    print(f"rating {out.rating_id} {out.status}")
    return 0


def _export_tiers(ctx: Context) -> int:
    cfg, a = ctx.config, ctx.args
    _month(a.month)
    if a.live:
        _audit_live(ctx, "export tiers", month=a.month)
    words: dict[str, Any] = {}
    if a.language == "ru":
        words = {"header": TIER_CSV_HEADER_RU, "tier_names": TIER_NAMES_RU}
    db = ctx.database()
    rows = None
    if not a.live:
        # One rule: the tiers exported are those stored for the kiosk and the web page
        # (shared.domain.tiers.store_tiers, also run by `pulse jobs run`).
        with db.write() as s:
            rows = store_tiers(s, cfg, a.month, now=dt.datetime.now(dt.UTC))
    with db.read() as s:
        if a.output:
            n = export_tiers(s, cfg, a.month, a.output, live=a.live, language=a.language,
                             rows=rows, **words)
            print(f"{n} supplier{'' if n == 1 else 's'} with a tier in {a.month} written to "
                  f"{a.output}")
        else:
            export_tiers(s, cfg, a.month, sys.stdout, live=a.live, language=a.language,
                         rows=rows, **words)
    return 0


PLANT_HELP = ("at a head office: one plant's figures, as the plant computes them (default: "
              "company-wide; docs/plants.md)")


def register(cli: CommandLine) -> None:
    m = cli.command("metrics", _metrics, "An employee's three metrics (metrics 2 and 3 subject "
                    "to k, counting ratings up to the end of yesterday).")
    m.add_argument("--employee", required=True, metavar="PERSONNEL_NO")
    m.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    m.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    m.add_argument("--json", action="store_true", help="machine-readable output")
    m.add_argument("--live", action="store_true", help=LIVE_HELP)
    sc = cli.command("scores", _scores,
                     "Supplier scores of a month, published in blocks of k clients; rows "
                     "without a completed block are marked withheld.")
    sc.add_argument("--month", required=True, metavar="YYYY-MM")
    sc.add_argument("--department", metavar="ID_OR_NAME", help="only this department's subtree")
    sc.add_argument("--plant", metavar="ID_OR_NAME", help=PLANT_HELP)
    fmt = sc.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON (the default)")
    fmt.add_argument("--csv", action="store_true", help="CSV (formula-safe, UTF-8 with BOM)")
    sc.add_argument("-o", "--output", metavar="FILE")
    sc.add_argument("--language", choices=("ru", "en"),
                    help="with --csv: ru gives Russian headers and tier names, ';' and a "
                         "decimal comma for Russian Excel; default: English, ','")
    sc.add_argument("--live", action="store_true", help=LIVE_HELP)
    r = cli.command("rate", _rate, "Record one rating through the same rules as the kiosk.")
    r.add_argument("--rater", required=True, metavar="PERSONNEL_NO")
    r.add_argument("--supplier", required=True, metavar="PERSONNEL_NO")
    r.add_argument("--score", required=True, type=int, metavar="1-5")
    r.add_argument("--reason", action="append", metavar="CODE", help="reason tag code (repeat)")
    r.add_argument("--comment")
    r.add_argument("--kiosk", help="kiosk id to store (default: cli)")
    export = cli.group("export", "Export data as CSV.")
    t = cli.command("tiers", _export_tiers, "Supplier tiers of a month, for HR.", parent=export)
    t.add_argument("--month", required=True, metavar="YYYY-MM")
    t.add_argument("-o", "--output", metavar="FILE")
    t.add_argument("--live", action="store_true", help=LIVE_HELP)
    t.add_argument("--language", choices=("ru", "en"),
                   help="ru: Russian headers and tier names, ';' and a decimal comma for "
                        "Russian Excel (docs/glossary.md); default: English, ','")
