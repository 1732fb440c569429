"""``pulse import reasons FILE`` and ``pulse reasons list``: the kiosk's reason chips."""

from __future__ import annotations

from shared.cli import CommandLine, Context, UserError


def _import_reasons(ctx: Context) -> int:
    from shared.cli.cmd_import import run_file_import
    from shared.domain.reasons import import_reasons
    return run_file_import(
        ctx, lambda path: import_reasons(ctx.database(), path, dry_run=ctx.args.dry_run,
                                         actor=ctx.actor),
        lambda s: f"{s.rows} reason tags: {s.created} created, {s.updated} updated, "
                  f"{s.unchanged} unchanged")


def _list_reasons(ctx: Context) -> int:
    from sqlalchemy import select

    from shared.db.models import Segment
    from shared.domain.initiatives import name_key
    from shared.domain.reasons import list_reasons
    with ctx.database().read() as s:
        segment_id = None
        if ctx.args.segment:
            wanted = name_key(ctx.args.segment)
            found = [i for i, name, name_en in s.execute(
                select(Segment.id, Segment.name, Segment.name_en))
                if wanted in (name_key(name), name_key(name_en or ""))]
            if not found:
                raise UserError(f"no segment named {ctx.args.segment!r}")
            segment_id = found[0]
        rows = list_reasons(s, segment_id=segment_id, include_inactive=ctx.args.all)
    if not rows:
        print("no reason tags")
        return 0
    width = max(len(r.code) for r in rows)
    for r in rows:
        state = "" if r.active else "  (inactive)"
        where = r.segment or "company-wide"
        print(f"{r.code:<{width}}  {r.polarity:<8}  {where}: {r.label_ru} / {r.label_en}{state}")
    return 0


def register(cli: CommandLine) -> None:
    group = cli.group("import", "Import CSV files (all-or-nothing; errors listed by line).")
    cmd = cli.command(
        "reasons", _import_reasons,
        "Import reason tags, the kiosk's chips (code, segment or empty for company-wide, "
        "polarity negative/positive, label_ru, label_en, active): rows are matched by code "
        "and created or updated; tags missing from the file stay as they are (retire one "
        "with active = no). An empty code is derived from segment, polarity and label.",
        parent=group)
    cmd.add_argument("file", help="CSV file (UTF-8 or cp1251, ';' or ',')")
    cmd.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")
    reasons = cli.group("reasons", "Reason tags (the kiosk's chips after a score).")
    ls = cli.command("list", _list_reasons,
                     "List reason tag codes (for pulse rate --reason and the reasons file).",
                     parent=reasons)
    ls.add_argument("--segment", metavar="NAME",
                    help="only what the kiosk offers this segment: its own and company-wide tags")
    ls.add_argument("--all", action="store_true", help="include inactive tags")
