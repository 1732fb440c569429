"""Configuration: defaults, file, environment overrides and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.config import ConfigError, load_config, option_reference


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pulse.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_need_no_file(tmp_path: Path) -> None:
    cfg = load_config(env={"PULSE_DATA_DIR": str(tmp_path)})
    assert cfg.source == "<defaults>"
    assert cfg.site.k_anonymity == 5
    assert cfg.rating.cooldown_hours == 4.0
    assert cfg.database_url() == f"sqlite:///{tmp_path / 'pulse.db'}"
    assert [t.name for t in cfg.tiers] == ["gold", "silver", "bronze"]


def test_file_and_environment(tmp_path: Path) -> None:
    path = write(tmp_path, '[kiosk]\nid = "gate-3"\nidle_seconds = 45\n'
                           '[wallboard]\nplaylist = [{slide = "trend", seconds = 9}]\n')
    cfg = load_config(path, env={"PULSE_DB_URL": "postgresql+psycopg://u@h/db",
                                 "PULSE__RATING__COOLDOWN_HOURS": "2.5",
                                 "PULSE_DATA_DIR": str(tmp_path)})
    assert cfg.kiosk.id == "gate-3" and cfg.kiosk.idle_seconds == 45
    assert cfg.wallboard.playlist[0].slide == "trend" and cfg.wallboard.playlist[0].seconds == 9
    assert cfg.database.url == "postgresql+psycopg://u@h/db"
    assert cfg.rating.cooldown_hours == 2.5


def test_config_env_var_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[site]\nk_anonymity = 7\n")
    assert load_config(env={"PULSE_CONFIG": str(path)}).site.k_anonymity == 7


@pytest.mark.parametrize(("text", "needle"), [
    ("[kiosk]\nidel_seconds = 5\n", "kiosk.idel_seconds: unknown key, allowed:"),
    ("[kiosk]\nidle_seconds = 'soon'\n", "kiosk.idle_seconds: expected an integer, got 'soon'"),
    ("[site]\nk_anonymity = 2\n", "site.k_anonymity: 2 is out of range, allowed 3..10"),
    ("[database]\nurl = 'mysql://x/y'\n", "database.url: backend 'mysql' is not supported"),
    ("[database]\nurl = 'not a url'\n", "database.url: 'not a url' is not a database URL"),
    ("[site]\ntimezone = 'Mars/Olympus'\n", "site.timezone: 'Mars/Olympus' is not an IANA"),
    ("[kiosk]\nfullscreen = 'yes'\n", "kiosk.fullscreen: expected true or false"),
    ("[wallboard]\nplaylist = [{slide = 'cats'}]\n", "is not allowed, use one of: map"),
    ("[nope]\nx = 1\n", "nope: unknown key"),
    ("[kiosk\n", "not valid TOML"),
])
def test_errors_are_one_line_naming_file_and_key(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path, env={})
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert needle in message


def test_bad_environment_key() -> None:
    with pytest.raises(ConfigError, match="PULSE__KIOSK__NOPE"):
        load_config(env={"PULSE__KIOSK__NOPE": "1"})
    with pytest.raises(ConfigError, match="kiosk.idle_seconds: expected an integer"):
        load_config(env={"PULSE__KIOSK__IDLE_SECONDS": "x"})


def test_missing_file() -> None:
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_config("/nonexistent/pulse.toml", env={})


def test_secret_generated_once_outside_the_database(tmp_path: Path) -> None:
    cfg = load_config(env={"PULSE_DATA_DIR": str(tmp_path)})
    first = cfg.secret_bytes()
    assert len(first) == 64 and (tmp_path / "secret.key").exists()
    assert load_config(env={"PULSE_DATA_DIR": str(tmp_path)}).secret_bytes() == first


def test_reference_lists_every_section() -> None:
    ref = option_reference()
    for section in ("[database]", "[site]", "[rating]", "[kiosk]", "[wallboard]", "[[tiers]]"):
        assert section in ref
    assert "`cooldown_hours`" in ref
