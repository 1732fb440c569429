"""``pulse fairness ...``: raters' leniency and rings of colleagues, for admins only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from shared.cli import CommandLine, Context, UserError
from shared.domain.fairness import (
    exclude_ring,
    rater_offsets_summary,
    restore_ring,
    rings_for_month,
)


def _raters(ctx: Context) -> int:
    month = ctx.month()
    with ctx.database().read() as s:
        summary = rater_offsets_summary(s, ctx.config, month)
    if ctx.args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print(f"Rater offsets in {month} (points above the consensus; groups of at least "
          f"{summary['k']} raters only)")
    company = summary["company"]
    if company is None:
        print("  fewer raters than k: nothing to show")
        return 0
    rows = [("company", company)] + [(f"department {d}", v)
                                     for d, v in summary["departments"].items()]
    for name, v in rows:
        print(f"  {name:<16} raters {v['raters']:>5}  p10 {v['p10']:+.2f}  median "
              f"{v['median']:+.2f}  p90 {v['p90']:+.2f}")
    if summary["departments_withheld"]:
        print(f"  {summary['departments_withheld']} departments with fewer than k raters "
              "withheld")
    return 0


def _rings(ctx: Context) -> int:
    month = ctx.month()
    with ctx.database().read() as s:
        rings = rings_for_month(s, ctx.config, month)
    if ctx.args.json:
        print(json.dumps({"month": month, "rings": [
            {**{k: v for k, v in dataclasses.asdict(r).items() if k != "pairs"},
             "pairs": [{**dataclasses.asdict(p), "lift": round(p.lift, 3),
                        "mean": round(p.mean, 3), "others_mean": round(p.others_mean, 3)}
                       for p in r.pairs]} for r in rings]},
            ensure_ascii=False, indent=2))
        return 0
    if not rings:
        print(f"No rings found in {month}.")
        return 0
    for r in rings:
        state = " (excluded)" if r.excluded else ""
        print(f"{r.id}  score {r.score:.2f}  {len(r.members)} people{state}: "
              + ", ".join(r.member_names))
        name = dict(zip(r.members, r.member_names, strict=False))
        for p in r.pairs:
            print(f"    {name.get(p.rater_id, p.rater_id)} -> "
                  f"{name.get(p.supplier_id, p.supplier_id)}: {p.n} ratings, mean {p.mean:.2f} vs "
                  f"{p.others_mean:.2f} from {p.others_n} others' ratings (lift "
                  f"{p.lift:+.2f}; usual pair volume {p.usual_n:g})")
    return 0


def _restore_tiers(s: Any, ctx: Context, month: str, now: dt.datetime) -> None:
    """The month's stored tiers (the kiosk's, the web page's) follow the change at once."""
    from shared.domain.tiers import store_tiers, tiers_stored_at
    if tiers_stored_at(s, month) is not None:
        store_tiers(s, ctx.config, month, now=now)


def _exclude(ctx: Context) -> int:
    reason = ctx.args.reason.strip()
    if not reason:
        raise UserError("--reason: say why the ring's ratings are excluded")
    with ctx.database().write() as s:
        now = dt.datetime.now(dt.UTC)
        try:
            ring = exclude_ring(s, ctx.config, ring=ctx.args.ring, reason=reason,
                                actor=ctx.actor, now=now)
        except LookupError:
            raise UserError(f"no ring {ctx.args.ring} (see pulse fairness rings)") from None
        except ValueError:
            raise UserError(f"{ctx.args.ring} is not a ring id, or is already excluded") \
                from None
        _restore_tiers(s, ctx, ring.month, now)
    print(f"{ring.id}: the mutual ratings of {len(ring.members)} people no longer count in "
          f"{ring.month}'s rankings and tiers (undo: pulse fairness restore {ring.id})")
    return 0


def _restore(ctx: Context) -> int:
    with ctx.database().write() as s:
        now = dt.datetime.now(dt.UTC)
        try:
            restore_ring(s, ring=ctx.args.ring, actor=ctx.actor, now=now)
        except LookupError:
            raise UserError(f"{ctx.args.ring} is not excluded") from None
        _restore_tiers(s, ctx, f"{ctx.args.ring[1:5]}-{ctx.args.ring[5:7]}", now)
    print(f"{ctx.args.ring}: its ratings count again")
    return 0


def register(cli: CommandLine) -> None:
    group = cli.group("fairness", "Harsh and lenient raters, rings of colleagues (admins).")
    r = cli.command("raters", _raters, "The distribution of raters' leniency offsets (groups "
                    "of at least k raters only).", parent=group)
    r.add_argument("--month", metavar="YYYY-MM", help="default: this month")
    r.add_argument("--json", action="store_true")
    g = cli.command("rings", _rings, "Groups of people who rate each other far above how their "
                    "other clients rate them, with the evidence.", parent=group)
    g.add_argument("--month", metavar="YYYY-MM", help="default: this month")
    g.add_argument("--json", action="store_true")
    e = cli.command("exclude", _exclude, "Exclude a ring's mutual ratings from rankings and "
                    "tiers (audited, reversible).", parent=group)
    e.add_argument("ring", metavar="RING_ID")
    e.add_argument("--reason", required=True)
    u = cli.command("restore", _restore, "Count an excluded ring's ratings again (audited).",
                    parent=group)
    u.add_argument("ring", metavar="RING_ID")
