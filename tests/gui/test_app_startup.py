"""Start-up of both apps on a bad configuration: one logged line naming the file (or the
variable), the key and what is allowed; a non-zero exit; never a traceback, nothing started."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]
EXIT = {"wallboard": 1, "kiosk": 1}  # the documented exit code for a bad configuration


def start(app: str, *args: str, env: dict[str, str] | None = None
          ) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", app, *args], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=60, check=False)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _folder(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pulse.toml"
    path.mkdir()  # exists but cannot be read as a file (as an unreadable one)
    return path


@pytest.mark.parametrize("app", ["wallboard", "kiosk"])
@pytest.mark.parametrize(("make", "text", "needles"), [
    (_file, "[kiosk]\nidel_seconds = 30\n",
     ["kiosk.idel_seconds: unknown key, allowed: ", "idle_seconds"]),
    (_file, "[kiosk\nidle_seconds = 30\n", ["not valid TOML"]),
    (_file, "[kiosk]\ncountdown_seconds = 60\nidle_seconds = 5\n",
     ["kiosk.countdown_seconds: 60 is not allowed, use less than kiosk.idle_seconds (5)"]),
    (_folder, "", ["cannot read the configuration file"]),
])
def test_a_bad_config_file_is_one_line(tmp_path: Path, app: str, make, text: str,  # type: ignore[no-untyped-def]
                                       needles: list[str]) -> None:
    path = make(tmp_path, text)
    result = start(app, "--config", str(path))
    assert result.returncode == EXIT[app], result.stderr
    assert "Traceback" not in result.stderr and not result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert f" ERROR {app}: {path}: " in line  # logged, naming the file
    for needle in needles:
        assert needle in line


@pytest.mark.parametrize("app", ["wallboard", "kiosk"])
def test_a_bad_environment_value_names_the_variable(tmp_path: Path, app: str) -> None:
    result = start(app, env={"PULSE__KIOSK__IDLE_SECONDS": "soon"})
    assert result.returncode == EXIT[app], result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.endswith("environment PULSE__KIOSK__IDLE_SECONDS: kiosk.idle_seconds: "
                         "expected an integer, got 'soon'")


@pytest.mark.parametrize(("args", "text", "needle"), [
    ((), '[wallboard]\nwindows = ["Mon-Fri 07:00-20:00", "Mon-Fry 07:00-20:00"]\n',
     "wallboard.windows[1]: Mon-Fry 07:00-20:00: 'mon-fry' is not a day range like Mon-Fri"),
    (("--db", "mysql://nobody@host/pulse"), "", "--db: backend 'mysql' is not supported"),
])
def test_wallboard_windows_and_db_argument(tmp_path: Path, args: tuple[str, ...], text: str,
                                           needle: str) -> None:
    path = _file(tmp_path, text)
    result = start("wallboard", "--config", str(path), *args)
    assert result.returncode == 1, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert " ERROR wallboard: " in line and needle in line
    if not args:
        assert f"{path}: wallboard.windows[1]" in line


def test_kiosk_with_a_sqlite_folder_it_cannot_make(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    path = _file(tmp_path, f'[database]\nurl = "sqlite:///{blocker}/pulse.db"\n')
    result = start("kiosk", "--config", str(path))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"cannot create the folder {blocker}" in result.stderr.strip().splitlines()[-1]


def test_wallboard_with_a_sqlite_folder_it_cannot_make_waits_for_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wallboard starts anyway and shows "reconnecting" (open_db gives None, logged)."""
    from shared.config import load_config
    from wallboard.app import open_db, reconnecting
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    config = load_config(_file(tmp_path, f'[database]\nurl = "sqlite:///{blocker}/pulse.db"\n'))
    with caplog.at_level(logging.ERROR, logger="wallboard"):
        assert open_db(config) is None
    assert f"cannot create the folder {blocker}" in caplog.text
    import wallboard.worker
    from shared.db import DatabaseError
    seen: list[tuple[object, object]] = []  # (the session's audit key, the trend cache)
    real = wallboard.worker.load_wallboard_data

    def spy(session, config, *, now, cache):  # type: ignore[no-untyped-def]
        seen.append((session.info.get("audit_key"), cache))
        return real(session, config, now=now, cache=cache)
    monkeypatch.setattr(wallboard.worker, "load_wallboard_data", spy)
    source = reconnecting(config)
    for _ in range(2):
        with pytest.raises(DatabaseError, match="cannot create the folder"):
            source()  # the worker shows the banner
    blocker.unlink()  # the folder can be made now: the next refresh succeeds
    assert source().empty and source().empty
    # Opened as at the start (keyed with the site secret), one trend cache for every refresh.
    (key, cache), again = seen
    assert key == config.secret_bytes() and again == (key, cache)
