"""Trend: weekly CSAT (share of 4-5) and volume, company-wide and per department group.

Two plots with date axes share the weeks; one curve per series, created the first time the
series appears and afterwards only setData'd. Weeks below k are gaps, not zeros.
"""

from __future__ import annotations

import datetime as dt
import math

import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import adjustTimestampToPreferredUtcOffset
from PySide6.QtCore import QLocale, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from shared.domain.wallboard_data import TrendSeries, WallboardData
from shared.qt.theme import MUTED, TEXT, series_color
from wallboard.slides.axes import NumberAxis, set_axes_language
from wallboard.slides.base import Slide, axis_font, fit_axis, label
from wallboard.style import px

COMPANY = "\0company"


def _epoch(day: dt.date) -> float:
    return dt.datetime.combine(day, dt.time(12), dt.UTC).timestamp()


class LocalDateAxis(pg.DateAxisItem):
    """A date axis that names the months in the slide's language (pyqtgraph formats with
    strftime, which speaks the C locale's English whatever the screen's language)."""

    def __init__(self) -> None:
        super().__init__()
        self.language = "ru"

    def tickStrings(self, values: list[float], scale: float,  # noqa: N802 - pyqtgraph API
                    spacing: float) -> list[str]:
        texts: list[str] = super().tickStrings(values, scale, spacing)
        locale = QLocale(QLocale.Language.Russian if self.language == "ru"
                         else QLocale.Language.English)
        out = []
        for value, text in zip(values, texts, strict=True):
            try:
                when = dt.datetime.fromtimestamp(
                    adjustTimestampToPreferredUtcOffset(value, self.utcOffset), dt.UTC)
            except (OverflowError, ValueError, OSError):
                out.append(text)
                continue
            english = when.strftime("%b")
            if english and english in text:
                text = text.replace(english, locale.standaloneMonthName(
                    when.month, QLocale.FormatType.ShortFormat))
            out.append(text)
        return out


