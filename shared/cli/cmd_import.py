"""``pulse import directory FILE``: the HR directory export, all-or-nothing, errors by line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from shared.cli import CommandLine, Context, UserError
from shared.csvin import ImportFailed, format_errors
from shared.plurals import counted

S = TypeVar("S")


# Errors printed before the rest become a count: the first screen shows what is wrong.
MAX_PRINTED_ERRORS = 50


def print_import_errors(failure: ImportFailed, source: Path | str) -> int:
    """Each error on its own line (at most ``MAX_PRINTED_ERRORS``, then "... and N more
    errors"), then the verdict; the exit code of a rejected import."""
    name = source.name if isinstance(source, Path) else source
    for line in format_errors(failure.errors, limit=MAX_PRINTED_ERRORS):
        print(f"{name}: {line}", file=sys.stderr)
    print(f"pulse: {name} rejected: {counted(len(failure.errors), 'error')}, nothing was written",
          file=sys.stderr)
    return 1


def run_file_import(ctx: Context, run: Callable[[Path], S],
                    summary: Callable[[S], str]) -> int:
    """A ``pulse import ... FILE`` command: the file must exist; ``run(path)`` validates and
    (unless ``--dry-run``) writes; rejected rows are listed by line, else ``summary`` says
    what was (or would be) imported."""
    path = Path(ctx.args.file)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    try:
        result = run(path)
    except ImportFailed as failure:
        return print_import_errors(failure, path)
    verb = "would import" if ctx.args.dry_run else "imported"
    print(f"{verb} {summary(result)}")
    return 0


def _directory(ctx: Context) -> int:
    from shared.directory_import import import_directory
    if ctx.args.url:  # the HR system's REST endpoint (shared/integrations/hr_pull.py)
        from shared.cli.directory_pull import pull_directory_command
        return pull_directory_command(ctx)
    if not ctx.args.file:
        raise UserError("give a FILE or --url URL")
    path = Path(ctx.args.file)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    try:
        summary = import_directory(ctx.database(), ctx.config, path,
                                   deactivate_missing=ctx.args.deactivate_missing,
                                   dry_run=ctx.args.dry_run, force=ctx.args.force,
                                   actor=ctx.actor)
    except ImportFailed as failure:
        return print_import_errors(failure, path)
    verb = "would import" if ctx.args.dry_run else "imported"
    print(f"{verb} {summary.rows} rows: {summary.created} created, {summary.updated} updated, "
          f"{summary.unchanged} unchanged, {summary.reactivated} reactivated, "
          f"{summary.deactivated} deactivated; {summary.departments_created} new departments, "
          f"{summary.segments_created} new segments")
    return 0


def register(cli: CommandLine) -> None:
    group = cli.group("import", "Import CSV files (all-or-nothing; errors listed by line).")
    cmd = cli.command("directory", _directory,
                      "Import the employee directory (HR export: UTF-8 or cp1251, ';' or ',').",
                      parent=group)
    cmd.add_argument("file", nargs="?", help="CSV file")
    cmd.add_argument("--url", help="fetch JSON or CSV from the HR system's REST endpoint instead")
    cmd.add_argument("--token", metavar="ENV_NAME",
                     help="environment variable holding the Bearer token for --url")
    cmd.add_argument("--deactivate-missing", action="store_true",
                     help="deactivate active people who are not in the file (refused when "
                          "that is more than site.max_deactivate_percent of them)")
    cmd.add_argument("--force", action="store_true",
                     help="with --deactivate-missing: deactivate even more than "
                          "site.max_deactivate_percent of the active people")
    cmd.add_argument("--dry-run", action="store_true",
                     help="validate and count, write nothing")
