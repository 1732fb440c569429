"""PIN checks with lockout: N wrong PINs lock the badge for M minutes, doubling each time."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.db.models import Employee, PinOfflineAttempt
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


# --- the rule without a database: the offline kiosk's lockout, the server's replay ----------

@dataclass(frozen=True)
class PinState:
    """Failures since the last correct PIN, lockouts so far (the doubling), the lockout's end."""

    failures: int = 0
    lockouts: int = 0
    locked_until: dt.datetime | None = None


def next_state(state: PinState, *, correct: bool, now: dt.datetime, max_attempts: int,
               lockout_minutes: int) -> tuple[PinCheck, PinState]:
    """One PIN entry under the rule of ``check_pin``: the outcome and the state after it.

    The offline kiosk keeps ``PinState`` in its local store and applies this; a locked badge
    is refused without looking at the PIN (the state does not change).
    """
    if state.locked_until is not None and state.locked_until > now:
        return PinCheck(LOCKED, 0, state.locked_until), state
    if correct:
        return PinCheck(OK, max_attempts), PinState()
    failures = state.failures + 1
    if failures < max_attempts:
        return PinCheck(WRONG, max_attempts - failures), replace(state, failures=failures)
    lockouts = state.lockouts + 1
    until = now + lockout_length(lockouts, lockout_minutes)
    return PinCheck(LOCKED, 0, until), PinState(0, lockouts, until)


@dataclass(frozen=True)
class OfflineAttempt:
    """A PIN entry an offline kiosk made (``correct`` or not; never the PIN itself)."""

    uuid: uuid.UUID
    employee_id: int
    correct: bool
    at: dt.datetime
    kiosk_id: str | None = None


def apply_offline_attempts(session: Session, attempts: Sequence[OfflineAttempt], *,
                           now: dt.datetime, max_attempts: int,
                           lockout_minutes: int) -> dict[uuid.UUID, str]:
    """Take PIN attempts made at an offline kiosk into the server's lockout state.

    Each attempt is stored once (``pin_offline_attempts``, by its UUID: a resend is a no-op)
    and replayed in tap order, per person and kiosk:

    * a wrong PIN that a right PIN on the same kiosk followed (before they made a lockout
      there) is forgiven: the person proved who they are, as online;
    * every other wrong PIN counts like an online one; reaching ``max_attempts`` (together
      with the server's own failures) is a lockout dated from that tap, doubling with the
      server's lockout count, audit-logged as ``pin_lockout`` with ``offline: true``;
    * a right PIN never clears the server's own failures or lockout: the server cannot
      tell whether those came before or after it (the next right PIN online does);
    * during a lockout the server knew of at the tap's time, a wrong PIN changes nothing.

    Every person's delivered attempts are also audit-logged (``pin_offline_attempts``: how
    many wrong and correct, from which kiosk). Returns each attempt's outcome: ``counted``,
    ``forgiven`` (a failure a later correct PIN forgave), ``correct``, ``while_locked``,
    ``lockout`` (the failure that locked), ``duplicate`` or ``unknown_person``.
    """
    result: dict[uuid.UUID, str] = {}
    known = set(session.execute(select(PinOfflineAttempt.uuid).where(
        PinOfflineAttempt.uuid.in_([a.uuid for a in attempts]))).scalars())
    fresh: dict[tuple[int, str | None], list[OfflineAttempt]] = {}
    for a in sorted(attempts, key=lambda a: (a.at, str(a.uuid))):
        if a.uuid in known:
            result[a.uuid] = "duplicate"
        else:
            known.add(a.uuid)
            fresh.setdefault((a.employee_id, a.kiosk_id), []).append(a)
    for (employee_id, kiosk_id), run in sorted(fresh.items(), key=lambda kv: kv[0][0]):
        employee = session.execute(select(Employee).where(Employee.id == employee_id)
                                   .with_for_update()).scalar_one_or_none()
        if employee is None:
            result.update({a.uuid: "unknown_person" for a in run})
            continue
        outcomes = _replay(session, employee, run, now=now, max_attempts=max_attempts,
                           lockout_minutes=lockout_minutes)
        for a in run:
            session.add(PinOfflineAttempt(uuid=a.uuid, employee_id=employee_id,
                                          kiosk_id=kiosk_id, correct=a.correct,
                                          attempted_at=a.at, received_at=now,
                                          outcome=outcomes[a.uuid]))
        result.update(outcomes)
        audit.record(session, actor=f"kiosk:{kiosk_id or '?'}", action="pin_offline_attempts",
                     details={"employee_id": employee_id, "kiosk_id": kiosk_id,
                              "wrong": sum(not a.correct for a in run),
                              "correct": sum(a.correct for a in run),
                              "first_at": run[0].at.isoformat(),
                              "last_at": run[-1].at.isoformat()}, at=now)
    session.flush()
    return result


def _replay(session: Session, employee: Employee, run: Sequence[OfflineAttempt], *,
            now: dt.datetime, max_attempts: int, lockout_minutes: int) -> dict[uuid.UUID, str]:
    # Which failures did a right PIN on the same kiosk forgive? Walk the run as the kiosk
    # counted it: a right PIN forgives the failures since the last one, unless they had
    # already made a lockout there (those always count).
    forgiven: set[uuid.UUID] = set()
    open_run: list[uuid.UUID] = []
    for a in run:
        if a.correct:
            forgiven.update(open_run)
            open_run = []
        else:
            open_run.append(a.uuid)
            if len(open_run) >= max_attempts:
                open_run = []
    out: dict[uuid.UUID, str] = {}
    for a in run:
        locked = employee.pin_locked_until
        if a.uuid in forgiven:
            out[a.uuid] = "forgiven"
        elif a.correct:
            out[a.uuid] = "correct"  # never clears the server's own count or lockout
        elif locked is not None and locked > a.at:
            out[a.uuid] = "while_locked"
        else:
            employee.pin_failures = (employee.pin_failures or 0) + 1
            out[a.uuid] = "counted"
            if employee.pin_failures >= max_attempts:
                employee.pin_lockouts = (employee.pin_lockouts or 0) + 1
                employee.pin_failures = 0
                until = a.at + lockout_length(employee.pin_lockouts, lockout_minutes)
                if locked is None or locked < until:
                    employee.pin_locked_until = until
                out[a.uuid] = "lockout"
                audit.record(session, actor=f"employee:{employee.personnel_no}",
                             action="pin_lockout",
                             details={"employee_id": employee.id,
                                      "lockout": employee.pin_lockouts,
                                      "until": until.isoformat(), "offline": True,
                                      "kiosk_id": a.kiosk_id,
                                      "attempted_at": a.at.isoformat()}, at=now)
    return out
