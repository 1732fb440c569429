"""``pulse audit verify|show``: check the hash chain of the audit log."""

from __future__ import annotations

from sqlalchemy import func, select

from shared import audit
from shared.cli import CommandLine, Context
from shared.db.models import AuditEntry


def _verify(ctx: Context) -> int:
    with ctx.database().read() as session:
        problems = audit.verify(session)
        total = session.scalar(select(func.count()).select_from(AuditEntry))
    if problems:
        for p in problems:
            print(f"audit entry {p.entry_id}: {p.problem}")
        print(f"audit log: {len(problems)} problem(s) in {total} entries")
        return 1
    print(f"audit log: {total} entries, chain intact")
    return 0


def _show(ctx: Context) -> int:
    with ctx.database().read() as session:
        rows = session.execute(select(AuditEntry).order_by(AuditEntry.id.desc())
                               .limit(ctx.args.last)).scalars().all()
        for e in reversed(rows):
            print(f"{e.id}\t{e.at:%Y-%m-%d %H:%M:%S}\t{e.actor}\t{e.action}\t{e.details}")
    return 0


def register(cli: CommandLine) -> None:
    group = cli.group("audit", "The append-only, hash-chained audit log.")
    cli.command("verify", _verify, "Detect edited or deleted audit entries.", parent=group)
    show = cli.command("show", _show, "Print the latest audit entries.", parent=group)
    show.add_argument("--last", type=int, default=20)
