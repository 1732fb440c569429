"""Configuration: defaults, file, environment overrides and one-line errors."""

from __future__ import annotations

import os
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
    ("[wallboard]\nplaylist = [{slide = 'cats'}]\n",
     "is not allowed, use one of: initiatives, map"),
    ("[nope]\nx = 1\n", "nope: unknown key"),
    ("[[tiers]]\nname = 'gold'\nperks_ru = 'Приоритет'\n",
     "tiers[0].perks_en: the perks of 'gold' are given in RU only"),
    ("[programme]\nprinciples_en = ['One.']\n",
     "programme.principles_en: 1 principle in English but 4 in Russian"),
    ("[programme]\nprinciples_ru = ['Один.', ' ']\nprinciples_en = ['One.', 'Two.']\n",
     "programme.principles_ru: principle 2 is empty"),
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


# Values each fine alone, wrong for the product or together: refused, one line, the key named.
@pytest.mark.parametrize(("text", "needle"), [
    # No role "managr": managers would need no PIN.
    ('[kiosk]\npin_roles = ["managr"]\n',
     "kiosk.pin_roles[0]: 'managr' is not allowed, use one of: worker, manager, admin"),
    ('[[webhooks]]\nurl = "https://x.example/h"\nkinds = ["supplier_alrt"]\n',
     "webhooks[0].kinds[0]: 'supplier_alrt' is not allowed, use one of: rating_dropping,"),
    ('[[webhooks]]\nkind = "telegram"\nurl = "https://api.telegram.org/botX/sendMessage"\n',
     "webhooks[0].chat_id: required for a telegram webhook: the Telegram chat id"),
    ('[[webhooks]]\nkind = "json"\nurl = "https://x.example/h"\n'
     '[[webhooks]]\nkind = "bitrix24"\nurl = "https://b24.example/rest/1/x"\nchat_id = " "\n',
     "webhooks[1].chat_id: required for a bitrix24 webhook: the Bitrix24 user id"),
    ("[disputes]\nremind_days_left = [-3, 100]\n",
     "disputes.remind_days_left[0]: -3 is out of range, allowed 1..6 "
     "(days left of disputes.answer_days = 7)"),
    ("[disputes]\nremind_days_left = [5, 100]\n",
     "disputes.remind_days_left[1]: 100 is out of range, allowed 1..6"),
    ("[disputes]\nanswer_days = 3\n",  # the default reminders [5, 1] no longer fit
     "disputes.remind_days_left[0]: 5 is out of range, allowed 1..2"),
    ("[kiosk]\nbadge_min_length = 20\nbadge_max_length = 8\n",
     "kiosk.badge_min_length: 20 is not allowed, use at most kiosk.badge_max_length (8)"),
    ("[kiosk]\ncountdown_seconds = 60\nidle_seconds = 5\n",
     "kiosk.countdown_seconds: 60 is not allowed, use less than kiosk.idle_seconds (5)"),
    ("[kiosk]\ncountdown_seconds = 30\n",  # equal to the default idle_seconds: no idle time
     "kiosk.countdown_seconds: 30 is not allowed, use less than kiosk.idle_seconds (30)"),
    ('[[tiers]]\nname = "bronze"\nmin_index = 3.9\nmin_clients = 5\n'
     '[[tiers]]\nname = "gold"\nmin_index = 4.5\nmin_clients = 10\n',
     "tiers[1].min_index: 4.5 is not allowed, use less than 3.9 (tiers[0], 'bronze'): "
     "tiers are listed best first"),
    ('[[tiers]]\nname = "gold"\nmin_index = 4.5\nmin_clients = 5\n'
     '[[tiers]]\nname = "silver"\nmin_index = 4.2\nmin_clients = 7\n',
     "tiers[1].min_clients: 7 is not allowed, use at most 5 (tiers[0], 'gold')"),
    ('[[tiers]]\nname = "gold"\nmin_index = 4.5\n[[tiers]]\nname = "gold"\nmin_index = 4.0\n',
     "tiers[1].name: 'gold' is listed twice"),
])
def test_contradictory_or_unknown_values_are_refused(tmp_path: Path, text: str,
                                                      needle: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path, env={})  # nothing is returned: no program starts on it
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert needle in message


def test_the_rules_accept_what_they_should(tmp_path: Path) -> None:
    path = write(tmp_path, '[kiosk]\npin_roles = ["worker", "manager", "admin"]\n'
                           "countdown_seconds = 29\nbadge_min_length = 8\nbadge_max_length = 8\n"
                           "[disputes]\nanswer_days = 2\nremind_days_left = [1]\n"
                           '[[webhooks]]\nkind = "telegram"\nurl = "https://t.example/bot1"\n'
                           'chat_id = "-100"\nkinds = ["supplier_alert", "dispute_escalated"]\n'
                           '[[tiers]]\nname = "gold"\nmin_index = 4.5\nmin_clients = 5\n'
                           '[[tiers]]\nname = "silver"\nmin_index = 4.0\nmin_clients = 5\n')
    cfg = load_config(path, env={})
    assert cfg.kiosk.pin_roles == ["worker", "manager", "admin"]
    assert cfg.webhooks[0].kinds == ["supplier_alert", "dispute_escalated"]
    assert [t.name for t in cfg.tiers] == ["gold", "silver"]


def test_bad_environment_key() -> None:
    with pytest.raises(ConfigError, match="PULSE__KIOSK__NOPE"):
        load_config(env={"PULSE__KIOSK__NOPE": "1"})


