"""Impact: clients' satisfaction with suppliers vs their own KPIs by segment, with the fitted
effect "+10 % satisfaction <-> +x % KPI" and its 95 % interval; skipped with too little data."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from shared.domain.wallboard_data import WallboardData
from shared.qt.theme import ACCENT, SERIES, TEXT, series_color
from wallboard.slides.axes import set_axes_language, still_plot
from wallboard.slides.base import Slide, axis_font, fit_axis, label
from wallboard.slides.rankings import panel

MAX_SERIES = 8

MARKERS = (("o", "\u25cf"), ("s", "\u25a0"), ("t1", "\u25b2"))


class ImpactSlide(Slide):
    name = "impact"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = still_plot(numbers=("left", "bottom"))
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.fit = pg.PlotCurveItem()
        self.fit.setZValue(10)
        self.plot.addItem(self.fit)
        self.scatters = [pg.ScatterPlotItem(pxMode=True) for _ in range(MAX_SERIES)]
        for scatter in self.scatters:
            self.plot.addItem(scatter)
        side_frame = panel()
        side = QVBoxLayout(side_frame)
        self.effect = label("big", wrap=True)
        self.effect_caption = label("body", wrap=True)
        self.interval = label("muted", wrap=True)
        self.legend: list[QLabel] = [label("body") for _ in range(MAX_SERIES)]
        self.axis_note = label("small", wrap=True)
        side.addWidget(self.effect)
        side.addWidget(self.effect_caption)
        side.addWidget(self.interval)
        side.addSpacing(30)
        for item in self.legend:
            side.addWidget(item)
        side.addStretch(1)
        side.addWidget(self.axis_note)
        outer = QHBoxLayout(self)
        outer.addWidget(self.plot, 3)
        outer.addWidget(side_frame, 2)
        self.effect.setStyleSheet(f"color: {ACCENT.name()}")
        self.axis_note.setText(self.tr("Each dot: one segment's change from the previous "
                                       "month, in %. Across: satisfaction with suppliers; up: "
                                       "the segment's KPI (up = better)."))

    def title(self) -> str:
        return self.tr("Happier clients, better results")

    def rescale(self, unit: float) -> None:
        super().rescale(unit)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setStyle(tickFont=axis_font(unit))
            fit_axis(self.plot.getAxis(axis), unit)

    def available(self, data: WallboardData) -> bool:
        return data.impact is not None and data.impact.enough

    def set_data(self, data: WallboardData) -> None:
        set_axes_language(self.plot, self.language)
        impact = data.impact
        series = impact.series[:MAX_SERIES] if impact else ()
        xs_all: list[float] = []
        for i, scatter in enumerate(self.scatters):
            if i >= len(series):
                scatter.setVisible(False)
                self.legend[i].setVisible(False)
                continue
            s = series[i]
            colour = series_color(i)
            # Past the palette's seven colours the colours come round again with another
            # marker (circle, square, triangle), so no two series look the same.
            symbol, glyph = MARKERS[(i // len(SERIES)) % len(MARKERS)]
            scatter.setData(list(s.satisfaction_dev), list(s.kpi_dev), size=18 * self.unit,
                            symbol=symbol, brush=pg.mkBrush(colour),
                            pen=pg.mkPen(TEXT, width=1))
            scatter.setVisible(True)
            xs_all += s.satisfaction_dev
            self.legend[i].setText(f"{glyph} {s.owner}: {s.metric}")
            self.legend[i].setStyleSheet(f"color: {colour.name()}")
            self.legend[i].setVisible(True)
        locale = QLocale(QLocale.Language.Russian if self.language == "ru"
                         else QLocale.Language.English)
        if (impact is None or not impact.enough or impact.effect_per_10 is None
                or impact.ci_low is None or impact.ci_high is None):
            self.fit.setVisible(False)
            self.effect.setText("")
            self.effect_caption.setText(self.tr("Not enough months of KPIs and ratings yet."))
            self.interval.setText("")
            return
        span = max([abs(x) for x in xs_all] + [1.0]) * 1.1
        slope = impact.effect_per_10 / 10.0
        self.fit.setData([-span, span], [-span * slope, span * slope],
                         pen=pg.mkPen(ACCENT, width=5 * self.unit))
        self.fit.setVisible(True)
        sign = "+" if impact.effect_per_10 >= 0 else "\u2212"
        self.effect.setText(f"{sign}{locale.toString(abs(impact.effect_per_10), 'f', 1)} %")
        self.effect_caption.setText(self.tr("KPI for every +10 % satisfaction with suppliers"))
        self.interval.setText(self.tr("95 % interval: %1 \u2026 %2 % (%3 points)")
                              .replace("%1", locale.toString(impact.ci_low, "f", 1))
                              .replace("%2", locale.toString(impact.ci_high, "f", 1))
                              .replace("%3", str(impact.n_points)))
        self.plot.setXRange(-span, span, padding=0.05)
        self.effect.setAlignment(Qt.AlignmentFlag.AlignLeft)
