"""Trend: weekly CSAT (share of 4-5) and volume, company-wide and per department group.

Two plots with date axes share the weeks; one curve per series, created the first time the
series appears and afterwards only setData'd. Weeks below k are gaps, not zeros.
"""

from __future__ import annotations

import datetime as dt
import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from shared.domain.wallboard_data import TrendSeries, WallboardData
from shared.qt.theme import MUTED, TEXT, series_color
from wallboard.slides.base import Slide, axis_font, fit_axis, label

COMPANY = "\0company"


def _epoch(day: dt.date) -> float:
    return dt.datetime.combine(day, dt.time(12), dt.UTC).timestamp()


class TrendSlide(Slide):
    name = "trend"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(None)
        self.csat_plot = self.view.addPlot(row=0, col=0,
                                           axisItems={"bottom": pg.DateAxisItem()})
        self.volume_plot = self.view.addPlot(row=1, col=0,
                                             axisItems={"bottom": pg.DateAxisItem()})
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
        self.legend_labels: dict[str, QLabel] = {}
        self.legend_row = QHBoxLayout()
        self.legend_row.setSpacing(36)
        self.legend_row.addStretch(1)
        self.csat_label = label("muted")
        self.volume_label = label("muted")
        layout = QVBoxLayout(self)
        layout.addLayout(self.legend_row)
        layout.addWidget(self.view, 1)
        self.csat_label.setText(self.tr("Upper chart: satisfied clients (4-5), % per week. "
                                        "Lower chart: ratings per week."))
        layout.addWidget(self.csat_label)

    def title(self) -> str:
        return self.tr("Satisfaction week by week")

    def rescale(self, unit: float) -> None:
        super().rescale(unit)
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
            text = label("bodybold")
            text.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            self.legend_labels[key] = text
            self.legend_row.insertWidget(self.legend_row.count() - 1, text)
        return curve

    def set_data(self, data: WallboardData) -> None:
        seen = set()
        for series in data.trend:
            curve = self._curve(series)
            key = COMPANY if series.group is None else series.group
            seen.add(key)
            xs = [_epoch(w) for w in series.weeks]
            ys = [100 * v if v is not None else math.nan for v in series.csat]
            curve.setData(xs, ys)
            curve.setSymbolBrush(curve.opts["pen"].color())
            curve.setVisible(True)
            colour = curve.opts["pen"].color().name()
            legend = self.legend_labels[key]
            legend.setText(f"\u25cf {self._group_name(series.group)}")
            legend.setStyleSheet(f"color: {colour};")
            legend.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            legend.setVisible(True)
            legend.ensurePolished()  # the role's font comes from the style sheet
            legend.setMinimumWidth(legend.sizeHint().width() + 12)
            if series.group is None:
                width = 7 * 86400 * 0.7
                self.volume_bars.setOpts(x=xs, height=list(series.volume), width=width)
                if xs:
                    self.csat_plot.setXRange(xs[0] - 4 * 86400, xs[-1] + 4 * 86400, padding=0)
                    self.volume_plot.setYRange(0, max(max(series.volume), 1) * 1.1, padding=0)
        for key, curve in self.curves.items():
            if key not in seen:
                curve.setVisible(False)
                self.legend_labels[key].setVisible(False)

    def available(self, data: WallboardData) -> bool:
        return bool(data.trend)
