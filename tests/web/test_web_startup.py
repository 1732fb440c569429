"""Start-up of ``pulse-web`` on a bad configuration or another site secret: one logged line
and exit code 1, the code of every entry point (pulse, kiosk, wallboard: tests/test_cli.py,
tests/gui/test_app_startup.py, tests/security/test_secret.py); the database opened by
``Database.from_config`` like theirs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from shared import audit
from shared.db import Database

ROOT = Path(__file__).resolve().parents[2]
BAD_CONFIG_EXIT = 1  # the same for pulse, pulse-kiosk, pulse-wallboard and pulse-web


def start(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PULSE_DATA_DIR": str(tmp_path), **env}
    return subprocess.run([sys.executable, "-m", "web", *args], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=60, check=False)


def _error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr and not result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert " ERROR web.app: " in line
    return line


def test_a_bad_config_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[kiosk]\nidel_seconds = 30\n", encoding="utf-8")
    result = start(tmp_path, "--config", str(path))
    assert result.returncode == BAD_CONFIG_EXIT, result.stderr
    assert f"{path}: kiosk.idel_seconds: unknown key" in _error_line(result)


def test_another_site_secret_refuses_to_start(db: Database, db_url: str,
                                              tmp_path: Path) -> None:
    with db.write() as s:  # the database keyed with the tests' secret
        audit.record(s, actor="cli:ivanova", action="pin.set", details={})
    result = start(tmp_path, "--db", db_url,
                   PULSE_SECRET="another-plant-secret-0123456789abcdef")
    assert result.returncode == BAD_CONFIG_EXIT, result.stderr
    assert "the site secret of this machine is not the one" in _error_line(result)
