"""The kiosk's main window: a stack of screens, the person's session, and every navigation.

The window is the only place that talks to the backend, and only through the one
database worker. Each answer carries the session token it was asked under, so an
answer that arrives after a logout or a new badge is dropped, never shown to the
next person.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from kiosk.backend import (
    HomeData,
    KioskBackend,
    KioskStatus,
    LookupResult,
    Mood,
    Person,
    RatingFate,
    RatingResult,
    ReasonChip,
    Supplier,
)
from kiosk.badge import BadgeKeyFilter
from kiosk.clock import Clock
from kiosk.dispute_flow import DisputeFlow
from kiosk.idle import IdleWatcher
from kiosk.proposal_flow import ProposalFlow
from kiosk.screens.attract import AttractScreen
from kiosk.screens.base import Screen, button, label
from kiosk.screens.home import HomeScreen
from kiosk.screens.maintenance import MaintenanceScreen
from kiosk.screens.message import MessageScreen
from kiosk.screens.picker import SupplierPicker
from kiosk.screens.pin import PinScreen
from kiosk.screens.rate import RateScreen
from kiosk.screens.thanks import ThanksScreen
from kiosk.segment_backend import SegmentRows
from kiosk.texts import local_time, refusal_sentence
from kiosk.theme import Theme
from kiosk.worker import DbWorker
from shared.config import Config
from shared.db import DatabaseError
from shared.domain import pin_lockout
from shared.domain.ratings import RatingOutcome
from shared.ids import uuid7
from shared.qt.i18n import install_translations

log = logging.getLogger(__name__)


class MainWindow(QWidget):
    """The whole kiosk. Construct it with a config, a backend, a worker and a clock."""

    language_changed = Signal(str)
    exit_requested = Signal()

    def __init__(self, config: Config, backend: KioskBackend, worker: DbWorker, clock: Clock,
                 *, size: tuple[int, int] = (1920, 1080), install_filters: bool = True) -> None:
        super().__init__()
        self.setObjectName("kioskWindow")
        self.setWindowTitle("Supplier Pulse")
        self.config = config
        self.backend = backend
        self.worker = worker
        self.clock = clock
        self.theme = Theme.for_size(*size)
        self.resize(*size)
        self.setStyleSheet(self.theme.style_sheet())
        self.person: Person | None = None
        self.language = config.site.default_language
        self.offline = False
        self._token = 0
        self._supplier: Supplier | None = None
        self._chips: list[ReasonChip] | None = None
        self._rating_uuid = uuid7()
        self._pending: Person | None = None
        self._build()
        app = QApplication.instance()
        self.badge_filter = BadgeKeyFilter(config.kiosk, clock, self)
        self.badge_filter.badge.connect(self.on_badge)
        self.idle = IdleWatcher(clock, config.kiosk.idle_seconds, config.kiosk.countdown_seconds,
                                self)
        self.idle.countdown.connect(self._on_countdown)
        self.idle.timed_out.connect(self.logout)
        if install_filters and isinstance(app, QApplication):
            self.badge_filter.install(app)
            self.badge_filter.activity = self.idle.activity
        self._back_timer = QTimer(self)
        self._back_timer.setObjectName("backToStartTimer")
        self._back_timer.setSingleShot(True)
        self._back_timer.timeout.connect(self.logout)
        # A slow database: say so after a moment, so a tap never looks ignored.
        self._busy_timer = QTimer(self)
        self._busy_timer.setObjectName("busyHintTimer")
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(400)
        self._busy_timer.timeout.connect(self.busy_label.show)
        worker.busy_changed.connect(self._on_busy)
        self._mood_timer = QTimer(self)
        self._mood_timer.setObjectName("moodRefreshTimer")
        self._mood_timer.setInterval(config.kiosk.mood_refresh_seconds * 1000)
        self._mood_timer.timeout.connect(self.refresh_mood)
        self._mood_timer.start()
        self.apply_language(self.language)
        self.show_screen(self.attract)
        self.refresh_mood()

    # --- construction ---------------------------------------------------------------

    def _build(self) -> None:
        t = self.theme
        root = QVBoxLayout(self)
        # No minimum size pushed to the top-level window: the screen size is the size.
        root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        bar = QWidget(self)
        bar.setObjectName("topBar")
        # Room for touch-sized buttons (Theme.touch) at every screen size.
        bar.setFixedHeight(max(t.px(104), t.touch(56) + 2 * t.px(8)))
        self.bar = bar
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(t.px(40), t.px(8), t.px(40), t.px(8))
        self.brand = label(bar, "heading", "brandLabel", wrap=False)
        self.offline_label = label(bar, "offline", "offlineLabel", wrap=False)
        self.offline_label.hide()
        self.busy_label = label(bar, "dim", "busyLabel", wrap=False)
        self.busy_label.hide()
        self.language_button = button(bar, "languageButton", "quiet")
        self.language_button.clicked.connect(self.toggle_language)
        self.logout_button = button(bar, "logoutButton")
        self.logout_button.clicked.connect(self.logout)
        # The language switch sits by the brand, across the bar from "Log out", and is
        # round where "Log out" is square: a gloved tap meant for one never hits the other
        # (at 6 px apart it switched the next worker's kiosk to English).
        bar_layout.addWidget(self.brand)
        bar_layout.addSpacing(t.px(40))
        bar_layout.addWidget(self.language_button)
        bar_layout.addStretch(1)
        bar_layout.addWidget(self.busy_label)
        bar_layout.addSpacing(t.px(20))
        bar_layout.addWidget(self.offline_label)
        bar_layout.addSpacing(t.px(20))
        bar_layout.addWidget(self.logout_button)
        root.addWidget(bar)
        self.stack = QStackedWidget(self)
        root.addWidget(self.stack, 1)
        # The idle warning floats over the screen's middle, in no layout: showing it moves
        # nothing (in the layout it pushed every button up just as the finger came down),
        # and taps go through it to whatever is under it (any touch keeps the session).
        self.countdown = label(self, "countdown", "idleCountdown",
                               align=Qt.AlignmentFlag.AlignCenter)
        self.countdown.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.countdown.hide()

        k = self.config.kiosk
        self.attract = AttractScreen(self.config, self.clock, t, self)
        self.message = MessageScreen(self)
        self.message.dismissed.connect(self.logout)
        self.pin = PinScreen(t, self)
        self.pin.submitted.connect(self._on_pin)
        self.pin.cancelled.connect(self.logout)
        self.home = HomeScreen(t, self)
        self.home.rate_requested.connect(self.open_picker)
        self.home.maintenance_requested.connect(self.open_maintenance)
        self.picker = SupplierPicker(t, k.search_delay_ms, self)
        self.picker.own_requested.connect(self._load_own)
        self.picker.search_requested.connect(self._search)
        self.picker.departments_requested.connect(self._load_departments)
        self.picker.department_requested.connect(self._load_department)
        self.picker.supplier_chosen.connect(self.open_rate)
        self.picker.back_requested.connect(lambda: self.show_screen(self.home))
        self.rate = RateScreen(t, self.config.rating.comment_max_length, self)
        self.rate.submitted.connect(self._submit_rating)
        self.rate.back_requested.connect(lambda: self.show_screen(self.picker))
        self.thanks = ThanksScreen(t, self, tz=self.config.tz)
        self.thanks.another_requested.connect(self.open_picker)
        self.thanks.finish_requested.connect(self.logout)
        self.maintenance = MaintenanceScreen(t, self, tz=self.config.tz)
        self.maintenance.exit_requested.connect(self._exit)
        self.maintenance.back_requested.connect(lambda: self.show_screen(self.home))
        self.maintenance.refresh_requested.connect(self.open_maintenance)
        for screen in (self.attract, self.message, self.pin, self.home, self.picker, self.rate,
                       self.thanks, self.maintenance):
            self.stack.addWidget(screen)
        self.dispute_flow = DisputeFlow(self)  # its screens join the stack
        self.home.disputes_requested.connect(lambda: self.dispute_flow.open_list())
        self.proposal_flow = ProposalFlow(self)  # its screens join the stack too
        self.home.proposals_requested.connect(lambda: self.proposal_flow.open_list())
        self.segment_rows = SegmentRows(self.backend.db, self.config, self.clock,
                                        kiosk=self.backend)
        self.home.answers_requested.connect(lambda: self.proposal_flow.open_answers())

    # --- helpers ----------------------------------------------------------------------

    @property
    def current(self) -> QWidget | None:
        return self.stack.currentWidget()

    def show_screen(self, screen: Screen, *, prepared: bool = False) -> None:
        """Switch to ``screen``, its texts set in the current language (``prepared``: they
        are already, as the thanks screen's before a face tap)."""
        self._back_timer.stop()
        if not prepared:
            screen.language = self.language
            screen.retranslate()
        self.stack.setCurrentWidget(screen)
        self.logout_button.setVisible(self.person is not None)
        screen.entered()

    def _call(self, fn: Callable[..., Any], *args: Any, on_result: Callable[[Any], None],
              quiet: bool = False, **kwargs: Any) -> None:
        """Run a backend call on the worker; drop its answer if the session changed.

        A failure (database down or slow to answer) turns the "offline" sign on; unless the
        call was ``quiet`` (background refreshes), the person sees why in words.
        """
        token = self._token

        def done(value: Any) -> None:
            self._set_offline(self.backend.offline)
            if token == self._token:
                on_result(value)

        def failed(exc: BaseException) -> None:
            expected = isinstance(exc, (SQLAlchemyError, DatabaseError))
            # Known offline (the backend answered from the snapshot where it could): no news.
            log.log(logging.INFO if self.backend.offline and expected else logging.ERROR,
                    "database call %s failed: %s", getattr(fn, "__name__", fn),
                    str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                    exc_info=None if expected else exc)
            self._set_offline(True)
            if token == self._token and not quiet:
                self.message.show_message("offline_saved")
                self.show_screen(self.message)
                self._back_timer.start(self.config.kiosk.message_seconds * 1000)

        self.worker.submit(fn, *args, on_result=done, on_error=failed, **kwargs)

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy_label.hide()

    def _set_offline(self, offline: bool) -> None:
        """The sign in the top bar: offline, and/or how many ratings still wait to sync."""
        self.offline = offline
        self._update_offline_label()

    def _update_offline_label(self) -> None:
        pending = self.backend.pending
        if self.offline:
            text = self.tr("Offline — %n rating(s) will sync", "", pending) if pending \
                else self.tr("Offline — ratings are saved here")
        elif pending:
            text = self.tr("%n rating(s) will sync", "", pending)
        else:
            text = ""
        self.offline_label.setText(text)
        self.offline_label.setVisible(bool(text))

    # --- language ------------------------------------------------------------------

    def apply_language(self, language: str) -> None:
        self.language = language
        app = QApplication.instance()
        if app is not None:
            install_translations(app, language)
        for i in range(self.stack.count()):
            screen = self.stack.widget(i)
            if isinstance(screen, Screen):
                screen.language = language
                screen.retranslate()
        self.retranslate()
        self.language_changed.emit(language)

    def toggle_language(self) -> None:
        language = "en" if self.language == "ru" else "ru"
        self.apply_language(language)
        if self.person is not None:
            self._call(self.backend.set_language, self.person.id, language,
                       on_result=lambda _lang: None, quiet=True)

    def retranslate(self) -> None:
        self.brand.setText(self.tr("Supplier Pulse"))
        self._update_offline_label()
        self.busy_label.setText(self.tr("One moment…"))
        # The button names the other language, in that language.
        self.language_button.setText("English" if self.language == "ru" else "Русский")
        self.logout_button.setText(self.tr("Log out"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- badge, PIN, session ------------------------------------------------------------

    def on_badge(self, code: str) -> None:
        """A badge anywhere, on any screen: the previous person is logged out first."""
        if self.person is not None:
            self.logout()
        self._token += 1
        self._call(self.backend.lookup_badge, code, on_result=self._on_lookup)

    def _on_lookup(self, result: LookupResult) -> None:
        if result.status != "ok" or result.person is None:
            self.message.show_message("unknown_badge" if result.status == "unknown"
                                      else "inactive")
            self.show_screen(self.message)
            self._back_timer.start(self.config.kiosk.message_seconds * 1000)
            return
        person = result.person
        if person.language != self.language:
            self.apply_language(person.language)
        self.idle.start()
        if person.needs_pin:
            self._pending = person
            self.pin.start(person.first_name(self.language),
                           local_time(result.locked_until, self.config.tz)
                           if result.locked_until else "")
            self.show_screen(self.pin)
        else:
            self.login(person)

    def _on_pin(self, pin: str) -> None:
        person = self._pending
        if person is None:
            return
        self._call(self.backend.check_pin, person.id, pin,
                   on_result=lambda check: self._on_pin_checked(person, check))

    def _on_pin_checked(self, person: Person, check: pin_lockout.PinCheck) -> None:
        if check.outcome in (pin_lockout.OK, pin_lockout.NO_PIN):
            self.login(person)
        elif check.outcome == pin_lockout.WRONG:
            self.pin.show_wrong(check.attempts_left)
        else:
            self.pin.show_locked(local_time(check.locked_until, self.config.tz))

    def login(self, person: Person) -> None:
        self.person = person
        self._chips = None
        self.idle.start()
        self.home.set_person(person)
        self.show_screen(self.home)
        self._load_home()

    def _load_home(self) -> None:
        person = self.person
        if person is None:
            return
        self._call(self.backend.home_data, person.id, on_result=self._on_home)

    def _on_home(self, data: HomeData | None) -> None:
        self.home.set_data(data)  # None: offline, the figures live on the server
        if data is not None and self.person is not None:
            # The person's row of the initiative map: after the figures, never before them.
            self._call(self.segment_rows.segment_row, self.person.id,
                       on_result=self.home.set_segment, quiet=True)
        if data is not None and data.nudges and self.person is not None:
            # Shown now: they will not be shown again on the next badge tap.
            self._call(self.backend.mark_nudges_seen, self.person.id, [n.id for n in data.nudges],
                       on_result=lambda _n: None, quiet=True)

    def logout(self) -> None:
        """Back to the start screen, in the site's language, with nothing of the last person."""
        self._token += 1
        self.person = None
        self._pending = None
        self._supplier = None
        self.idle.stop()
        self._back_timer.stop()
        self.countdown.hide()
        self.home.set_person(None)
        self.picker.reset(self.config.site.default_language)
        if self.language != self.config.site.default_language:
            self.apply_language(self.config.site.default_language)
        self.show_screen(self.attract)
        self.refresh_mood()

    def _on_countdown(self, seconds: int) -> None:
        if seconds < 0:
            self.countdown.hide()
            return
        self.countdown.setText(self.tr("No touch for a while: logging out in %n s. Touch the "
                                       "screen to stay.", "", seconds))
        self._place_countdown()
        self.countdown.show()
        self.countdown.raise_()

    def _place_countdown(self) -> None:
        """Centred over the screen below the bar, at most 80 % of the width."""
        width = int(self.width() * 0.8)
        height = self.countdown.heightForWidth(width)
        if height <= 0:
            height = self.countdown.sizeHint().height()
        top = self.bar.height() + (self.height() - self.bar.height() - height) // 2
        self.countdown.setGeometry((self.width() - width) // 2, top, width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.countdown.isVisible():
            self._place_countdown()

    # --- start screen, maintenance --------------------------------------------------------

    def refresh_mood(self) -> None:
        if self.current is self.attract or self.person is None:
            self._call(self.backend.company_mood, on_result=self._on_mood, quiet=True)

    def _on_mood(self, mood: Mood) -> None:
        self.attract.set_mood(mood)

    def open_maintenance(self) -> None:
        if self.person is None or self.person.role != "admin":
            return
        self.maintenance.set_status(None)
        self.show_screen(self.maintenance)
        self._call(self.backend.status, on_result=self._on_status)

    def _on_status(self, status: KioskStatus) -> None:
        self.maintenance.set_status(status)

    def _exit(self) -> None:
        if self.person is not None and self.person.role == "admin":
            log.info("kiosk closed from the maintenance screen by %s", self.person.personnel_no)
            self.exit_requested.emit()
            self.close()

    # --- picking and rating ---------------------------------------------------------------

    def open_picker(self) -> None:
        if self.person is None:
            return
        self.picker.reset(self.language)
        self.show_screen(self.picker)

    def _load_own(self) -> None:
        if self.person is not None:
            self._call(self.backend.own_suppliers, self.person.id, on_result=self.picker.show_own)

    def _search(self, text: str) -> None:
        if self.person is not None:
            self._call(self.backend.search_suppliers, self.person.id, text,
                       on_result=lambda found: self.picker.show_search(text, found))

    def _load_departments(self) -> None:
        self._call(self.backend.departments, on_result=self.picker.show_departments)

    def _load_department(self, department_id: int) -> None:
        if self.person is not None:
            self._call(self.backend.suppliers_in_department, self.person.id, department_id,
                       on_result=self.picker.show_department)

    def open_rate(self, supplier: Supplier) -> None:
        person = self.person
        if person is None:
            return
        self._supplier = supplier
        self._rating_uuid = uuid7()
        self.rate.start(supplier, self._chips or [], self.language)
        self.show_screen(self.rate)
        if self._chips is None:
            self._call(self.backend.reason_chips, person.id, on_result=self._on_chips)
        self._call(self.backend.rating_check, person.id, supplier.id,
                   on_result=lambda outcome: self._on_check(supplier, outcome))
        self.proposal_flow.offer(self.rate, supplier)  # after the check that enables the faces

    def _on_chips(self, chips: list[ReasonChip]) -> None:
        self._chips = chips
        if self._supplier is not None:
            self.rate.set_chips(chips)

    def _on_check(self, supplier: Supplier, outcome: RatingOutcome) -> None:
        if supplier is not self._supplier:
            return
        if outcome.ok:
            self.rate.allow()
            # The thanks screen for this rating, ready before the face tap: the tap then
            # sets only its score and switches to it.
            self.thanks.prepare(supplier.name(self.language), self._rating_uuid, self.language)
        else:
            self.rate.refuse(refusal_sentence(outcome.reason, outcome.params,
                                              supplier.name(self.language), self.config.tz))

    def _submit_rating(self, score: int, reasons: list[str], comment: str) -> None:
        person, supplier = self.person, self._supplier
        if person is None or supplier is None:
            return
        key = self._rating_uuid
        self._call(self.backend.record_rating, rater_id=person.id, supplier_id=supplier.id,
                   score=score, reason_codes=reasons, comment=comment, rating_uuid=key,
                   on_result=lambda result: self._on_recorded(person, supplier, score, key,
                                                              result))

    def _on_recorded(self, person: Person, supplier: Supplier, score: int, key: Any,
                     result: RatingResult) -> None:
        """Accepted (on disk in the outbox, or on the server): thanks at once, the rest later."""
        outcome = result.outcome
        if not outcome.ok:
            self.rate.refuse(refusal_sentence(outcome.reason, outcome.params,
                                              supplier.name(self.language), self.config.tz))
            return
        if not self.thanks.prepared_for(key, self.language):  # the language changed since
            self.thanks.prepare(supplier.name(self.language), key, self.language)
        self.thanks.show_score(score)
        # One switch, to a screen already laid out for this rating; the event loop paints it
        # (no forced repaint of the window): the offer's read and the push wait for that
        # paint (``after_paint``), so nothing changes the layout before it.
        self.show_screen(self.thanks, prepared=True)
        self._back_timer.start(self.config.kiosk.thanks_seconds * 1000)

        def after_paint() -> None:
            # The offer's read (~4 ms of CPU), the push and the streak read run on the
            # worker once the thanks screen is painted, so they do not compete with the end
            # of that paint cycle for the interpreter.
            self.proposal_flow.offer(self.thanks, supplier)
            self._call(self.backend.rating_fate, rater_id=person.id, supplier_id=supplier.id,
                       rating_uuid=key, quiet=True,
                       on_result=lambda fate: self._on_fate(key, fate))

        self.thanks.after_paint(after_paint)

    def _on_fate(self, key: Any, fate: RatingFate) -> None:
        if self.thanks.key == key:  # not a later rating's screen
            self.thanks.set_fate(fate)

    # --- shutting down ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.badge_filter)
            self.badge_filter.activity = None
        self.idle.stop()
        self._mood_timer.stop()
        self._busy_timer.stop()
        self._back_timer.stop()
        super().closeEvent(event)
