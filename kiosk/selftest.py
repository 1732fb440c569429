"""``pulse-kiosk --self-test``: headless start on a temporary database, one frame, one badge.

Uses the shared self-test steps (environment, config, database migrations, Qt and
fonts, translations, a rendered frame that is not blank) and adds the kiosk's own
check: a badge typed as fast keys reaches the home screen through the real
database worker thread. Exit code 0 when all passed; the last line names failures.
"""

from __future__ import annotations

import time
from typing import Any

from shared.qt.selftest import SelfTestContext
from shared.qt.selftest import run_self_test as _run


def _make_window(ctx: SelfTestContext) -> Any:
    from kiosk.app import open_local_store
    from kiosk.backend import KioskBackend
    from kiosk.clock import Clock
    from kiosk.window import MainWindow
    from kiosk.worker import DbWorker

    clock = Clock()
    worker = DbWorker(ctx.app)
    # As in production, with its local store (in the self-test's temporary folder).
    store = open_local_store(ctx.config, ctx.workdir / "kiosk-local.db")
    return MainWindow(ctx.config, KioskBackend(ctx.database, ctx.config, clock, store=store),
                      worker, clock)


def _badge_journey(ctx: SelfTestContext) -> str:
    """Register one person, type their badge like a reader, wait for the home screen."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from shared.db.models import Department, Employee
    from shared.security import badge_hmac

    code = "0000424242"
    with ctx.database.write() as s:
        dep = Department(name="Self-test")
        s.add(dep)
        s.flush()
        s.add(Employee(personnel_no="424242", full_name="Self Test", department_id=dep.id,
                       badge_hmac=badge_hmac(ctx.config.secret_bytes(), code)))
    window = ctx.window
    for ch in code:
        QTest.keyClick(window, Qt.Key(Qt.Key.Key_0.value + int(ch)))
    QTest.keyClick(window, Qt.Key.Key_Return)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ctx.app.processEvents()
        if window.current is window.home and window.home.given.value.text() != "…":
            return "badge -> home screen with metrics, through the worker thread"
        time.sleep(0.02)
    raise AssertionError(f"badge did not reach the home screen (on {window.current.objectName()})")


def run_self_test() -> int:
    from shared.qt.refcount import make_singletons_immortal
    make_singletons_immortal()
    return _run("kiosk", _make_window, checks=[("badge", _badge_journey)])
