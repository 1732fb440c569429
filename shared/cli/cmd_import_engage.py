"""``pulse import initiatives FILE`` and ``pulse import kpis FILE``: the map and monthly KPIs."""

from __future__ import annotations

from shared.cli import CommandLine, Context


def _initiatives(ctx: Context) -> int:
    from shared.cli.cmd_import import run_file_import
    from shared.domain.initiatives import import_initiatives
    return run_file_import(
        ctx, lambda path: import_initiatives(ctx.database(), ctx.config, path,
                                             dry_run=ctx.args.dry_run, force=ctx.args.force,
                                             actor=ctx.actor),
        lambda s: f"{s.rows} initiatives: {s.created} created, {s.updated} updated, "
                  f"{s.unchanged} unchanged, {s.removed} removed; {s.segments_created} new "
                  f"segments, {s.tags_created} new reason tags")


def _kpis(ctx: Context) -> int:
    from shared.cli.cmd_import import run_file_import
    from shared.domain.kpis import import_kpis
    return run_file_import(
        ctx, lambda path: import_kpis(ctx.database(), ctx.config, path,
                                      dry_run=ctx.args.dry_run, actor=ctx.actor),
        lambda s: f"{s.rows} KPI values: {s.created} created, {s.updated} updated, "
                  f"{s.unchanged} unchanged")


def register(cli: CommandLine) -> None:
    group = cli.group("import", "Import CSV files (all-or-nothing; errors listed by line).")
    cmd = cli.command("initiatives", _initiatives,
                      "Import the initiative map (segment, goal, metric, what the supplier must "
                      "improve, supplier department, company initiative); the file replaces "
                      "the map.", parent=group)
    cmd.add_argument("file", help="CSV file (UTF-8 or cp1251, ';' or ',')")
    cmd.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")
    cmd.add_argument("--force", action="store_true",
                     help="import a file without rows even though it removes the whole map")
    cmd = cli.command("kpis", _kpis,
                      "Import monthly KPI values (segment or department, metric, month, value).",
                      parent=group)
    cmd.add_argument("file", help="CSV file (UTF-8 or cp1251, ';' or ','; decimal comma ok)")
    cmd.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")
