"""``pulse import directory --url URL [--token ENV_NAME]``: the directory pulled over HTTP."""

from __future__ import annotations

from shared.cli import Context, UserError


def pull_directory_command(ctx: Context) -> int:
    """``pulse import directory --url URL [--token ENV_NAME]`` (hooked into the file import)."""
    from shared.cli.cmd_import import print_import_errors
    from shared.csvin import ImportFailed
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
        return print_import_errors(failure, where)
    verb = "would import" if ctx.args.dry_run else "imported"
    print(f"{verb} {summary.rows} rows from {where}: {summary.created} created, "
          f"{summary.updated} updated, {summary.unchanged} unchanged, "
          f"{summary.reactivated} reactivated, {summary.deactivated} deactivated")
    return 0
