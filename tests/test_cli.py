"""The ``pulse`` command line: help everywhere, exit codes 0 / 1 (one line, no traceback) / 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from shared.cli import build_parser, main


def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "shared.cli", *args], capture_output=True,
                          text=True, input=input, cwd=Path(__file__).resolve().parents[1],
                          timeout=120)


def _all_commands() -> list[list[str]]:
    found: list[list[str]] = []

    def walk(parser, prefix):  # type: ignore[no-untyped-def]
        for action in parser._actions:
            if action.__class__.__name__ == "_SubParsersAction":
                for name, sub in action.choices.items():
                    found.append([*prefix, name])
                    walk(sub, [*prefix, name])

    walk(build_parser(), [])
    return found


@pytest.mark.parametrize("command", _all_commands(), ids=lambda c: " ".join(c))
def test_help_on_every_command(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    assert "usage: pulse" in capsys.readouterr().out


def test_usage_error_exits_2() -> None:
    result = run("db", "frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_user_error_is_one_line_exit_1(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = run("--db", db, "pin", "set", "0999", input="1234\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == \
        "pulse: error: no employee with personnel number 0999"


def test_bad_db_url_and_dead_database(tmp_path: Path) -> None:
    result = run("--db", "mysql://nobody/x", "db", "current")
    assert result.returncode == 1 and "not supported" in result.stderr
    assert "Traceback" not in result.stderr
    result = run("--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "db", "upgrade")
    assert result.returncode == 1 and "cannot open the database" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_config_key(tmp_path: Path) -> None:
    cfg = tmp_path / "pulse.toml"
    cfg.write_text("[kiosk]\nidle = 3\n")
    result = run("--config", str(cfg), "db", "current")
    assert result.returncode == 1
    assert f"{cfg}: kiosk.idle: unknown key" in result.stderr


def test_config_show_refuses_a_value_the_product_does_not_know(tmp_path: Path) -> None:
    cfg = tmp_path / "pulse.toml"
    cfg.write_text('[kiosk]\npin_roles = ["managr"]\n')  # managers would need no PIN
    result = run("--config", str(cfg), "config", "show")
    assert result.returncode == 1, result.stdout
    assert result.stderr.strip().splitlines() == [
        f"pulse: error: {cfg}: kiosk.pin_roles[0]: 'managr' is not allowed, "
        "use one of: worker, manager, admin"]
    assert "Traceback" not in result.stderr and not result.stdout


def test_upgrade_then_audit_verify(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert run("--db", db, "db", "upgrade").returncode == 0
    result = run("--db", db, "audit", "verify")
    assert result.returncode == 0 and "chain intact" in result.stdout


def test_output_into_a_closed_pipe_is_no_traceback(tmp_path) -> None:
    """`pulse config reference | head -1`: the reader goes away; pulse ends quietly with
    the broken-pipe status instead of a Python traceback."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PULSE_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "shared.cli", "config", "reference"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before pulse writes anything: every write meets a broken pipe
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_status_says_integrity_ok_and_exits_1_when_the_schema_is_behind(
        db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import text

    from shared.db import open_database
    assert main(["--db", db_url, "db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "status"]) == 0
    assert "integrity: ok" in capsys.readouterr().out
    db = open_database(db_url)
    try:  # as if this version's last migration had not run
        with db.write() as s:
            head = s.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            s.execute(text("UPDATE alembic_version SET version_num = '0006_messenger_audit'"))
        assert main(["--db", db_url, "status"]) == 1
        out = capsys.readouterr().out
        assert "integrity: DAMAGED: schema at revision 0006_messenger_audit" in out
        assert "run `pulse db upgrade`" in out
    finally:  # the PostgreSQL test database is shared by the tests (truncated, not rebuilt)
        with db.write() as s:
            s.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
        db.dispose()


def test_status_on_a_missing_sqlite_file_says_so_and_makes_none(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nothing-here.db"
    assert main(["--db", f"sqlite:///{path}", "status"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("database:  none yet (") and "pulse db upgrade" in out
    assert "DAMAGED" not in out and not path.exists()


def test_a_failing_job_prints_one_line_without_sql(db_url: str,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A database error's full text carries the statement and its parameters (here a name
    that stands for a comment or a badge; PostgreSQL adds "Failing row contains (...)"):
    `pulse jobs run` shows the driver's first line only."""
    from typing import Any

    from sqlalchemy import text

    import shared.jobs as jobs

    def leaky(db: Any, config: Any, now: Any) -> dict[str, Any]:
        with db.write() as s:
            for _ in range(2):
                s.execute(text("INSERT INTO departments (name) VALUES (:name)"),
                          {"name": "SECRET-COMMENT"})
        return {}

    monkeypatch.setattr(jobs, "JOBS", [("leaky", leaky)])
    assert main(["--db", db_url, "jobs", "run", "--now", "2026-03-02T09:00"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leaky: FAILED "), captured.err
    assert "Violation" in lines[0] or "IntegrityError" in lines[0]  # the driver's words
    for text_ in (captured.out, captured.err):
        assert "SECRET-COMMENT" not in text_ and "INSERT" not in text_ and "[SQL" not in text_
    assert "Traceback" not in captured.err
