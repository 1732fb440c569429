"""Regulations (import, list, flagged, revised) and the departments' points rules, for `pulse`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.cli import CommandLine, Context, UserError
from shared.csvin import ImportFailed
from shared.db.models import Department, DepartmentPointRule, Regulation


def _import_regulations(ctx: Context) -> int:
    from shared.regulations_import import import_regulations
    path = Path(ctx.args.file)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    try:
        summary = import_regulations(ctx.database(), path, dry_run=ctx.args.dry_run,
                                     actor=ctx.actor)
    except ImportFailed as failure:
        from shared.cli.cmd_import import print_import_errors
        return print_import_errors(failure, path)
    verb = "would import" if ctx.args.dry_run else "imported"
    print(f"{verb} {summary.rows} regulations: {summary.created} created, {summary.updated} "
          f"updated, {summary.unchanged} unchanged")
    return 0


def _regulations_list(ctx: Context) -> int:
    with ctx.database().read() as s:
        for r in s.execute(select(Regulation).order_by(Regulation.code)).scalars():
            flags = ("" if r.active else " [inactive]") + (" [needs revision]"
                                                           if r.needs_revision else "")
            print(f"{r.code}\t{r.title}\t{r.url or '-'}{flags}")
    return 0


def _regulations_flagged(ctx: Context) -> int:
    from shared.domain.disputes import flagged_regulations
    tz = ctx.config.tz
    with ctx.database().read() as s:
        flagged = flagged_regulations(s)
        if not flagged:
            print("no regulation is flagged for revision")
            return 0
        for regulation, disputes in flagged:
            print(f"{regulation.code}\t{regulation.title}\t{regulation.url or '-'}")
            for d in disputes:
                when = f"{d.resolved_at.astimezone(tz):%Y-%m-%d}" if d.resolved_at else "-"
                print(f"\tdispute {d.id}\t{d.state}\t{when}\t{d.description[:80]}")
    return 0


def _regulations_revised(ctx: Context) -> int:
    with ctx.database().write() as s:
        regulation = s.execute(select(Regulation).where(Regulation.code == ctx.args.code)
                               ).scalar_one_or_none()
        if regulation is None:
            raise UserError(f"no regulation with code {ctx.args.code}")
        if not regulation.needs_revision:
            print(f"{regulation.code} was not flagged")
            return 0
        regulation.needs_revision = False
        audit.record(s, actor=ctx.actor, action="regulation.revised",
                     details={"code": regulation.code})
    print(f"{ctx.args.code}: revision done, flag cleared")
    return 0


def find_department(session: Session, name: str) -> Department:
    """A department by exact name (case-insensitive), or by id given as ``#12``."""
    if name.startswith("#") and name[1:].isdigit():
        dep = session.get(Department, int(name[1:]))
    else:
        matches = [d for d in session.execute(select(Department)).scalars()
                   if d.name.casefold() == name.strip().casefold()
                   or (d.name_en or "").casefold() == name.strip().casefold()]
        dep = matches[0] if len(matches) == 1 else None
    if dep is None:
        raise UserError(f"no department named {name!r}")
    return dep


def _points_rule(ctx: Context) -> int:
    from shared.db.base import utcnow
    from shared.domain.points import month_of, parse_month, set_point_rule
    args = ctx.args
    valid_from = args.valid_from or month_of(utcnow(), ctx.config.tz)
    if args.pool_rate is not None and not args.pool:
        raise UserError("--pool-money-per-point goes with --pool")
    raw = args.pool_rate if args.pool else args.money_per_point
    try:
        parse_month(valid_from)
    except ValueError as exc:
        raise UserError(f"--from: {exc}") from None
    try:
        rate = Decimal(raw.replace(",", ".").replace(" ", "")) if raw else Decimal(0)
    except InvalidOperation:
        raise UserError(f"{raw!r} is not an amount of money") from None
    kind = "pool" if args.pool else "money"
    with ctx.database().write() as s:
        dep = find_department(s, args.department)
        try:
            rule = set_point_rule(s, department_id=dep.id, kind=kind, valid_from=valid_from,
                                  money_per_point=rate, currency=args.currency,
                                  pool_name=args.pool, actor=ctx.actor)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        print(f"{dep.name}: from {valid_from} " + _describe(rule))
    return 0


def _describe(rule: DepartmentPointRule) -> str:
    if rule.kind == "money":
        return f"money, {rule.money_per_point} {rule.currency} per point"
    rate = f", {rule.money_per_point} {rule.currency} per point" if rule.money_per_point else ""
    return f"pool {rule.pool_name!r}{rate}"


def _points_rules(ctx: Context) -> int:
    with ctx.database().read() as s:
        rows = s.execute(select(Department.name, DepartmentPointRule)
                         .join(Department, Department.id == DepartmentPointRule.department_id)
                         .order_by(Department.name, DepartmentPointRule.valid_from)).all()
        for name, rule in rows:
            print(f"{name}\tfrom {rule.valid_from}\t{_describe(rule)}")
    return 0


def register(cli: CommandLine) -> None:
    imports = cli.group("import", "Import CSV files (all-or-nothing; errors listed by line).")
    reg = cli.command("regulations", _import_regulations,
                      "Import the regulations catalogue (code, title, link, active).",
                      parent=imports)
    reg.add_argument("file", help="CSV file")
    reg.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")

    regs = cli.group("regulations", "The regulations catalogue that disputes refer to.")
    cli.command("list", _regulations_list, "Every regulation.", parent=regs)
    cli.command("flagged", _regulations_flagged,
                "Regulations flagged for revision, with the disputes that flagged them.",
                parent=regs)
    revised = cli.command("revised", _regulations_revised,
                          "Clear a regulation's 'needs revision' flag once it is rewritten.",
                          parent=regs)
    revised.add_argument("code")

    points = cli.group("points", "Dispute points: department conversion rules.")
    rule = cli.command("rule", _points_rule,
                       "Set a department's rule: money per point, or a common pool.",
                       parent=points)
    rule.add_argument("--department", required=True, metavar="NAME",
                      help="department name (or #ID)")
    kind = rule.add_mutually_exclusive_group(required=True)
    kind.add_argument("--money-per-point", metavar="AMOUNT",
                      help="money per point: bonuses for points, fines for negative points")
    kind.add_argument("--pool", metavar="NAME", help="a common pool fed by the fines")
    rule.add_argument("--pool-money-per-point", dest="pool_rate", metavar="AMOUNT",
                      help="with --pool: the money value of one point in the pool")
    rule.add_argument("--currency", default="RUB")
    rule.add_argument("--from", dest="valid_from", metavar="YYYY-MM",
                      help="first month the rule applies (default: this month)")
    cli.command("rules", _points_rules, "List every department's rules.", parent=points)
