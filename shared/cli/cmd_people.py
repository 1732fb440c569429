"""``pulse badge assign|clear``, ``pulse pin set|clear``: credentials (HMAC / slow hash only)."""

from __future__ import annotations

import getpass
import sys

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shared import audit
from shared.cli import CommandLine, Context, UserError
from shared.db.models import Employee
from shared.security import BADGE_MESSAGES, badge_code_problem, badge_hmac, hash_pin


def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    print(prompt, file=sys.stderr, flush=True)
    return sys.stdin.readline().strip()


def _employee(session, personnel_no: str) -> Employee:  # type: ignore[no-untyped-def]
    emp = session.execute(select(Employee).where(Employee.personnel_no == personnel_no)
                          ).scalar_one_or_none()
    if emp is None:
        raise UserError(f"no employee with personnel number {personnel_no}")
    return emp


def _badge_assign(ctx: Context) -> int:
    db = ctx.database()
    code = _read_secret("Tap the badge on the reader (or type it and press Enter): ")
    if not code:
        raise UserError("no badge was read")
    kiosk = ctx.config.kiosk
    problem = badge_code_problem(code, min_length=kiosk.badge_min_length,
                                 max_length=kiosk.badge_max_length)
    if problem is not None:
        reason, params = problem
        raise UserError(f"badge not assigned: {BADGE_MESSAGES[reason].format(**params)}")
    digest = badge_hmac(ctx.config.secret_bytes(), code)
    taken_from: str | None = None
    try:
        with db.write() as session:
            emp = _employee(session, ctx.args.personnel_no)
            holder = session.execute(select(Employee).where(Employee.badge_hmac == digest)
                                     ).scalar_one_or_none()
            if holder is not None and holder.id != emp.id:
                if holder.active:
                    raise UserError(f"this badge is assigned to {holder.personnel_no}, who is "
                                    f"active: `pulse badge clear {holder.personnel_no}` first "
                                    "if the card really changes hands")
                # Cards are recycled: someone who left gives theirs up to the new holder.
                holder.badge_hmac = None
                taken_from = holder.personnel_no
                session.flush()
            emp.badge_hmac = digest
            session.flush()
            audit.record(session, actor=ctx.actor, action="badge.assign",
                         details={"personnel_no": emp.personnel_no,
                                  **({"taken_from": taken_from} if taken_from else {})})
    except IntegrityError:
        raise UserError("this badge is already assigned to someone else") from None
    print(f"badge assigned to {ctx.args.personnel_no}"
          + (f" (taken from {taken_from}, who is no longer active)" if taken_from else ""))
    return 0


def _badge_clear(ctx: Context) -> int:
    with ctx.database().write() as session:
        emp = _employee(session, ctx.args.personnel_no)
        if emp.badge_hmac is None:
            raise UserError(f"{emp.personnel_no} has no badge")
        emp.badge_hmac = None
        audit.record(session, actor=ctx.actor, action="badge.clear",
                     details={"personnel_no": emp.personnel_no})
    print(f"badge of {ctx.args.personnel_no} cleared: that card opens nothing now "
          "(kiosks learn it at their next snapshot refresh)")
    return 0


def _pin_set(ctx: Context) -> int:
    db = ctx.database()
    pin = _read_secret("New PIN (4-8 digits): ")
    try:
        hashed = hash_pin(pin)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    with db.write() as session:
        emp = _employee(session, ctx.args.personnel_no)
        emp.pin_hash = hashed
        # A new PIN starts afresh: no failures, no lockout, and the doubling of the next
        # lockout's length back to its first step.
        emp.pin_failures = 0
        emp.pin_lockouts = 0
        emp.pin_locked_until = None
        audit.record(session, actor=ctx.actor, action="pin.set",
                     details={"personnel_no": emp.personnel_no})
    print(f"PIN set for {ctx.args.personnel_no}")
    return 0


def _pin_clear(ctx: Context) -> int:
    with ctx.database().write() as session:
        emp = _employee(session, ctx.args.personnel_no)
        emp.pin_hash = None
        emp.pin_failures = 0
        emp.pin_lockouts = 0
        emp.pin_locked_until = None
        audit.record(session, actor=ctx.actor, action="pin.clear",
                     details={"personnel_no": emp.personnel_no})
    print(f"PIN cleared for {ctx.args.personnel_no}")
    return 0


def register(cli: CommandLine) -> None:
    badge = cli.group("badge", "Badges (stored only as an HMAC with the site secret).")
    assign = cli.command("assign", _badge_assign,
                         "Read a badge from the reader (stdin) and assign it.", parent=badge)
    assign.add_argument("personnel_no")
    clear = cli.command("clear", _badge_clear, "Remove a person's badge (lost, stolen or handed "
                        "back): the card opens nothing.", parent=badge)
    clear.add_argument("personnel_no")
    pin = cli.group("pin", "PINs (stored with a slow hash).")
    pset = cli.command("set", _pin_set, "Set a person's PIN (read from stdin).", parent=pin)
    pset.add_argument("personnel_no")
    pclear = cli.command("clear", _pin_clear, "Remove a person's PIN and lockouts.", parent=pin)
    pclear.add_argument("personnel_no")
