"""Thanks after a rating: what was recorded, the streak and this week's count."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.screens.base import Screen, button, label
from kiosk.theme import Theme
from kiosk.widgets.faces import FaceIcon, face_name
from shared.domain.metrics import Streak


class ThanksScreen(Screen):
    screen_name = "thanksScreen"
    another_requested = Signal()
    finish_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = ""
        self._score = 3
        self._streak: Streak | None = None
        self._duplicate = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.px(120), theme.px(40), theme.px(120), theme.px(50))
        self.face = FaceIcon(3, self)
        self.face.setFixedSize(theme.px(220), theme.px(220))
        self.title = label(self, "hero", "thanksTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.what = label(self, "heading", "thanksLabel", align=Qt.AlignmentFlag.AlignCenter)
        self.streak = label(self, "heading", "streakLabel", align=Qt.AlignmentFlag.AlignCenter)
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
        layout.addStretch(1)
        layout.addWidget(self.note)
        layout.addLayout(row)
        self.retranslate()

    def show_result(self, supplier_name: str, score: int, streak: Streak | None,
                    duplicate: bool = False) -> None:
        self._name, self._score, self._streak = supplier_name, score, streak
        self._duplicate = duplicate
        self.face.set_score(score)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Thank you!"))
        self.what.setText(self.tr("You rated {name}: {score} — {face}.").format(
            name=self._name, score=self._score, face=face_name(self._score)))
        if self._streak is not None:
            days = self.tr("Your streak: %n day(s)", "", self._streak.days)
            week = self.tr("this week: %n rating(s)", "", self._streak.week_count)
            self.streak.setText(f"{days}  ·  {week}")
        else:
            self.streak.setText("")
        self.note.setText(self.tr("Your rating is anonymous: nobody sees who gave it."))
        self.another.setText(self.tr("Rate someone else"))
        self.finish.setText(self.tr("Finish"))