@pytest.mark.parametrize(("env", "needle"), [
    ({"PULSE__KIOSK__IDLE_SECONDS": "x"},
     "environment PULSE__KIOSK__IDLE_SECONDS: kiosk.idle_seconds: expected an integer, got 'x'"),
    ({"PULSE__KIOSK__IDLE_SECONDS": "3"},
     "environment PULSE__KIOSK__IDLE_SECONDS: kiosk.idle_seconds: 3 is out of range"),
    ({"PULSE__KIOSK__COUNTDOWN_SECONDS": "45"},
     "environment PULSE__KIOSK__COUNTDOWN_SECONDS: kiosk.countdown_seconds: 45 is not allowed"),
    ({"PULSE_DB_URL": "mysql://x/y"},
     "environment PULSE_DB_URL: database.url: backend 'mysql' is not supported"),
])
def test_a_bad_environment_value_names_the_variable(tmp_path: Path, env: dict[str, str],
                                                    needle: str) -> None:
    path = write(tmp_path, "[site]\nk_anonymity = 5\n")
    for source in (None, path):  # with or without a file, the variable is to blame
        with pytest.raises(ConfigError) as err:
            load_config(source, env=env)
        assert str(err.value).startswith(needle), str(err.value)
        assert "<defaults>" not in str(err.value) and str(path) not in str(err.value)


def test_a_rule_broken_by_the_file_names_the_file_even_with_environment(tmp_path: Path) -> None:
    path = write(tmp_path, "[kiosk]\ncountdown_seconds = 40\n")
    with pytest.raises(ConfigError, match=f"^{path}: kiosk.countdown_seconds: 40"):
        load_config(path, env={"PULSE__KIOSK__ID": "gate-2"})


def test_unreadable_config_file_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "pulse.toml"
    folder.mkdir()  # a directory (or a file without read permission): reading fails
    with pytest.raises(ConfigError) as err:
        load_config(folder, env={})
    assert str(err.value).startswith(f"{folder}: cannot read the configuration file: ")
    assert "\n" not in str(err.value)


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


def test_the_secret_file_is_private_from_the_start_and_one_per_machine(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two processes creating the secret at once end with the same one (the first wins), and
    the file is never readable by others, not even for a moment."""
    import secrets as secrets_module
    import stat

    home = tmp_path / "first"
    cfg = load_config(env={"PULSE_DATA_DIR": str(home)})
    theirs = "a" * 64
    real = secrets_module.token_hex

    def other_process_wins(n: int) -> str:
        # Another app writes its secret while this one is generating its own.
        if not (home / "secret.key").exists():
            (home / "secret.key").write_text(theirs, encoding="ascii")
        return real(n)

    monkeypatch.setattr(secrets_module, "token_hex", other_process_wins)
    assert cfg.secret_bytes() == theirs.encode("ascii")
    assert sorted(p.name for p in home.iterdir()) == ["secret.key"]  # no temp left
    monkeypatch.setattr(secrets_module, "token_hex", real)
    fresh = tmp_path / "fresh"
    created_modes: list[int] = []
    real_link = os.link

    def watch(src, dst):  # type: ignore[no-untyped-def]
        created_modes.append(stat.S_IMODE(os.stat(src).st_mode))
        return real_link(src, dst)

    monkeypatch.setattr(os, "link", watch)
    load_config(env={"PULSE_DATA_DIR": str(fresh)}).secret_bytes()
    assert created_modes == [0o600]
    assert stat.S_IMODE((fresh / "secret.key").stat().st_mode) == 0o600


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="root only: an admin's sudo pulse in the service's data dir")
def test_a_secret_made_by_root_belongs_to_the_data_dirs_owner(tmp_path: Path) -> None:
    data = tmp_path / "var-lib-supplier-pulse"
    data.mkdir()
    os.chown(data, 65534, 65534)  # the service user ("nobody" here)
    load_config(env={"PULSE_DATA_DIR": str(data)}).secret_bytes()
    assert (data / "secret.key").stat().st_uid == 65534


def test_a_shared_database_never_gets_a_made_up_secret(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    """An admin machine (or a kiosk) on the plant's PostgreSQL without the site secret: a
    random secret made there would give badges nobody's kiosk matches and audit entries the
    others cannot verify. It is refused in one line; with the secret file copied, it works."""
    from shared.cli import main as pulse
    monkeypatch.delenv("PULSE_SECRET", raising=False)
    data = tmp_path / "admin-laptop"
    pg = "postgresql+psycopg://pulse@db.invalid/pulse"
    cfg = load_config(env={"PULSE_DATA_DIR": str(data), "PULSE_DB_URL": pg})
    with pytest.raises(ConfigError, match="site secret is not set"):
        cfg.secret_bytes()
    assert not (data / "secret.key").exists()
    monkeypatch.setenv("PULSE_DATA_DIR", str(data))
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("3F00A1B2C3\n"))
    assert pulse(["--db", pg, "badge", "assign", "0001"]) == 1
    err = capsys.readouterr().err
    assert "site secret is not set" in err and len(err.splitlines()) == 1
    assert not (data / "secret.key").exists()
    data.mkdir()
    (data / "secret.key").write_text("b" * 64, encoding="ascii")  # copied from the plant
    assert cfg.secret_bytes() == b"b" * 64
    # One machine on SQLite still makes its own.
    alone = load_config(env={"PULSE_DATA_DIR": str(tmp_path / "alone")})
    assert len(alone.secret_bytes()) == 64
