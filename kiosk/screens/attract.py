"""The start screen: "Tap your badge", the time, today's company mood, and one of the
programme's principles at a time (the next one each minute)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.backend import Mood
from kiosk.clock import Clock
from kiosk.screens.base import Screen, label
from kiosk.texts import number
from kiosk.theme import Theme
from kiosk.widgets.faces import FaceIcon
from shared.config import Config


class AttractScreen(Screen):
    screen_name = "attractScreen"

    def __init__(self, config: Config, clock: Clock, theme: Theme,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._config = config
        self._clock = clock
        self._mood: Mood | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.px(80), theme.px(40), theme.px(80), theme.px(60))
        self.clock_label = label(self, "title", "clockLabel", align=Qt.AlignmentFlag.AlignCenter)
        self.date_label = label(self, "dim", "dateLabel", align=Qt.AlignmentFlag.AlignCenter)
        self.title = label(self, "hero", "attractTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.hint = label(self, "dim", "attractHint", align=Qt.AlignmentFlag.AlignCenter)
        mood_row = QHBoxLayout()
        self.mood_face = FaceIcon(4, self)
        self.mood_face.setFixedSize(theme.px(110), theme.px(110))
        self.mood_label = label(self, "heading", "moodLabel", wrap=False)
        mood_row.addStretch(1)
        mood_row.addWidget(self.mood_face)
        mood_row.addSpacing(24)
        mood_row.addWidget(self.mood_label)
        mood_row.addStretch(1)
        layout.addWidget(self.clock_label)
        layout.addWidget(self.date_label)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(20)
        layout.addWidget(self.hint)
        layout.addStretch(2)
        layout.addLayout(mood_row)
        layout.addStretch(1)
        # The programme's principles ([programme] in the configuration), one per minute.
        self.principle = label(self, "dim", "attractPrinciple", align=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.principle)
        self._tick = QTimer(self)
        self._tick.setObjectName("attractClockTimer")
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.update_clock)
        self._tick.start()
        self.retranslate()

    def update_clock(self) -> None:
        now = self._clock.now().astimezone(self._config.tz)
        self.clock_label.setText(now.strftime("%H:%M"))
        locale = QLocale()
        self.date_label.setText(locale.toString(QDate(now.year, now.month, now.day),
                                                QLocale.FormatType.LongFormat))
        texts = (self._config.programme.principles_en if self.language == "en"
                 else self._config.programme.principles_ru)
        if texts:
            index = (now.hour * 60 + now.minute) % len(texts)
            text = f"{index + 1}. {texts[index]}"
            if self.principle.text() != text:
                self.principle.setText(text)

    def set_mood(self, mood: Mood | None) -> None:
        self._mood = mood
        self._show_mood()

    def _show_mood(self) -> None:
        mood = self._mood
        if mood is None or mood.n == 0:
            self.mood_face.hide()
            self.mood_label.setText(self.tr("Be the first to rate a colleague today"))
            return
        if mood.mean is None or mood.withheld:
            # Too few clients today for a public figure: show only the volume.
            self.mood_face.hide()
            self.mood_label.setText(self.tr("Today: %n rating(s) so far", "", mood.n))
            return
        self.mood_face.set_score(round(mood.mean))
        self.mood_face.show()
        self.mood_label.setText(self.tr("Today's mood: %1 from %n rating(s)", "", mood.n)
                                .replace("%1", number(mood.mean)))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Tap your badge"))
        self.hint.setText(self.tr("Hold your badge to the reader to rate the colleagues who "
                                  "served you"))
        self.update_clock()
        self._show_mood()
