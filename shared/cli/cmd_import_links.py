"""``pulse import supplier-links FILE``: the own suppliers of client departments and segments."""

from __future__ import annotations

from shared.cli import CommandLine, Context


def _supplier_links(ctx: Context) -> int:
    from shared.cli.cmd_import import run_file_import
    from shared.domain.supplier_links import import_supplier_links
    return run_file_import(
        ctx, lambda path: import_supplier_links(ctx.database(), path, dry_run=ctx.args.dry_run,
                                                actor=ctx.actor),
        lambda s: f"{s.rows} rows for {s.clients} clients: {s.created} links created, "
                  f"{s.removed} removed, {s.unchanged} unchanged")


def register(cli: CommandLine) -> None:
    group = cli.group("import", "Import CSV files (all-or-nothing; errors listed by line).")
    cmd = cli.command(
        "supplier-links", _supplier_links,
        "Import own suppliers, shown first on the kiosk: per row a client department OR "
        "client segment and a supplier department OR supplier personnel number (names in "
        "Russian or English). Every client the file names gets exactly the suppliers listed "
        "for it (its other links are removed; a row without a supplier empties its list); "
        "clients not in the file keep theirs.", parent=group)
    cmd.add_argument("file", help="CSV file (UTF-8 or cp1251, ';' or ',')")
    cmd.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")
