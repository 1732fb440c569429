"""``pulse audit verify|head|show``: check the keyed hash chain of the audit log and its end."""

from __future__ import annotations

from sqlalchemy import select

from shared import audit
from shared.cli import CommandLine, Context, UserError
from shared.db.migrate import current_revision, head_revision
from shared.db.models import AuditEntry
from shared.plurals import counted

VERIFY_HELP = (
    "Detect edited, deleted or re-hashed audit entries, including deleted last entries and a "
    "log re-hashed in the old unkeyed format: entries are keyed with the site secret, the "
    "chain's end is kept in a keyed anchor, and where the log became keyed in a keyed row. "
    "Reads only (no upgrade, no sealing). "
    "Limits: whoever holds the site secret can rewrite the log; an old anchor put back after "
    "deleting the entries since, or an emptied log, shows only with --expect.")


def _verify(ctx: Context) -> int:
    expect = None
    if ctx.args.expect:
        try:
            expect = audit.parse_head(ctx.args.expect)
        except ValueError as exc:
            raise UserError(f"--expect: {exc}") from None
    # Never writes: no schema upgrade, no seal (a forged anchor must not be keyed by the
    # very command that checks it).
    db = ctx.database(upgrade=False)
    if current_revision(db.engine) != head_revision():
        raise UserError("the database's schema is older than this program: run `pulse db "
                        "upgrade` first (verify only reads, it does not upgrade)")
    with db.read() as session:
        problems = audit.verify(session, expect=expect)
        total = audit.head(session).entries
    if problems:
        for line in report_lines(problems):
            print(line)
        print(f"audit log: {counted(len(problems), 'problem')} in "
              f"{counted(total, 'entry', 'entries')}")
        return 1
    checked = f", matches {expect}" if expect else ""
    print(f"audit log: {total} entries, chain intact{checked}")
    return 0


def report_lines(problems: list[audit.AuditProblem]) -> list[str]:
    """One line per problem, the same problem on consecutive entries as one range (a log
    re-hashed from entry 3 on: "audit entries 3-5000: ...", not 4,998 lines)."""
    lines: list[str] = []
    run: list[audit.AuditProblem] = []

    def flush() -> None:
        if not run:
            return
        first, last = run[0].entry_id, run[-1].entry_id
        if first == 0:
            lines.append(f"audit log: {run[0].problem}")
        elif first == last:
            lines.append(f"audit entry {first}: {run[0].problem}")
        else:
            lines.append(f"audit entries {first}-{last}: {run[0].problem}")
        run.clear()

    for p in problems:
        if run and (p.entry_id == 0 or p.problem != run[-1].problem
                    or p.entry_id != run[-1].entry_id + 1):
            flush()
        run.append(p)
        if p.entry_id == 0:
            flush()
    flush()
    return lines


def _head(ctx: Context) -> int:
    with ctx.database().read() as session:
        print(audit.head(session))
    return 0


def _show(ctx: Context) -> int:
    with ctx.database().read() as session:
        rows = session.execute(select(AuditEntry).order_by(AuditEntry.id.desc())
                               .limit(ctx.args.last)).scalars().all()
        for e in reversed(rows):
            print(f"{e.id}\t{e.at:%Y-%m-%d %H:%M:%S}\t{e.actor}\t{e.action}\t{e.details}")
    return 0


def register(cli: CommandLine) -> None:
    group = cli.group("audit", "The append-only, keyed hash-chained audit log.")
    verify = cli.command("verify", _verify, VERIFY_HELP, parent=group)
    verify.add_argument("--expect", metavar="N:DIGEST",
                        help="a head printed earlier by `pulse audit head` (e.g. from the "
                             "system journal): the log must still hold that entry N")
    cli.command("head", _head, "Print the chain's end as N:DIGEST (entry count and last hash), "
                "to keep outside the database for `verify --expect`.", parent=group)
    show = cli.command("show", _show, "Print the latest audit entries.", parent=group)
    show.add_argument("--last", type=int, default=20)
