"""Renders every wallboard slide at 1920 x 1080 (offscreen) into docs/screenshots/wallboard-*.png.

Used by ``scripts/screenshots.py --only wallboard``; builds its own ``pulse demo`` plant
(600 employees, 6 months) in a temporary folder, so the pictures show what a plant sees. One
fixed moment (``MOMENT``, a Wednesday afternoon) and one seeded plant: every picture shows the
same month and the same winners, in either language.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shared.config import Config
    from shared.db import Database

log = logging.getLogger(__name__)
MOMENT = dt.datetime(2026, 11, 25, 11, 0, tzinfo=dt.UTC)  # 14:00 at the demo plant


def _stopped(moment: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock that always says ``moment``."""
    return lambda: moment


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
    suffix = "" if language == "ru" else f"-{language}"
    tmp = tempfile.TemporaryDirectory()
    config = load_config()
    config.site.default_language = language
    config.wallboard.windows = []
    now = MOMENT
    if db_url is None:  # the believable plant of `pulse demo`
        from shared.demo import load_demo
        db_url = f"sqlite:///{Path(tmp.name) / 'demo.db'}"
        db = open_database(db_url, upgrade=True)
        load_demo(db, config, employees=600, months=12, now=now)
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
        path = out_dir / f"wallboard-{name}{suffix}.png"
        window.grab().save(str(path))
        written.append(path)
        for page in range(1, window.slides[name].pages()):  # the initiative map's pages
            window.playlist.next()
            window._show_current(animate=False)
            app.processEvents()
            path = out_dir / f"wallboard-{name}-{page + 1}{suffix}.png"
            window.grab().save(str(path))
            written.append(path)
    # The stale-data banner, on the slide with the longest title.
    longest = max(window.slides, key=lambda n: window.title.fontMetrics().horizontalAdvance(
        window.slides[n].title()))
    while window.playlist.current.slide != longest:
        window.playlist.next()
    window._show_current(animate=False)
    window.on_failed("database unreachable")
    app.processEvents()
    path = out_dir / f"wallboard-stale-banner{suffix}.png"
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
        at = _stopped(clock)
        ref = DataRefresher(database_source(empty, config, at), 60, threaded=False)
        win = WallboardWindow(config, ref, kiosk=False, start_timers=False,
                              wall_clock=at)
        win.resize(*size)
        win.show()
        ref.refresh()
        win.tick()
        app.processEvents()
        path = out_dir / f"wallboard-{label}{suffix}.png"
        win.grab().save(str(path))
        written.append(path)
        win.close()
    written += _render_print(db, config, out_dir, language, suffix, now, Path(tmp.name))
    db.dispose()
    empty.dispose()
    tmp.cleanup()
    return written


def _render_print(db: Database, config: Config, out_dir: Path, language: str, suffix: str,
                  now: dt.datetime, tmp: Path) -> list[Path]:
    """The month's poster (what the wallboard's print button makes) and the first page of
    the month's points report, as PDFs turned into PNGs at 100 % (96 dpi would be smaller
    than the paper; ``pdftoppm -r 100``). Skipped without poppler's pdftoppm."""
    import shutil
    import subprocess

    from shared.domain.points_report import load_month_report
    from shared.domain.posters import poster_entries
    from shared.qt.poster import write_posters
    from shared.qt.report_pdf import render_month_report_pdf

    if shutil.which("pdftoppm") is None:
        log.warning("pdftoppm missing: no poster and report pictures")
        return []
    month = now.astimezone(config.tz).strftime("%Y-%m")
    with db.read() as s:
        entries = poster_entries(s, config, month, top=1)
        report = load_month_report(s, config, month, language=language)
    def poster(pdf: Path) -> None:
        write_posters(entries, pdf, language=language, company=config.site.company_name,
                      printed=now.date())

    def month_report(pdf: Path) -> None:
        render_month_report_pdf(report, pdf, tz=config.tz, language=language, generated_at=now)

    out = []
    for name, make in (("poster", poster), ("report", month_report)):
        pdf = tmp / f"{name}.pdf"
        make(pdf)
        stem = out_dir / f"print-{name}{suffix}"
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(stem)], check=True)
        out.append(stem.with_suffix(".png"))
    return out
