"""``pulse poster``: print-ready PDF posters of the month's most attractive suppliers."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from shared.cli import CommandLine, Context, UserError
from shared.plurals import counted


def _poster(ctx: Context) -> int:
    args = ctx.args
    cfg = ctx.config
    month = args.month or dt.datetime.now(cfg.tz).strftime("%Y-%m")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise UserError(f"--month {month!r}: use YYYY-MM, e.g. 2026-11")
    from shared.domain.plant_labels import AmbiguousDepartment
    from shared.domain.posters import department_id_by_name, poster_entries
    db = ctx.plant_database(args.plant)
    with db.read() as session:
        department_id = None
        if args.department:
            try:
                department_id = department_id_by_name(session, args.department)
            except AmbiguousDepartment as exc:
                raise UserError(f"--department: {exc}") from None
            if department_id is None:
                raise UserError(f"--department {args.department!r}: no such department")
        entries = poster_entries(session, cfg, month, top=args.top,
                                 department_id=department_id)
    if not entries:
        raise UserError(f"no supplier had at least {cfg.site.k_anonymity} distinct clients in "
                        f"{month}: nothing to put on a poster")
    # Painting needs a QGuiApplication; the command line has no screen (offscreen platform).
    from shared.qt.poster import ensure_gui_application, write_posters
    ensure_gui_application()
    language = args.language or cfg.site.default_language
    pages = write_posters(entries, Path(args.output), size=args.size,
                          company=cfg.site.company_name, language=language,
                          in_department=department_id is not None)
    print(f"{args.output}: {counted(pages, 'poster page')}, {args.size}, {month}")
    return 0


def register(cli: CommandLine) -> None:
    cmd = cli.command("poster", _poster, "Print the month's most attractive suppliers as a PDF.")
    cmd.add_argument("--month", metavar="YYYY-MM", help="month (default: the current one)")
    cmd.add_argument("--plant", metavar="ID_OR_NAME",
                     help="at a head office: one plant's poster (default: company-wide; "
                          "docs/plants.md)")
    cmd.add_argument("--top", type=int, default=1, metavar="N", help="how many suppliers (pages)")
    cmd.add_argument("--size", choices=("A4", "A3"), default="A4", help="paper size")
    cmd.add_argument("--department", metavar="NAME", help="only suppliers of this department")
    cmd.add_argument("--language", choices=("ru", "en"), help="poster language")
    cmd.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="PDF to write")
