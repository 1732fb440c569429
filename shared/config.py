"""Typed configuration: one TOML file plus environment overrides, validated at load.

Every option has a type, a default and a description (the README's configuration
reference is generated from these dataclasses, so it cannot drift). Loading is
strict: an unknown key, a wrong type, a value out of bounds or not among the allowed
ones (``opt(min=, max=, choices=, item_choices=)``), a bad URL, or options that contradict
each other (the rules in ``CHECKS``) raise ``ConfigError`` with a one-line message naming
where the value came from (the file, or the environment variable), the key and what is
allowed.

Environment overrides (applied after the file):

* ``PULSE_CONFIG``   path of the TOML file (default: ``<data dir>/pulse.toml`` if it exists)
* ``PULSE_DATA_DIR`` where the default SQLite database and the generated secret live
* ``PULSE_DB_URL``   ``database.url``
* ``PULSE_SECRET``   ``site.secret``
* ``PULSE_KIOSK_ID`` ``kiosk.id``
* ``PULSE__SECTION__KEY`` any scalar option, e.g. ``PULSE__RATING__COOLDOWN_HOURS=2``
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import secrets
import tomllib
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared.codes import KINDS, ROLES
from shared.plurals import counted

__all__ = ["Config", "ConfigError", "load_config", "default_data_dir", "option_reference"]


class ConfigError(ValueError):
    """A configuration problem, phrased as one line for a person."""


class SiteSecretMismatch(ConfigError):
    """The database was keyed with another site secret than this machine's (its key-check
    value does not match): badges would not match, audit entries would not verify."""


# A site secret shorter than this is refused: the badge HMACs, the audit chain and the
# kiosks' offline PIN verifiers are only as strong as it (the generated one has 64 hex digits).
MIN_SECRET_BYTES = 32


Choices = tuple[str, ...] | Callable[[], tuple[str, ...]]


def opt(default: Any, doc: str, *, min: float | None = None, max: float | None = None,
        choices: Choices | None = None, item_choices: Choices | None = None) -> Any:
    """A config option: default, description and optional bounds.

    ``item_choices``: the values each element of a list may take. Either may be a function
    returning the tuple, for vocabularies that live with the domain (imported only when a
    value is checked, so loading the config does not import the database models).
    """
    meta = {"doc": doc, "min": min, "max": max, "choices": choices, "item_choices": item_choices}
    if isinstance(default, (list, dict)) or dataclasses.is_dataclass(default):
        def factory(d: Any = default) -> Any:
            return _copy(d)
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


def _choices(meta: typing.Mapping[str, Any], key: str = "choices") -> tuple[str, ...] | None:
    value = meta.get(key)
    return value() if callable(value) else value


def _roles() -> tuple[str, ...]:
    return ROLES


def _nudge_kinds() -> tuple[str, ...]:
    # Every nudge kind can go to a webhook; supplier_alert also covers the alert's closing.
    return KINDS


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value)
    return value


@dataclass
class DatabaseConfig:
    url: str = opt("", "SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db. "
                       "Empty means <data dir>/pulse.db.")
    echo: bool = opt(False, "Log every SQL statement (debugging only).")
    pool_size: int = opt(5, "PostgreSQL connection pool size.", min=1, max=100)
    connect_timeout: int = opt(5, "Seconds to wait for the database server to answer a connect.",
                               min=1, max=120)


# Letters (Latin or Cyrillic) and digits, then also '.', '/', '-', '_'; at most 32.
PERSONNEL_NO_PATTERN = r"[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё./_-]{0,31}"


@dataclass
class SiteConfig:
    company_name: str = opt("Supplier Pulse", "Company name printed on reports and posters.")
    timezone: str = opt("Europe/Moscow", "Plant time zone (IANA name): months, days and deadlines.")
    secret: str = opt("", "Site secret for badge HMACs, the audit log and the kiosks' offline "
                          "PIN checks: at least 32 bytes, the same on every machine of the "
                          "plant. Keep it out of the database. Empty means a random secret "
                          "generated once in <data dir>/secret.key.")
    default_language: str = opt("ru", "Language of screens before anyone taps a badge.",
                                choices=("ru", "en"))
    plant_id: int = opt(1, "This plant's number in the company (1 to 21), the same for every "
                           "machine of the plant and different at every plant: rows carry it "
                           "to the head office, and `pulse plant publish` gives the plant its "
                           "own id range from it (docs/plants.md). A single plant keeps 1.",
                        min=1, max=21)
    k_anonymity: int = opt(5, "A public figure needs at least this many distinct clients.",
                           min=3, max=10)
    personnel_no_pattern: str = opt(
        PERSONNEL_NO_PATTERN, "Regular expression a personnel number must match in full "
        "(directory imports); e.g. '\\d{5}' for five digits with leading zeros. Whatever it "
        "allows, numbers Excel mangled (1.5E+05, or 150 beside 00150) are refused.")
    max_deactivate_percent: float = opt(
        20.0, "A directory import with --deactivate-missing (file or --url) is refused when it "
              "would deactivate more than this share of the active people (at least one person "
              "may always go); --force overrides.", min=0, max=100)


@dataclass
class RatingConfig:
    cooldown_hours: float = opt(4.0, "One rating per client->supplier pair per this many hours.",
                                min=0, max=24 * 7)
    comment_max_length: int = opt(500, "Longest comment accepted, in characters.", min=0, max=4000)
    period_days: int = opt(30, "Default metrics period, in days.", min=1, max=366)
    verdict_tolerance: float = opt(0.2, "Metric 1 vs metric 2 differences within this are "
                                        "'the same'.",
                                   min=0, max=4)
    prior_weight: float = opt(10.0, "Attractiveness index: weight (in ratings) of the company "
                                    "mean prior.",
                              min=0, max=1000)
    impact_min_months: int = opt(9, "Impact of an initiative (pulse impact): months with both "
                                    "a KPI value and satisfaction from k clients needed before "
                                    "an effect is given; fewer say 'not measurable yet'.",
                                 min=7, max=60)
    influence_long_days: int = opt(90, "Right to influence: when fewer than k clients rated a "
                                       "person in period_days, their own rating over this many "
                                       "days decides (before their team's or department's).",
                                   min=1, max=366)


@dataclass
class FairnessConfig:
    correct_leniency: bool = opt(True, "Rankings, posters and tiers use scores corrected for "
                                       "each rater's leniency (harsh and lenient raters).")
    leniency_shrinkage: float = opt(3.0, "A rater's offset is shrunk towards zero as if they "
                                          "had this many more ratings at the consensus.",
                                    min=0, max=1000)
    ring_min_lift: float = opt(1.0, "A mutual pair is suspicious when each rates the other at "
                                    "least this far above the other's other clients.",
                               min=0.1, max=4)
    ring_min_ratings: int = opt(3, "... with at least this many ratings in each direction "
                                   "in the month.", min=1, max=1000)
    ring_volume_ratio: float = opt(2.0, "... and each direction's volume at least this many "
                                        "times the usual pair volume between their departments.",
                                   min=0, max=100)


@dataclass
class TierConfig:
    name: str = opt("gold", "Tier name.")
    min_index: float = opt(4.5, "Minimum attractiveness index.", min=1, max=5)
    min_clients: int = opt(10, "Minimum distinct clients in the month.", min=1, max=100000)
    perks_ru: str = opt("", "What the tier gives, in Russian (the supplier's kiosk home shows "
                            "it); empty: nothing said. Give it in both languages or neither.")
    perks_en: str = opt("", "What the tier gives, in English.")


def _default_tiers() -> list[TierConfig]:
    return [TierConfig("gold", 4.5, 10, "приоритет в очереди заявок и место на плакате месяца",
                       "priority in the request queue and a place on the month's poster"),
            TierConfig("silver", 4.2, 7, "приоритет в очереди заявок",
                       "priority in the request queue"),
            TierConfig("bronze", 3.9, 5, "упоминание на мониторе клиентоориентированности",
                       "a mention on the client-centricity monitor")]


@dataclass
class NudgeConfig:
    drop_threshold: float = opt(0.3, "'Your rating is dropping' when the 30-day mean falls by "
                                     "this much.",
                                min=0, max=4)
    weekly_reminder: bool = opt(True, "Remind people who rated nobody this week.")
    reminder_weekday: int = opt(1, "ISO weekday of the reminder (1 = Monday).", min=1, max=7)
    proposal_reward_points: int = opt(1, "Points credited to a supplier when a proposal is "
                                         "accepted.",
                                      min=0, max=100)
    proposal_implemented_points: int = opt(0, "Points credited again when the decider marks "
                                              "an accepted proposal implemented (0: none).",
                                           min=0, max=100)


@dataclass
class AlertConfig:
    window_hours: float = opt(24.0, "Sliding window of supplier alerts, in hours.", min=1,
                              max=24 * 31)
    min_ratings: int = opt(4, "Minimum ratings in the window before an alert may open.", min=1,
                           max=1000)
    low_share: float = opt(0.5, "Share of 1-2 scores that opens an alert.", min=0.01, max=1)


@dataclass
class DisputeConfig:
    answer_days: int = opt(7, "Calendar days the respondent has to answer.", min=1, max=60)
    both_right_points: int = opt(0, "Points to each party when both are right.", min=-10, max=10)
    both_wrong_points: int = opt(0, "Points to each party when both are wrong.", min=-10, max=10)
    remind_days_left: list[int] = opt([5, 1], "Remind the respondent when this many days are left "
                                              "(each 1 to answer_days - 1).")
    escalation_remind_days: int = opt(3, "Remind a manager of an escalation waiting this many "
                                         "days.",
                                      min=1, max=60)
    require_higher_rating: bool = opt(False, "Only someone whose own rating is higher than the "
                                             "respondent's may open a dispute (as for the right "
                                             "to influence).")
    previous_month_until_day: int = opt(10, "The wallboard keeps the closed month's dispute "
                                            "results beside the new month's until this day of "
                                            "the month (1: not at all).",
                                        min=1, max=28)
    report_folder: str = opt("", "Where `pulse jobs run` writes the closed month's points "
                                 "report (PDF and CSV) on its first run of a month; empty: "
                                 "the 'reports' folder in the data directory.")


@dataclass
class KioskConfig:
    id: str = opt("kiosk-1", "This terminal's identifier, stored with every rating.")
    idle_seconds: int = opt(30, "Log out after this many seconds without a touch.", min=5, max=600)
    countdown_seconds: int = opt(10, "Show the logout countdown for the last this many seconds "
                                     "(less than idle_seconds).", min=1, max=60)
    fullscreen: bool = opt(True, "Frameless full screen.")
    hide_cursor: bool = opt(True, "Hide the mouse cursor (turn off for a desk test).")
    badge_max_interval_ms: int = opt(50, "A badge reader types each key within this many ms.",
                                     min=5, max=500)
    badge_min_length: int = opt(6, "Shortest badge code accepted (at most badge_max_length).",
                                min=1, max=64)
    badge_max_length: int = opt(32, "Longest badge code accepted.", min=1, max=128)
    serial_port: str = opt("", "Serial badge reader device (e.g. /dev/ttyUSB0); empty = none.")
    serial_retry_seconds: int = opt(5, "Seconds between attempts to open the serial badge "
                                       "reader while it is missing or unplugged.",
                                    min=1, max=600)
    pin_roles: list[str] = opt(["manager", "admin"], "Roles that must enter a PIN after the badge.",
                               item_choices=_roles)
    pin_max_attempts: int = opt(5, "Wrong PINs before a lockout.", min=1, max=20)
    pin_lockout_minutes: int = opt(5, "First lockout length; each further lockout doubles it.",
                                   min=1, max=1440)
    local_db: str = opt("", "Path of the kiosk's local SQLite (snapshot + outbox); empty = "
                            "<data dir>/kiosk-local.db.")
    sync_seconds: int = opt(15, "Seconds between outbox pushes.", min=1, max=3600)
    snapshot_seconds: int = opt(300, "Seconds between directory snapshot refreshes.", min=10,
                                max=86400)
    thanks_seconds: int = opt(8, "Seconds the thanks screen stays before returning to the start.",
                              min=2, max=120)
    message_seconds: int = opt(8, "Seconds a message (unknown badge, offline) stays on screen.",
                               min=2, max=120)
    search_delay_ms: int = opt(250, "Pause after the last key before a name search runs.",
                               min=0, max=5000)
    mood_refresh_seconds: int = opt(120, "Seconds between refreshes of the start screen's mood.",
                                    min=10, max=3600)


@dataclass
class SlideConfig:
    slide: str = opt("map", "Slide name.", choices=("initiatives", "map", "rankings", "trend",
                                                    "poster", "problems", "impact", "disputes",
                                                    "clock", "principles"))
    seconds: int = opt(20, "Seconds on screen.", min=3, max=3600)


def _default_playlist() -> list[SlideConfig]:
    # The living initiative map first: the monitor the programme is built around (issue 13).
    return [SlideConfig("initiatives", 30), SlideConfig("map", 25), SlideConfig("rankings", 20),
            SlideConfig("trend", 20), SlideConfig("poster", 20), SlideConfig("problems", 15),
            SlideConfig("impact", 20), SlideConfig("disputes", 15), SlideConfig("principles", 15)]


# The programme's own four principles (SPEC 1), as the wallboard shows them.
PRINCIPLES_RU = [
    "Каждый, кто вам помогает, — ваш внутренний поставщик, а вы — его клиент. Оценивайте "
    "каждую услугу, каждый раз.",
    "Оценки видны всем: монитор клиентоориентированности и плакаты лучших поставщиков.",
    "Оценки имеют значение: ваша собственная оценка даёт право приносить предложения "
    "руководителю поставщика, лучшим поставщикам — предпочтения.",
    "Правила соблюдают все: кто видит нарушение регламента, открывает спор; баллы за месяц "
    "становятся премиями или штрафами.",
]
PRINCIPLES_EN = [
    "Everyone who helps you is your internal supplier, and you are their client. Rate every "
    "service, every time.",
    "Ratings are visible to all: the client-centricity monitor and posters of the best "
    "suppliers.",
    "Ratings matter: your own rating gives you the right to bring proposals to a supplier's "
    "manager; the best suppliers earn preferences.",
    "Rules are for everyone: whoever sees a regulation broken opens a dispute; the month's "
    "points become bonuses or fines.",
]


@dataclass
class ProgrammeConfig:
    principles_ru: list[str] = opt(list(PRINCIPLES_RU), "The programme's principles in Russian "
                                   "(the wallboard's 'principles' slide), in order.")
    principles_en: list[str] = opt(list(PRINCIPLES_EN), "The same principles in English, as "
                                   "many as in Russian.")
    improved_points: int = opt(0, "Points `pulse jobs run` credits once to each of the closed "
                                  "month's most improved suppliers (the wallboard's list), in "
                                  "the points ledger with the cause most_improved; 0: none.",
                               min=0, max=100)
    improved_suppliers: int = opt(3, "How many of the month's most improved suppliers earn "
                                     "those points.", min=1, max=30)


@dataclass
class WallboardConfig:
    playlist: list[SlideConfig] = field(default_factory=_default_playlist,
                                        metadata={"doc": "Slides in order, each with its seconds."})
    refresh_seconds: int = opt(60, "Seconds between background data refreshes.", min=5, max=3600)
    plant: int = opt(0, "At a head office (docs/plants.md): the number of the one plant this "
                        "wallboard shows, as that plant's own wallboard would; 0 shows the "
                        "whole company.", min=0, max=21)
    windows: list[str] = opt(["Mon-Fri 07:00-20:00"], "When the screen shows slides, e.g. "
                             "'Mon-Fri 07:00-20:00'; outside, it shows a dim clock.")
    outside_mode: str = opt("clock", "Outside the windows: a dim clock or a dark screen.",
                            choices=("clock", "dark"))
    fullscreen: bool = opt(True, "Frameless full screen (kiosk mode: Esc does not exit).")
    drift_pixels: int = opt(6, "Burn-in protection: how far the content drifts.", min=0, max=50)
    drift_minutes: int = opt(3, "Burn-in protection: minutes between drifts.", min=1, max=120)
    top_suppliers: int = opt(10, "Rows in the rankings slide.", min=3, max=30)
    poster_folder: str = opt("", "Where the wallboard's print-poster action (key P) writes the "
                                 "month's PDF; empty = <data dir>/posters.")
    poster_size: str = opt("A4", "Paper size of the wallboard's posters.", choices=("A4", "A3"))


@dataclass
class WebhookConfig:
    kind: str = opt("json", "Payload format.",
                    choices=("json", "slack", "telegram", "bitrix24", "teams"))
    url: str = opt("", "Endpoint URL, http:// or https:// (a secret: it is never logged in "
                       "full).")
    name: str = opt("", "Stable name of this webhook's queue: a changed url (a rotated token) "
                        "keeps the messages queued for it. Empty = the kind and chat_id; two "
                        "webhooks of one kind and chat_id need different names.")
    chat_id: str = opt("", "Telegram chat / Bitrix24 user that gets supplier alerts (a "
                           "department's results); required for those kinds; personal nudges "
                           "go to each person's own address from the directory, never here.")
    timeout_seconds: float = opt(5.0, "HTTP timeout.", min=0.1, max=120)
    max_attempts: int = opt(8, "Attempts before a message is dead-lettered.", min=1, max=100)
    kinds: list[str] = opt([], "Nudge kinds sent to this webhook (e.g. supplier_alert, "
                               "dispute_escalated); empty = every kind.",
                           item_choices=_nudge_kinds)


@dataclass
class WebConfig:
    host: str = opt("127.0.0.1", "Address pulse-web listens on (behind the reverse proxy: "
                                 "keep 127.0.0.1); --host overrides.")
    port: int = opt(8080, "Port pulse-web listens on; --port overrides.", min=1, max=65535)
    base_url: str = opt("", "The address people open, e.g. https://pulse.plant.local (used in "
                            "sign-in links and QR codes); empty = http://<host>:<port>. An "
                            "https address makes the session cookie Secure.")
    link_minutes: int = opt(10, "A sign-in link is valid this many minutes, once.", min=1,
                            max=1440)
    messenger_link_hours: int = opt(24, "pulse jobs run ends a personal message that asks "
                                        "the person to act (a dispute to answer or decide, a "
                                        "proposal to decide, the weekly rating reminder) sent "
                                        "to their own Telegram chat or Bitrix24 user with a "
                                        "single-use sign-in link valid this many hours; 0 = "
                                        "no link. Needs base_url.", min=0, max=168)
    session_hours: int = opt(12, "A signed-in session on a phone or PC lasts this many hours.",
                             min=1, max=24 * 31)
    max_refused_per_minute: int = opt(10, "Refused sign-in links (forged, expired, used) "
                                          "one address may try in a minute before it is "
                                          "told to wait.", min=1, max=10000)
    trusted_header: str = opt("", "Behind a reverse proxy with corporate single sign-on: the "
                                  "request header the proxy sets to the signed-in user (e.g. "
                                  "X-Remote-User). Empty = off. Only with pulse-web reachable "
                                  "through that proxy alone, which must drop the header from "
                                  "clients' requests.")
    trusted_header_match: str = opt("email", "What the trusted header holds: the person's "
                                             "email or personnel number in the directory.",
                                    choices=("email", "personnel_no"))


@dataclass
class Config:
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    site: SiteConfig = field(default_factory=SiteConfig)
    rating: RatingConfig = field(default_factory=RatingConfig)
    tiers: list[TierConfig] = field(default_factory=_default_tiers,
                                    metadata={"doc": "Supplier tiers, best first: each with a "
                                                     "lower min_index and no more min_clients "
                                                     "than the one before."})
    nudges: NudgeConfig = field(default_factory=NudgeConfig)
    fairness: FairnessConfig = field(default_factory=FairnessConfig)
    alerts: AlertConfig = field(default_factory=AlertConfig)
    disputes: DisputeConfig = field(default_factory=DisputeConfig)
    kiosk: KioskConfig = field(default_factory=KioskConfig)
    wallboard: WallboardConfig = field(default_factory=WallboardConfig)
    web: WebConfig = field(default_factory=WebConfig)
    programme: ProgrammeConfig = field(default_factory=ProgrammeConfig)
    webhooks: list[WebhookConfig] = field(default_factory=list,
                                          metadata={"doc": "Messenger webhooks for nudges and "
                                                           "alerts."})
    # Where the file came from and the data dir; not options.
    source: str = field(default="<defaults>", metadata={"internal": True})
    data_dir: str = field(default="", metadata={"internal": True})

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.site.timezone)

    def secret_bytes(self) -> bytes:
        """The site secret for badge HMACs and the audit chain: ``site.secret`` (or
        ``PULSE_SECRET``), else ``<data dir>/secret.key``, generated there once for an
        embedded SQLite database (one machine). A shared database (PostgreSQL) needs the
        plant's one secret on every machine: a new random one here would match no badge and
        key audit entries the others cannot verify, so it is refused (ConfigError)."""
        if self.site.secret:
            return _long_enough(self.site.secret.encode("utf-8"), "site.secret (PULSE_SECRET)")
        path = Path(self.data_dir or default_data_dir()) / "secret.key"
        if not path.exists():
            if not self.database_url().startswith("sqlite"):
                raise ConfigError(
                    f"the site secret is not set (site.secret, PULSE_SECRET or {path}): a "
                    "shared database needs the same secret on every machine of the plant; "
                    "set it here as on the others (badges and the audit log depend on it)")
            path.parent.mkdir(parents=True, exist_ok=True)
            _create_secret_file(path)
        try:
            secret = path.read_text(encoding="ascii").strip().encode("ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read the site secret {path}: "
                              f"{getattr(exc, 'strerror', None) or exc}") from None
        return _long_enough(secret, str(path))

    def database_url(self) -> str:
        if self.database.url:
            return self.database.url
        return f"sqlite:///{Path(self.data_dir or default_data_dir()) / 'pulse.db'}"


def _long_enough(secret: bytes, where: str) -> bytes:
    if len(secret) < MIN_SECRET_BYTES:
        raise ConfigError(f"{where}: the site secret has {len(secret)} bytes, at least "
                          f"{MIN_SECRET_BYTES} are needed (`openssl rand -hex 32`; docs/deploy.md, "
                          "\"Changing the site secret\")")
    return secret


def _create_secret_file(path: Path) -> None:
    """Write a new random secret to ``path`` unless another process got there first.

    Readable by its owner only from the first byte (not chmod-ed after the write), and put
    in place by a link, which fails if the file exists: two apps starting together on a new
    machine (kiosk and wallboard, or an app and ``pulse``) end with one secret, never each
    their own (badges would not match, the audit chain would not verify). Made by root (an
    admin's ``sudo pulse ...``) in a data dir owned by the service user, it is given to that
    user, who could not read it otherwise and whose apps would not start.
    """
    folder = path.parent
    temp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32))
            out.flush()
            os.fsync(out.fileno())
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            owner = folder.stat()
            if owner.st_uid != 0:
                os.chown(temp, owner.st_uid, owner.st_gid)
        with contextlib.suppress(FileExistsError):  # another process's secret is the one
            os.link(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def default_data_dir() -> Path:
    env = os.environ.get("PULSE_DATA_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "supplier-pulse"


# --- loading -----------------------------------------------------------------

def _type_name(tp: Any) -> str:
    names = {int: "an integer", float: "a number", str: "a string", bool: "true or false"}
    if tp in names:
        return names[tp]
    origin = typing.get_origin(tp)
    if origin is list:
        (inner,) = typing.get_args(tp)
        if dataclasses.is_dataclass(inner):
            return "a list of tables"
        return f"a list of {_type_name(inner).removeprefix('an ').removeprefix('a ')}s"
    return str(tp)


def _convert(value: Any, tp: Any, where: str, meta: dict[str, Any]) -> Any:
    origin = typing.get_origin(tp)
    if origin is list:
        (inner,) = typing.get_args(tp)
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected {_type_name(tp)}, got {value!r}")
        item = {"choices": meta.get("item_choices")}
        return [_convert(v, inner, f"{where}[{i}]", item) for i, v in enumerate(value)]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table, got {value!r}")
        return _build(tp, value, where)
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected an integer, got {value!r}")
    elif tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        value = float(value)
        if not math.isfinite(value):  # nan passes every bound check and fails much later
            raise ConfigError(f"{where}: {value!r} is not allowed, use a finite number")
    elif tp is str and not isinstance(value, str):
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    lo, hi, choices = meta.get("min"), meta.get("max"), _choices(meta)
    if lo is not None and value < lo or hi is not None and value > hi:
        raise ConfigError(f"{where}: {value!r} is out of range, allowed {lo}..{hi}")
    if choices and value not in choices:
        raise ConfigError(f"{where}: {value!r} is not allowed, use one of: {', '.join(choices)}")
    return value


def _fields(cls: type) -> dict[str, dataclasses.Field[Any]]:
    return {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    hints = typing.get_type_hints(cls)
    known = _fields(cls)
    kwargs = {}
    for key, value in data.items():
        if key not in known:
            allowed = ", ".join(sorted(known))
            raise ConfigError(f"{where}.{key}: unknown key, allowed: {allowed}"
                              .replace("<root>.", ""))
        kwargs[key] = _convert(value, hints[key], f"{where}.{key}".replace("<root>.", ""),
                               dict(known[key].metadata))
    return cls(**kwargs)


def _scalar_from_env(raw: str, tp: Any) -> Any:
    if tp is bool:
        low = raw.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        return raw
    if tp is int:
        try:
            return int(raw)
        except ValueError:
            return raw
    if tp is float:
        try:
            return float(raw)
        except ValueError:
            return raw
    return raw


def _env_overrides(data: dict[str, Any], env: typing.Mapping[str, str]) -> dict[str, str]:
    """Apply the environment to ``data``; returns {"section.key": variable name}.

    A bad value is reported with the variable's name (not the file's: it is not there).
    """
    origin: dict[str, str] = {}
    direct = {"PULSE_DB_URL": ("database", "url"), "PULSE_SECRET": ("site", "secret"),
              "PULSE_KIOSK_ID": ("kiosk", "id")}
    for name, (section, key) in direct.items():
        if env.get(name):
            data.setdefault(section, {})[key] = env[name]
            origin[f"{section}.{key}"] = name
    hints = typing.get_type_hints(Config)
    for name, raw in env.items():
        if not name.startswith("PULSE__"):
            continue
        parts = name[len("PULSE__"):].lower().split("__")
        if len(parts) != 2 or parts[0] not in _fields(Config) \
                or not dataclasses.is_dataclass(hints[parts[0]]):
            raise ConfigError(f"environment {name}: unknown option, use PULSE__SECTION__KEY")
        section, key = parts
        sub = typing.get_type_hints(hints[section])
        if key not in sub:
            raise ConfigError(f"environment {name}: unknown key {section}.{key}")
        value = _scalar_from_env(raw, sub[key])
        meta = dict(_fields(hints[section])[key].metadata)
        try:
            _convert(value, sub[key], f"{section}.{key}", meta)
        except ConfigError as exc:
            raise ConfigError(f"environment {name}: {exc}") from None
        data.setdefault(section, {})[key] = value
        origin[f"{section}.{key}"] = name
    return origin


def _check_url(url: str, where: str) -> None:
    if not url:
        return
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"{where}: {url!r} is not a database URL, use sqlite:///FILE "
                          "or postgresql+psycopg://USER@HOST/DB") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(f"{where}: backend {parsed.get_backend_name()!r} is not supported, "
                          "use sqlite or postgresql+psycopg")
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() not in ("psycopg",):
        raise ConfigError(f"{where}: use the psycopg 3 driver: postgresql+psycopg://...")


# --- rules between options ----------------------------------------------------
# Each yields (key, what is wrong and what is allowed) for a loaded Config; the first
# problem stops the load. The key decides whom the message names: the file, or the
# environment variable the value came from.

Problem = tuple[str, str]


def _check_database(c: Config) -> Iterator[Problem]:
    try:
        _check_url(c.database.url, "database.url")
    except ConfigError as exc:
        yield "database.url", str(exc).removeprefix("database.url: ")


def _check_timezone(c: Config) -> Iterator[Problem]:
    try:
        ZoneInfo(c.site.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        yield "site.timezone", f"{c.site.timezone!r} is not an IANA time zone, e.g. Europe/Moscow"


def _check_kiosk(c: Config) -> Iterator[Problem]:
    k = c.kiosk
    if k.countdown_seconds >= k.idle_seconds:
        yield ("kiosk.countdown_seconds", f"{k.countdown_seconds} is not allowed, use less than "
               f"kiosk.idle_seconds ({k.idle_seconds}): the countdown ends the idle time")
    if k.badge_min_length > k.badge_max_length:
        yield ("kiosk.badge_min_length", f"{k.badge_min_length} is not allowed, use at most "
               f"kiosk.badge_max_length ({k.badge_max_length})")


def _check_disputes(c: Config) -> Iterator[Problem]:
    last = c.disputes.answer_days - 1
    for i, days in enumerate(c.disputes.remind_days_left):
        if not 1 <= days <= last:
            allowed = f"allowed 1..{last}" if last >= 1 else "use none"
            yield (f"disputes.remind_days_left[{i}]", f"{days!r} is out of range, {allowed} "
                   f"(days left of disputes.answer_days = {c.disputes.answer_days})")


def _check_programme(c: Config) -> Iterator[Problem]:
    ru, en = c.programme.principles_ru, c.programme.principles_en
    for key, texts in (("principles_ru", ru), ("principles_en", en)):
        if not 1 <= len(texts) <= 6:
            yield f"programme.{key}", f"give 1 to 6 principles, not {len(texts)}"
        for i, text in enumerate(texts):
            if not text.strip():
                yield f"programme.{key}", f"principle {i + 1} is empty"
    if len(ru) != len(en):
        yield ("programme.principles_en", f"{counted(len(en), 'principle')} in English but "
               f"{len(ru)} in Russian: give each principle in both languages")


def _check_tiers(c: Config) -> Iterator[Problem]:
    names = [t.name for t in c.tiers]
    for i, tier in enumerate(c.tiers):
        for have, missing in (("perks_ru", "perks_en"), ("perks_en", "perks_ru")):
            if getattr(tier, have).strip() and not getattr(tier, missing).strip():
                yield (f"tiers[{i}].{missing}", f"the perks of {tier.name!r} are given in "
                       f"{have[-2:].upper()} only: write them in both languages (or neither)")
        if not tier.name.strip():
            yield f"tiers[{i}].name", "a tier needs a name"
        elif names.index(tier.name) != i:
            yield f"tiers[{i}].name", f"{tier.name!r} is listed twice; tier names are unique"
        if i == 0:
            continue
        best = c.tiers[i - 1]
        if tier.min_index >= best.min_index:
            yield (f"tiers[{i}].min_index", f"{tier.min_index!r} is not allowed, use less than "
                   f"{best.min_index!r} (tiers[{i - 1}], {best.name!r}): tiers are listed best "
                   "first")
        if tier.min_clients > best.min_clients:
            yield (f"tiers[{i}].min_clients", f"{tier.min_clients!r} is not allowed, use at most "
                   f"{best.min_clients!r} (tiers[{i - 1}], {best.name!r}): tiers are listed best "
                   "first")


# What each webhook kind cannot do without (besides the url).
WEBHOOK_NEEDS = {"telegram": ("chat_id", "the Telegram chat id"),
                 "bitrix24": ("chat_id", "the Bitrix24 user id to notify")}


def webhook_identity(hook: WebhookConfig) -> str:
    """What a webhook's queue is keyed by: its name, else kind and chat; never the url, so
    a rotated url (a new bot token) keeps the deliveries queued before."""
    return f"{hook.kind}|name:{hook.name}" if hook.name.strip() else \
        f"{hook.kind}|chat:{hook.chat_id.strip()}"


def _check_webhooks(c: Config) -> Iterator[Problem]:
    from urllib.parse import urlsplit
    seen: dict[str, int] = {}
    for i, hook in enumerate(c.webhooks):
        try:
            url = urlsplit(hook.url.strip())
            host = url.hostname
        except ValueError:  # a malformed port or IPv6 literal
            url, host = None, None
        if url is None or url.scheme not in ("http", "https") or not host:
            yield (f"webhooks[{i}].url", f"{_redacted(hook.url)!r} is not allowed, use an "
                   "http:// or https:// URL with a host name")
        need = WEBHOOK_NEEDS.get(hook.kind)
        if need and not str(getattr(hook, need[0])).strip():
            yield f"webhooks[{i}].{need[0]}", f"required for a {hook.kind} webhook: {need[1]}"
        identity = webhook_identity(hook)
        if identity in seen:
            yield (f"webhooks[{i}].name", f"webhooks[{seen[identity]}] has the same kind and "
                   f"{'name' if hook.name.strip() else 'chat_id'}: give each a different name, "
                   "so their queues stay apart")
        seen.setdefault(identity, i)


def _redacted(url: str) -> str:
    """A bad webhook url for a message: its start only (a bot token may follow)."""
    return url if len(url) <= 12 else url[:12] + "…"


def _check_personnel_no_pattern(c: Config) -> Iterator[Problem]:
    import re
    try:
        re.compile(c.site.personnel_no_pattern)
    except re.error as exc:
        yield "site.personnel_no_pattern", f"not a regular expression: {exc}"
        return
    if not c.site.personnel_no_pattern.strip():
        yield "site.personnel_no_pattern", "empty, use e.g. '\\d{1,10}'"


def _check_web(c: Config) -> Iterator[Problem]:
    header = c.web.trusted_header
    if header and not all(ch.isalnum() or ch == "-" for ch in header):
        yield "web.trusted_header", f"{header!r} is not a header name, e.g. X-Remote-User"
    url = c.web.base_url
    if url and (not url.startswith(("http://", "https://")) or " " in url
                or len(url.split("://", 1)[1].strip("/")) == 0):
        yield "web.base_url", f"{url!r} is not a web address, e.g. https://pulse.plant.local"


CHECKS: tuple[Callable[[Config], Iterator[Problem]], ...] = (
    _check_database, _check_timezone, _check_kiosk, _check_disputes, _check_tiers,
    _check_webhooks, _check_personnel_no_pattern, _check_web, _check_programme)


def load_config(path: str | os.PathLike[str] | None = None,
                env: typing.Mapping[str, str] | None = None) -> Config:
    """Load and validate the configuration. ``path`` wins over ``PULSE_CONFIG``."""
    env = os.environ if env is None else env
    data_dir = Path(env.get("PULSE_DATA_DIR") or default_data_dir())
    chosen = path or env.get("PULSE_CONFIG")
    source = "<defaults>"
    data: dict[str, Any] = {}
    if chosen:
        file = Path(chosen)
        if not file.exists():
            raise ConfigError(f"{file}: configuration file not found")
        source = str(file)
    elif (data_dir / "pulse.toml").exists():
        file = data_dir / "pulse.toml"
        source = str(file)
    else:
        file = None
    if file is not None:
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: not valid TOML: {exc}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{file}: not UTF-8 text") from None
        except OSError as exc:  # unreadable, a directory, ...
            raise ConfigError(f"{file}: cannot read the configuration file: "
                              f"{exc.strerror or exc}") from None
    origin = _env_overrides(data, env)
    try:
        config = _build(Config, data, "<root>")
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    for check in CHECKS:
        for key, problem in check(config):
            where = f"environment {origin[key]}" if key in origin else source
            raise ConfigError(f"{where}: {key}: {problem}")
    config.source = source
    config.data_dir = str(data_dir)
    return config


def option_reference() -> str:
    """Markdown reference of every option (for the README).

    One heading per TOML table, written as a file must write it: ``[kiosk]``, ``[[tiers]]``,
    and a list of tables inside a section with the section's name, ``[[wallboard.playlist]]``,
    after that section's own keys (tests/test_config_doc.py loads every table it prints).
    """
    lines: list[str] = []

    def row(name: str, f: dataclasses.Field[Any], tp: Any, default: Any) -> None:
        doc = f.metadata.get("doc", "")
        extra = []
        if _choices(f.metadata):
            extra.append("one of " + ", ".join(_choices(f.metadata) or ()))
        if _choices(f.metadata, "item_choices"):
            extra.append("each one of " + ", ".join(_choices(f.metadata, "item_choices") or ()))
        if f.metadata.get("min") is not None:
            extra.append(f"{f.metadata['min']}..{f.metadata['max']}")
        if extra:
            doc += f" ({'; '.join(extra)})"
        tname = _type_name(tp).removeprefix("an ").removeprefix("a ")
        lines.append(f"| `{name}` | {tname} | `{default!r}` | {doc} |")

    def table(heading: str, cls: Any, path: str) -> None:
        lines.append(f"\n### {heading}\n")
        lines.append("| option | type | default | description |")
        lines.append("| --- | --- | --- | --- |")
        hints = typing.get_type_hints(cls)
        inst = cls()
        nested: list[tuple[str, dataclasses.Field[Any], Any]] = []
        for name, f in _fields(cls).items():
            tp = hints[name]
            inner = typing.get_args(tp)[0] if typing.get_origin(tp) is list else None
            if dataclasses.is_dataclass(tp) or dataclasses.is_dataclass(inner):
                nested.append((name, f, tp))  # TOML: a table's sub-tables come after its keys
                continue
            row(name, f, tp, getattr(inst, name))
        for name, f, tp in nested:
            tables(f"{path}.{name}", f, tp)

    def tables(path: str, f: dataclasses.Field[Any], tp: Any) -> None:
        if dataclasses.is_dataclass(tp):
            table(f"[{path}]", tp, path)
        else:
            (inner,) = typing.get_args(tp)
            table(f"[[{path}]] — {f.metadata.get('doc', '')}", inner, path)

    hints = typing.get_type_hints(Config)
    for name, f in _fields(Config).items():
        tables(name, f, hints[name])
    return "\n".join(lines).strip() + "\n"


if typing.TYPE_CHECKING:  # keep the names used only in annotations resolvable
    _ = types
