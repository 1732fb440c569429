"""The ``pulse`` admin command line.

Each ``shared/cli/cmd_*.py`` module registers its own commands through
``register(cli)``; groups such as ``pulse import ...`` are shared between modules
via ``cli.group(name)``. Exit codes: 0 success, 1 user error (one clear line, no
traceback), 2 usage error (argparse).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from shared.config import Config, ConfigError, load_config
from shared.db import Database, DatabaseError

log = logging.getLogger(__name__)


class UserError(Exception):
    """A problem the person running the command can fix; printed as one line."""


class Context:
    """What a command handler gets: parsed args, config and database, loaded on demand."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._config: Config | None = None
        self._db: Database | None = None
        self._plant_db: Database | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.args.config)
            if self.args.db:
                from shared.config import _check_url
                try:
                    _check_url(self.args.db, "--db")
                except ConfigError as exc:
                    raise UserError(str(exc)) from None
                self._config.database.url = self.args.db
        return self._config

    def database(self, *, upgrade: bool = True) -> Database:
        if self._db is None:
            cfg = self.config
            hint = demo_hint(cfg)
            if hint:
                print(hint, file=sys.stderr)
            self._db = Database.from_config(cfg, role="pulse", upgrade=upgrade)
        return self._db

    def plant_database(self, given: str | None) -> Database:
        """The database as ``--plant`` asks: all of it when not given (a head office's
        company-wide figures), else one plant's rows only (docs/plants.md). On SQLite,
        which holds one plant, only that plant can be asked for."""
        db = self.database()
        if not given:
            return db
        from shared.domain.plants import PlantError, resolve_plant
        cfg = self.config
        try:
            with db.engine.connect() as conn:
                plant_id = resolve_plant(conn, given, cfg.site.plant_id)
        except PlantError as exc:
            raise UserError(f"--plant: {exc}") from None
        if db.dialect != "postgresql":
            if plant_id != cfg.site.plant_id:
                raise UserError(f"--plant {given}: this database holds plant "
                                f"{cfg.site.plant_id} only (other plants' rows are at the "
                                "head office's PostgreSQL)")
            return db
        if self._plant_db is None:
            self._plant_db = Database.from_config(cfg, role="pulse", upgrade=False,
                                                  plant_scope=plant_id)
        return self._plant_db

    def month(self) -> str:
        """``--month YYYY-MM`` as given, or this month in the plant's time zone (UserError
        for anything that is not a month)."""
        from shared.domain.periods import month_period
        text = self.args.month
        if not text:
            return dt.datetime.now(self.config.tz).strftime("%Y-%m")
        try:
            return month_period(text).label()
        except ValueError as exc:
            raise UserError(str(exc)) from None

    @property
    def actor(self) -> str:
        """Who the audit log says acted: ``cli:<OS user>`` (``cli:?`` if the OS cannot say)."""
        return cli_actor()

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
        if self._plant_db is not None:
            self._plant_db.dispose()


def demo_hint(config: Config, cwd: str | None = None) -> str:
    """One line when ``pulse`` is about to make a new empty database while the demo's sits in
    ``./demo-data`` (scripts/demo.sh): how to point at it. Empty otherwise."""
    from pathlib import Path
    if config.database.url or os.environ.get("PULSE_DATA_DIR") or os.environ.get(
            "PULSE_CONFIG") or config.source != "<defaults>":
        return ""
    default = Path(config.database_url().removeprefix("sqlite:///"))
    demo = Path(cwd or os.getcwd()) / "demo-data"
    # A file with no schema in it is no database (an earlier `pulse status` opened it).
    if _has_schema(default) or not (demo / "pulse.toml").exists():
        return ""
    return (f"pulse: no database at {default} yet; the demo's is in {demo}: "
            f"export PULSE_DATA_DIR={demo}")


def _has_schema(path: os.PathLike[str]) -> bool:
    """Whether the SQLite file at ``path`` holds the product's schema (read-only look)."""
    import sqlite3
    from pathlib import Path
    if not Path(path).exists() or Path(path).stat().st_size == 0:
        return False
    try:
        conn = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                "name = 'alembic_version'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:
        return True  # damaged or locked: not ours to point elsewhere from


def cli_actor() -> str:
    """``cli:<OS user>`` for the audit log: the person at the command line, as far as the
    operating system knows (``getpass.getuser``: LOGNAME/USER/…, then the password database)."""
    try:
        user = getpass.getuser().strip()
    except (OSError, KeyError, ImportError):
        user = ""
    return f"cli:{user[:90] or '?'}"


Handler = Callable[[Context], int | None]


class CommandLine:
    """The argparse tree, with named groups that several modules can extend."""

    def __init__(self) -> None:
        self.parser = argparse.ArgumentParser(
            prog="pulse", description="Supplier Pulse administration.")
        self.parser.add_argument("--db", metavar="URL",
                                 help="database URL (overrides the config and PULSE_DB_URL)")
        self.parser.add_argument("--config", metavar="FILE",
                                 help="configuration TOML "
                                      "(default: PULSE_CONFIG or <data dir>/pulse.toml)")
        self.parser.add_argument("-v", "--verbose", action="store_true", help="log more")
        self.commands = self.parser.add_subparsers(dest="command", metavar="COMMAND")
        self.commands.required = True
        self._groups: dict[str, Any] = {}

    def command(self, name: str, handler: Handler, help: str, parent: Any = None,
                **kwargs: Any) -> argparse.ArgumentParser:
        sub = (parent or self.commands).add_parser(name, help=help, description=help, **kwargs)
        sub.set_defaults(handler=handler)
        return sub

    def group(self, name: str, help: str = "") -> Any:
        if name not in self._groups:
            parser = self.commands.add_parser(name, help=help, description=help)
            subs = parser.add_subparsers(dest=f"{name}_command", metavar="SUBCOMMAND")
            subs.required = True
            self._groups[name] = subs
        return self._groups[name]


def build_parser() -> argparse.ArgumentParser:
    cli = CommandLine()
    import shared.cli as package
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            importlib.import_module(f"shared.cli.{info.name}").register(cli)
    return cli.parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    ctx = Context(args)
    try:
        result = args.handler(ctx)
        return int(result or 0)
    except (UserError, ConfigError, DatabaseError) as exc:
        print(f"pulse: error: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        # A dead or refusing database is the user's to fix: one line, details in the log.
        log.info("database error", exc_info=True)
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        print(f"pulse: error: database: {first}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pulse: interrupted", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `pulse ... | head`: the reader stopped reading; not an error worth a traceback.
        # Point stdout at /dev/null so the interpreter's last flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as other command-line tools end in a broken pipe
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
