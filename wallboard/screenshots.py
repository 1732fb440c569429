"""Renders every wallboard slide at 1920 x 1080 (offscreen) into docs/screenshots/wallboard-*.png.

Used by ``scripts/screenshots.py --only wallboard``; builds its own ``pulse demo`` plant
(600 employees, 6 months) in a temporary folder, so the pictures show what a plant sees.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def render_wallboard(out_dir: Path, *, db_url: str | None = None, language: str = "ru",
                     size: tuple[int, int] = (1920, 1080)) -> list[Path]:
    """One PNG per slide, plus the waiting, stale-banner and outside-hours screens."""
    from PySide6.QtWidgets import QApplication

    from shared.config import load_config
    from shared.db import open_database
    from shared.qt.fonts import load_fonts
    from shared.qt.i18n import install_translations
    from wallboard.window import WallboardWindow
    from wallboard.worker import DataRefresher, database_source

    app = QApplication.instance() or QApplication(["screenshots"])
    load_fonts()
    install_translations(app, language)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.TemporaryDirectory()
    config = load_config()
    config.site.default_language = language
    config.wallboard.windows = []
    now = dt.datetime.now(dt.UTC)
    if db_url is None:  # the believable plant of `pulse demo`
        from shared.demo import load_demo
        db_url = f"sqlite:///{Path(tmp.name) / 'demo.db'}"
        db = open_database(db_url, upgrade=True)
        load_demo(db, config, employees=600, months=6, now=now)
    else:
        db = open_database(db_url, upgrade=True)
    written: list[Path] = []
    refresher = DataRefresher(database_source(db, config, lambda: now), 60, threaded=False)
    window = WallboardWindow(config, refresher, kiosk=False, start_timers=False,
                             wall_clock=lambda: now)
    window.resize(*size)
    window.show()
    refresher.refresh()
    app.processEvents()
    for name in window.slides:
        while window.playlist.current.slide != name:
            window.playlist.next()
        window._show_current(animate=False)
        app.processEvents()
        path = out_dir / f"wallboard-{name}.png"
        window.grab().save(str(path))
        written.append(path)
        for page in range(1, window.slides[name].pages()):  # the initiative map's pages
            window.playlist.next()
            window._show_current(animate=False)
            app.processEvents()
            path = out_dir / f"wallboard-{name}-{page + 1}.png"
            window.grab().save(str(path))
            written.append(path)
    # The stale-data banner over the current slide.
    window.on_failed("database unreachable")
    app.processEvents()
    path = out_dir / "wallboard-stale-banner.png"
    window.grab().save(str(path))
    written.append(path)
    window.close()
    # The empty database and the outside-hours screen.
    empty_url = f"sqlite:///{Path(tmp.name) / 'empty.db'}"
    empty = open_database(empty_url, upgrade=True)
    config.wallboard.windows = ["Mon-Fri 07:00-20:00"]
    night = dt.datetime(2026, 11, 28, 20, 30, tzinfo=config.tz).astimezone(dt.UTC)
    for label, cfg_windows, clock in (("waiting", [], now),
                                      ("outside-hours", ["Mon-Fri 07:00-20:00"], night)):
        config.wallboard.windows = cfg_windows
        ref = DataRefresher(database_source(empty, config, lambda c=clock: c), 60, threaded=False)
        win = WallboardWindow(config, ref, kiosk=False, start_timers=False,
                              wall_clock=lambda c=clock: c)
        win.resize(*size)
        win.show()
        ref.refresh()
        win.tick()
        app.processEvents()
        path = out_dir / f"wallboard-{label}.png"
        win.grab().save(str(path))
        written.append(path)
        win.close()
    db.dispose()
    empty.dispose()
    tmp.cleanup()
    return written
