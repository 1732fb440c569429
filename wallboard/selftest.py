"""``pulse-wallboard --self-test``: the shared headless self-test plus the wallboard's checks.

Steps (shared.qt.selftest): temp SQLite + every migration, fonts, translations, one rendered
frame of the real window (on the empty database: the "waiting for the first ratings" slide),
then the wallboard's own checks: a data refresh through the worker's source, every slide fed
an empty snapshot, and a poster PDF painted with the bundled fonts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shared.qt.selftest import SelfTestContext, check_pdf
from shared.qt.selftest import run_self_test as run_shared


def _window(ctx: SelfTestContext) -> Any:
    from wallboard.window import WallboardWindow
    from wallboard.worker import DataRefresher, database_source
    ctx.config.wallboard.windows = []  # the frame must show slides whatever the hour
    refresher = DataRefresher(database_source(ctx.database, ctx.config), 60, threaded=False)
    window = WallboardWindow(ctx.config, refresher, kiosk=False, start_timers=False)
    refresher.refresh()
    return window


def _data_refresh(ctx: SelfTestContext) -> str:
    from wallboard.worker import database_source
    data = database_source(ctx.database, ctx.config)()
    if not data.empty:
        raise AssertionError("a new database should have no ratings")
    window = ctx.window
    for name, slide in window.slides.items():
        slide.set_data(data)
        if not slide.title() and name != "clock":
            raise AssertionError(f"slide {name} has no title")
    return f"{len(window.slides)} slides fed; snapshot for {data.month}"


def _poster(ctx: SelfTestContext) -> str:
    from shared.domain.posters import PosterEntry
    from shared.domain.public import SupplierScore
    from shared.qt.poster import write_posters
    score = SupplierScore(1, "0001", "Анна Самопроверка", "Anna Selftest", 1, "Склад",
                          "Warehouse", False, 42, 17, 4.8, 0.95, 4.6, "gold", False)
    entry = PosterEntry(score, dt.date.today().strftime("%Y-%m"), 1, (0, 0, 1, 5, 36),
                        ("Всегда помогает быстро и вежливо.",), None)
    path = ctx.workdir / "poster.pdf"
    pages = write_posters([entry], path, size="A4", company=ctx.config.site.company_name)
    return f"{pages} page, {check_pdf(path)}"


def run_self_test() -> int:
    return run_shared("wallboard", _window,
                      checks=[("data refresh", _data_refresh), ("poster", _poster)])
