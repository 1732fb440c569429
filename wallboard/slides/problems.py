"""Top problems: the reason tags cited behind scores 1-2, this month so far against the same
days of last month (both bars labelled with their days and their values)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from shared.domain.periods import month_period, previous
from shared.domain.wallboard_data import WallboardData
from shared.qt.theme import MUTED, TEXT, WARNING
from wallboard.slides.axes import set_axes_language, still_plot
from wallboard.slides.base import Slide, axis_font, fit_axis, label

BAR = 0.38


class ProblemsSlide(Slide):
    name = "problems"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = still_plot()
        self.now_bars = pg.BarGraphItem(x0=[], y=[], height=BAR, width=[],
                                        brush=pg.mkBrush(WARNING), pen=pg.mkPen(None))
        self.last_bars = pg.BarGraphItem(x0=[], y=[], height=BAR, width=[],
                                         brush=pg.mkBrush(MUTED), pen=pg.mkPen(None))
        self.plot.addItem(self.last_bars)
        self.plot.addItem(self.now_bars)
        self.values: list[pg.TextItem] = []
        self.legend_now = label("bodybold")
        self.legend_last = label("muted")
        self.legend_now.setStyleSheet(f"color: {WARNING.name()}")
        self.note = label("muted", wrap=True)
        self.empty = label("withheld", align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        legend = QHBoxLayout()
        legend.addWidget(self.legend_now)
        legend.addSpacing(40)
        legend.addWidget(self.legend_last)
        legend.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(legend)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.note)
        self.note.setText(self.tr("What clients ticked when they gave 1 or 2: the most "
                                  "frequent first."))

    def title(self) -> str:
        return self.tr("What clients want improved")

    def rescale(self, unit: float) -> None:
        super().rescale(unit)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setStyle(tickFont=axis_font(unit, 30))
        fit_axis(self.plot.getAxis("bottom"), unit, size=30)

    def _days(self, month: str, days: int, locale: QLocale) -> str:
        """'1–7 ноября' / '1–7 November': which days a bar counts."""
        name = locale.monthName(int(month[5:7]), QLocale.FormatType.LongFormat)
        return f"1\u2013{days} {name}" if days > 1 else f"1 {name}"

    def set_data(self, data: WallboardData) -> None:
        set_axes_language(self.plot, self.language)
        locale = QLocale(QLocale.Language.Russian if self.language == "ru"
                         else QLocale.Language.English)
        this_days, last_days = data.problems_days
        if this_days:  # the same number of days of both months, said on the legend
            last_month = previous(month_period(data.month)).label()
            self.legend_now.setText("\u25a0 " + self._days(data.month, this_days, locale))
            self.legend_last.setText("\u25a0 " + self._days(last_month, last_days, locale))
        tags = list(reversed(data.problems))  # most cited at the top
        ys = list(range(len(tags)))
        self.now_bars.setOpts(x0=[0] * len(tags), y=[y + BAR / 2 for y in ys],
                              width=[t.this_month for t in tags], height=BAR)
        self.last_bars.setOpts(x0=[0] * len(tags), y=[y - BAR / 2 for y in ys],
                               width=[t.last_month for t in tags], height=BAR)
        names = [(y, t.label_ru if self.language == "ru" else t.label_en) for y, t in zip(
            ys, tags, strict=True)]
        self.plot.getAxis("left").setTicks([names, []])
        fit_axis(self.plot.getAxis("left"), self.unit, [n for _y, n in names], size=30)
        top = max([t.this_month for t in tags] + [t.last_month for t in tags] + [1])
        self.plot.setXRange(0, top * 1.15, padding=0)
        self.plot.setYRange(-0.7, max(len(tags), 3) - 0.3, padding=0)
        while len(self.values) < 2 * len(tags):  # a value beside every bar, both months
            text = pg.TextItem(color=TEXT if len(self.values) % 2 == 0 else MUTED,
                               anchor=(0, 0.5))
            self.plot.addItem(text)
            self.values.append(text)
        font = self.font()
        font.setPixelSize(max(1, round(30 * self.unit)))
        font.setBold(True)
        for i, text in enumerate(self.values):
            row, last = divmod(i, 2)
            text.setVisible(row < len(tags))
            if row < len(tags):
                value = tags[row].last_month if last else tags[row].this_month
                text.setFont(font)
                text.setText(str(value))
                text.setPos(value + top * 0.01, row - BAR / 2 if last else row + BAR / 2)
        self.plot.setVisible(bool(tags))
        self.empty.setVisible(not tags)
        if data.problems_withheld:  # low scores with reasons, but from fewer than k people
            self.empty.setText(self.tr("A reason is listed here once %1 different colleagues "
                                       "have ticked it this month.").replace("%1", str(data.k)))
        else:
            self.empty.setText(self.tr("Too few low scores this month to list reasons: "
                                       "good news."))
