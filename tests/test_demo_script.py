"""scripts/demo.sh in a scratch copy with stand-in programs: the first hour of a new user.

The apps accept the demo's badges (one data dir, one secret, printed for `pulse` too), the
wallboard shows slides at any hour, a second run keeps the database unless --fresh, missing
Qt libraries are named, and an app that fails to start fails the script."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from shared.config import load_config
from wallboard.playlist import is_showing, parse_windows

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _exe(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)


def _tree(tmp_path: Path, *, kiosk_exit: int | None = None, missing: str = "") -> Path:
    """A checkout with demo.sh and stand-ins: .venv's python (pip), pulse (records its
    arguments and makes the database), the two apps (run, or exit at once), dpkg-query."""
    tree = tmp_path / "checkout"
    (tree / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "demo.sh", tree / "scripts" / "demo.sh")
    for app in ("kiosk", "wallboard"):
        (tree / app).mkdir()
        (tree / app / "app.py").write_text("")
    venv = tree / ".venv" / "bin"
    _exe(venv / "python", "exit 0")
    _exe(venv / "pulse", 'echo "$@" >> "$PULSE_DATA_DIR/pulse-args"; '
                         'echo "$PULSE_DATA_DIR" > "$PULSE_DATA_DIR/pulse-env"; '
                         ': > "$PULSE_DATA_DIR/demo.db"')
    _exe(venv / "pulse-kiosk", f"exit {kiosk_exit}" if kiosk_exit is not None else "exec sleep 30")
    _exe(venv / "pulse-wallboard", "exec sleep 30")
    _exe(tmp_path / "bin" / "dpkg-query",
         f'case "$*" in *{missing or "NONE"}*) exit 1;; *) printf "install ok installed";; esac')
    return tree


def _run(tree: Path, *args: str, display: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PULSE_DATA_DIR",
                        "PULSE_DB_URL", "PULSE_CONFIG")}
    env["PATH"] = f"{tree.parent / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
    env["PULSE_DEMO_START_SECONDS"] = "1"
    if display:
        env["DISPLAY"] = ":99"
    return subprocess.run(["bash", str(tree / "scripts" / "demo.sh"), *args], cwd=tree,
                          capture_output=True, text=True, check=False, env=env, timeout=60)


def test_headless_run_prints_a_command_that_uses_the_demo_data(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    done = _run(tree)
    assert done.returncode == 0, done.stderr
    data = tree / "demo-data"
    assert (data / "pulse-args").read_text().split() == ["demo", "--employees=600"]
    # The printed commands carry the data dir: its secret made the demo badges.
    assert f"export PULSE_DATA_DIR={data}" in done.stdout
    assert f"export PULSE_DATA_DIR={data}; .venv/bin/pulse-kiosk" in done.stdout
    config = load_config(env={"PULSE_DATA_DIR": str(data)})
    assert config.database_url() == f"sqlite:///{data / 'demo.db'}"
    import datetime as dt
    windows = parse_windows(config.wallboard.windows)
    assert is_showing(windows, dt.datetime(2026, 3, 8, 23, 30))  # a Sunday night


def test_a_second_run_keeps_the_database_unless_fresh(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    assert _run(tree).returncode == 0
    args = tree / "demo-data" / "pulse-args"
    kept = _run(tree, "--employees", "50")
    assert kept.returncode == 0
    assert "Kept the existing demo database" in kept.stdout and "--fresh" in kept.stdout
    assert args.read_text().splitlines() == ["demo --employees=600"]
    assert _run(tree, "--fresh", "--employees", "50").returncode == 0
    assert args.read_text().splitlines()[-1] == "demo --employees 50"


def test_missing_qt_libraries_are_named(tmp_path: Path) -> None:
    tree = _tree(tmp_path, missing="libxcb-cursor0")
    done = _run(tree, display=True)
    assert done.returncode != 0
    assert "sudo apt-get install libxcb-cursor0" in done.stderr


def test_an_app_that_fails_to_start_fails_the_script(tmp_path: Path) -> None:
    tree = _tree(tmp_path, kiosk_exit=2)
    done = _run(tree, display=True)
    assert done.returncode == 2
    assert "The kiosk did not start (exit code 2)" in done.stderr


def test_pulse_after_the_demo_says_how_to_point_at_it(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from shared.cli import demo_hint

    for name in ("PULSE_DATA_DIR", "PULSE_CONFIG", "PULSE_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    config = load_config(env={"XDG_DATA_HOME": str(tmp_path / "home")})
    checkout = tmp_path / "checkout"
    (checkout / "demo-data").mkdir(parents=True)
    assert demo_hint(config, str(checkout)) == ""  # no demo there
    (checkout / "demo-data" / "pulse.toml").write_text("")
    hint = demo_hint(config, str(checkout))
    assert hint.startswith("pulse: no database at ") and "\n" not in hint
    assert hint.endswith(f"export PULSE_DATA_DIR={checkout / 'demo-data'}")
    config.database.url = "sqlite:///elsewhere.db"  # --db or a configured URL: no hint
    assert demo_hint(config, str(checkout)) == ""


def test_the_web_page_starts_with_the_apps_and_a_demo_worker_gets_a_link(
        tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    (tree / "web").mkdir()
    (tree / "web" / "app.py").write_text("")
    venv = tree / ".venv" / "bin"
    for app in ("pulse-kiosk", "pulse-wallboard"):
        _exe(venv / app, "exec sleep 2")  # a person closes the windows after a while
    _exe(venv / "pulse-web", 'echo started > "$PULSE_DATA_DIR/web-started"; exec sleep 60')
    done = _run(tree, display=True)
    assert done.returncode == 0, done.stderr
    data = tree / "demo-data"
    assert (data / "web-started").exists()
    assert "Personal web page: http://127.0.0.1:8080" in done.stdout
    assert (data / "pulse-args").read_text().splitlines()[-1] == "web link --employee 00002"
    config = load_config(env={"PULSE_DATA_DIR": str(data)})
    assert config.web.base_url == "http://127.0.0.1:8080"  # the kiosk's QR codes point here


def test_pulse_status_in_the_checkout_after_the_demo_points_at_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 15: `pulse status` run where demo.sh ran (no PULSE_DATA_DIR exported) says in one
    line where the demo's database is, and says it again on a second run (the first run's
    empty default file is no database)."""
    from shared.cli import main

    for name in ("PULSE_DATA_DIR", "PULSE_CONFIG", "PULSE_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    checkout = tmp_path / "checkout"
    (checkout / "demo-data").mkdir(parents=True)
    (checkout / "demo-data" / "pulse.toml").write_text("")
    monkeypatch.chdir(checkout)
    for _ in range(2):
        main(["status"])
        err = capsys.readouterr().err
        hints = [line for line in err.splitlines() if line.startswith("pulse: no database")]
        assert hints, err
        assert hints == [hints[0]] and hints[0].endswith(
            f"export PULSE_DATA_DIR={checkout / 'demo-data'}"), err
