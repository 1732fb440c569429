"""Thanks after a rating: what was recorded, then the streak and this week's count.

The screen shows as soon as the rating is safe in the kiosk's outbox; the streak line is
filled when the server's answer comes (``set_fate``). Until then the line keeps its room
empty, so nothing moves when it fills; offline it says the rating is saved and will be
sent; if the server keeps the rating without counting it (a cooldown from another kiosk
moments before) or refuses it, the line says so in words.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.screens.base import Screen, button, label
from kiosk.screens.proposal_offer import InfluenceOffer
from kiosk.texts import named, refusal_sentence
from kiosk.theme import Theme
from kiosk.widgets.faces import FaceIcon, face_name
from shared.domain.metrics import Streak

if TYPE_CHECKING:
    from kiosk.backend import RatingFate


class ThanksScreen(Screen):
    screen_name = "thanksScreen"
    another_requested = Signal()
    finish_requested = Signal()
    #: after each paint cycle of the screen (benchmarks measure up to the first one)
    painted = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None, *,
                 tz: ZoneInfo | None = None) -> None:
        super().__init__(parent)
        self._tz = tz or ZoneInfo("UTC")
        self._name = ""
        self._score = 3
        self._streak: Streak | None = None
        self._fate: RatingFate | None = None
        self._key: uuid.UUID | None = None
        self._prepared: tuple[uuid.UUID | None, str] | None = None
        self._after_paint: Callable[[], None] | None = None
        self._cycle_posted = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.px(120), theme.px(40), theme.px(120), theme.px(50))
        self.face = FaceIcon(3, self)
        self.face.setFixedSize(theme.px(220), theme.px(220))
        self.title = label(self, "hero", "thanksTitle", align=Qt.AlignmentFlag.AlignCenter,
                           wrap=False)
        self._margins = theme.px(120) * 2
        self.what = label(self, "heading", "thanksLabel", align=Qt.AlignmentFlag.AlignCenter)
        self.streak = label(self, "heading", "streakLabel", align=Qt.AlignmentFlag.AlignCenter)
        # Room for two lines whether filled or not: the line fills in place, nothing jumps.
        self.streak.setMinimumHeight(round(theme.heading * 1.4 * 2))
        self.note = label(self, "dim", "thanksNote", align=Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        self.another = button(self, "rateAnotherButton")
        self.another.clicked.connect(self.another_requested)
        self.finish = button(self, "finishButton", "primary")
        self.finish.clicked.connect(self.finish_requested)
        row.addStretch(1)
        row.addWidget(self.another)
        row.addSpacing(theme.px(30))
        row.addWidget(self.finish)
        row.addStretch(1)
        layout.addStretch(1)
        layout.addWidget(self.face, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        layout.addSpacing(theme.px(20))
        layout.addWidget(self.what)
        layout.addWidget(self.streak)
        layout.addSpacing(theme.px(20))
        self.offer = InfluenceOffer(theme, self)  # the right to influence (proposal_flow)
        layout.addWidget(self.offer)
        layout.addSpacing(theme.px(16))
        layout.addStretch(1)
        layout.addWidget(self.note)
        layout.addSpacing(theme.px(16))
        layout.addLayout(row)
        self.retranslate()

    def prepare(self, supplier_name: str, key: uuid.UUID | None, language: str) -> None:
        """Before the tap, while the card is up: this rating's thanks but for the score.

        Every text but the score's line is set and the offer is hidden here, so the tap only
        sets the face and that line (``show_score``) and switches to the screen. The streak
        line waits for ``set_fate``.
        """
        self.language = language
        self._name, self._key = supplier_name, key
        self._streak = None
        self._fate = None
        self.offer.clear()  # the last rating's offer is not this one's
        self.retranslate()
        self._prepared = (key, language)

    def prepared_for(self, key: uuid.UUID | None, language: str) -> bool:
        """Prepared for this rating in this language (the language may change in between)."""
        return self._prepared == (key, language)

    def show_score(self, score: int) -> None:
        """The tap's score: the face and the "You rated" line; nothing else changes."""
        self._score = score
        self.face.set_score(score)
        self._set_what()

    def after_paint(self, callback: Callable[[], None], *, fallback_ms: int = 250) -> None:
        """Run ``callback`` once, as soon as this screen has been painted.

        So the worker's next job (the push, the streak read) does not compete with the
        thanks screen's first paint for the interpreter. If no paint comes (the window is
        hidden), it runs after ``fallback_ms`` anyway; a callback still waiting when a new
        one is set runs at once.
        """
        self._run_after_paint()
        self._after_paint = callback
        QTimer.singleShot(fallback_ms, self, self._run_after_paint)

    def _run_after_paint(self) -> None:
        callback, self._after_paint = self._after_paint, None
        if callback is not None:
            callback()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if not self._cycle_posted:
            # After this paint cycle (the children paint after their parent), not inside it.
            self._cycle_posted = True
            QTimer.singleShot(0, self, self._paint_cycle_done)

    def _paint_cycle_done(self) -> None:
        self._cycle_posted = False
        self.painted.emit()
        self._run_after_paint()

    @property
    def fate(self) -> RatingFate | None:
        """The server's word on this rating, once ``set_fate`` brought it (None before)."""
        return self._fate

    @property
    def key(self) -> uuid.UUID | None:
        """The rating this screen thanks for (its UUID)."""
        return self._key

    def set_fate(self, fate: RatingFate) -> None:
        """The server's word on the rating: the streak, "will sync", or why it does not count."""
        self._fate = fate
        if fate.streak is not None:
            self._streak = fate.streak
        self.retranslate()

    def _fate_line(self) -> str:
        fate = self._fate
        if fate is None or fate.status == "counted":
            if self._streak is None:
                return ""
            days = self.tr("Your streak: %n day(s)", "", self._streak.days)
            week = self.tr("this week: %n rating(s)", "", self._streak.week_count)
            return f"{days}  ·  {week}"
        if fate.status == "pending":
            return self.tr("Saved on this kiosk: it is sent as soon as the server answers.")
        why = refusal_sentence(fate.reason, fate.params, self._name, self._tz)
        if fate.status == "not_counted":
            return self.tr("Kept, but not counted: {why}").format(why=why)
        return self.tr("The server did not accept this rating: {why}").format(why=why)

    def _set_fitted(self, line: QLabel, text: str) -> None:
        """Word wrap only when the text needs it: a wrapping label makes every show of
        the screen lay its text out again (~3 ms of the thanks screen's first paint)."""
        line.ensurePolished()
        room = self.width() - self._margins if self.width() > self._margins else 0
        line.setWordWrap(room <= 0 or line.fontMetrics().horizontalAdvance(text) > room)
        line.setText(text)

    def _set_what(self) -> None:
        self._set_fitted(self.what, self.tr("You rated {name}: {score} — {face}.").format(
            **named(self._name), score=self._score, face=face_name(self._score)))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Thank you!"))
        self._set_what()
        self.streak.setText(self._fate_line())
        self._set_fitted(self.note,
                         self.tr("Your rating is anonymous: nobody sees who gave it."))
        self.another.setText(self.tr("Rate someone else"))
        self.finish.setText(self.tr("Finish"))
