"""``--self-test`` for both apps: a headless smoke test of a source checkout or a frozen build.

An app calls ``run_self_test`` from its ``main()`` when started with ``--self-test``,
before it creates its own QApplication::

    if "--self-test" in argv:
        from shared.qt.selftest import run_self_test
        return run_self_test("kiosk", make_window=lambda ctx: MainWindow(ctx.config, ctx.database))

The steps, each reported on one line (``ok``/``FAIL``/``skip``) on stdout:

1. environment  offscreen platform, a temporary data dir and SQLite database
2. config       the typed configuration loads (defaults + the temp data dir)
3. database     ``Database.from_config(config, role="selftest")``: every migration runs, at head
4. qt           QApplication starts, the bundled fonts load
5. translations our ``pulse_ru``/``pulse_en`` catalogs and Qt's ``qtbase_ru`` load
6. render       the app's main window shows one frame that is not blank
7. extra checks the app's own (the wallboard writes a poster PDF)

Exit code 0 when every step passed, 1 otherwise; the last line names the failed steps.
Nothing outside the temporary directory is read or written (the plant's config and
database are left alone), so it is safe to run on an installed machine.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1920, 1080)


@dataclass
class SelfTestContext:
    """What the app's window factory and extra checks get."""

    app_name: str
    workdir: Path
    config: Any = None        # shared.config.Config
    database: Any = None      # shared.db.Database
    app: Any = None           # QApplication
    window: Any = None        # the main window, once built
    notes: list[str] = field(default_factory=list)


@dataclass
class StepResult:
    name: str
    status: str  # "ok", "FAIL", "skip"
    detail: str
    seconds: float


class FrameCheck:
    """Whether a rendered frame shows something: enough colours, not one flat fill."""

    def __init__(self, distinct_colours: int, dominant_share: float) -> None:
        self.distinct_colours = distinct_colours
        self.dominant_share = dominant_share

    def __str__(self) -> str:
        return f"{self.distinct_colours} colours, largest fill {self.dominant_share:.1%}"


def analyse_frame(image: Any, sample: tuple[int, int] = (480, 270)) -> FrameCheck:
    """Count the colours of a QImage on a nearest-pixel sample grid (no numpy: the kiosk
    build does not bundle it)."""
    from array import array
    from collections import Counter

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    if image.width() == 0 or image.height() == 0:
        return FrameCheck(0, 1.0)
    small = image.scaled(min(sample[0], image.width()), min(sample[1], image.height()),
                         Qt.AspectRatioMode.IgnoreAspectRatio,
                         Qt.TransformationMode.FastTransformation)
    rgb = small.convertToFormat(QImage.Format.Format_RGB32)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    words = array("I", bytes(rgb.constBits())[: height * stride])
    row = stride // 4
    counts = Counter(words[y * row + x] & 0x00FFFFFF for y in range(height) for x in range(width))
    return FrameCheck(len(counts), max(counts.values()) / float(width * height))


def is_blank(check: FrameCheck, *, min_colours: int = 8, max_dominant: float = 0.998) -> bool:
    return check.distinct_colours < min_colours or check.dominant_share > max_dominant


def check_pdf(path: Path, *, min_bytes: int = 2000) -> str:
    """An extra check for files the app writes: a real PDF of some size. Returns a note."""
    data = Path(path).read_bytes()
    if not data.startswith(b"%PDF-"):
        raise AssertionError(f"{path} is not a PDF")
    if len(data) < min_bytes or b"%%EOF" not in data[-1024:]:
        raise AssertionError(f"{path} is truncated or empty ({len(data)} bytes)")
    return f"{Path(path).name}: {len(data)} bytes"


