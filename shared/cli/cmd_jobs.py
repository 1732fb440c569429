"""``pulse jobs run|list``: the periodic jobs (nudges, supplier alerts, and the others' jobs)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from shared.cli import CommandLine, Context, UserError

if TYPE_CHECKING:
    from shared.jobs import JobFunction


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


def all_jobs() -> list[tuple[str, JobFunction]]:
    """``shared.jobs.JOBS`` with the monthly report after the monthly work it reports
    (its PDF is painted with Qt, which the runner does not import; this layer gives it)."""
    from shared.cli.cmd_points_report import monthly_report_job
    from shared.jobs import JOBS
    jobs = list(JOBS)
    names = [name for name, _f in jobs]
    if "improved_points" in names:  # (a list of jobs without the monthly work gets no report)
        jobs.insert(names.index("improved_points") + 1, ("monthly_report", monthly_report_job))
    return jobs


def job_names() -> list[str]:
    return [name for name, _f in all_jobs()]


def _run(ctx: Context) -> int:
    from shared.jobs import run_jobs
    now = parse_now(ctx.args.now, ctx.config.tz)
    unknown = [n for n in ctx.args.only or [] if n not in job_names()]
    if unknown:
        raise UserError(f"unknown job {unknown[0]!r}, jobs are: {', '.join(job_names())}")
    results = run_jobs(ctx.database(), ctx.config, now=now, only=ctx.args.only or None,
                       jobs=all_jobs())
    for result in results:
        print(result.line())
    return 0 if all(r.ok for r in results) else 1


def _list(ctx: Context) -> int:
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
