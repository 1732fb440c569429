"""A clock slide (a playlist pause between charts; also the dim clock outside office hours)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from shared.domain.wallboard_data import WallboardData
from wallboard.slides.base import Slide, label


class ClockSlide(Slide):
    name = "clock"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.time = label("huge", align=Qt.AlignmentFlag.AlignCenter)
        self.date = label("body", align=Qt.AlignmentFlag.AlignCenter)
        self.note = label("muted", align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.time)
        layout.addWidget(self.date)
        layout.addStretch(1)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def title(self) -> str:
        return ""

    def show_time(self, local: dt.datetime, note: str = "") -> None:
        locale = QLocale(QLocale.Language.Russian if self.language == "ru"
                         else QLocale.Language.English)
        self.time.setText(local.strftime("%H:%M"))
        date = locale.toString(QDate(local.year, local.month, local.day),
                               QLocale.FormatType.LongFormat)
        self.date.setText(date[:1].upper() + date[1:])
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def set_data(self, data: WallboardData) -> None:
        total = data.month_ratings
        self.note.setText(self.tr("%1 ratings this month. Thank you for rating your colleagues!")
                          .replace("%1", str(total)) if total else "")
        self.note.setVisible(bool(total))
