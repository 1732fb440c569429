"""``pulse jobs run|list``: the periodic jobs (nudges, supplier alerts, and the others' jobs)."""

from __future__ import annotations

import datetime as dt

from shared.cli import CommandLine, Context, UserError


def parse_now(text: str | None, tz: dt.tzinfo) -> dt.datetime | None:
    """``--now`` as an aware UTC instant; a time without zone is plant-local time."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UserError(f"--now {text!r} is not an ISO date-time, e.g. 2026-03-02T09:30") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(dt.UTC)


def _run(ctx: Context) -> int:
    from shared.jobs import job_names, run_jobs
    now = parse_now(ctx.args.now, ctx.config.tz)
    unknown = [n for n in ctx.args.only or [] if n not in job_names()]
    if unknown:
        raise UserError(f"unknown job {unknown[0]!r}, jobs are: {', '.join(job_names())}")
    results = run_jobs(ctx.database(), ctx.config, now=now, only=ctx.args.only or None)
    for result in results:
        print(result.line())
    return 0 if all(r.ok for r in results) else 1


def _list(ctx: Context) -> int:
    from shared.jobs import job_names
    for name in job_names():
        print(name)
    return 0


def register(cli: CommandLine) -> None:
    jobs = cli.group("jobs", "Periodic jobs: nudges, supplier alerts, dispute deadlines...")
    run = cli.command("run", _run, "Run every job once, in order (safe to repeat; run it from "
                      "cron or a systemd timer every few minutes).", parent=jobs)
    run.add_argument("--now", metavar="ISO", help="pretend it is this time (testing); a time "
                     "without a zone is plant-local")
    run.add_argument("--only", metavar="JOB", action="append",
                     help="run only this job (repeatable)")
    cli.command("list", _list, "List the jobs in the order they run.", parent=jobs)