def _process_events_for(app: Any, seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class SelfTest:
    """Runs named steps, keeps going after a failure where it can, prints one line per step."""

    def __init__(self, app_name: str, out: Any = None) -> None:
        self.app_name = app_name
        self.out = out or sys.stdout
        self.results: list[StepResult] = []

    def step(self, name: str, fn: Callable[[], str | None], *,
             requires: Sequence[str] = ()) -> bool:
        blocked = [r.name for r in self.results if r.name in requires and r.status != "ok"]
        if blocked:
            self._record(StepResult(name, "skip", f"needs {', '.join(blocked)}", 0.0))
            return False
        started = time.monotonic()
        try:
            detail = fn() or ""
            status = "ok"
        except Exception as exc:  # noqa: BLE001 - a self-test reports every failure
            detail = f"{type(exc).__name__}: {exc}".splitlines()[0]
            status = "FAIL"
            traceback.print_exc(file=sys.stderr)
        self._record(StepResult(name, status, detail, time.monotonic() - started))
        return status == "ok"

    def _record(self, result: StepResult) -> None:
        self.results.append(result)
        detail = f"  {result.detail}" if result.detail else ""
        print(f"{result.status:>4} {result.name:<14} {result.seconds:6.2f}s{detail}",
              file=self.out, flush=True)

    def exit_code(self) -> int:
        failed = [r.name for r in self.results if r.status != "ok"]
        total = sum(r.seconds for r in self.results)
        if failed:
            print(f"pulse-{self.app_name} self-test FAILED: {', '.join(failed)}", file=self.out)
            return 1
        print(f"pulse-{self.app_name} self-test passed ({len(self.results)} steps, "
              f"{total:.1f}s)", file=self.out)
        return 0


def prepare_environment(workdir: Path) -> None:
    """Point the process at a headless platform and a throwaway data dir and database."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    for name in [n for n in os.environ if n.startswith("PULSE_")]:
        del os.environ[name]  # the plant's config, database and secret stay out of it
    data = workdir / "data"
    data.mkdir(parents=True, exist_ok=True)
    os.environ["PULSE_DATA_DIR"] = str(data)
    os.environ["PULSE_DB_URL"] = f"sqlite:///{data / 'selftest.db'}"
    os.environ["PULSE_SECRET"] = "self-test-secret-of-32-bytes-or-more"


def run_self_test(app_name: str, make_window: Callable[[SelfTestContext], Any], *,
                  checks: Sequence[tuple[str, Callable[[SelfTestContext], str | None]]] = (),
                  size: tuple[int, int] = DEFAULT_SIZE, language: str = "ru",
                  min_colours: int = 8, settle_seconds: float = 10.0,
                  screenshot: Path | None = None, out: Any = None) -> int:
    """Run the whole self-test; returns the process exit code (0 = everything passed).

    ``make_window(ctx)`` builds the app's main window from ``ctx.config`` and
    ``ctx.database`` (the migrated temp database); it is shown at ``size`` and grabbed
    until a frame is not blank or ``settle_seconds`` pass (windows that load data on a
    worker thread get the time to draw it). ``checks`` are ``(name, fn(ctx))`` pairs run
    afterwards; a check raises to fail and may return a note. ``screenshot`` (or the
    ``PULSE_SELFTEST_SCREENSHOT`` environment variable) saves the frame as PNG.
    """
    screenshot = screenshot or (Path(os.environ["PULSE_SELFTEST_SCREENSHOT"])
                                if os.environ.get("PULSE_SELFTEST_SCREENSHOT") else None)
    workdir = Path(tempfile.mkdtemp(prefix=f"pulse-{app_name}-selftest-"))
    ctx = SelfTestContext(app_name, workdir)
    test = SelfTest(app_name, out)
    try:
        _run_steps(test, ctx, make_window, checks, size, language, min_colours,
                   settle_seconds, screenshot)
    finally:
        _teardown(ctx)
        shutil.rmtree(workdir, ignore_errors=True)
    return test.exit_code()


def _run_steps(test: SelfTest, ctx: SelfTestContext, make_window: Callable[[SelfTestContext], Any],
               checks: Sequence[tuple[str, Callable[[SelfTestContext], str | None]]],
               size: tuple[int, int], language: str, min_colours: int,
               settle_seconds: float, screenshot: Path | None) -> None:
    frozen = "frozen build" if getattr(sys, "frozen", False) else "source checkout"

    def environment() -> str:
        prepare_environment(ctx.workdir)
        return f"{frozen}, {ctx.workdir}"

    def config() -> str:
        from shared.config import load_config
        ctx.config = load_config()
        return f"data dir {ctx.config.data_dir}"

    def database() -> str:
        from shared.db import Database
        from shared.db.migrate import current_revision
        ctx.database = Database.from_config(ctx.config, role="selftest")
        revision = current_revision(ctx.database.engine)
        if not revision:
            raise AssertionError("no schema revision after the upgrade")
        return f"{ctx.database.dialect} migrated to {revision}"

    def qt() -> str:
        from PySide6.QtGui import QFontDatabase
        from PySide6.QtWidgets import QApplication

        from shared.qt.fonts import load_fonts
        ctx.app = QApplication.instance() or QApplication([f"pulse-{ctx.app_name}"])
        family = load_fonts()
        if family not in QFontDatabase.families():
            raise AssertionError(f"bundled font {family!r} not loaded")
        return f"Qt {_qt_version()}, platform {ctx.app.platformName()}, font {family}"

    def translations() -> str:
        from PySide6.QtCore import QCoreApplication

        from shared.qt.i18n import install_translations
        english = install_translations(ctx.app, "en")
        if not english.product:
            raise AssertionError("pulse_en.qm did not load")
        loaded = install_translations(ctx.app, language)
        if not loaded.product:
            raise AssertionError(f"pulse_{language}.qm did not load")
        if language != "en":
            if not loaded.qt:
                raise AssertionError(f"Qt's qtbase_{language}.qm did not load")
            # Qt's own string, passed through variables so lupdate leaves it out of our catalog.
            context, source = "QPlatformTheme", "Cancel"
            cancel = QCoreApplication.translate(context, source)
            if cancel == source:
                raise AssertionError(f"qtbase_{language} loaded but does not translate")
            return f"pulse_{language} + qtbase_{language} ('Cancel' -> {cancel!r})"
        return "pulse_en"

    def render() -> str:
        ctx.window = make_window(ctx)
        ctx.window.resize(*size)
        ctx.window.show()
        deadline = time.monotonic() + settle_seconds
        while True:
            _process_events_for(ctx.app, 0.2)
            frame = ctx.window.grab().toImage()
            check = analyse_frame(frame)
            if not is_blank(check, min_colours=min_colours) or time.monotonic() > deadline:
                break
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            frame.save(str(screenshot))
        if frame.width() < size[0] // 2 or frame.height() < size[1] // 2:
            raise AssertionError(f"window is {frame.width()}x{frame.height()}, not {size}")
        if is_blank(check, min_colours=min_colours):
            raise AssertionError(f"the frame looks blank ({check})")
        return f"{frame.width()}x{frame.height()}, {check}"

    test.step("environment", environment)
    test.step("config", config, requires=["environment"])
    test.step("database", database, requires=["config"])
    test.step("qt", qt, requires=["environment"])
    test.step("translations", translations, requires=["qt"])
    test.step("render", render, requires=["database", "qt"])
    for name, check_fn in checks:
        test.step(name, functools.partial(check_fn, ctx), requires=["database", "qt"])


def _qt_version() -> str:
    from PySide6.QtCore import qVersion
    return qVersion()


def _teardown(ctx: SelfTestContext) -> None:
    try:
        if ctx.window is not None:
            ctx.window.close()
            ctx.window.deleteLater()
            if ctx.app is not None:
                _process_events_for(ctx.app, 0.05)
        if ctx.app is not None:
            from shared.qt.i18n import uninstall_translations
            uninstall_translations(ctx.app)
        if ctx.database is not None:
            ctx.database.dispose()
    except Exception:  # noqa: BLE001 - tear-down problems must not hide the result
        log.exception("self-test tear-down")
