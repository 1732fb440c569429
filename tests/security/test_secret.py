"""The site secret: at least 32 bytes, and a machine with another secret than the
database's refuses to start with one line (pulse, kiosk, wallboard, the kiosk's sync)
instead of writing audit entries nobody can verify (issue 22). Both databases."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared import audit
from shared.cli import main as pulse
from shared.config import Config, ConfigError, SiteSecretMismatch, load_config
from shared.db import Database, Role
from shared.db.models import AuditEntry, SiteKeyCheck
from shared.offline.store import LocalStore
from shared.offline.sync import SyncWorker
from tests.offline_support import SECRET, seed_directory

ROOT = Path(__file__).resolve().parents[2]
OTHER = "another-plant-secret-0123456789abcdef"


def _entries(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _keyed(db: Database) -> None:
    with db.write() as s:
        audit.record(s, actor="cli:ivanova", action="pin.set", details={})
    with db.read() as s:
        assert s.get(SiteKeyCheck, 1) is not None


@pytest.mark.parametrize("secret", ["", "x", "test-secret", "a" * 31])
def test_a_short_site_secret_is_refused(secret: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    if secret:
        monkeypatch.setenv("PULSE_SECRET", secret)
        with pytest.raises(ConfigError, match="at least 32"):
            load_config().secret_bytes()
    else:  # empty: the generated one, 64 hex digits
        monkeypatch.delenv("PULSE_SECRET")
        assert len(load_config().secret_bytes()) == 64
        # A secret.key cut short by hand is refused the same way.
        key = Path(os.environ["PULSE_DATA_DIR"]) / "secret.key"
        key.write_text("short\n", encoding="ascii")
        with pytest.raises(ConfigError, match="at least 32"):
            load_config().secret_bytes()
    assert pulse(["--db", f"sqlite:///{tmp_path / 'p.db'}", "audit", "head"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "at least 32 are needed" in line and not (tmp_path / "p.db").exists()


def test_pulse_with_another_secret_refuses_and_writes_nothing(
        db: Database, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _keyed(db)
    regulations = tmp_path / "regulations.csv"
    regulations.write_text("code,title\nR-1,Порядок\n", encoding="utf-8")
    monkeypatch.setenv("PULSE_SECRET", OTHER)
    assert pulse(["--db", db_url, "import", "regulations", str(regulations)]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "the site secret of this machine is not the one the database was set up with" in line
    assert _entries(db) == 1
    # Nor can any code path append with it.
    with pytest.raises(SiteSecretMismatch), db.write() as s:
        s.info["audit_key"] = OTHER.encode()
        audit.record(s, actor="x", action="y", details={})
    assert _entries(db) == 1


@pytest.mark.allow_log_warnings  # the refused sync logs why, as it should
def test_the_kiosk_sync_with_another_secret_sends_nothing(
        db: Database, config: Config, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    d = seed_directory(db)
    _keyed(db)
    store = LocalStore(tmp_path / "kiosk-local.db", kiosk_id="hall-1", secret=SECRET)
    SyncWorker(store, db, config).refresh_snapshot()
    store.enqueue_rating(rater_id=d.employee_ids[1], supplier_id=d.employee_ids[2], score=4,
                         now=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    config.site.secret = OTHER
    report = SyncWorker(store, db, config).run_once()
    assert not report.ok and "site secret" in (report.error or "")
    assert store.outbox_size() == 1 and _entries(db) == 1
    assert [r.message for r in caplog.records if r.levelname == "ERROR"] == [
        f"sync refused: {report.error}"]
    store.close()


@pytest.mark.gui
@pytest.mark.parametrize(("app", "code"), [("kiosk", 1), ("wallboard", 1)])
def test_the_apps_with_another_secret_refuse_to_start(db: Database, db_url: str, app: str,
                                                      code: int, tmp_path: Path) -> None:
    _keyed(db)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PULSE_DB_URL": db_url,
           "PULSE_SECRET": OTHER, "PULSE_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", app], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "the site secret of this machine is not the one" in errors[0]
    assert _entries(db) == 1


@pytest.mark.gui
@pytest.mark.parametrize(("app", "code"), [("kiosk", 1), ("wallboard", 1)])
def test_the_apps_with_a_short_secret_refuse_to_start(app: str, code: int,
                                                      tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PULSE_DB_URL": f"sqlite:///{tmp_path / 'pulse.db'}", "PULSE_SECRET": "short",
           "PULSE_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", app], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if " ERROR " in line]
    assert "at least 32 are needed" in line


@pytest.mark.parametrize("role", ["pulse", "kiosk", "wallboard", "web", "selftest"])
def test_from_config_keys_the_database_and_checks_the_secret(
        db: Database, db_url: str, config: Config, role: Role) -> None:
    """``Database.from_config`` is how every entry point opens the database: with the site
    secret on its sessions (audit entries are keyed) and the key checked at open."""
    _keyed(db)
    config.database.url = db_url
    opened = Database.from_config(config, role=role)
    with opened.read() as s:
        assert s.info["audit_key"] == config.secret_bytes()
    opened.dispose()
    config.site.secret = OTHER
    with pytest.raises(SiteSecretMismatch, match="the site secret of this machine"):
        Database.from_config(config, role=role)


@pytest.mark.parametrize("role", ["status", "sync"])
def test_from_config_status_and_sync_open_with_another_secret(
        db: Database, db_url: str, config: Config, role: Role) -> None:
    """`pulse status` only reads; the kiosk's sync opens at start even while the server is
    down and checks the key before its first write (see the sync test above)."""
    _keyed(db)
    config.database.url = db_url
    config.site.secret = OTHER
    opened = Database.from_config(config, role=role)
    assert opened.ping()
    opened.dispose()
