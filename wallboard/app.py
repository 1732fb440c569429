"""Start-up of the wallboard, in stages (as qutebrowser's app.py documents its own):

1. **args**     -- ``--config``, ``--db``, ``--windowed``, ``--self-test``, ``-v``.
2. **logging**  -- configured once, here; nothing below prints.
3. **config**   -- the typed TOML configuration (``shared.config.load_config``) and the
                   office-hours windows; a bad file, value, ``--db`` URL or window ends the
                   start with one logged line (file or variable, key, what is allowed) and
                   exit code 1, never a traceback.
4. **database** -- opened and upgraded to the latest schema (an empty database is created);
                   when the server is down (or a SQLite folder cannot be made yet) the
                   wallboard still starts and shows "reconnecting" until it answers.
5. **QApplication** -- fonts, translations (Russian/English, plus Qt's own qtbase_ru).
6. **window**   -- the WallboardWindow, the background data worker, the systemd watchdog.

``--self-test`` runs a headless check of all of that (see wallboard.selftest) and exits 0/1.
Exit codes: 0 normal end, 1 configuration error or failed self-test.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from shared.config import Config, ConfigError, _check_url, load_config
from wallboard.playlist import WindowError, parse_window

log = logging.getLogger("wallboard")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pulse-wallboard",
                                     description="Supplier Pulse office wallboard.")
    parser.add_argument("--config", metavar="FILE", help="configuration TOML")
    parser.add_argument("--db", metavar="URL", help="database URL (overrides the config)")
    parser.add_argument("--windowed", action="store_true",
                        help="a normal window for a desk test (Esc exits)")
    parser.add_argument("--self-test", action="store_true",
                        help="headless check: migrations, translations, a frame, a poster")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    return parser.parse_args(argv)


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def load(args: argparse.Namespace) -> Config:
    """The configuration, ``--db`` and the time windows checked; ``ConfigError`` otherwise."""
    config = load_config(args.config)
    if args.db:
        _check_url(args.db, "--db")
        config.database.url = args.db
    for i, text in enumerate(config.wallboard.windows):
        try:
            parse_window(text)
        except WindowError as exc:
            raise ConfigError(f"{config.source}: wallboard.windows[{i}]: {exc}") from None
    return config


def open_db(config: Config) -> object | None:
    """The database, upgraded; None (logged) when it cannot be reached right now.
    ``SiteSecretMismatch`` (a ConfigError) when this machine's site secret is not the
    database's: the wallboard does not start."""
    from shared.config import ConfigError
    from shared.db import DatabaseError, open_database
    # With the site secret, like the kiosk and `pulse db upgrade`: an upgrade run here keys
    # the audit log's anchor at once (shared/audit.py). The wallboard itself writes no audit
    # entry and needs no secret: without one, the first keyed append keys the anchor.
    try:
        key: bytes | None = config.secret_bytes()
    except ConfigError:
        if config.site.secret:  # set but unusable (too short): said, not ignored
            raise
        key = None
    try:
        return open_database(config.database_url(), upgrade=True,
                             pool_size=config.database.pool_size,
                             connect_timeout=config.database.connect_timeout,
                             audit_key=key)
    except DatabaseError as exc:
        log.error("database not available at start: %s", exc)
        return None


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    setup_logging(args.verbose)
    if args.self_test:
        from wallboard.selftest import run_self_test
        return run_self_test()
    try:
        config = load(args)
    except ConfigError as exc:
        log.error("%s", exc)
        return 1
    try:
        db = open_db(config)
    except ConfigError as exc:  # another site secret than the database's
        log.error("%s", exc)
        return 1

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from shared.qt.fonts import load_fonts
    from shared.qt.i18n import install_translations
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Supplier Pulse wallboard")
    load_fonts()
    install_translations(app, config.site.default_language)

    from wallboard.window import WallboardWindow
    from wallboard.worker import DataRefresher, Source, database_source
    source: Source = (database_source(db, config) if db is not None  # type: ignore[arg-type]
                      else _reconnecting_source(config))  # type: ignore[assignment]
    refresher = DataRefresher(source, config.wallboard.refresh_seconds)
    kiosk = config.wallboard.fullscreen and not args.windowed
    window = WallboardWindow(config, refresher, kiosk=kiosk)
    if kiosk:
        window.setCursor(Qt.CursorShape.BlankCursor)
        window.showFullScreen()
    else:
        window.resize(1600, 900)
        window.show()
    window.start()
    return int(app.exec())


def _reconnecting_source(config: Config) -> object:
    """A source that opens (and upgrades) the database on first success: the wallboard can
    start before the server does and recovers by itself."""
    from shared.db import Database, open_database
    from wallboard.worker import database_source
    state: dict[str, Database] = {}

    def load() -> object:
        if "db" not in state:
            state["db"] = open_database(config.database_url(), upgrade=True,
                                        pool_size=config.database.pool_size,
                                        connect_timeout=config.database.connect_timeout)
        return database_source(state["db"], config)()
    return load


if __name__ == "__main__":
    os.environ.setdefault("PULSE_APP", "wallboard")
    sys.exit(main())
