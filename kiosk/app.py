"""Start the kiosk, in stages, each of which can fail with one clear line and no traceback.

1. arguments   ``--windowed`` (a desk test: a 1920x1080 window with a cursor),
               ``--size WxH``, ``--config FILE``, ``--self-test``
2. logging     configured once, to stderr (journald/Windows event log collect it)
3. config      ``shared.config.load_config`` (TOML + environment), validated
4. database    ``Database.from_config(config, role="kiosk")``: an empty database is created
               and migrated; if the server is unreachable the kiosk still starts and says
               "offline" on screen (every later call retries through the worker)
5. QApplication fonts from ``assets/fonts``, translations of the site language
6. offline     the local store (``kiosk.local_db``, default ``<data dir>/kiosk-local.db``:
               directory snapshot + outbox), seeded from the server when it answers, and the
               sync thread (``kiosk.sync_seconds`` / ``kiosk.snapshot_seconds``), stopped on exit
7. window      ``MainWindow``: full screen, frameless, cursor hidden unless configured
               otherwise; the badge readers (keyboard wedge always, serial if configured)

Exit codes, as ``pulse`` and the wallboard: 0 normal end, 1 a configuration the kiosk cannot
start with (one logged line, no traceback; also a wrong site secret, a SQLite file on a
network share or in a folder that cannot be made, a local store that cannot be opened),
2 a usage error (argparse).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from shared.config import Config, default_data_dir
from shared.plurals import counted

if TYPE_CHECKING:
    from shared.offline.store import LocalStore
    from shared.offline.sync import SyncThread

log = logging.getLogger("kiosk")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pulse-kiosk", description="Supplier Pulse touch kiosk")
    parser.add_argument("--config", help="configuration file (default: PULSE_CONFIG or the "
                                         "data dir's pulse.toml)")
    parser.add_argument("--windowed", action="store_true",
                        help="a normal window with a cursor, for a desk test")
    parser.add_argument("--size", default="1920x1080", help="window size with --windowed")
    parser.add_argument("--self-test", action="store_true",
                        help="start headless on a temporary database, render one frame, exit 0/1")
    parser.add_argument("--log-level", default="INFO",
                        choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    return parser.parse_args(list(argv))


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
        return w, h
    except ValueError:
        raise SystemExit(f"--size: {text!r} is not WIDTHxHEIGHT, e.g. 1280x800") from None


def local_db_path(config: Config) -> Path:
    """``kiosk.local_db``, or ``<data dir>/kiosk-local.db``."""
    if config.kiosk.local_db:
        return Path(config.kiosk.local_db).expanduser()
    return Path(config.data_dir or default_data_dir()) / "kiosk-local.db"


def open_local_store(config: Config, path: Path | None = None) -> LocalStore:
    """The kiosk's local store (snapshot + outbox) at ``path`` (default: ``local_db_path``),
    with the configuration's rules: every kiosk has one (the kiosk is offline-first)."""
    import datetime as dt

    from shared.offline.store import LocalStore

    return LocalStore(path or local_db_path(config), kiosk_id=config.kiosk.id,
                      cooldown=dt.timedelta(hours=config.rating.cooldown_hours),
                      comment_max_length=config.rating.comment_max_length,
                      secret=config.secret_bytes())


def start_offline(config: Config) -> tuple[LocalStore, SyncThread]:
    """Open the local store, seed the snapshot if the server answers, start the sync thread."""
    from shared.db import Database
    from shared.offline.sync import SyncThread, SyncWorker
    from shared.qt.thumbnail import photo_thumbnail

    store = open_local_store(config)
    central = Database.from_config(config, role="sync")
    worker = SyncWorker(store, central, config, thumbnail=photo_thumbnail)
    # The first pass (push + full snapshot) runs at once on the sync thread: the window
    # does not wait for it; until it is done a cold kiosk answers from the server only.
    sync = SyncThread(worker)
    sync.start()
    log.info("local store %s: %s waiting to sync, last sync %s", store.path,
             counted(store.outbox_size(), "item"), store.last_sync_at() or "never")
    return store, sync


def main(argv: Sequence[str] | None = None) -> int:
    from shared.qt.refcount import make_singletons_immortal
    make_singletons_immortal()  # before any Qt object: see shared/qt/refcount.py
    # 1. arguments
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        from kiosk.selftest import run_self_test
        return run_self_test()
    # 2. logging
    logging.basicConfig(level=args.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # 3. config
    from shared.config import ConfigError, load_config
    try:
        config = load_config(args.config)
        config.secret_bytes()  # badges need it: a shared database refuses to guess one
    except ConfigError as exc:
        log.error("%s", exc)
        return 1
    # 4. database
    from shared.db import Database, DatabaseError, NetworkShareError
    try:
        db = Database.from_config(config, role="kiosk")
    except (NetworkShareError, ConfigError) as exc:  # ConfigError: another site secret
        log.error("%s", exc)
        return 1
    except DatabaseError as exc:
        # Keep going: the screens say "offline" and every later call retries.
        log.error("%s; starting offline", exc)
        try:
            db = Database.from_config(config, role="kiosk", upgrade=False)
        except (DatabaseError, ConfigError) as again:  # no engine (a SQLite folder in the way)
            log.error("%s", again)
            return 1
    # 5. QApplication
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QCursor
    from PySide6.QtWidgets import QApplication

    from kiosk.backend import KioskBackend
    from kiosk.clock import Clock
    from kiosk.window import MainWindow
    from kiosk.worker import DbWorker
    from shared.qt.fonts import load_fonts

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName("Supplier Pulse Kiosk")
    family = load_fonts()
    font = app.font()
    font.setFamily(family)
    app.setFont(font)
    # 6. offline store and sync
    try:
        store, sync = start_offline(config)
    except Exception as exc:  # noqa: BLE001 - one clear line, no traceback
        log.error("cannot open the kiosk's local store: %s", exc)
        db.dispose()
        return 1
    # 7. window
    windowed = args.windowed or not config.kiosk.fullscreen
    clock = Clock()
    worker = DbWorker(app)
    backend = KioskBackend(db, config, clock, store=store, poke=sync.poke)
    if windowed:
        size = _size(args.size)
    else:
        geometry = app.primaryScreen().geometry()
        size = (geometry.width(), geometry.height())
    window = MainWindow(config, backend, worker, clock, size=size)
    readers = []
    if config.kiosk.serial_port:
        try:
            from kiosk.badge import SerialBadgeReader
            reader = SerialBadgeReader(config.kiosk.serial_port, window,
                                       retry_seconds=config.kiosk.serial_retry_seconds,
                                       min_length=config.kiosk.badge_min_length,
                                       max_length=config.kiosk.badge_max_length)
            reader.badge.connect(window.on_badge)
            readers.append(reader)
        except Exception as exc:  # noqa: BLE001 - the keyboard reader still works
            log.error("serial badge reader %s not available: %s", config.kiosk.serial_port, exc)
    window.exit_requested.connect(app.quit)
    if windowed:
        window.show()
    else:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.showFullScreen()
        if config.kiosk.hide_cursor and not args.windowed:
            app.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    log.info("kiosk %s started (%s)", config.kiosk.id, db.dialect)
    try:
        return app.exec()
    finally:
        for reader in readers:
            reader.close()
        worker.shutdown(wait=True)
        sync.stop()
        sync.worker.db.dispose()
        store.close()
        db.dispose()
