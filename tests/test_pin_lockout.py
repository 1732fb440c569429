"""PIN lockout: five wrong PINs lock for five minutes, doubling, audit-logged (both databases)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared.audit import verify
from shared.config import Config
from shared.db import Database
from shared.db.models import AuditEntry, Department, Employee
from shared.domain.pin_lockout import LOCKED, NO_PIN, OK, WRONG, check_pin, locked_until
from shared.security import hash_pin

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _manager(db: Database, pin: str | None = "1234") -> int:
    with db.write() as s:
        dep = Department(name="Maintenance")
        s.add(dep)
        s.flush()
        emp = Employee(personnel_no="42", full_name="Ivan Petrov", department_id=dep.id,
                       role="manager", pin_hash=hash_pin(pin) if pin else None)
        s.add(emp)
        s.flush()
        return emp.id


def _try(db: Database, emp: int, pin: str, now: dt.datetime):
    with db.write() as s:
        return check_pin(s, employee_id=emp, pin=pin, now=now, max_attempts=5, lockout_minutes=5)


def test_right_pin_passes_and_wrong_counts_down(db: Database) -> None:
    emp = _manager(db)
    first = _try(db, emp, "0000", T0)
    assert (first.outcome, first.attempts_left) == (WRONG, 4)
    assert _try(db, emp, "1234", T0).outcome == OK
    with db.read() as s:
        assert s.get(Employee, emp).pin_failures == 0


def test_five_wrong_lock_five_minutes_then_ten_and_audit(db: Database) -> None:
    emp = _manager(db)
    results = [_try(db, emp, "9999", T0 + dt.timedelta(seconds=i)) for i in range(5)]
    assert [r.outcome for r in results] == [WRONG] * 4 + [LOCKED]
    until = results[-1].locked_until
    assert until == T0 + dt.timedelta(seconds=4, minutes=5)
    # The right PIN is refused during the lockout, without counting.
    during = _try(db, emp, "1234", until - dt.timedelta(seconds=1))
    assert (during.outcome, during.locked_until) == (LOCKED, until)
    with db.read() as s:
        assert locked_until(s, employee_id=emp, now=until - dt.timedelta(seconds=1)) == until
        assert locked_until(s, employee_id=emp, now=until) is None
    # Second lockout doubles.
    second = [_try(db, emp, "9999", until + dt.timedelta(seconds=i)) for i in range(5)]
    assert second[-1].outcome == LOCKED
    assert second[-1].locked_until == until + dt.timedelta(seconds=4, minutes=10)
    with db.read() as s:
        entries = s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        assert [e.action for e in entries] == ["pin_lockout", "pin_lockout"]
        assert [e.details["lockout"] for e in entries] == [1, 2]
        assert entries[0].actor == "employee:42"
        assert verify(s) == []


def test_success_resets_the_doubling(db: Database) -> None:
    emp = _manager(db)
    for i in range(5):
        last = _try(db, emp, "9999", T0 + dt.timedelta(seconds=i))
    assert last.locked_until is not None
    after = last.locked_until + dt.timedelta(seconds=1)
    assert _try(db, emp, "1234", after).outcome == OK
    for i in range(5):
        last = _try(db, emp, "9999", after + dt.timedelta(seconds=i))
    assert last.locked_until == after + dt.timedelta(seconds=4, minutes=5)


def test_employee_without_pin(db: Database) -> None:
    emp = _manager(db, pin=None)
    assert _try(db, emp, "1234", T0).outcome == NO_PIN


def test_a_new_pin_starts_the_lockout_doubling_afresh(
        db: Database, db_url: str, config: Config, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """After three lockouts the next would last 4x as long; an admin's `pulse pin set` gives
    the person a new PIN and a clean slate: no failures, no lockout, the first step again."""
    from shared.cli import cmd_people, main
    from tests.domain_data import department, people

    with db.write() as s:
        person, = people(s, department(s, "D"), ["P1"])
        person.pin_failures, person.pin_lockouts = 2, 3
        person.pin_locked_until = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
        pno = person.personnel_no
    monkeypatch.setattr(cmd_people, "_read_secret", lambda prompt: "4321")
    assert main(["--db", db_url, "pin", "set", pno]) == 0
    assert f"PIN set for {pno}" in capsys.readouterr().out
    with db.read() as s:
        again = s.scalar(select(Employee).where(Employee.personnel_no == pno))
        assert again is not None
        assert (again.pin_failures, again.pin_lockouts, again.pin_locked_until) == (0, 0, None)
