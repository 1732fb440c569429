"""``pulse import directory --url URL [--token ENV_NAME]``: the directory pulled over HTTP."""

from __future__ import annotations

from shared.cli import Context, UserError


def pull_directory_command(ctx: Context) -> int:
    """``pulse import directory --url URL [--token ENV_NAME]`` (hooked into the file import)."""
    import sys

    from shared.csvin import ImportFailed, format_errors
    from shared.integrations.hr_pull import HrPullError, pull_directory
    from shared.integrations.webhooks import redact_url
    where = redact_url(ctx.args.url)
    try:
        summary = pull_directory(ctx.database(), ctx.config, ctx.args.url,
                                 token_env=ctx.args.token,
                                 deactivate_missing=ctx.args.deactivate_missing,
                                 dry_run=ctx.args.dry_run, force=ctx.args.force,
                                 actor=ctx.actor)
    except HrPullError as exc:
        raise UserError(str(exc)) from None
    except ImportFailed as failure:
        for line in format_errors(failure.errors):
            print(f"{where}: {line}", file=sys.stderr)
        print(f"pulse: {where} rejected: {len(failure.errors)} error(s), nothing was written",
              file=sys.stderr)
        return 1
    verb = "would import" if ctx.args.dry_run else "imported"
    print(f"{verb} {summary.rows} rows from {where}: {summary.created} created, "
          f"{summary.updated} updated, {summary.unchanged} unchanged, "
          f"{summary.reactivated} reactivated, {summary.deactivated} deactivated")
    return 0
