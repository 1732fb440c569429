"""Start-up of the wallboard, in stages (as qutebrowser's app.py documents its own):

1. **args**     -- ``--config``, ``--db``, ``--windowed``, ``--self-test``, ``-v``.
2. **logging**  -- configured once, here; nothing below prints.
3. **config**   -- the typed TOML configuration (``shared.config.load_config``) and the
                   office-hours windows; a bad file, value, ``--db`` URL or window ends the
                   start with one logged line (file or variable, key, what is allowed) and
                   exit code 1, never a traceback.
4. **database** -- ``Database.from_config(config, role="wallboard")``: opened and upgraded
                   to the latest schema (an empty database is created), with the site secret;
                   when the server is down (or a SQLite folder cannot be made yet) the
                   wallboard still starts and shows "reconnecting" until it answers.
5. **QApplication** -- fonts, translations (Russian/English, plus Qt's own qtbase_ru).
6. **window**   -- the WallboardWindow, the background data worker, the systemd watchdog.

``--self-test`` runs a headless check of all of that (see wallboard.selftest) and exits 0/1.
Exit codes, as ``pulse`` and the kiosk: 0 normal end, 1 configuration error (also a wrong
site secret) or failed self-test, 2 a usage error (argparse).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from shared.config import Config, ConfigError, _check_url, load_config
from wallboard.playlist import WindowError, parse_window

if TYPE_CHECKING:
    from shared.db import Database
    from wallboard.worker import Source

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


def open_db(config: Config) -> Database | None:
    """The database, upgraded; None (logged) when it cannot be reached right now.
    ``SiteSecretMismatch`` (a ConfigError) when this machine's site secret is not the
    database's: the wallboard does not start."""
    from shared.db import Database, DatabaseError
    try:
        return Database.from_config(config, role="wallboard")
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
    from wallboard.worker import DataRefresher, database_source
    source = database_source(db, config) if db is not None else reconnecting(config)
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


def reconnecting(config: Config) -> Source:
    """The source of a wallboard started while the database was not available: it opens
    the database as at the start (upgraded, keyed, the site key checked) once it answers."""
    from shared.db import Database
    from wallboard.worker import reconnecting_source
    return reconnecting_source(lambda: Database.from_config(config, role="wallboard"), config)


if __name__ == "__main__":
    os.environ.setdefault("PULSE_APP", "wallboard")
    sys.exit(main())
