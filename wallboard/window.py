"""The wallboard window: playlist, cross-fades, stale-data banner, ticker, schedule, drift, keys.

It owns no database: snapshots arrive from the DataRefresher by signal, and every slide only
draws the snapshot it is given. The wall clock and the monotonic clock are injected, so tests
drive schedules, playlists and staleness by calling ``tick()`` with a fake clock.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    Property,
    QDate,
    QDateTime,
    QEasingCurve,
    QLocale,
    QPropertyAnimation,
    QRect,
    Qt,
    QTime,
    QTimer,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from shared.config import Config
from shared.domain.wallboard_data import WallboardData
from shared.qt.fonts import load_fonts
from shared.qt.poster import month_title, write_posters
from wallboard.playlist import (
    Playlist,
    PlaylistEntry,
    WindowError,
    is_showing,
    next_start,
    parse_windows,
)
from wallboard.slides import SLIDES, Slide
from wallboard.slides.base import label
from wallboard.slides.principles import PrinciplesSlide
from wallboard.slides.rankings import RankingsSlide
from wallboard.slides.waiting import WaitingSlide
from wallboard.style import stylesheet, unit_for
from wallboard.ticker import TickerLabel, ticker_text
from wallboard.watchdog import SystemdNotifier, Watchdog
from wallboard.worker import DataRefresher

log = logging.getLogger(__name__)

DRIFT_STEPS = ((0, 0), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1))
STALE_FACTOR = 3  # data older than this many refresh intervals counts as stale
TICKER_SECONDS = 10
FADE_MS = 600


class CrossFade(QWidget):
    """A picture of the previous slide fading out over the new one."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.pixmap = QPixmap()
        self._opacity = 0.0
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def get_opacity(self) -> float:
        return self._opacity

    def set_opacity(self, value: float) -> None:
        self._opacity = value
        self.update()

    opacity = Property(float, get_opacity, set_opacity)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.pixmap.isNull():
            return
        p = QPainter(self)
        p.setOpacity(self._opacity)
        p.drawPixmap(self.rect(), self.pixmap)
        p.end()


class OutsideScreen(QWidget):
    """Outside office hours: a dim clock, or a dark screen with one barely visible line that
    says so (an intended dark screen must never look like a failure)."""

    def __init__(self, parent: QWidget, mode: str) -> None:
        super().__init__(parent)
        self.mode = mode
        self.time_text = ""
        self.date_text = ""
        self.note = ""
        self.offset = (0, 0)
        self.hide()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(0, 0, 0))
        unit = unit_for(self.height())
        rect = self.rect().translated(*self.offset)
        font = QFont(p.font())
        if self.mode == "clock":
            p.setPen(QColor(88, 96, 110))
            font.setPixelSize(round(180 * unit))
            p.setFont(font)
            p.drawText(rect.adjusted(0, 0, 0, -round(200 * unit)), Qt.AlignmentFlag.AlignCenter,
                       self.time_text)
            font.setPixelSize(round(40 * unit))
            p.setFont(font)
            p.drawText(rect.adjusted(0, round(140 * unit), 0, 0), Qt.AlignmentFlag.AlignCenter,
                       self.date_text)
            p.setPen(QColor(64, 70, 82))
            font.setPixelSize(round(30 * unit))
            p.setFont(font)
            p.drawText(rect.adjusted(0, round(300 * unit), 0, 0), Qt.AlignmentFlag.AlignCenter,
                       self.note)
        else:
            p.setPen(QColor(34, 36, 40))
            font.setPixelSize(round(24 * unit))
            p.setFont(font)
            p.drawText(rect.adjusted(0, 0, 0, -round(40 * unit)),
                       Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter, self.note)
        p.end()


