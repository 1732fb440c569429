"""``pulse influence``: the right to influence of one person, or how many raters get a decision."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from shared.cli import CommandLine, Context, UserError
from shared.db.models import Employee, Rating
from shared.domain.influence import (
    InfluenceDecision,
    client_standing,
    influence_summary,
    may_influence,
)
from shared.domain.periods import last_days, local_today
from shared.plurals import counted

BASIS_TEXT = {
    "own": "own rating over {days} days",
    "own_long": "own rating over {days} days (fewer than k clients in the usual window)",
    "team": "the team's rating (the others with the same manager), {days} days",
    "department": "the rating of {unit_name} ({levels} up from the own "
                  "department), {days} days",
}
REASON_TEXT = {
    None: "allowed",
    "not_higher": "refused: not higher",
    "client_not_rated_enough": "undecided: no basis has {k} clients yet",
    "supplier_not_rated_enough": "undecided: the supplier has fewer than {k} clients",
    "self": "refused: the same person",
    "unknown_person": "refused: no such person",
    "inactive": "refused: the {who} is not active",
}


def _person(session: Any, personnel_no: str) -> Employee:
    emp = session.execute(select(Employee).where(Employee.personnel_no == personnel_no)
                          ).scalar_one_or_none()
    if emp is None:
        raise UserError(f"no employee with personnel number {personnel_no}")
    return emp


def _line(d: InfluenceDecision) -> str:
    text = REASON_TEXT.get(d.reason, d.reason or "").format(**d.params)
    if "client_mean" in d.params:
        text += f" ({d.params['client_mean']:.2f} against {d.params['supplier_mean']:.2f})"
    return text


def _today(ctx: Context) -> dt.date:
    if not ctx.args.date:
        return local_today(ctx.config.tz)
    try:
        return dt.date.fromisoformat(ctx.args.date)
    except ValueError:
        raise UserError(f"--date: {ctx.args.date!r} is not a date, use YYYY-MM-DD") from None


def _summary(ctx: Context) -> int:
    today = _today(ctx)
    with ctx.database().read() as s:
        result = influence_summary(s, ctx.config, today)
    if ctx.args.json:
        print(json.dumps(dataclasses.asdict(result), default=str, ensure_ascii=False, indent=2))
        return 0
    share = result.decided / result.raters if result.raters else 0.0
    print(f"{result.period.start} .. {result.period.end}: {result.raters} people rated")
    print(f"  decided:   {result.decided} ({share:.0%}): {result.allowed} allowed, "
          f"{result.refused} refused")
    print(f"  undecided: {result.undecided}")
    print("  basis: " + ", ".join(f"{k} {v}" for k, v in sorted(result.bases.items())))
    return 0


def _influence(ctx: Context) -> int:
    a, cfg = ctx.args, ctx.config
    if a.what == "summary":
        return _summary(ctx)
    if not a.employee:
        raise UserError("give --employee PERSONNEL_NO (or: pulse influence summary)")
    today = _today(ctx)
    with ctx.database().read() as s:
        client = _person(s, a.employee)
        standing = client_standing(s, cfg, client, today)
        if a.supplier:
            suppliers = [_person(s, a.supplier)]
        else:  # the suppliers the person rated in the last period
            lo, hi = last_days(cfg.rating.period_days, today).utc_bounds(cfg.tz)
            suppliers = list(s.execute(
                select(Employee).where(Employee.id.in_(
                    select(Rating.supplier_id).where(
                        Rating.rater_id == client.id, Rating.status == "ok",
                        Rating.created_at >= lo, Rating.created_at < hi)))
                .order_by(Employee.full_name)).scalars())
        decisions = [((sup.full_name, sup.personnel_no),
                      may_influence(s, cfg, client.id, sup.id, today)) for sup in suppliers]
        name, number = client.full_name, client.personnel_no
    if a.json:
        print(json.dumps({
            "employee": number,
            "basis": standing.basis, "mean": None if standing.mean is None
            else round(standing.mean, 2), **{k: v for k, v in standing.params().items()
                                            if k != "basis"},
            "decisions": [{"supplier": sup[1], "allowed": d.allowed,
                           "reason": d.reason, "params": d.params} for sup, d in decisions],
        }, ensure_ascii=False, indent=2))
        return 0
    print(f"{name} ({number})")
    if standing.basis is None:
        print(f"  own rating: none yet (no basis has {cfg.site.k_anonymity} clients)")
    else:
        params = standing.params()
        basis = BASIS_TEXT[standing.basis].format(
            **params, levels=counted(int(params.get("levels_up") or 0), "level"))
        print(f"  own rating: {standing.mean:.2f}, decided by {basis}")
    for sup, d in decisions:
        print(f"  {sup[0]} ({sup[1]}): {_line(d)}")
    if not decisions:
        print("  no supplier rated in the last period (give --supplier)")
    return 0


def register(cli: CommandLine) -> None:
    c = cli.command("influence", _influence,
                    "The right to influence: one person's decision and its basis, or "
                    "'summary' (how many raters get a decision).")
    c.add_argument("what", nargs="?", choices=["summary"],
                   help="summary: raters, decided, allowed, refused, undecided")
    c.add_argument("--employee", metavar="PERSONNEL_NO")
    c.add_argument("--supplier", metavar="PERSONNEL_NO",
                   help="one supplier (default: those rated in the last period)")
    c.add_argument("--date", metavar="YYYY-MM-DD",
                   help="decide as on this day (default: today, plant time)")
    c.add_argument("--json", action="store_true", help="machine-readable output")
