"""Badge HMACs, PIN hashes and time-ordered UUIDs."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.cli import main
from shared.config import Config
from shared.csvin import ImportFailed, format_error
from shared.db import Database, open_database
from shared.db.models import Employee
from shared.directory_import import import_directory
from shared.ids import uuid7
from shared.security import badge_code_problem, badge_hmac, hash_pin, verify_pin

SAMPLE = Path(__file__).parent / "samples" / "directory_utf8_bom_comma.csv"


def test_badge_hmac_depends_on_secret_and_ignores_case() -> None:
    assert badge_hmac(b"s1", "3f00a1b2c3") == badge_hmac(b"s1", " 3F00A1B2C3\n")
    assert badge_hmac(b"s1", "3F00A1B2C3") != badge_hmac(b"s2", "3F00A1B2C3")
    assert "3F00A1B2C3" not in badge_hmac(b"s1", "3F00A1B2C3")
    assert len(badge_hmac(b"s1", "1")) == 64


def test_pin_hash_round_trip() -> None:
    stored = hash_pin("4711")
    assert stored.startswith("scrypt$") and "4711" not in stored
    assert verify_pin("4711", stored)
    assert not verify_pin("4712", stored)
    assert not verify_pin("4711", "garbage")
    assert hash_pin("4711") != stored  # salted
    with pytest.raises(ValueError):
        hash_pin("12a4")


def test_uuid7_is_time_ordered_and_versioned() -> None:
    ids = []
    for _ in range(3):
        ids.append(uuid7())
        time.sleep(0.002)
    assert ids == sorted(ids)
    assert all(u.version == 7 and u.variant == "specified in RFC 4122" for u in ids)
    assert uuid7(now_ms=1000).int >> 80 == 1000


def test_badge_code_problem_follows_the_kiosk_reader() -> None:
    limits = {"min_length": 6, "max_length": 12}
    assert badge_code_problem(" 3f00a1b2c3\n", **limits) is None
    assert badge_code_problem("12", **limits) == ("badge_too_short", {"length": 2, "min": 6})
    assert badge_code_problem("1" * 13, **limits) == ("badge_too_long", {"length": 13, "max": 12})
    # A reader types key codes 0-9 and A-Z: no punctuation, spaces or Cyrillic in a code.
    assert badge_code_problem("12-34-56", **limits) == ("badge_characters", {"characters": "-"})
    assert badge_code_problem("ПРОПУСК1", **limits)[0] == "badge_characters"  # type: ignore[index]
    assert badge_code_problem("12 3456", **limits)[0] == "badge_characters"  # type: ignore[index]


@pytest.mark.parametrize("code, message", [
    ("12", "badge code of 2 characters, the kiosk reads at least 6"),
    ("0000-1234", "a badge reader cannot type '-'"),
    ("1" * 40, "badge code of 40 characters, the kiosk reads at most 32"),
])
def test_badge_assign_refuses_what_a_kiosk_cannot_read(
        db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        code: str, message: str) -> None:
    assert main(["--db", db_url, "import", "directory", str(SAMPLE)]) == 0
    before = _stored_badge(db_url, "0001")
    monkeypatch.setattr("sys.stdin", io.StringIO(code + "\n"))
    assert main(["--db", db_url, "badge", "assign", "0001"]) == 1
    assert message in capsys.readouterr().err
    assert _stored_badge(db_url, "0001") == before
    monkeypatch.setattr("sys.stdin", io.StringIO("00a1b2c3\n"))
    assert main(["--db", db_url, "badge", "assign", "0001"]) == 0
    assert "badge assigned to 0001" in capsys.readouterr().out
    assert _stored_badge(db_url, "0001") not in (before, None)


def _stored_badge(db_url: str, personnel_no: str) -> str | None:
    db = open_database(db_url)
    try:
        with db.read() as s:
            return s.execute(select(Employee.badge_hmac)
                             .where(Employee.personnel_no == personnel_no)).scalar_one()
    finally:
        db.dispose()


def test_directory_import_refuses_unreadable_badges(db: Database, config: Config) -> None:
    rows = ("personnel_no,full_name,department,badge\n"
            "0001,Белов Андрей,Цех,12\n0002,Орлова Наталья,Цех,AB-12345\n"
            "0003,Егоров Василий,Цех,ab1234\n").encode()
    with pytest.raises(ImportFailed) as caught:
        import_directory(db, config, rows)
    assert [(e.line, e.column, e.code) for e in caught.value.errors] == [
        (2, "badge", "badge_too_short"), (3, "badge", "badge_characters")]
    assert "the kiosk reads at least 6" in format_error(caught.value.errors[0])


def test_a_leavers_card_can_be_given_again_and_a_lost_one_cleared(
        db_url: str, config: Config, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Cards are recycled: the card of someone who left goes to a new hire, by the reader
    (`pulse badge assign`) or by the HR file; an active holder's card is not taken silently;
    a lost card is cleared (`pulse badge clear`). Every change is audit-logged."""
    from shared.db.models import AuditEntry
    assert main(["--db", db_url, "import", "directory", str(SAMPLE)]) == 0
    db = open_database(db_url)
    try:
        with db.write() as s:  # 0101 has left (an import with --deactivate-missing does this)
            s.execute(select(Employee).where(Employee.personnel_no == "0101")
                      ).scalar_one().active = False
        leaver_card = "3F00A1B2D2"
        monkeypatch.setattr("sys.stdin", io.StringIO(leaver_card + "\n"))
        assert main(["--db", db_url, "badge", "assign", "0100"]) == 0
        assert "taken from 0101" in capsys.readouterr().out
        assert _stored_badge(db_url, "0100") == badge_hmac(config.secret_bytes(), leaver_card)
        assert _stored_badge(db_url, "0101") is None
        # 0100 is active: their card is not taken by another assign.
        monkeypatch.setattr("sys.stdin", io.StringIO(leaver_card + "\n"))
        assert main(["--db", db_url, "badge", "assign", "0001"]) == 1
        assert "assigned to 0100, who is active" in capsys.readouterr().err
        assert main(["--db", db_url, "badge", "clear", "0100"]) == 0
        assert _stored_badge(db_url, "0100") is None
        assert main(["--db", db_url, "badge", "clear", "0100"]) == 1
        capsys.readouterr()
        # The HR file gives a leaver's card to a new hire: not "badge already belongs to".
        with db.write() as s:
            s.execute(select(Employee).where(Employee.personnel_no == "0100")
                      ).scalar_one().active = False
            s.execute(select(Employee).where(Employee.personnel_no == "0100")
                      ).scalar_one().badge_hmac = badge_hmac(config.secret_bytes(), leaver_card)
        import_directory(db, config, ("personnel_no,full_name,department,badge\n"
                                      f"0900,Новиков Пётр,Цех №1,{leaver_card}\n").encode())
        assert _stored_badge(db_url, "0900") == badge_hmac(config.secret_bytes(), leaver_card)
        assert _stored_badge(db_url, "0100") is None
        with db.read() as s:
            actions = [a for a, in s.execute(select(AuditEntry.action).order_by(AuditEntry.id))]
        assert [a for a in actions if a.startswith("badge.")] == ["badge.assign", "badge.clear"]
    finally:
        db.dispose()
