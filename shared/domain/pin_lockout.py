"""PIN checks with lockout: N wrong PINs lock the badge for M minutes, doubling each time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.db.models import Employee
from shared.security import verify_pin

OK = "ok"
WRONG = "wrong"
LOCKED = "locked"
NO_PIN = "no_pin"


@dataclass(frozen=True)
class PinCheck:
    """The outcome of one PIN entry: a code, attempts left before a lockout, and its end."""

    outcome: str
    attempts_left: int = 0
    locked_until: dt.datetime | None = None


def lockout_length(lockouts: int, first_minutes: int) -> dt.timedelta:
    """The n-th lockout (1-based) lasts first_minutes * 2**(n-1)."""
    return dt.timedelta(minutes=first_minutes * 2 ** max(0, lockouts - 1))


def locked_until(session: Session, *, employee_id: int, now: dt.datetime) -> dt.datetime | None:
    """When the employee's current lockout ends, or None if they may enter a PIN."""
    until = session.execute(select(Employee.pin_locked_until)
                            .where(Employee.id == employee_id)).scalar_one_or_none()
    return until if until is not None and until > now else None


def check_pin(session: Session, *, employee_id: int, pin: str, now: dt.datetime,
              max_attempts: int, lockout_minutes: int) -> PinCheck:
    """Verify a PIN inside the caller's unit of work, counting failures and locking out.

    A locked badge is refused without looking at the PIN, so guessing during a lockout
    teaches nothing. Every lockout is written to the audit log. A correct PIN clears the
    failure count and the doubling.
    """
    employee = session.execute(select(Employee).where(Employee.id == employee_id)
                               .with_for_update()).scalar_one()
    if employee.pin_locked_until is not None and employee.pin_locked_until > now:
        return PinCheck(LOCKED, 0, employee.pin_locked_until)
    if not employee.pin_hash:
        return PinCheck(NO_PIN, max_attempts)
    if verify_pin(pin, employee.pin_hash):
        employee.pin_failures = 0
        employee.pin_lockouts = 0
        employee.pin_locked_until = None
        return PinCheck(OK, max_attempts)
    employee.pin_failures = (employee.pin_failures or 0) + 1
    if employee.pin_failures < max_attempts:
        return PinCheck(WRONG, max_attempts - employee.pin_failures)
    employee.pin_lockouts = (employee.pin_lockouts or 0) + 1
    employee.pin_failures = 0
    until = now + lockout_length(employee.pin_lockouts, lockout_minutes)
    employee.pin_locked_until = until
    audit.record(session, actor=f"employee:{employee.personnel_no}", action="pin_lockout",
                 details={"employee_id": employee.id, "lockout": employee.pin_lockouts,
                          "until": until.isoformat()}, at=now)
    return PinCheck(LOCKED, 0, until)
