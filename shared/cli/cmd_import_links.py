"""``pulse import supplier-links FILE``: the own suppliers of client departments and segments."""

from __future__ import annotations

from pathlib import Path

from shared.cli import CommandLine, Context, UserError
from shared.csvin import ImportFailed


def _supplier_links(ctx: Context) -> int:
    from shared.cli.cmd_import import print_import_errors
    from shared.domain.supplier_links import import_supplier_links
    path = Path(ctx.args.file)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    try:
        s = import_supplier_links(ctx.database(), path, dry_run=ctx.args.dry_run)
    except ImportFailed as failure:
        return print_import_errors(failure, path)
    verb = "would import" if ctx.args.dry_run else "imported"
    print(f"{verb} {s.rows} rows for {s.clients} clients: {s.created} links created, "
          f"{s.removed} removed, {s.unchanged} unchanged")
    return 0


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