class SeriesLegend(QWidget):
    """The series' names with their colour dots, one row (a second one when they do not fit),
    laid out from the font's own metrics so neighbouring names never touch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[tuple[str, QColor]] = []
        self.unit = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def legend_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(px(34, self.unit))
        font.setBold(True)
        return font

    def set_entries(self, entries: list[tuple[str, QColor]]) -> None:
        if entries != self.entries:
            self.entries = entries
            self.updateGeometry()
            self.update()

    def entry_rects(self, width: int) -> list[QRect]:
        """Each entry's box (dot + name): left to right, wrapping, a gap between boxes."""
        metrics = QFontMetrics(self.legend_font())
        height, gap, dot = metrics.height(), px(48, self.unit), self._dot()
        rects: list[QRect] = []
        x = y = 0
        for text, _colour in self.entries:
            w = dot + dot // 2 + metrics.horizontalAdvance(text)
            if x and x + w > width:
                x, y = 0, y + height + px(8, self.unit)
            rects.append(QRect(x, y, w, height))
            x += w + gap
        return rects

    def _dot(self) -> int:
        return round(QFontMetrics(self.legend_font()).height() * 0.55)

    def heightForWidth(self, width: int) -> int:
        rects = self.entry_rects(width)
        return max((r.bottom() + 1 for r in rects), default=0)

    def hasHeightForWidth(self) -> bool:
        return True

    def sizeHint(self) -> QSize:
        return QSize(self.width() or 1000, self.heightForWidth(self.width() or 1000))

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        height = self.heightForWidth(self.width())
        if height != self.height():
            self.setFixedHeight(height)
        super().resizeEvent(event)  # type: ignore[arg-type]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.legend_font())
        dot = self._dot()
        for (text, colour), rect in zip(self.entries, self.entry_rects(self.width()),
                                        strict=True):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(rect.left(), rect.center().y() - dot // 2, dot, dot)
            painter.setPen(colour)
            painter.drawText(rect.adjusted(dot + dot // 2, 0, 0, 0),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             text)
        painter.end()


class TrendSlide(Slide):
    name = "trend"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(None)
        self.csat_plot = self.view.addPlot(row=0, col=0,
                                           axisItems={"bottom": LocalDateAxis(),
                                                      "left": NumberAxis("left")})
        self.volume_plot = self.view.addPlot(row=1, col=0,
                                             axisItems={"bottom": LocalDateAxis(),
                                                      "left": NumberAxis("left")})
        self.view.ci.layout.setRowStretchFactor(0, 3)
        self.view.ci.layout.setRowStretchFactor(1, 1)
        self.volume_plot.setXLink(self.csat_plot)
        for plot in (self.csat_plot, self.volume_plot):
            plot.setMouseEnabled(False, False)
            plot.hideButtons()
            plot.showGrid(x=False, y=True, alpha=0.15)
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setPen(MUTED)
                plot.getAxis(axis).setTextPen(TEXT)
        self.csat_plot.setYRange(0, 100, padding=0.02)
        self.volume_bars = pg.BarGraphItem(x=[], height=[], width=1, brush=pg.mkBrush(MUTED))
        self.volume_plot.addItem(self.volume_bars)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.legend = SeriesLegend()
        self.csat_label = label("muted")
        self.volume_label = label("muted")
        layout = QVBoxLayout(self)
        layout.addWidget(self.legend)
        layout.addWidget(self.view, 1)
        self.csat_label.setText(self.tr("Upper chart: satisfied clients (4-5), % per week. "
                                        "Lower chart: ratings per week."))
        layout.addWidget(self.csat_label)

    def title(self) -> str:
        return self.tr("Satisfaction week by week")

    def rescale(self, unit: float) -> None:
        super().rescale(unit)
        self.legend.unit = unit
        self.legend.setFixedHeight(self.legend.heightForWidth(self.legend.width()))
        for plot in (self.csat_plot, self.volume_plot):
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setStyle(tickFont=axis_font(unit))
                fit_axis(plot.getAxis(axis), unit)
        for key, curve in self.curves.items():
            curve.setPen(self._pen(key))

    def _pen(self, key: str) -> object:
        if key == COMPANY:
            return pg.mkPen(TEXT, width=6 * self.unit)
        index = sorted(k for k in self.curves if k != COMPANY).index(key) if key in self.curves \
            else len(self.curves)
        return pg.mkPen(series_color(index), width=3.5 * self.unit)

    def _group_name(self, group: str | None) -> str:
        names = {None: self.tr("Company"), "production": self.tr("Production"),
                 "services": self.tr("Services"), "office": self.tr("Office"),
                 "maintenance": self.tr("Maintenance"), "management": self.tr("Management"),
                 "quality": self.tr("Quality"), "logistics": self.tr("Logistics"),
                 "other": self.tr("Other")}
        return names.get(group, (group or "").capitalize())

    def _curve(self, series: TrendSeries) -> pg.PlotDataItem:
        key = COMPANY if series.group is None else series.group
        curve = self.curves.get(key)
        if curve is None:
            curve = pg.PlotDataItem(connect="finite", symbol="o",
                                    symbolSize=10 if key == COMPANY else 6)
            curve.setZValue(10 if key == COMPANY else 5)
            self.csat_plot.addItem(curve)
            self.curves[key] = curve
            for k in self.curves:  # keep colours in name order as groups appear
                self.curves[k].setPen(self._pen(k))
        return curve

    def set_data(self, data: WallboardData) -> None:
        for plot in (self.csat_plot, self.volume_plot):
            set_axes_language(plot, self.language)
        seen = set()
        entries: list[tuple[str, QColor]] = []
        for series in data.trend:
            curve = self._curve(series)
            key = COMPANY if series.group is None else series.group
            seen.add(key)
            xs = [_epoch(w) for w in series.weeks]
            ys = [100 * v if v is not None else math.nan for v in series.csat]
            curve.setData(xs, ys)
            curve.setSymbolBrush(curve.opts["pen"].color())
            curve.setVisible(True)
            entries.append((self._group_name(series.group), QColor(curve.opts["pen"].color())))
            if series.group is None:
                width = 7 * 86400 * 0.7
                self.volume_bars.setOpts(x=xs, height=list(series.volume), width=width)
                if xs:
                    self.csat_plot.setXRange(xs[0] - 4 * 86400, xs[-1] + 4 * 86400, padding=0)
                    self.volume_plot.setYRange(0, max(max(series.volume), 1) * 1.1, padding=0)
        for key, curve in self.curves.items():
            if key not in seen:
                curve.setVisible(False)
        self.legend.set_entries(entries)
        self.legend.setFixedHeight(self.legend.heightForWidth(self.legend.width()))

    def available(self, data: WallboardData) -> bool:
        return bool(data.trend)
