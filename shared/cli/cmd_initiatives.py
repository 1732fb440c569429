"""``pulse initiatives map`` (the living map the wallboard shows), ``pulse impact`` and
``pulse report initiatives`` (the map on A3 paper)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from shared.cli import CommandLine, Context, UserError
from shared.domain.impact import ImpactFit
from shared.domain.initiative_impact import InitiativeImpact, initiative_impact
from shared.domain.initiative_map import LiveInitiative, live_map
from shared.domain.initiatives import name_key


def _num(value: float, decimals: int = 1) -> str:
    return f"{value:+.{decimals}f}".replace("-", "\u2212")


def _money(value: float) -> str:
    return f"{value:,.0f}".replace("-", "\u2212")


def _row_text(row: LiveInitiative, previous_month: str) -> str:
    supplier = row.supplier_department or "any supplier"
    if row.now.mean is None:
        score = "not enough ratings yet"
    else:
        score = f"{row.now.mean:.1f} ({row.now.clients} clients)"
    change = "" if row.change is None else f", {_num(row.change)} vs {previous_month}"
    text = f"  {row.improvement} -> {supplier}: {score}{change}"
    if row.kpi:
        way = {True: ", better", False: ", worse", None: ""}[row.kpi.improving]
        text += f"; KPI {row.kpi.metric}: {row.kpi.values[-1]:g}{way}"
    return text


def _map(ctx: Context) -> int:
    month = ctx.month()
    with ctx.plant_database(ctx.args.plant).read() as s:
        live = live_map(s, ctx.config, month)
    segments = list(live.segments)
    if ctx.args.segment:
        wanted = name_key(ctx.args.segment)
        segments = [g for g in segments if wanted in (name_key(g.name), name_key(g.name_en or ""))]
        if not segments:
            raise UserError(f"no segment {ctx.args.segment!r}")
    if ctx.args.json:
        print(json.dumps({"month": live.month, "previous_month": live.previous_month,
                          "k": live.k, "segments": [dataclasses.asdict(g) for g in segments]},
                         ensure_ascii=False, indent=2))
        return 0
    if live.empty:
        print("No initiative map yet: pulse import initiatives FILE")
        return 0
    print(f"Initiative map, {live.month} (satisfaction in completed blocks of at least "
          f"{live.k} distinct clients)")
    for seg in segments:
        print(f"{seg.name}" + (f" - goal: {seg.goal}" if seg.goal else ""))
        if not seg.initiatives:
            print("  no initiatives yet")
        for row in seg.initiatives:
            print(_row_text(row, live.previous_month))
    return 0


def _effect(fit: ImpactFit) -> str:
    return (f"{_num(fit.per_10pct)} % per +10 % satisfaction (95 % interval "
            f"{fit.per_10pct_low:.1f} \u2026 {fit.per_10pct_high:.1f})")


def _impact_text(item: InitiativeImpact) -> list[str]:
    way = "higher is better" if item.direction > 0 else "lower is better"
    suppliers = ", ".join(item.departments) or "any supplier"
    lines = [f"{item.segment} \u00b7 {item.metric} ({way}) <- {suppliers}"]
    if not item.measurable or item.fit is None:
        lines.append(f"    not measurable yet ({item.months} months)")
        return lines
    text = f"    {_effect(item.fit)}, {item.months} months"
    if item.roubles_year is not None and item.roubles_low is not None \
            and item.roubles_high is not None:
        text += (f"; worth {_money(item.roubles_year)} RUB a year ({_money(item.roubles_low)}"
                 f" \u2026 {_money(item.roubles_high)})")
    lines.append(text)
    return lines


def _impact(ctx: Context) -> int:
    month = ctx.month()
    with ctx.plant_database(ctx.args.plant).read() as s:
        report = initiative_impact(s, ctx.config, month)
    if ctx.args.json:
        data: dict[str, Any] = dataclasses.asdict(report)
        data["roubles_year"] = report.roubles_year
        for item, obj in zip(data["initiatives"], report.initiatives, strict=True):
            item["per_10pct"] = obj.per_10pct
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"Impact of satisfaction with suppliers on client KPIs, months up to {month}")
    if report.company is not None and report.company_measurable:
        print(f"Company: {_num(report.company.per_10pct)} % on client KPIs per +10 % "
              f"satisfaction (95 % interval {report.company.per_10pct_low:.1f} \u2026 "
              f"{report.company.per_10pct_high:.1f}), {report.company.n_observations} "
              f"month-to-month changes in {report.company.n_groups} KPIs")
    else:
        points = report.company.n_observations if report.company else 0
        print(f"Company: not measurable yet ({points} month-to-month changes)")
    if report.roubles_year is not None:
        print(f"Worth {_money(report.roubles_year)} RUB a year for +10 % satisfaction, over "
              "the measurable KPIs with a value per unit")
    for item in report.initiatives:
        print("\n".join(_impact_text(item)))
    if not report.initiatives:
        print("No initiative map yet: pulse import initiatives FILE")
    return 0


PLANT_HELP = "at a head office: one plant's map (default: company-wide; docs/plants.md)"


def register(cli: CommandLine) -> None:
    group = cli.group("initiatives", "The living initiative map.")
    cmd = cli.command("map", _map, "Print the map with each segment's satisfaction with the "
                      "suppliers its initiatives name (as the wallboard shows it).", parent=group)
    cmd.add_argument("--month", metavar="YYYY-MM", help="default: this month")
    cmd.add_argument("--segment", metavar="NAME", help="one segment only")
    cmd.add_argument("--plant", metavar="ID_OR_NAME", help=PLANT_HELP)
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    cmd = cli.command("impact", _impact, "Effect of satisfaction with suppliers on client "
                      "KPIs, per initiative and company-wide, in roubles where a KPI has a "
                      "value per unit.")
    cmd.add_argument("--month", metavar="YYYY-MM", help="the last month counted "
                                                        "(default: this month)")
    cmd.add_argument("--plant", metavar="ID_OR_NAME", help=PLANT_HELP)
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    register_report(cli)


def _report(ctx: Context) -> int:
    from pathlib import Path

    from shared.qt.initiatives_pdf import render_initiatives_pdf
    from shared.qt.report_pdf import ensure_gui_application
    month = ctx.month()
    target = Path(ctx.args.output)
    if not target.resolve().parent.is_dir():
        raise UserError(f"{target}: the folder does not exist")
    language = ctx.args.language or ctx.config.site.default_language
    with ctx.plant_database(ctx.args.plant).read() as s:
        live = live_map(s, ctx.config, month)
    if live.empty:
        raise UserError("no initiative map yet: pulse import initiatives FILE")
    ensure_gui_application(language)
    pages = render_initiatives_pdf(live, target, company=ctx.config.site.company_name,
                                   tz=ctx.config.tz, language=language)
    print(f"PDF: {target} ({pages} pages, A3 landscape)")
    return 0


def register_report(cli: CommandLine) -> None:
    group = cli.group("report", "Reports.")
    cmd = cli.command("initiatives", _report, "The living initiative map as A3 landscape "
                      "pages for department meetings (PDF, text searchable).", parent=group)
    cmd.add_argument("--month", metavar="YYYY-MM", help="default: this month")
    cmd.add_argument("--language", choices=("ru", "en"),
                     help="default: the site's language")
    cmd.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    cmd.add_argument("--plant", metavar="ID_OR_NAME", help=PLANT_HELP)