class WallboardWindow(QWidget):
    def __init__(self, config: Config, refresher: DataRefresher | None, *,
                 wall_clock: Callable[[], dt.datetime] | None = None,
                 monotonic: Callable[[], float] | None = None, kiosk: bool = True,
                 notifier: SystemdNotifier | None = None, poster_folder: Path | None = None,
                 start_timers: bool = True) -> None:
        super().__init__()
        self.setObjectName("wallboard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.config = config
        self.wb = config.wallboard
        self.kiosk = kiosk
        self.language = config.site.default_language
        self.wall_clock = wall_clock or (lambda: dt.datetime.now(dt.UTC))
        import time
        self.monotonic = monotonic or time.monotonic
        self.family = load_fonts()
        self.poster_folder = poster_folder or (
            Path(self.wb.poster_folder) if self.wb.poster_folder
            else Path(config.data_dir or ".") / "posters")
        try:
            self.windows = parse_windows(self.wb.windows)
        except WindowError as exc:  # checked at start-up too; never a dead screen
            log.error("wallboard.windows: %s; showing slides all day", exc)
            self.windows = ()
        self.data: WallboardData | None = None
        self.last_success: dt.datetime | None = None
        self.failing = False
        self.outside = False
        self.drift_step = 0
        self.ticker_index = 0
        self._unit = 0.0
        # Slides, built once.
        self.stage = QWidget(self)
        self.stage.setObjectName("stage")
        self.title = label("title", elided=True)
        self.clock = label("clock",
                           align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.clock)
        self.stack = QStackedWidget()
        self.waiting = WaitingSlide()
        self.stack.addWidget(self.waiting)
        self.slides: dict[str, Slide] = {}
        entries = []
        for item in self.wb.playlist:
            cls = SLIDES.get(item.slide)
            if cls is None:
                log.error("playlist slide %r is not available in this version; skipped",
                          item.slide)
                continue
            if item.slide not in self.slides:
                slide: Slide
                if cls is RankingsSlide:
                    slide = RankingsSlide(rows=self.wb.top_suppliers)
                elif cls is PrinciplesSlide:
                    slide = PrinciplesSlide(config.programme.principles_ru,
                                            config.programme.principles_en)
                else:
                    slide = cls()
                slide.language = self.language
                self.slides[item.slide] = slide
                self.stack.addWidget(slide)
            entries.append(PlaylistEntry(item.slide, float(item.seconds)))
        if not entries:
            entries.append(PlaylistEntry("clock", 60.0))
            self.slides["clock"] = SLIDES["clock"]()
            self.stack.addWidget(self.slides["clock"])
        self.playlist = Playlist(entries, self.monotonic)
        self.ticker = TickerLabel(self)
        self.ticker.setProperty("role", "ticker")
        # The stale banner has the ticker's row (the news is as old as the data then): over
        # the slide it covered the title of six slides of seven.
        self.banner = label("banner")
        self.banner.setObjectName("stale-banner")
        self.banner.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.banner)
        bottom.addWidget(self.ticker, 1)
        layout = QVBoxLayout(self.stage)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        self.stack.setCurrentWidget(self.waiting)
        # Overlays.
        self.fade = CrossFade(self)
        self.animation = QPropertyAnimation(self.fade, b"opacity", self)
        self.animation.setDuration(FADE_MS)
        self.animation.setStartValue(1.0)
        self.animation.setEndValue(0.0)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self.animation.finished.connect(self._fade_done)
        self.notice = label("banner", parent=self)
        self.notice.hide()
        self.outside_screen = OutsideScreen(self, self.wb.outside_mode)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("print-poster")
        self.print_button.setToolTip(self.tr("Print this month's poster (P)"))
        self.print_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.print_button.clicked.connect(self._print_clicked)
        self.print_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Timers: all parented and named; intervals from the config.
        self.tick_timer = QTimer(self)
        self.tick_timer.setObjectName("wallboard-tick")
        self.tick_timer.setInterval(1000)
        self.tick_timer.timeout.connect(self.tick)
        self.drift_timer = QTimer(self)
        self.drift_timer.setObjectName("wallboard-drift")
        self.drift_timer.setInterval(self.wb.drift_minutes * 60_000)
        self.drift_timer.timeout.connect(self.drift)
        self.ticker_timer = QTimer(self)
        self.ticker_timer.setObjectName("wallboard-ticker")
        self.ticker_timer.setInterval(TICKER_SECONDS * 1000)
        self.ticker_timer.timeout.connect(self.next_news)
        self.notice_timer = QTimer(self)
        self.notice_timer.setObjectName("wallboard-notice")
        self.notice_timer.setSingleShot(True)
        self.notice_timer.setInterval(8000)
        self.notice_timer.timeout.connect(self.notice.hide)
        self.watchdog = Watchdog(notifier or SystemdNotifier(), self)
        self.refresher = refresher
        if refresher is not None:
            refresher.data_loaded.connect(self.on_data)
            refresher.load_failed.connect(self.on_failed)
        self.ticker.hide()
        self.tick()
        if start_timers:
            for timer in (self.tick_timer, self.drift_timer, self.ticker_timer):
                timer.start()

    # --- data ---------------------------------------------------------------

    @Slot(object)
    def on_data(self, data: WallboardData) -> None:
        self.data = data
        self.last_success = self.wall_clock()
        self.failing = False
        for slide in [self.waiting, *self.slides.values()]:
            try:
                slide.set_data(data)
            except Exception:  # a broken slide must not take the wallboard down
                log.exception("slide %s could not show the data", slide.name)
        self.playlist.set_available(self._available)
        self.playlist.set_pages(self._pages)
        self.next_news(reset=True)
        self._update_clock()
        self._show_current(animate=False)
        self._update_banner()

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.failing = True
        self._update_banner()

    def _available(self, name: str) -> bool:
        slide = self.slides.get(name)
        if slide is None or self.data is None:
            return False
        try:
            return slide.available(self.data)
        except Exception:
            log.exception("slide %s failed to say whether it has data", name)
            return False

    def _pages(self, name: str) -> int:
        slide = self.slides.get(name)
        return slide.pages() if slide is not None else 1

    def stale(self) -> bool:
        if self.failing:
            return True
        if self.last_success is None:
            return False
        age = (self.wall_clock() - self.last_success).total_seconds()
        # A big plant's refresh may take longer than the interval: that is not "stale".
        cycle = max(float(self.wb.refresh_seconds),
                    self.refresher.last_duration if self.refresher is not None else 0.0)
        return age > STALE_FACTOR * cycle

    def _update_banner(self) -> None:
        if not self.stale():
            if not self.banner.isHidden():
                self.banner.hide()
                self.next_news(reset=True)
            return
        if self.last_success is None:
            text = self.tr("Cannot reach the database \u2014 reconnecting\u2026")
        else:
            local = self.last_success.astimezone(self.config.tz)
            when = local.strftime("%H:%M")
            if local.date() != self.wall_clock().astimezone(self.config.tz).date():
                # Down since an earlier day: a bare time would pass for today's.
                locale = QLocale(QLocale.Language.Russian if self.language == "ru"
                                 else QLocale.Language.English)
                day = QDate(local.year, local.month, local.day)
                when = f"{locale.toString(day, 'd MMM')} {when}"
            text = self.tr("Data as of %1 \u2014 reconnecting\u2026").replace("%1", when)
        self.banner.setText(text)
        self.ticker.hide()
        self.banner.show()

    # --- what is on screen ----------------------------------------------------

    def current_widget(self) -> QWidget:
        return self.stack.currentWidget() or self.waiting  # the stack is never empty

    def _target(self) -> Slide:
        if self.data is None or self.data.empty:
            return self.waiting
        return self.slides.get(self.playlist.current.slide, self.waiting)

    def _show_current(self, *, animate: bool = True) -> None:
        target = self._target()
        if target is not self.stack.currentWidget():
            if animate and self.isVisible() and not self.outside:
                # The window's own picture of the stage (its background included): a grab
                # of the stage alone has no background and flashed near-white under X.
                self.fade.pixmap = self.grab(self.stage.geometry())
                self.fade.set_opacity(1.0)
                self.fade.setGeometry(self.stage.geometry())
                self.fade.show()
                self.fade.raise_()
                self.animation.stop()
                self.animation.start()
            self.stack.setCurrentWidget(target)
        target.show_page(self.playlist.page if target is not self.waiting else 0)
        self.title.setText(target.title())

    def _fade_done(self) -> None:
        self.fade.hide()
        self.fade.pixmap = QPixmap()  # release the picture: memory stays flat

    def _update_clock(self) -> dt.datetime:
        now = self.wall_clock().astimezone(self.config.tz)
        month = month_title(self.data.month, self.language) if self.data else ""
        self.clock.setText(f"{month}   {now.strftime('%H:%M')}".strip())
        return now

    @Slot()
    def tick(self) -> None:
        """Once a second: clock, schedule, playlist, banner."""
        now = self._update_clock()
        locale = QLocale(QLocale.Language.Russian if self.language == "ru"
                         else QLocale.Language.English)
        showing = is_showing(self.windows, now.replace(tzinfo=None))
        if showing == self.outside:
            self.outside = not showing
            self.outside_screen.setVisible(self.outside)
            if self.outside:
                self.outside_screen.raise_()
            log.info("outside office hours" if self.outside else "inside office hours")
        if self.outside:
            resume = next_start(self.windows, now.replace(tzinfo=None))
            self.outside_screen.time_text = now.strftime("%H:%M")
            date = locale.toString(QDate(now.year, now.month, now.day),
                                   QLocale.FormatType.LongFormat)
            self.outside_screen.date_text = date[:1].upper() + date[1:]
            self.outside_screen.note = self.tr("The wallboard is resting outside office hours. "
                                               "Back at %1.").replace(
                "%1", locale.toString(QDateTime(QDate(resume.year, resume.month, resume.day),
                                                QTime(resume.hour, resume.minute)), "ddd HH:mm")
                if resume else "\u2014")
            self.outside_screen.update()
            return
        clock_slide = self.slides.get("clock")
        if clock_slide is not None:
            clock_slide.show_time(now)  # type: ignore[attr-defined]
        if self.data is not None and not self.data.empty and self.playlist.tick():
            self._show_current()
        self._update_banner()

    @Slot()
    def drift(self) -> None:
        """Move everything a few pixels (burn-in protection on screens that run for days)."""
        self.drift_step = (self.drift_step + 1) % len(DRIFT_STEPS)
        self._place_stage()
        dx, dy = DRIFT_STEPS[self.drift_step]
        self.outside_screen.offset = (dx * self.wb.drift_pixels * 4, dy * self.wb.drift_pixels * 4)
        self.outside_screen.update()

    def drift_offset(self) -> tuple[int, int]:
        dx, dy = DRIFT_STEPS[self.drift_step]
        return dx * self.wb.drift_pixels, dy * self.wb.drift_pixels

    @Slot()
    def next_news(self, reset: bool = False) -> None:
        items = [t for t in (ticker_text(i, self.language) for i in
                             (self.data.ticker if self.data else ())) if t]
        if not items or not self.banner.isHidden():  # the banner has the row while stale
            self.ticker.hide()
            return
        self.ticker_index = 0 if reset else (self.ticker_index + 1) % len(items)
        # Whole: a line longer than the screen scrolls (TickerLabel), never ends in "…".
        self.ticker.setText("\u25b8  " + items[self.ticker_index % len(items)])
        self.ticker.show()

    # --- geometry -------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        unit = unit_for(self.height())
        if abs(unit - self._unit) > 1e-3:
            self._unit = unit
            self.setStyleSheet(stylesheet(unit, self.family))
            for slide in [self.waiting, *self.slides.values()]:
                slide.rescale(unit)
            if self.data is not None:
                self.on_data(self.data)
        self._place_stage()
        self.outside_screen.setGeometry(self.rect())
        super().resizeEvent(event)

    def _place_stage(self) -> None:
        margin = round(24 * unit_for(self.height())) + self.wb.drift_pixels
        dx, dy = self.drift_offset()
        self.stage.setGeometry(self.rect().adjusted(margin, margin, -margin, -margin)
                               .translated(dx, dy))
        self._place_overlays()

    def _place_overlays(self) -> None:
        self.notice.adjustSize()
        self.notice.move((self.width() - self.notice.width()) // 2,
                         self.height() - self.notice.height() - round(90 * self._unit))
        side = max(24, round(40 * self._unit))
        self.print_button.setGeometry(QRect(self.width() - side, self.height() - side, side, side))

    # --- operator actions -------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Right:
            self.playlist.next()
            self._show_current()
        elif key == Qt.Key.Key_Left:
            self.playlist.previous()
            self._show_current()
        elif key == Qt.Key.Key_Space:
            paused = self.playlist.toggle_pause()
            self.show_notice(self.tr("Paused") if paused else self.tr("Playing"))
        elif key == Qt.Key.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        elif key == Qt.Key.Key_Escape and not self.kiosk:
            self.close()
        elif key == Qt.Key.Key_P:
            self.print_poster()
        else:
            super().keyPressEvent(event)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self._place_overlays()
        self.notice.show()
        self.notice.raise_()
        self.notice_timer.start()

    def _print_clicked(self) -> None:
        # A slot returns nothing: PySide must not get a value back from a signal call.
        self.print_poster()

    def print_poster(self) -> Path | None:
        """Write the month's poster PDF into the configured folder; the notice says where."""
        if self.data is None or not self.data.posters:
            self.show_notice(self.tr("No supplier has enough ratings for a poster yet."))
            return None
        path = self.poster_folder / f"poster-{self.data.posters[0].month}.pdf"
        try:
            write_posters(self.data.posters, path, size=self.wb.poster_size,
                          company=self.config.site.company_name, language=self.language,
                          printed=self.wall_clock().astimezone(self.config.tz).date())
        except Exception:
            log.exception("could not write the poster to %s", path)
            self.show_notice(self.tr("The poster could not be written: see the log."))
            return None
        self.show_notice(self.tr("Poster saved: %1").replace("%1", str(path)))
        return path

    def start(self) -> None:
        """Begin refreshing and tell systemd we are up."""
        if self.refresher is not None:
            self.refresher.start()
        self.watchdog.start()

    def closeEvent(self, event: object) -> None:  # type: ignore[override]
        for timer in (self.tick_timer, self.drift_timer, self.ticker_timer, self.notice_timer):
            timer.stop()
        if self.refresher is not None:
            self.refresher.stop()
        self.watchdog.stopping()
        super().closeEvent(event)  # type: ignore[arg-type]
